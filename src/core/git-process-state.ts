/**
 * The git processes main has running, for the post step: if main is killed hard (SIGKILL), they keep
 * running, and post stops them before it removes their folders. Pids only: no secret.
 */
import type { StateStore } from './step-state.js';

const KEY = 'git-processes';

export class GitProcessRecorder {
  constructor(private readonly store: StateStore) {}

  running(pids: readonly number[]): void {
    this.store.save(KEY, JSON.stringify(pids));
  }
}

export function readRecordedGitProcesses(store: StateStore): number[] {
  const text = store.get(KEY);
  if (text === '') return [];
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed)
    ? parsed.filter((pid): pid is number => Number.isInteger(pid) && (pid as number) > 1)
    : [];
}
