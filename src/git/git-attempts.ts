/**
 * The one attempts loop of git network commands (clone, reuse, cache mirror, submodules, diagnose): an
 * attempt that fails transiently is retried, up to `maxAttempts`, after a backoff with full jitter; a
 * throttled attempt is named as such. A git failure that ends it becomes a FinalGitFailure.
 */
import { backoffMilliseconds } from '../aws/retry-policy.js';
import type { Logger } from '../core/logger.js';
import { classifyGitFailure, type GitFailure } from './git-failure.js';
import { GitCommandError } from './git-process.js';

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

export async function withGitAttempts<T>(
  settings: GitAttemptsSettings,
  operation: () => Promise<T>,
  beforeRetry: () => Promise<void> = async () => undefined,
): Promise<T> {
  const { maxAttempts, logger } = settings;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error;
      const failure = classifyGitFailure(error.stderr, error.timedOutAfterSeconds);
      settings.onAttemptFailed?.(failure);
      if (!(attempt < maxAttempts && failure.transient)) throw new FinalGitFailure(error, attempt);
      const waitMs = backoffMilliseconds(attempt, settings.random());
      const what = capitalized(error.what);
      const how = failure.kind === 'throttled' ? 'was throttled' : 'failed';
      logger.warning(
        `${what} ${how} (attempt ${attempt} of ${maxAttempts}): ${settings.explain(error, failure)} ` +
          `Retrying in ${waitMs} ms.`,
      );
      await beforeRetry();
      await settings.sleep(waitMs);
    }
  }
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
