import fc from 'fast-check';

import { backoffMilliseconds, isTransientStsFailure, type FailureFacts } from '../../src/aws/retry-policy.js';

const answered = (code: string, status: number): FailureFacts => ({ timedOut: false, code, status });

describe('isTransientStsFailure', () => {
  it.each([
    ['Throttling', 400],
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 400],
    ['TooManyRequestsException', 429],
    ['ServiceUnavailable', 503],
    ['InternalFailure', 500],
    ['InternalError', 500],
    ['IDPCommunicationError', 400],
  ])('retries %s (HTTP %i)', (code, status) => {
    expect(isTransientStsFailure(answered(code, status))).toBe(true);
  });

  it.each([
    ['AccessDenied', 403],
    ['ValidationError', 400],
    ['InvalidClientTokenId', 403],
    ['ExpiredToken', 400],
    ['SignatureDoesNotMatch', 403],
    ['MalformedPolicyDocument', 400],
    ['RegionDisabledException', 403],
  ])('does not retry %s (HTTP %i)', (code, status) => {
    expect(isTransientStsFailure(answered(code, status))).toBe(false);
  });

  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ECONNABORTED',
  ])('retries the network error %s', (errno) => {
    expect(isTransientStsFailure({ timedOut: false, errno })).toBe(true);
  });

  it('does not retry a name that does not exist (ENOTFOUND)', () => {
    expect(isTransientStsFailure({ timedOut: false, errno: 'ENOTFOUND' })).toBe(false);
  });

  it('retries an attempt that ran out of time', () => {
    expect(isTransientStsFailure({ timedOut: true })).toBe(true);
  });

  it('retries any 5xx answer whatever its code, and no 4xx answer with an unknown code', () => {
    expect(isTransientStsFailure(answered('Unknown', 502))).toBe(true);
    expect(isTransientStsFailure({ timedOut: false, status: 500 })).toBe(true);
    expect(isTransientStsFailure({ timedOut: false, status: 499 })).toBe(false);
    expect(isTransientStsFailure(answered('Unknown', 400))).toBe(false);
  });

  it('does not retry a failure it knows nothing about', () => {
    expect(isTransientStsFailure({ timedOut: false })).toBe(false);
  });
});

describe('backoffMilliseconds (full jitter)', () => {
  const justUnderOne = 1 - Number.EPSILON;

  it('waits nothing when the random draw is 0, at any attempt', () => {
    for (const attempt of [1, 2, 3, 10]) expect(backoffMilliseconds(attempt, 0)).toBe(0);
  });

  it('waits just under the ceiling when the random draw is just under 1', () => {
    expect(backoffMilliseconds(1, justUnderOne)).toBe(499);
    expect(backoffMilliseconds(2, justUnderOne)).toBe(999);
    expect(backoffMilliseconds(3, justUnderOne)).toBe(1999);
    expect(backoffMilliseconds(4, justUnderOne)).toBe(3999);
  });

  it('doubles with each attempt until the 8 s cap, then stays there', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 30].map((attempt) => backoffMilliseconds(attempt, 0.5));
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000, 4000]);
    expect(backoffMilliseconds(5, justUnderOne)).toBe(7999);
    expect(backoffMilliseconds(50, justUnderOne)).toBe(7999);
  });

  it('honours a custom base and cap', () => {
    expect(backoffMilliseconds(1, 0.5, 100, 300)).toBe(50);
    expect(backoffMilliseconds(3, justUnderOne, 100, 300)).toBe(299);
  });

  it('always gives a whole number of ms in [0, min(cap, base * 2^(attempt-1)))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, random) => {
          const wait = backoffMilliseconds(attempt, random);
          const ceiling = Math.min(8000, 500 * 2 ** (attempt - 1));
          return Number.isInteger(wait) && wait >= 0 && wait < ceiling;
        },
      ),
    );
  });
});
