/**
 * The CodeCommit git-over-HTTPS password: a SigV4 signature with method `GIT`, one signed header and an
 * empty payload hash, whose string to sign carries the timestamp without its trailing `Z`. Stock request
 * signers cannot produce it, so the canonical request and string to sign are built here and the signer
 * only derives the key and computes the HMAC.
 */
import { createHash } from 'node:crypto';

import { loadSigning } from './signing-sdk.js';

export interface GitSigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface GitPasswordTarget {
  /** Exactly the Host header git sends (`hostname[:port]`). */
  host: string;
  /** The path git requests, `/v1/repos/<name>`. */
  path: string;
  region: string;
}

export interface GitBasicCredentials {
  username: string;
  password: string;
}

/** `YYYYMMDDTHHMMSS` in UTC. */
function signingTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').slice(0, 15);
}

export async function signGitPassword(
  creds: GitSigningCredentials,
  target: GitPasswordTarget,
  date: Date,
): Promise<GitBasicCredentials> {
  for (const [field, value] of Object.entries(target)) {
    if (/[\r\n]/.test(value)) throw new Error(`The git signing ${field} must be a single line`);
  }
  const timestamp = signingTimestamp(date);
  const canonicalRequest = `GIT\n${target.path}\n\nhost:${target.host}\n\nhost\n`;
  const scope = `${timestamp.slice(0, 8)}/${target.region}/codecommit/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    timestamp,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const [{ Hash }, { SignatureV4 }] = await loadSigning();
  const signer = new SignatureV4({
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    region: target.region,
    service: 'codecommit',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signature = await signer.sign(stringToSign, { signingDate: date });
  const hasToken = creds.sessionToken !== undefined && creds.sessionToken !== '';
  return {
    username: hasToken ? `${creds.accessKeyId}%${creds.sessionToken}` : creds.accessKeyId,
    password: `${timestamp}Z${signature}`,
  };
}
