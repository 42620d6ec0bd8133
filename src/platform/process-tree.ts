/**
 * Starting a process so that its whole tree (git and its git-remote-https child) can be stopped, and
 * stopping it. POSIX: the child leads a process group of its own and the group gets SIGKILL. Windows has no
 * process groups (a negative pid does nothing there): `taskkill /T /F /PID <pid>` stops the process and
 * every process it started; the child stays in the runner's console (no window) so that the runner's
 * Ctrl-C reaches it as well.
 */
import { spawnSync } from 'node:child_process';
import type { OsFamily } from './os-family.js';

export interface ProcessTreeControl {
  /** Spread into `spawn` options. */
  readonly spawnOptions: { detached: boolean; windowsHide: boolean };
  /** Stops the process and everything it started; never throws (the tree may be gone already). */
  stop(pid: number): void;
}

/** What stopping needs from the system: injectable so that tests can watch each branch. */
export interface ProcessTreeSystem {
  kill(pid: number, signal: NodeJS.Signals): void;
  /** Runs a program to its end (bounded by `timeoutMs`); `ok` false when it could not run or failed. */
  runToEnd(file: string, args: readonly string[], timeoutMs: number): { ok: boolean };
}

/** taskkill normally ends in well under a second; the bound only keeps a broken system from blocking. */
export const TASKKILL_TIMEOUT_MS = 10_000;

const hostSystem: ProcessTreeSystem = {
  kill: (pid, signal) => process.kill(pid, signal),
  runToEnd(file, args, timeoutMs) {
    const result = spawnSync(file, args, { stdio: 'ignore', windowsHide: true, timeout: timeoutMs });
    return { ok: result.error === undefined && result.status === 0 };
  },
};

export function processTreeControl(
  family: OsFamily,
  system: ProcessTreeSystem = hostSystem,
): ProcessTreeControl {
  const killQuietly = (pid: number): void => {
    try {
      system.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  if (family === 'windows') {
    return {
      spawnOptions: { detached: false, windowsHide: true },
      stop(pid) {
        // Synchronous, so that a step exiting right after (on cancel) has stopped the tree first.
        const { ok } = system.runToEnd('taskkill', ['/T', '/F', '/PID', String(pid)], TASKKILL_TIMEOUT_MS);
        // taskkill missing or refused: at least the process itself goes.
        if (!ok) killQuietly(pid);
      },
    };
  }
  return {
    spawnOptions: { detached: true, windowsHide: true },
    stop: (pid) => killQuietly(-pid),
  };
}
