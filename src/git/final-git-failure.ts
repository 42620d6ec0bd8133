import type { GitCommandError } from './git-process.js';

/** A git failure after all attempts, or one that no attempt may repeat. */
export class FinalGitFailure extends Error {
  constructor(
    readonly error: GitCommandError,
    readonly attempts: number,
  ) {
    super(error.message);
    this.name = 'FinalGitFailure';
  }
}
