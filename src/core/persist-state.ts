/**
 * What persist-credentials leaves for the post step: the private directory (credentials file and the
 * git-remote-codecommit program) and the config keys written in each clone. Paths and keys only.
 */
import type { StateStore } from './step-state.js';

export interface PersistedConfig {
  clonePath: string;
  keys: string[];
}

export interface RecordedPersistence {
  directory?: string;
  configs: PersistedConfig[];
}

const KEY = 'persisted';

export class PersistRecorder {
  private readonly record: RecordedPersistence = { configs: [] };

  constructor(private readonly store: StateStore) {}

  directoryCreated(directory: string): void {
    this.record.directory = directory;
    this.save();
  }

  configWritten(clonePath: string, keys: readonly string[]): void {
    this.record.configs.push({ clonePath, keys: [...keys] });
    this.save();
  }

  private save(): void {
    this.store.save(KEY, JSON.stringify(this.record));
  }
}

export function readRecordedPersistence(store: StateStore): RecordedPersistence {
  const text = store.get(KEY);
  if (text === '') return { configs: [] };
  const parsed = JSON.parse(text) as Partial<RecordedPersistence>;
  const configs = Array.isArray(parsed.configs) ? parsed.configs : [];
  return {
    ...(typeof parsed.directory === 'string' ? { directory: parsed.directory } : {}),
    configs: configs
      .filter((c): c is PersistedConfig => typeof c?.clonePath === 'string' && Array.isArray(c.keys))
      .map((c) => ({ clonePath: c.clonePath, keys: c.keys.filter((k) => typeof k === 'string') })),
  };
}
