import { spawn } from 'node:child_process';
import { HOST_OS_FAMILY } from '../platform/os-family.js';
import { processTreeControl } from '../platform/process-tree.js';
import { isTransferUnderWayLine } from './transfer-silence.js';
import type { GitProcessRegistry } from './git-process-registry.js';

/**
 * Runs git with an argument array (never a shell) so that the whole tree (git and its git-remote-https
 * child) can be stopped when it stops making progress: a process group of its own on Linux and macOS,
 * `taskkill /T` on Windows (src/platform/process-tree.ts). @actions/exec offers
 * no way to stop a process, which is why git is started here directly (and the action does not depend
 * on @actions/exec).
 */

export interface GitRunOptions {
  /** Where the process is registered while it runs, so that a cancelled step can stop it. */
  processes: GitProcessRegistry;
  cwd?: string;
  env: Record<string, string>;
  /** Kill the process tree when it writes nothing for this long (git writes progress while it works). */
  inactivitySeconds: number;
  /**
   * Once git reports the remote's answer (a `remote:` line, receiving progress), the silence allowed
   * instead: curl's low-speed bound then governs the transfer (src/git/transfer-silence.ts).
   */
  transferInactivitySeconds?: number;
  /** What the command does, for messages ("fetching my-service from git-codecommit.…"). */
  what: string;
  /** Each line git writes on stderr, progress included. */
  onStderrLine?: (line: string) => void;
  /** Written to git's standard input (which is otherwise closed). */
  input?: string;
}

export interface GitResult {
  stdout: string;
  stderr: string;
}

export class GitCommandError extends Error {
  constructor(
    readonly what: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly timedOutAfterSeconds?: number,
  ) {
    super(
      timedOutAfterSeconds !== undefined
        ? `${what}: git made no progress for ${timedOutAfterSeconds} s and was stopped`
        : `${what}: git exited with ${exitCode ?? 'a signal'}${stderr.trim() ? `: ${stderrTail(stderr)}` : ''}`,
    );
    this.name = 'GitCommandError';
  }
}

/** The last lines git wrote, on one line: where it says what went wrong. */
export function stderrTail(text: string): string {
  return (
    text
      .trim()
      .split(/\r?\n/)
      // A progress line rewritten in place with \r: only its last state, as a terminal would show it.
      .map((line) => line.slice(line.lastIndexOf('\r') + 1))
      .slice(-4)
      .join(' | ')
  );
}

const processTree = processTreeControl(HOST_OS_FAMILY);

/** Stops the tree of a git process this module started, by its pid (also one a killed step left). */
export function stopGitProcessTree(pid: number): void {
  killTree(pid);
}

export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      ...processTree.spawnOptions,
      shell: false,
    });
    if (options.input !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
    const { stdout: out, stderr: err } = child;
    if (out === null || err === null) throw new Error('git was started without output pipes');
    const group = child.pid;
    const { processes } = options;
    if (group !== undefined) {
      processes.started({
        pid: group,
        args: [...args],
        what: options.what,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      });
    }
    const stdout: Buffer[] = [];
    let stderr = '';
    let pendingLine = '';
    let timedOut = false;
    let watchdog: NodeJS.Timeout | undefined;
    let windowSeconds = options.inactivitySeconds;
    const armWatchdog = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        timedOut = true;
        killTree(child.pid);
      }, windowSeconds * 1000);
    };
    // Output restarts the same timer: cheaper than a new one for every chunk of progress.
    const restartWatchdog = (): void => {
      watchdog?.refresh();
    };
    armWatchdog();
    out.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      restartWatchdog();
    });
    err.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr += text;
      restartWatchdog();
      const pieces = (pendingLine + text).split(/\r\n|\r|\n/);
      pendingLine = pieces.pop() ?? '';
      for (const line of pieces) if (line.length > 0) options.onStderrLine?.(line);
      const transferWindow = options.transferInactivitySeconds;
      if (
        transferWindow !== undefined &&
        windowSeconds !== transferWindow &&
        pieces.some(isTransferUnderWayLine)
      ) {
        windowSeconds = transferWindow;
        armWatchdog();
      }
    });
    child.on('error', (error) => {
      clearTimeout(watchdog);
      if (group !== undefined) processes.ended(group);
      reject(new GitCommandError(options.what, null, `could not start git: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(watchdog);
      if (group !== undefined) processes.ended(group);
      if (pendingLine.length > 0) options.onStderrLine?.(pendingLine);
      if (timedOut) {
        reject(new GitCommandError(options.what, code, stderr, windowSeconds));
      } else if (code !== 0) {
        reject(new GitCommandError(options.what, code, stderr));
      } else {
        resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr });
      }
    });
  });
}

function killTree(pid: number | undefined): void {
  if (pid !== undefined) processTree.stop(pid);
}
