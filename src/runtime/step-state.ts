/**
 * What main leaves for post to undo. Only paths and markers: state values appear in debug logs, so no
 * secret ever goes here.
 */
export interface StateStore {
  save(key: string, value: string): void;
  get(key: string): string;
}

const KEYS = {
  clonePath: 'clone-path',
  createdRoot: 'created-root',
  outcome: 'outcome',
} as const;

/** `finished`: the clone is the user's now. `cleaned`: main already removed what it made. */
export type MainOutcome = 'running' | 'finished' | 'cleaned';

export interface RecordedClone {
  clonePath: string;
  createdRoot?: string;
  outcome: MainOutcome;
}

export function recordCloneStarted(
  store: StateStore,
  clonePath: string,
  createdRoot: string | undefined,
): void {
  store.save(KEYS.clonePath, clonePath);
  store.save(KEYS.createdRoot, createdRoot ?? '');
  store.save(KEYS.outcome, 'running');
}

export function recordOutcome(store: StateStore, outcome: Exclude<MainOutcome, 'running'>): void {
  store.save(KEYS.outcome, outcome);
}

export function readRecordedClone(store: StateStore): RecordedClone | undefined {
  const clonePath = store.get(KEYS.clonePath);
  if (clonePath === '') return undefined;
  const createdRoot = store.get(KEYS.createdRoot);
  const outcome = store.get(KEYS.outcome);
  return {
    clonePath,
    ...(createdRoot !== '' ? { createdRoot } : {}),
    outcome: outcome === 'finished' || outcome === 'cleaned' ? outcome : 'running',
  };
}
