import fc from 'fast-check';

import {
  backoffMilliseconds,
  describeWait,
  isThrottling,
  isTransientAwsFailure,
  retryAfterMilliseconds,
  retryWait,
  type FailureFacts,
} from '../../src/aws/retry-policy.js';

const answered = (code: string, status: number): FailureFacts => ({ timedOut: false, code, status });

describe('isTransientAwsFailure', () => {
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
    expect(isTransientAwsFailure(answered(code, status))).toBe(true);
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
    expect(isTransientAwsFailure(answered(code, status))).toBe(false);
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
    expect(isTransientAwsFailure({ timedOut: false, errno })).toBe(true);
  });

  it('does not retry a name that does not exist (ENOTFOUND)', () => {
    expect(isTransientAwsFailure({ timedOut: false, errno: 'ENOTFOUND' })).toBe(false);
  });

  it('retries an attempt that ran out of time', () => {
    expect(isTransientAwsFailure({ timedOut: true })).toBe(true);
  });

  it('retries any 5xx answer whatever its code, and no 4xx answer with an unknown code', () => {
    expect(isTransientAwsFailure(answered('Unknown', 502))).toBe(true);
    expect(isTransientAwsFailure({ timedOut: false, status: 500 })).toBe(true);
    expect(isTransientAwsFailure({ timedOut: false, status: 499 })).toBe(false);
    expect(isTransientAwsFailure(answered('Unknown', 400))).toBe(false);
  });

  it('does not retry a failure it knows nothing about', () => {
    expect(isTransientAwsFailure({ timedOut: false })).toBe(false);
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

describe('isThrottling', () => {
  it.each([
    ['Throttling', 400],
    ['RequestLimitExceeded', 400],
    ['ThrottlingException', 400],
    ['TooManyRequestsException', 429],
  ])('names %s (HTTP %i) throttling', (code, status) => {
    expect(isThrottling(answered(code, status))).toBe(true);
  });

  it('names an HTTP 429 without a known code throttling, and retries it', () => {
    expect(isThrottling({ timedOut: false, status: 429 })).toBe(true);
    expect(isTransientAwsFailure({ timedOut: false, status: 429 })).toBe(true);
  });

  it('does not name other transient failures throttling', () => {
    expect(isThrottling(answered('InternalFailure', 500))).toBe(false);
    expect(isThrottling(answered('ServiceUnavailable', 503))).toBe(false);
    expect(isThrottling({ timedOut: true })).toBe(false);
  });
});

describe('retryAfterMilliseconds', () => {
  const now = () => new Date('2030-01-01T00:00:00Z');

  it('reads delay-seconds, without needing a clock', () => {
    expect(retryAfterMilliseconds('2', undefined)).toBe(2000);
    expect(retryAfterMilliseconds(' 0 ', undefined)).toBe(0);
    expect(retryAfterMilliseconds('1.5', undefined)).toBe(1500);
  });

  it('reads an HTTP date against the clock, a past one as no wait', () => {
    expect(retryAfterMilliseconds('Tue, 01 Jan 2030 00:00:04 GMT', now)).toBe(4000);
    expect(retryAfterMilliseconds('Mon, 31 Dec 2029 23:59:00 GMT', now)).toBe(0);
  });

  it('reads no date without a clock, and nothing from what is neither', () => {
    expect(retryAfterMilliseconds('Tue, 01 Jan 2030 00:00:04 GMT', undefined)).toBeUndefined();
    expect(retryAfterMilliseconds(undefined, now)).toBeUndefined();
    expect(retryAfterMilliseconds('', now)).toBeUndefined();
    expect(retryAfterMilliseconds('soon', now)).toBeUndefined();
    expect(retryAfterMilliseconds('-3', now)).toBeUndefined();
  });
});

describe('retryWait', () => {
  it('is the full-jitter backoff without a Retry-After', () => {
    expect(retryWait(3, answered('Throttling', 400), 0.5, 30_000, undefined)).toEqual({
      milliseconds: backoffMilliseconds(3, 0.5),
      askedByEndpoint: false,
    });
  });

  it("is the endpoint's Retry-After when it sends one, held to the cap", () => {
    const asking = (retryAfter: string): FailureFacts => ({ ...answered('Throttling', 400), retryAfter });
    expect(retryWait(1, asking('7'), 0.5, 30_000, undefined)).toEqual({
      milliseconds: 7000,
      askedByEndpoint: true,
    });
    expect(retryWait(1, asking('600'), 0.5, 30_000, undefined)).toEqual({
      milliseconds: 30_000,
      askedByEndpoint: true,
    });
  });

  it('keeps to the backoff when the Retry-After says nothing readable', () => {
    const facts: FailureFacts = { ...answered('Throttling', 400), retryAfter: 'later' };
    expect(retryWait(2, facts, 0.5, 30_000, undefined).askedByEndpoint).toBe(false);
  });
});

describe('describeWait', () => {
  it('gives milliseconds below a second, seconds with a tenth from a second on', () => {
    expect(describeWait(0)).toBe('0 ms');
    expect(describeWait(999)).toBe('999 ms');
    expect(describeWait(1000)).toBe('1.0 s');
    expect(describeWait(1300)).toBe('1.3 s');
    expect(describeWait(7999)).toBe('8.0 s');
  });
});
