/**
 * The answer to a credential `get`: a CodeCommit git password signed now, for exactly the host and
 * repository path git asks about. Silence for anything else (another host, no path, not https), so other
 * helpers or git itself decide. No I/O: the caller reads the request and writes the answer.
 */
import type { AwsCredentials } from '../core/aws-credentials.js';
import { signGitPassword } from '../aws/git-password.js';
import { isValidRepositoryName } from '../plan/repository-spec.js';
import { formatCredentialAnswer, type CredentialRequest } from './credential-protocol.js';

export interface SigningTarget {
  /** `host[:port]` of the git endpoint the credentials are for. */
  gitHost: string;
  region: string;
  credentials: AwsCredentials;
}

/** The repository name of a CodeCommit request path (`v1/repos/<name>`), or undefined. */
export function repositoryOfRequestPath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const name = /^\/?v1\/repos\/([^/]+)\/?$/.exec(path)?.[1];
  return name !== undefined && isValidRepositoryName(name) ? name : undefined;
}

/** Whether a request is one these credentials may answer: https, the same host, a repository path. */
export function requestedRepository(request: CredentialRequest, gitHost: string): string | undefined {
  if (request.protocol !== 'https') return undefined;
  if (request.host === undefined || request.host.toLowerCase() !== gitHost.toLowerCase()) return undefined;
  return repositoryOfRequestPath(request.path);
}

/** `username=…\npassword=…\n`, signed at `now`; undefined when the request is not for this target. */
export async function signedAnswer(
  request: CredentialRequest,
  target: SigningTarget,
  now: Date,
): Promise<string | undefined> {
  const name = requestedRepository(request, target.gitHost);
  if (name === undefined) return undefined;
  const { username, password } = await signGitPassword(
    target.credentials,
    { host: target.gitHost, path: `/v1/repos/${name}`, region: target.region },
    now,
  );
  return formatCredentialAnswer({ username, password });
}

/** After an expired session: tell git to stop asking (no other helper, no prompt). */
export const QUIT_ANSWER = formatCredentialAnswer({ quit: '1' });
