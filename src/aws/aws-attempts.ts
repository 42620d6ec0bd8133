/**
 * The attempts of every AWS operation of the step (each STS call, each page of the CodeCommit API's
 * ListRepositories): bounded one by one, retried while the failure is transient, named in the log.
 */
import type { Plan } from '../plan/plan.js';
import type { Logger } from '../core/logger.js';
import { withDeadline } from '../core/deadline.js';
import { throttlingAdvice } from './aws-advice.js';
import { awsFailureFacts, describeAwsFailure } from './aws-failure.js';
import { describeWait, isThrottling, isTransientAwsFailure, retryWait } from './retry-policy.js';

export interface AttemptDependencies {
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** The clock, to read a Retry-After given as a date; without it only one in seconds is honoured. */
  now?: () => Date;
}

/** Why an AWS operation finally failed, after how many attempts; its `explain` worded the message. */
export class AwsOperationError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'AwsOperationError';
  }
}

export interface AwsOperation<T> {
  /** What the log calls it: `STS AssumeRole <role ARN>`, `CodeCommit ListRepositories (page 2)`. */
  what: string;
  /** The endpoint it is sent to (`host[:port]`), named in the log and by the deadline. */
  host: string;
  attempt: (signal: AbortSignal) => Promise<T>;
  /** Words the final failure. */
  explain: (error: unknown, attempts: number) => string;
  /** Prepares an attempt outside its deadline (a GitHub ID token is bounded on its own). */
  beforeEachAttempt?: () => Promise<void>;
}

/**
 * Runs `operation` with up to `plan.maxAttempts` attempts, each bounded by the network timeout from
 * outside, retrying only transient failures (no wait after the last). The wait is the endpoint's
 * Retry-After when it sends one (at most the network timeout), the full-jitter backoff otherwise. When
 * the endpoint throttled the last attempt, the message says so and what helps.
 */
export async function withAwsAttempts<T>(
  plan: Plan,
  operation: AwsOperation<T>,
  deps: AttemptDependencies,
): Promise<T> {
  const { what, host } = operation;
  for (let number = 1; ; number++) {
    deps.logger.info(`${what} at ${host} (attempt ${number} of ${plan.maxAttempts})`);
    try {
      // Bounded on its own (a GitHub ID token): the operation's deadline starts when it can be sent.
      await operation.beforeEachAttempt?.();
      return await withDeadline(plan.networkTimeoutSeconds, what, host, operation.attempt);
    } catch (error) {
      const facts = awsFailureFacts(error);
      if (!isTransientAwsFailure(facts) || number >= plan.maxAttempts) {
        const message = operation.explain(error, number);
        throw new AwsOperationError(
          isThrottling(facts) ? `${message} ${throttlingAdvice(host)}` : message,
          number,
          { cause: error },
        );
      }
      const wait = retryWait(number, facts, deps.random(), plan.networkTimeoutSeconds * 1000, deps.now);
      const asked = wait.askedByEndpoint ? ' as its Retry-After asks' : '';
      deps.logger.warning(
        isThrottling(facts)
          ? `${what} throttled by ${host} (attempt ${number} of ${plan.maxAttempts}), retrying in ` +
              `${describeWait(wait.milliseconds)}${asked} (${describeAwsFailure(error)})`
          : `${what} at ${host} failed (${describeAwsFailure(error)}); retrying in ${wait.milliseconds} ms${asked}`,
      );
      await deps.sleep(wait.milliseconds);
    }
  }
}
