/**
 * The rules of a mirror's lock file, for the jobs of one host (or several hosts sharing a cache folder).
 * Pure: the caller reads the file, the clock and /proc, and acts on the verdict.
 *
 * The lock file holds `{"pid":…,"host":…,"time":…}` of the job that holds it; the holder touches it while
 * it works. A lock is stale, and may be broken, when its holder is a process of this host that no longer
 * runs, or when nobody touched it for `staleSeconds` (a holder on another host, a pid reused, a file
 * whose writer died before writing it).
 */

export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock (ISO 8601), for messages. */
  time: string;
}

export interface LockTimes {
  /** Seconds to wait for another job's lock before cloning without the cache. */
  waitSeconds: number;
  /** A lock nobody touched for this long is stale. */
  staleSeconds: number;
  /** How often a holder touches its lock. */
  touchSeconds: number;
}

/** Derived from `network-timeout-seconds`: the README states these. */
export function lockTimes(networkTimeoutSeconds: number): LockTimes {
  const staleSeconds = Math.max(120, 4 * networkTimeoutSeconds);
  return {
    waitSeconds: 2 * networkTimeoutSeconds,
    staleSeconds,
    touchSeconds: Math.min(10, staleSeconds / 4),
  };
}

/** What the file says, or undefined when it is not a holder record (empty, cut short, garbage). */
export function parseLockHolder(text: string): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host, time } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
    if (typeof host !== 'string' || typeof time !== 'string') return undefined;
    return { pid, host, time };
  } catch {
    return undefined;
  }
}

export function formatLockHolder(holder: LockHolder): string {
  return `${JSON.stringify(holder)}\n`;
}

export interface LockFacts {
  /** The parsed lock file; undefined when it could not be read as a holder record. */
  holder: LockHolder | undefined;
  /** Seconds since the lock file was last touched. */
  ageSeconds: number;
  /** This host's name. */
  host: string;
  /** Whether a process with the holder's pid runs on this host (only asked when the host is this one). */
  isRunning: (pid: number) => boolean;
}

export type LockVerdict = { kind: 'held' } | { kind: 'stale'; why: string };

/** Whether a lock someone else holds may be broken, and why. */
export function judgeLock(facts: LockFacts, times: LockTimes): LockVerdict {
  const { holder } = facts;
  if (holder !== undefined && holder.host === facts.host && !facts.isRunning(holder.pid)) {
    return { kind: 'stale', why: `its holder, process ${holder.pid} of this host, no longer runs` };
  }
  if (facts.ageSeconds > times.staleSeconds) {
    return {
      kind: 'stale',
      why: `nobody touched it for ${Math.round(facts.ageSeconds)} s (more than ${times.staleSeconds} s)`,
    };
  }
  return { kind: 'held' };
}

/** "process 123 on host build-7 since 2026-…", or what is known of an unreadable lock. */
export function describeHolder(holder: LockHolder | undefined): string {
  return holder === undefined
    ? 'a job whose lock file cannot be read yet'
    : `process ${holder.pid} on host ${holder.host} since ${holder.time}`;
}
