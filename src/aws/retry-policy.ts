/**
 * When an attempt at an AWS operation (STS, the CodeCommit API) failed: whether another can help, and
 * how long to wait before it. Pure: the random draw and the clock come from the caller.
 */

/** The endpoint refused the request for its rate: the account's quota is shared by every caller. */
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

const OTHER_TRANSIENT_CODES = new Set([
  'ServiceUnavailable',
  'InternalFailure',
  'InternalError',
  'IDPCommunicationError',
]);

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
]);

export interface FailureFacts {
  /** Error name or AWS error code. */
  code?: string;
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** Node system error code (ECONNRESET …). */
  errno?: string;
  /** The attempt ran out of time. */
  timedOut: boolean;
  /** The answer's Retry-After header as sent (seconds, or an HTTP date), when it had one. */
  retryAfter?: string;
}

/** HTTP 429 says the same as the throttling codes, for an answer that names none of them. */
export function isThrottling(facts: FailureFacts): boolean {
  return (facts.code !== undefined && THROTTLING_CODES.has(facts.code)) || facts.status === 429;
}

export function isTransientAwsFailure(facts: FailureFacts): boolean {
  if (facts.timedOut || isThrottling(facts)) return true;
  if (facts.code !== undefined && OTHER_TRANSIENT_CODES.has(facts.code)) return true;
  if (facts.errno !== undefined && TRANSIENT_NETWORK_CODES.has(facts.errno)) return true;
  return facts.status !== undefined && facts.status >= 500;
}

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))). */
export function backoffMilliseconds(attempt: number, random: number, baseMs = 500, capMs = 8000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}

/**
 * The wait a Retry-After header asks for: delay-seconds, or an HTTP date read against `now` (without a
 * clock a date cannot be read, and is not). Undefined when there is none, or it says nothing readable.
 */
export function retryAfterMilliseconds(
  retryAfter: string | undefined,
  now: (() => Date) | undefined,
): number | undefined {
  const text = retryAfter?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its day and month; Date.parse would also take `-3` for a year.
  const at = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (now === undefined || Number.isNaN(at)) return undefined;
  return Math.max(0, at - now().getTime());
}

export interface RetryWait {
  milliseconds: number;
  /** The endpoint's Retry-After set the wait, rather than the backoff. */
  askedByEndpoint: boolean;
}

/**
 * How long to wait after failed attempt `attempt`: what the endpoint's Retry-After asks, held to
 * `capMs` (the step's network timeout, so that one answer cannot stall the step), or else the backoff.
 */
export function retryWait(
  attempt: number,
  facts: FailureFacts,
  random: number,
  capMs: number,
  now: (() => Date) | undefined,
): RetryWait {
  const asked = retryAfterMilliseconds(facts.retryAfter, now);
  if (asked !== undefined) return { milliseconds: Math.min(asked, capMs), askedByEndpoint: true };
  return { milliseconds: backoffMilliseconds(attempt, random), askedByEndpoint: false };
}

/** A wait for a log line: `250 ms` below a second, `1.3 s` from a second on. */
export function describeWait(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}
