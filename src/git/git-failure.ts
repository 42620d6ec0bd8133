/**
 * What a failed git network command means, decided once from git's stderr (and whether git was stopped
 * for making no progress): every decision — another attempt, a fresh clone instead of a reuse, a probe of
 * the endpoint, the advice — reads this record instead of matching git's words again. Pure.
 */
import {
  HOST_NOT_RESOLVED,
  HTTP_STATUS_ANSWER,
  MISSING_REF,
  MISSING_REPOSITORY,
  NO_CONNECTION,
  TLS_FAILURE,
  TRANSFER_BROKE_OFF,
} from './git-messages.js';

export type GitFailureKind =
  /** git was stopped: nothing came for the allowed time (connect, TLS handshake or transfer). */
  | 'stalled'
  /** HTTP 403: the credentials may not read the repository. */
  | 'forbidden'
  /** HTTP 401 or git's "Authentication failed": the signed password was not accepted. */
  | 'unauthorized'
  | 'missing-ref'
  | 'missing-repository'
  /** HTTP 429 or 503: the endpoint asks for fewer requests. */
  | 'throttled'
  /** Another HTTP 5xx: the endpoint or a load balancer in front of it failed. */
  | 'server-error'
  | 'transfer-broke-off'
  | 'dns'
  | 'connect'
  | 'tls'
  /** The connection ended in a way git names vaguely (hung up, a send or receive failure). */
  | 'interrupted'
  | 'other';

export interface GitFailure {
  kind: GitFailureKind;
  /** Another attempt may succeed. */
  transient: boolean;
  /** The HTTP status the server answered, when git names one. */
  httpStatus?: number;
  /** Seconds git went without progress before it was stopped. */
  stalledSeconds?: number;
}

/** The server refused these credentials: no attempt, however late, changes that. */
const REFUSED = /returned error: (401|403)|Authentication failed/i;

/** The connection failed mid-way, in words git uses besides those of git-messages.ts. */
const INTERRUPTED =
  /unexpected disconnect|remote end hung up|Recv failure|Send failure|Operation timed out|SSL_read|SSL_ERROR_SYSCALL/i;

/** Statuses that ask the client to slow down: 429 Too Many Requests, 503 Service Unavailable. */
const THROTTLING_STATUSES = new Set([429, 503]);

export function classifyGitFailure(stderr: string, stalledSeconds?: number): GitFailure {
  const status = Number(/returned error: (\d{3})/i.exec(stderr)?.[1] ?? NaN);
  const httpStatus = Number.isInteger(status) ? status : undefined;
  const stalled = stalledSeconds !== undefined;
  const answered = HTTP_STATUS_ANSWER.test(stderr);
  const kind = kindOf(stderr, stalled, httpStatus);
  const final = REFUSED.test(stderr) || MISSING_REPOSITORY.test(stderr) || MISSING_REF.test(stderr);
  const transient =
    !final &&
    (stalled ||
      (httpStatus !== undefined && (THROTTLING_STATUSES.has(httpStatus) || httpStatus >= 500)) ||
      [INTERRUPTED, TRANSFER_BROKE_OFF, HOST_NOT_RESOLVED, NO_CONNECTION].some((p) => p.test(stderr)));
  return {
    kind,
    transient,
    ...(answered && httpStatus !== undefined ? { httpStatus } : {}),
    ...(stalled ? { stalledSeconds } : {}),
  };
}

/** What the explanation is about: what the server answered first, since the URL in git's words may say anything. */
function kindOf(stderr: string, stalled: boolean, httpStatus: number | undefined): GitFailureKind {
  if (stalled) return 'stalled';
  if (httpStatus === 403) return 'forbidden';
  if (MISSING_REF.test(stderr)) return 'missing-ref';
  if (MISSING_REPOSITORY.test(stderr)) return 'missing-repository';
  if (httpStatus !== undefined && THROTTLING_STATUSES.has(httpStatus)) return 'throttled';
  if (httpStatus !== undefined && httpStatus >= 500) return 'server-error';
  if (TRANSFER_BROKE_OFF.test(stderr)) return 'transfer-broke-off';
  if (HOST_NOT_RESOLVED.test(stderr)) return 'dns';
  if (NO_CONNECTION.test(stderr)) return 'connect';
  if (TLS_FAILURE.test(stderr)) return 'tls';
  if (REFUSED.test(stderr)) return 'unauthorized';
  if (INTERRUPTED.test(stderr)) return 'interrupted';
  return 'other';
}

/**
 * No HTTP answer came back (DNS, connect, TLS, a reset or a stall): the endpoint itself is worth a look.
 * A missing ref counts as an answer: git only says so after the server listed its refs.
 */
export function isNetworkFailure(failure: GitFailure): boolean {
  return failure.kind === 'stalled' || (failure.httpStatus === undefined && failure.kind !== 'missing-ref');
}

/**
 * Whether a fresh clone could succeed where this failed: not when the same request would fail again —
 * the network, TLS, any HTTP answer (credentials, permissions, throttling), a missing repository or ref.
 */
export function freshCloneMayHelp(failure: GitFailure): boolean {
  return !(
    failure.transient ||
    failure.kind === 'tls' ||
    failure.httpStatus !== undefined ||
    failure.kind === 'missing-ref' ||
    failure.kind === 'missing-repository'
  );
}
