import { readdirSync, readFileSync } from 'node:fs';

/**
 * Ends the process with `code` as soon as what it wrote has reached stdout and stderr, whatever is still
 * pending: an SDK request that ignored its abort, a socket, a timer, a GitHub token request. Child
 * processes that are still running (a credential_process the AWS SDK started and never times out) are
 * stopped first, with their own children. Every entry point ends through here, so a deadline ends the work, not only the wait.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  stopRemainingChildren();
  let pending = 2;
  const flushed = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

/** The process's descendants that are still running, where the system lists them (Linux /proc). */
function runningDescendants(pid: number | 'self', found: number[] = []): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let children: string;
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const child of children
      .split(/\s+/)
      .filter((text) => /^\d+$/.test(text))
      .map(Number)) {
      if (found.includes(child)) continue;
      found.push(child);
      runningDescendants(child, found);
    }
  }
  return found;
}

/** The whole tree at once, listed before any is stopped, so that none is re-parented out of sight. */
function stopRemainingChildren(): void {
  for (const pid of runningDescendants('self')) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
