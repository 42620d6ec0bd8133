/**
 * When a child process of this process was spawned, taken just before the spawn itself: node publishes
 * on the `child_process` diagnostics channel from the ChildProcess constructor, before it starts the
 * program. This gives the start of the runner's node process that `runStep` spawns, without changing
 * test-support. Its exit is taken when node sees it (the child's 'exit' event).
 */
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

interface SeenChild {
  /** Epoch ms. */
  at: number;
  child: ChildProcess;
  /** Epoch ms; unset while it runs. */
  exitedAt?: number;
}

/** From the spawn of the first of some children to the exit of the last. */
export interface ChildrenSpan {
  /** Epoch ms. */
  firstSpawnAt: number;
  /** Epoch ms. */
  lastExitAt: number;
  children: number;
}

export class SpawnClock {
  private seen: SeenChild[] = [];
  private readonly onChild = (message: unknown): void => {
    const child = (message as { process?: ChildProcess }).process;
    if (child === undefined) return;
    const seen: SeenChild = { at: Date.now(), child };
    child.once('exit', () => (seen.exitedAt = Date.now()));
    this.seen.push(seen);
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

  /**
   * The children running `file` since `reset`, from the first one's spawn to the last one's exit;
   * undefined if none was spawned or one is still running.
   */
  span(file: string): ChildrenSpan | undefined {
    const children = this.seen.filter(({ child }) => child.spawnfile === file);
    const exits = children.flatMap(({ exitedAt }) => (exitedAt !== undefined ? [exitedAt] : []));
    if (children.length === 0 || exits.length < children.length) return undefined;
    return {
      firstSpawnAt: Math.min(...children.map(({ at }) => at)),
      lastExitAt: Math.max(...exits),
      children: children.length,
    };
  }

  stop(): void {
    unsubscribe('child_process', this.onChild);
    this.seen = [];
  }
}
