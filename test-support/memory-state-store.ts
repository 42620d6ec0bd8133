import type { StateStore } from '../src/core/step-state.js';

/** A StateStore like the runner's: string values, '' for a key never saved. */
export class MemoryStateStore implements StateStore {
  readonly values = new Map<string, string>();

  save(key: string, value: string): void {
    this.values.set(key, value);
  }

  get(key: string): string {
    return this.values.get(key) ?? '';
  }
}
