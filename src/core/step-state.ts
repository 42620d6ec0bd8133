/**
 * What main leaves for post to undo. Only paths and markers: state values appear in debug logs, so no
 * secret ever goes here.
 */
export interface StateStore {
  save(key: string, value: string): void;
  get(key: string): string;
}

/** `finished`: the clone is the user's now. `cleaned`: main already removed what it made. */
export type MainOutcome = 'running' | 'finished' | 'cleaned';

export interface RecordedClone {
  clonePath: string;
  /** Set when the step created the clone's directory (otherwise it existed, empty). */
  createdRoot?: string;
  outcome: MainOutcome;
}

export interface RecordedStep {
  /** Parent folders the step created for its clones (topmost first made), removed when left empty. */
  createdParents: string[];
  clones: RecordedClone[];
}

const KEY = 'clones';

/** Keeps the step's record and saves all of it on every change (parallel clones update it in turn). */
export class StepRecorder {
  private readonly record: RecordedStep = { createdParents: [], clones: [] };

  constructor(private readonly store: StateStore) {}

  parentsCreated(paths: readonly string[]): void {
    this.record.createdParents.push(...paths);
    this.save();
  }

  cloneStarted(clonePath: string, createdRoot: string | undefined): void {
    const clone: RecordedClone = {
      clonePath,
      ...(createdRoot !== undefined ? { createdRoot } : {}),
      outcome: 'running',
    };
    const known = this.record.clones.findIndex((c) => c.clonePath === clonePath);
    if (known >= 0) this.record.clones[known] = clone;
    else this.record.clones.push(clone);
    this.save();
  }

  outcome(clonePath: string, outcome: Exclude<MainOutcome, 'running'>): void {
    for (const clone of this.record.clones) if (clone.clonePath === clonePath) clone.outcome = outcome;
    this.save();
  }

  private save(): void {
    this.store.save(KEY, JSON.stringify(this.record));
  }
}

export function readRecordedStep(store: StateStore): RecordedStep {
  const text = store.get(KEY);
  if (text === '') return { createdParents: [], clones: [] };
  const parsed = JSON.parse(text) as Partial<RecordedStep>;
  const clones = Array.isArray(parsed.clones) ? parsed.clones : [];
  return {
    createdParents: Array.isArray(parsed.createdParents)
      ? parsed.createdParents.filter((p): p is string => typeof p === 'string')
      : [],
    clones: clones
      .filter((c): c is RecordedClone => typeof c?.clonePath === 'string')
      .map((c) => ({
        clonePath: c.clonePath,
        ...(typeof c.createdRoot === 'string' ? { createdRoot: c.createdRoot } : {}),
        outcome: c.outcome === 'finished' || c.outcome === 'cleaned' ? c.outcome : 'running',
      })),
  };
}
