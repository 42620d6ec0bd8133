import type { AwsCredentials } from '../core/aws-credentials.js';
import { signGitPassword, type GitPasswordTarget } from './git-password.js';

/**
 * A fresh `Authorization: Basic …` header for one git command: the CodeCommit git password is signed
 * now, for exactly this host and repository. Every secret form it creates is passed to `mask` before
 * the header is returned.
 */
export async function gitAuthorizationHeader(
  credentials: AwsCredentials,
  target: GitPasswordTarget,
  now: Date,
  mask: (secret: string) => void,
): Promise<string> {
  const { username, password } = await signGitPassword(credentials, target, now);
  const pair = `${username}:${password}`;
  const encoded = Buffer.from(pair, 'utf8').toString('base64');
  const value = `Basic ${encoded}`;
  for (const secret of [password, username, pair, encoded, value]) mask(secret);
  return `Authorization: ${value}`;
}
