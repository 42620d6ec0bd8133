import { messageOf } from './text.js';
/**
 * A failure kept as a record until it is written: what failed, what it means and what to do, and the
 * evidence (git's own last words, what was found about the endpoint). Each place that shows it — the
 * error annotation, the job summary's row, the command's stderr — renders it here, once.
 */
export interface FailureRecord {
  /** What failed, with its attempts: "Cloning my-service from git-codecommit… failed after 3 attempts". */
  what: string;
  /** What it most likely means, with the fix. Empty when the failure says all there is to say. */
  advice: string;
  /** Lines of evidence, each shown on a line of its own after the rest. */
  evidence: string[];
}

/** A failure known only by its message (an input refused, a file that could not be written). */
export function failureOf(error: unknown): FailureRecord {
  return { what: messageOf(error), advice: '', evidence: [] };
}

/** The whole failure: annotations, the command's stderr. */
export function failureText(failure: FailureRecord): string {
  const head = failure.advice === '' ? failure.what : `${failure.what}: ${failure.advice}`;
  return [head, ...failure.evidence].join('\n');
}

/** Its first line: a row of the job summary. */
export function failureHeadline(failure: FailureRecord): string {
  return failureText(failure).split('\n')[0] ?? '';
}

/** The step's error when some of its repositories failed: one repository's own text, or a list of them. */
export function repositoriesFailedText(
  failed: readonly { name: string; failure: FailureRecord }[],
  total: number,
): string {
  const [only] = failed;
  if (failed.length === 1 && total === 1 && only !== undefined) return failureText(only.failure);
  return (
    `${failed.length} of ${total} repositories failed:\n` +
    failed.map(({ name, failure }) => `- ${name}: ${failureText(failure)}`).join('\n')
  );
}
