import type { StateStore } from './step-state.js';

/** State kept in memory, for a command that cleans up itself instead of leaving it to a post step. */
export class MemoryState implements StateStore {
  private readonly values = new Map<string, string>();

  save(key: string, value: string): void {
    this.values.set(key, value);
  }

  get(key: string): string {
    return this.values.get(key) ?? '';
  }
}
