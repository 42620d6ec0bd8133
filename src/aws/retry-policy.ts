/** When an STS attempt failed, whether another attempt can help, and how long to wait before it. */

const TRANSIENT_STS_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
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
}

export function isTransientStsFailure(facts: FailureFacts): boolean {
  if (facts.timedOut) return true;
  if (facts.code !== undefined && TRANSIENT_STS_CODES.has(facts.code)) return true;
  if (facts.errno !== undefined && TRANSIENT_NETWORK_CODES.has(facts.errno)) return true;
  return facts.status !== undefined && facts.status >= 500;
}

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))). */
export function backoffMilliseconds(attempt: number, random: number, baseMs = 500, capMs = 8000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}
