import { removeCloneTarget } from './runtime/clone-target.js';
import { readRecordedClone, type StateStore } from './runtime/step-state.js';

/**
 * Undoes what main recorded and did not finish: a clone that was still running when main was stopped
 * (cancelled, killed) is removed. A finished clone belongs to the user; one main already removed is
 * left alone. Safe to run any number of times. Returns what it did, one line each.
 */
export async function runPostStep(state: StateStore): Promise<string[]> {
  const recorded = readRecordedClone(state);
  if (recorded === undefined) return ['Nothing to clean up: the main step made nothing.'];
  if (recorded.outcome === 'finished')
    return [`Kept the clone in ${recorded.clonePath}; nothing else to clean up.`];
  if (recorded.outcome === 'cleaned')
    return ['Nothing to clean up: the main step already removed its partial clone.'];
  await removeCloneTarget({
    path: recorded.clonePath,
    ...(recorded.createdRoot !== undefined ? { createdRoot: recorded.createdRoot } : {}),
  });
  return [
    `Removed the partial clone the interrupted main step left in ${recorded.createdRoot ?? recorded.clonePath}.`,
  ];
}
