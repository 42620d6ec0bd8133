import type { AwsCredentials } from './aws-credentials.js';

/**
 * Masks every secret part of a set of credentials, and the forms derived from them that could reach a
 * log: the percent-encoded secret key and session token (as in a URL or a query string). The access key
 * id is not secret to AWS but is masked too: it ties a log to an account. Called as soon as the
 * credentials are known, before anything that could print them runs.
 */
export function maskCredentials(credentials: AwsCredentials, mask: (secret: string) => void): void {
  mask(credentials.accessKeyId);
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
    if (secret === undefined) continue;
    mask(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) mask(encoded);
  }
}
