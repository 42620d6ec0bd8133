/**
 * The file later steps sign with: the assumed-role credentials, the region and the git endpoint they were
 * obtained for. Written 0600 in a private directory; parsed strictly. Pure: no I/O.
 */
import type { AwsCredentials } from '../core/aws-credentials.js';

export interface PersistedSession {
  credentials: AwsCredentials;
  region: string;
  /** `https://host[:port]` of the step's git endpoint (a vpce name when codecommit-endpoint was given). */
  gitOrigin: string;
  /** `host[:port]` of every git endpoint the step cloned from, as git sends it to credential helpers. */
  gitHosts: string[];
  /** The session length asked for, to say what to change when it has expired. */
  roleDurationSeconds: number;
}

const VERSION = 1;

export function serializeSession(session: PersistedSession): string {
  const { credentials } = session;
  return `${JSON.stringify({
    version: VERSION,
    region: session.region,
    gitOrigin: session.gitOrigin,
    gitHosts: session.gitHosts,
    roleDurationSeconds: session.roleDurationSeconds,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken !== undefined ? { sessionToken: credentials.sessionToken } : {}),
    ...(credentials.expiration !== undefined ? { expiration: credentials.expiration.toISOString() } : {}),
  })}\n`;
}

export function parseSession(text: string): PersistedSession {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('the credentials file is not valid JSON');
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text_ = (key: string): string => {
    const field = record[key];
    if (typeof field !== 'string' || field === '') throw new Error(`the credentials file has no ${key}`);
    return field;
  };
  if (record.version !== VERSION) throw new Error(`the credentials file is not version ${VERSION}`);
  const expiration = typeof record.expiration === 'string' ? new Date(record.expiration) : undefined;
  if (expiration !== undefined && Number.isNaN(expiration.getTime()))
    throw new Error('the credentials file has an invalid expiration');
  const duration = record.roleDurationSeconds;
  return {
    region: text_('region'),
    gitOrigin: text_('gitOrigin'),
    gitHosts: Array.isArray(record.gitHosts)
      ? record.gitHosts.filter((host): host is string => typeof host === 'string')
      : [],
    roleDurationSeconds: typeof duration === 'number' ? duration : 0,
    credentials: {
      accessKeyId: text_('accessKeyId'),
      secretAccessKey: text_('secretAccessKey'),
      ...(typeof record.sessionToken === 'string' ? { sessionToken: record.sessionToken } : {}),
      ...(expiration !== undefined ? { expiration } : {}),
    },
  };
}

/** A password signed this close to the end would not outlive a fetch: treat the session as over. */
export const EXPIRY_MARGIN_SECONDS = 30;

export function sessionExpired(session: PersistedSession, now: Date): boolean {
  const { expiration } = session.credentials;
  return expiration !== undefined && expiration.getTime() - EXPIRY_MARGIN_SECONDS * 1000 <= now.getTime();
}

/** What the helper and the remote say on stderr instead of letting git fail with a bare 403. */
export function expiredSessionMessage(session: PersistedSession): string {
  const at = session.credentials.expiration?.toISOString() ?? 'an unknown time';
  const asked =
    session.roleDurationSeconds > 0 ? ` (role-duration-seconds: ${session.roleDurationSeconds})` : '';
  return (
    `codecommit-xaccount-clone: the AWS session of the clone step expired at ${at}${asked}. ` +
    "Raise role-duration-seconds of the clone step (up to the role's maximum session duration, at most 43200; " +
    '3600 with role chaining), or run the git commands that need it earlier in the job.'
  );
}
