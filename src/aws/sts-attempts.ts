import type { Plan } from '../plan/plan.js';
import type { Logger } from '../core/logger.js';
import { withDeadline } from '../core/deadline.js';
import { backoffMilliseconds, isTransientStsFailure } from './retry-policy.js';
import { describeStsFailure, stsFailureFacts } from './sts-failure.js';

export interface AttemptDependencies {
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** Why an STS operation finally failed, after how many attempts; `explain` turns it into a message. */
export class StsOperationError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'StsOperationError';
  }
}

/**
 * Runs one STS operation with up to `plan.maxAttempts` attempts, each bounded by the network timeout
 * from outside, retrying only transient failures with full-jitter backoff (no wait after the last).
 * `explain` words the final failure; `beforeEachAttempt` prepares an attempt outside its deadline;
 * `host` names another AWS endpoint held to the same rules (default: the plan's STS endpoint).
 */
export async function withStsAttempts<T>(
  plan: Plan,
  what: string,
  deps: AttemptDependencies,
  attempt: (signal: AbortSignal) => Promise<T>,
  explain: (error: unknown, attempts: number) => string,
  options: { beforeEachAttempt?: () => Promise<void>; host?: string } = {},
): Promise<T> {
  const host = options.host ?? plan.sts.host;
  for (let number = 1; ; number++) {
    deps.logger.info(`${what} at ${host} (attempt ${number} of ${plan.maxAttempts})`);
    try {
      // Bounded on its own (a GitHub ID token): STS's deadline starts when the request can be sent.
      await options.beforeEachAttempt?.();
      return await withDeadline(plan.networkTimeoutSeconds, what, host, attempt);
    } catch (error) {
      if (!isTransientStsFailure(stsFailureFacts(error)) || number >= plan.maxAttempts) {
        throw new StsOperationError(explain(error, number), number, { cause: error });
      }
      const waitMs = backoffMilliseconds(number, deps.random());
      deps.logger.warning(
        `${what} at ${host} failed (${describeStsFailure(error)}); retrying in ${waitMs} ms`,
      );
      await deps.sleep(waitMs);
    }
  }
}
