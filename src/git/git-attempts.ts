/**
 * The one attempts loop of git network commands (clone, reuse, cache mirror, submodules, diagnose): an
 * attempt that fails transiently is retried, up to `maxAttempts`, after a backoff with full jitter; a
 * throttled attempt is named as such. A git failure that ends it becomes a FinalGitFailure.
 */
import { backoffMilliseconds } from '../aws/retry-policy.js';
import type { Logger } from '../core/logger.js';
import { classifyGitFailure, type GitFailure } from './git-failure.js';
import { GitCommandError } from './git-process.js';
import { capitalized } from '../core/text.js';

/** A git failure after all attempts, or one that no attempt may repeat, with what it means. */
export class FinalGitFailure extends Error {
  readonly failure: GitFailure;

  constructor(
    readonly error: GitCommandError,
    readonly attempts: number,
  ) {
    super(error.message);
    this.name = 'FinalGitFailure';
    this.failure = classifyGitFailure(error.stderr, error.timedOutAfterSeconds);
  }
}

export interface GitAttemptsSettings {
  maxAttempts: number;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** The advice for a failed attempt, written in the retry line. */
  explain: (error: GitCommandError, failure: GitFailure) => string;
  /** Told of each failed attempt, throttled or not (the step adapts how many clones run at once). */
  onAttemptFailed?: (failure: GitFailure) => void;
}

/**
 * Throttling is the endpoint asking for time rather than failing: throttled attempts do not use up
 * `max-attempts`, up to this many times it in all.
 */
export const THROTTLED_ATTEMPTS_FACTOR = 3;

export async function withGitAttempts<T>(
  settings: GitAttemptsSettings,
  operation: () => Promise<T>,
  beforeRetry: () => Promise<void> = async () => undefined,
): Promise<T> {
  const { maxAttempts, logger } = settings;
  const ceiling = maxAttempts * THROTTLED_ATTEMPTS_FACTOR;
  let counted = 0;
  let throttled = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error;
      const failure = classifyGitFailure(error.stderr, error.timedOutAfterSeconds);
      settings.onAttemptFailed?.(failure);
      const isThrottled = failure.kind === 'throttled';
      if (isThrottled) throttled += 1;
      else counted += 1;
      const another = failure.transient && attempt < ceiling && (isThrottled || counted < maxAttempts);
      if (!another) throw new FinalGitFailure(error, attempt);
      const waitMs = backoffMilliseconds(attempt, settings.random());
      const which = isThrottled
        ? `was throttled (attempt ${attempt} of up to ${ceiling} while throttled)`
        : `failed (attempt ${counted} of ${maxAttempts}${throttled > 0 ? `, besides ${throttled} throttled` : ''})`;
      logger.warning(
        `${capitalized(error.what)} ${which}: ${settings.explain(error, failure)} Retrying in ${waitMs} ms.`,
      );
      await beforeRetry();
      await settings.sleep(waitMs);
    }
  }
}
