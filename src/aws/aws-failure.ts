import { DeadlineError } from '../core/deadline.js';
import type { FailureFacts } from './retry-policy.js';
import { messageOf } from '../core/text.js';

/**
 * Reads the facts a retry decision and a message need out of an SDK or network error, whichever AWS
 * operation (STS, the CodeCommit API) threw it.
 */
export function awsFailureFacts(error: unknown): FailureFacts {
  if (error instanceof DeadlineError) return { timedOut: true };
  if (typeof error !== 'object' || error === null) return { timedOut: false };
  const e = error as {
    name?: unknown;
    Code?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    $response?: { headers?: unknown };
    cause?: unknown;
  };
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const errno = typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code) ? e.code : undefined;
  const name = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : undefined;
  const code = name === 'Error' || name === undefined ? undefined : name;
  const facts: FailureFacts = { timedOut: false };
  if (code !== undefined) facts.code = code;
  if (status !== undefined) facts.status = status;
  if (errno !== undefined) facts.errno = errno;
  const retryAfter = retryAfterOf(e.$response?.headers);
  if (retryAfter !== undefined) facts.retryAfter = retryAfter;
  if (errno === undefined && e.cause !== undefined) {
    const inner = awsFailureFacts(e.cause);
    if (inner.errno !== undefined) facts.errno = inner.errno;
  }
  return facts;
}

/**
 * The Retry-After header of the answer, which the SDK keeps (not enumerable) on the errors it reads
 * from one; its header names are as the HTTP layer gave them, so looked up without regard to case.
 */
function retryAfterOf(headers: unknown): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'retry-after' && typeof value === 'string') return value;
  }
  return undefined;
}

/** A short description of the failure for a log line: code, status, and the SDK's own message. */
export function describeAwsFailure(error: unknown): string {
  const facts = awsFailureFacts(error);
  if (error instanceof DeadlineError) return `no answer within ${error.seconds} s`;
  const message = messageOf(error);
  const parts = [
    facts.code,
    facts.errno,
    facts.status !== undefined ? `HTTP ${facts.status}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? `${parts.join(', ')}: ${message}` : message;
}
