import type { AwsCredentials } from '../aws/credentials.js';

/**
 * Masks every secret part of a set of credentials. The access key id is not secret to AWS but is
 * masked too: it ties a log to an account. Called before anything that could print them runs.
 */
export function maskCredentials(credentials: AwsCredentials, mask: (secret: string) => void): void {
  mask(credentials.accessKeyId);
  mask(credentials.secretAccessKey);
  if (credentials.sessionToken !== undefined) mask(credentials.sessionToken);
}
