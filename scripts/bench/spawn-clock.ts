/**
 * When a child process of this process was spawned, taken just before the spawn itself: node publishes
 * on the `child_process` diagnostics channel from the ChildProcess constructor, before it starts the
 * program. This gives the start of the runner's node process that `runStep` spawns, without changing
 * test-support.
 */
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

interface SeenChild {
  /** Epoch ms. */
  at: number;
  child: ChildProcess;
}

export class SpawnClock {
  private seen: SeenChild[] = [];
  private readonly onChild = (message: unknown): void => {
    const child = (message as { process?: ChildProcess }).process;
    if (child !== undefined) this.seen.push({ at: Date.now(), child });
  };

  constructor() {
    subscribe('child_process', this.onChild);
  }

  /** Forgets every child seen so far: call it just before the process of interest is started. */
  reset(): void {
    this.seen = [];
  }

  /** When the first child running `file` since `reset` was spawned; undefined if none was. */
  spawnedAt(file: string): number | undefined {
    return this.seen.find(({ child }) => child.spawnfile === file)?.at;
  }

  stop(): void {
    unsubscribe('child_process', this.onChild);
    this.seen = [];
  }
}
