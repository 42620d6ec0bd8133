/**
 * The git processes a step has running, so that a cancelled step can stop every tree it started. The
 * entry point makes one and hands it (in the step's runtime) to everything that starts git; each
 * `runGit` registers its process here while it runs. A test makes its own and sees which processes ran.
 */
import { HOST_OS_FAMILY } from '../platform/os-family.js';
import { processTreeControl, type ProcessTreeControl } from '../platform/process-tree.js';

/** A git process as it started: its pid (the leader of its tree), arguments and what it was for. */
export interface StartedGitProcess {
  pid: number;
  args: readonly string[];
  /** As in the command's messages ("fetching my-service from git-codecommit.…"). */
  what: string;
  cwd?: string;
}

export interface GitProcessRegistryOptions {
  /** Told of every git process as it starts. */
  onStarted?: (started: StartedGitProcess) => void;
  /** How a tree is stopped; defaults to this system's way (src/platform/process-tree.ts). */
  processTree?: Pick<ProcessTreeControl, 'stop'>;
}

export class GitProcessRegistry {
  private readonly running = new Set<number>();
  private listener: ((pids: readonly number[]) => void) | undefined;
  private readonly processTree: Pick<ProcessTreeControl, 'stop'>;

  constructor(private readonly options: GitProcessRegistryOptions = {}) {
    this.processTree = options.processTree ?? processTreeControl(HOST_OS_FAMILY);
  }

  /** Calls `listener` with the pids of the running git commands each time one starts or ends. */
  watch(listener: ((pids: readonly number[]) => void) | undefined): void {
    this.listener = listener;
  }

  /** A git process started (by `runGit`). */
  started(started: StartedGitProcess): void {
    this.running.add(started.pid);
    this.options.onStarted?.(started);
    this.listener?.([...this.running]);
  }

  /** A git process this registry was told of ended. */
  ended(pid: number): void {
    this.running.delete(pid);
    this.listener?.([...this.running]);
  }

  /** The pids of the git processes running now. */
  pids(): number[] {
    return [...this.running];
  }

  /** Kills every git process tree still running (when the step itself is being stopped). */
  stopAll(): void {
    for (const pid of this.running) this.processTree.stop(pid);
  }
}
