/**
 * Judges the HTTP Basic credentials git sends to CodeCommit, as CodeCommit does: username `AKID` or
 * `AKID%SessionToken`, password `<YYYYMMDDTHHMMSS>Z<SigV4 hex>` signed (method GIT, service codecommit)
 * over the Host git contacted and the path `/v1/repos/<name>`. The signature is recomputed with aws4.
 */
import aws4 from 'aws4';
import type { CredentialRecord, FakeAwsAccounts } from './fake-aws-accounts.js';
import { repositorySigningPath } from './codecommit-layout.js';
import { constantTimeEqual, parseAmzDate } from './sigv4-verifier.js';

export interface GitPasswordInput {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Exactly the Host git sends (with `:port` when not 443). */
  host: string;
  /** `/v1/repos/<name>` */
  path: string;
  /** `YYYYMMDDTHHMMSS` (UTC, no `Z`) */
  timestamp: string;
}

/** The CodeCommit git password, computed with aws4's CodeCommit mode. */
export function codeCommitGitPassword(input: GitPasswordInput): string {
  const signer = new aws4.RequestSigner(
    {
      service: 'codecommit',
      region: input.region,
      method: 'GIT',
      host: input.host,
      path: input.path,
      headers: {},
    },
    { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey },
  );
  signer.datetime = input.timestamp;
  return `${input.timestamp}Z${signer.signature()}`;
}

/** `YYYYMMDDTHHMMSS` for a date, as the password's timestamp. */
export function gitPasswordTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}Z$/g, '');
}

/** The username git sends: `AKID`, or `AKID%SessionToken` for temporary credentials. */
export function codeCommitGitUsername(accessKeyId: string, sessionToken?: string): string {
  return sessionToken === undefined ? accessKeyId : `${accessKeyId}%${sessionToken}`;
}

export interface GitAuthCheck {
  authorization: string | undefined;
  host: string;
  repository: string;
  region: string;
  accounts: FakeAwsAccounts;
  /** CodeCommit's passwords stop working after about 15 minutes: default 900. */
  maxPasswordAgeSeconds: number;
  /** How far in the future a timestamp may be: default 300. */
  maxFutureSkewSeconds: number;
}

export type GitAuthVerdict =
  | { kind: 'anonymous' }
  | { kind: 'accepted'; accessKeyId: string; credential: CredentialRecord }
  | { kind: 'rejected'; reason: string; accessKeyId?: string };

export function verifyGitCredentials(check: GitAuthCheck): GitAuthVerdict {
  if (check.authorization === undefined) return { kind: 'anonymous' };
  const basic = parseBasic(check.authorization);
  if (!basic) return { kind: 'rejected', reason: 'Authorization is not HTTP Basic with user:password' };
  const separator = basic.username.indexOf('%');
  const accessKeyId = separator < 0 ? basic.username : basic.username.slice(0, separator);
  const sessionToken = separator < 0 ? undefined : basic.username.slice(separator + 1);
  const reject = (reason: string): GitAuthVerdict => ({ kind: 'rejected', reason, accessKeyId });

  const password = /^(\d{8}T\d{6})Z([0-9a-f]{64})$/.exec(basic.password);
  const timestamp = password?.[1];
  if (timestamp === undefined) return reject('password is not <YYYYMMDDTHHMMSS>Z<64 lowercase hex>');
  const credential = check.accounts.findCredential(accessKeyId);
  if (!credential) return reject(`unknown access key id ${accessKeyId}`);
  const tokenProblem = sessionTokenProblem(credential, sessionToken, check.accounts);
  if (tokenProblem) return reject(tokenProblem);
  const clockProblem = timestampProblem(timestamp, check);
  if (clockProblem) return reject(clockProblem);

  const expected = codeCommitGitPassword({
    accessKeyId,
    secretAccessKey: credential.secretAccessKey,
    region: check.region,
    host: check.host,
    path: repositorySigningPath(check.repository),
    timestamp,
  });
  if (!constantTimeEqual(expected, basic.password)) {
    return reject(
      `signature does not match host '${check.host}' and path '${repositorySigningPath(check.repository)}'`,
    );
  }
  return { kind: 'accepted', accessKeyId, credential };
}

function parseBasic(authorization: string): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sessionTokenProblem(
  credential: CredentialRecord,
  sessionToken: string | undefined,
  accounts: FakeAwsAccounts,
): string | undefined {
  if (credential.kind === 'long-term') {
    return sessionToken === undefined ? undefined : 'a session token was sent with a long-term key';
  }
  if (sessionToken === undefined) return 'temporary key sent without its session token';
  if (!constantTimeEqual(sessionToken, credential.sessionToken))
    return 'session token does not belong to this key';
  if (accounts.isExpired(credential)) return 'session expired';
  return undefined;
}

function timestampProblem(timestamp: string, check: GitAuthCheck): string | undefined {
  const signedAt = parseAmzDate(timestamp).getTime();
  const now = check.accounts.now().getTime();
  if (Number.isNaN(signedAt)) return `invalid timestamp ${timestamp}`;
  if (signedAt < now - check.maxPasswordAgeSeconds * 1000)
    return `password timestamp ${timestamp} is too old`;
  if (signedAt > now + check.maxFutureSkewSeconds * 1000)
    return `password timestamp ${timestamp} is in the future`;
  return undefined;
}
