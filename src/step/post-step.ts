import { removePersisted } from '../persist/remove-persisted.js';
import { readRecordedPersistence } from '../runtime/persist-state.js';
import { removeCloneTarget, removeEmptyDirectories } from '../workspace/clone-target.js';
import { readRecordedStep, type StateStore } from '../runtime/step-state.js';

/**
 * Undoes what main recorded and did not finish: a clone still running when main was stopped (cancelled,
 * killed) is removed, and so are parent folders main created that are left empty; persisted credentials
 * (helper config in the clones, the session file, git-remote-codecommit) are removed. A finished clone
 * belongs to the user; one main already removed is left alone. Safe to run any number of times.
 * Returns what it did, one line each.
 */
export async function runPostStep(
  state: StateStore,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string[]> {
  const recorded = readRecordedStep(state);
  const persisted = readRecordedPersistence(state);
  const lines: string[] = await removePersisted(persisted, env);
  if (recorded.clones.length === 0 && recorded.createdParents.length === 0 && lines.length === 0) {
    return ['Nothing to clean up: the main step made nothing.'];
  }
  for (const clone of recorded.clones) {
    if (clone.outcome === 'finished') {
      lines.push(`Kept the clone in ${clone.clonePath}.`);
    } else if (clone.outcome === 'running') {
      await removeCloneTarget({
        path: clone.clonePath,
        ...(clone.createdRoot !== undefined ? { createdRoot: clone.createdRoot } : {}),
      });
      lines.push(`Removed the partial clone the interrupted main step left in ${clone.clonePath}.`);
    }
  }
  for (const parent of recorded.createdParents) {
    if (await removeEmptyDirectories(parent))
      lines.push(`Removed ${parent}, which the main step created and left empty.`);
  }
  if (lines.length === 0) lines.push('Nothing to clean up: the main step already removed what it made.');
  return lines;
}
