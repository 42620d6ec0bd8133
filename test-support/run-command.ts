/**
 * Runs an external program with an argument array (never a shell), optionally feeding stdin.
 * Used by the test helpers for `openssl` and `git`.
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd?: string;
  /** The complete environment of the child; defaults to the parent's. */
  env?: NodeJS.ProcessEnv;
  input?: Buffer | string;
  timeoutMs?: number;
  /** Sent when `timeoutMs` has passed, or `stop` aborts; SIGKILL unless given. */
  killSignal?: NodeJS.Signals;
  /** Stops the program early (with `killSignal`) when it aborts. */
  stop?: AbortSignal;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Runs the program and resolves with its outcome, whatever the exit code. */
export function runCommandResult(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      killSignal: options.killSignal ?? 'SIGKILL',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    const stop = () => child.kill(options.killSignal ?? 'SIGKILL');
    options.stop?.addEventListener('abort', stop, { once: true });
    child.on('close', (exitCode, signal) => {
      options.stop?.removeEventListener('abort', stop);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    // A child that exits without reading its input closes the pipe; that is not our failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the program and rejects, quoting its stderr, unless it exits with 0. */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const result = await runCommandResult(file, args, options);
  if (result.exitCode !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`;
    throw new Error(`${file} ${args.join(' ')} ${how}: ${result.stderr.trim()}`);
  }
  return result;
}
