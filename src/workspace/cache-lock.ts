/**
 * The exclusive lock of one mirror: a file created with O_EXCL, which holds the holder's pid, host and
 * time and is touched while held. Waiting for another job's lock is bounded; a stale lock is broken
 * (under a short-lived guard file, so that two jobs never both break one and remove the other's new lock).
 */
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import {
  describeHolder,
  formatLockHolder,
  judgeLock,
  parseLockHolder,
  type LockHolder,
  type LockTimes,
} from './cache-lock-rules.js';

export interface HeldLock {
  /** Stops touching the lock and removes it (only if it is still this job's). */
  release(): Promise<void>;
}

export type LockAttempt =
  { kind: 'acquired'; lock: HeldLock; brokeStale?: string } | { kind: 'busy'; holder: string };

export interface LockDependencies {
  /** The step's clock: the lock's time, its age, the bound of the wait. */
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** The step's interval timers: a held lock is touched on them until it is released. */
  every: (ms: number, tick: () => void) => () => void;
  /** Defaults: this process, this host, /proc (kill 0). */
  pid?: number;
  host?: string;
  isRunning?: (pid: number) => boolean;
}

/** How often a waiting job looks at the lock again. */
const POLL_MS = 200;
/** A guard older than this was left by a job that died while breaking a lock. */
const GUARD_STALE_MS = 30_000;

/**
 * Takes the lock at `lockPath`, waiting at most `times.waitSeconds` for another job's. Errors of the file
 * system (an unwritable cache) are thrown; a lock still held after the wait is `busy`.
 */
export async function acquireMirrorLock(
  lockPath: string,
  times: LockTimes,
  deps: LockDependencies,
): Promise<LockAttempt> {
  const pid = deps.pid ?? process.pid;
  const host = deps.host ?? hostname();
  const now = (): number => deps.now().getTime();
  const isRunning = deps.isRunning ?? processRuns;
  const deadline = now() + times.waitSeconds * 1000;
  let brokeStale: string | undefined;
  for (;;) {
    const record: LockHolder = { pid, host, time: new Date(now()).toISOString() };
    if (await createExclusive(lockPath, formatLockHolder(record))) {
      return {
        kind: 'acquired',
        lock: heldLock(lockPath, record, times, deps),
        ...(brokeStale !== undefined ? { brokeStale } : {}),
      };
    }
    const seen = await readLock(lockPath, now);
    if (seen === undefined) continue; // released between our attempt and the read: try again
    const verdict = judgeLock({ holder: seen.holder, ageSeconds: seen.ageSeconds, host, isRunning }, times);
    if (verdict.kind === 'stale') {
      const broken = await breakStaleLock(lockPath, seen.text, now);
      if (broken === 'broken') brokeStale = `${describeHolder(seen.holder)}: ${verdict.why}`;
      // Broken, or replaced meanwhile by another job's lock: try again and judge what is there now.
      if (broken !== 'guarded') continue;
    }
    if (now() >= deadline) return { kind: 'busy', holder: describeHolder(seen.holder) };
    await deps.sleep(Math.min(POLL_MS, Math.max(0, deadline - now())));
  }
}

/** Creates `file` with `text` only if it does not exist; false when it does. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

async function readLock(
  lockPath: string,
  now: () => number,
): Promise<{ text: string; holder: LockHolder | undefined; ageSeconds: number } | undefined> {
  try {
    const [text, stats] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    return { text, holder: parseLockHolder(text), ageSeconds: (now() - stats.mtimeMs) / 1000 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes the lock if it still holds `judgedText`, under the guard `<lock>.break`: of two jobs that
 * judged the same lock stale, one breaks it and the other finds a new lock (or none) and judges again.
 */
async function breakStaleLock(
  lockPath: string,
  judgedText: string,
  now: () => number,
): Promise<'broken' | 'changed' | 'guarded'> {
  const guard = `${lockPath}.break`;
  if (!(await createExclusive(guard, formatLockHolder({ pid: process.pid, host: hostname(), time: '' })))) {
    const age = await stat(guard).then(
      (stats) => now() - stats.mtimeMs,
      () => 0,
    );
    if (age > GUARD_STALE_MS) await unlink(guard).catch(() => undefined);
    return 'guarded';
  }
  try {
    const current = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (current !== judgedText) return 'changed';
    await unlink(lockPath).catch(() => undefined);
    return 'broken';
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

function heldLock(
  lockPath: string,
  record: LockHolder,
  times: LockTimes,
  deps: Pick<LockDependencies, 'now' | 'every'>,
): HeldLock {
  const mine = formatLockHolder(record);
  const stopTouching = deps.every(times.touchSeconds * 1000, () => {
    const at = deps.now();
    utimes(lockPath, at, at).catch(() => undefined);
  });
  return {
    async release() {
      stopTouching();
      const current = await readFile(lockPath, 'utf8').catch(() => undefined);
      if (current === mine) await unlink(lockPath).catch(() => undefined);
    },
  };
}

/** Whether a process with this pid runs here (EPERM: it runs, as another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
