import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquireMirrorLock } from '../../src/workspace/cache-lock.js';
import {
  judgeLock,
  lockTimes,
  parseLockHolder,
  type LockFacts,
} from '../../src/workspace/cache-lock-rules.js';

describe('lockTimes: derived from network-timeout-seconds', () => {
  test('waits 2 × the timeout; a lock untouched for 4 × the timeout (at least 120 s) is stale', () => {
    expect(lockTimes(30)).toEqual({ waitSeconds: 60, staleSeconds: 120, touchSeconds: 10 });
    expect(lockTimes(2)).toEqual({ waitSeconds: 4, staleSeconds: 120, touchSeconds: 10 });
    expect(lockTimes(100)).toEqual({ waitSeconds: 200, staleSeconds: 400, touchSeconds: 10 });
  });
});

describe('parseLockHolder', () => {
  test('reads pid, host and time; anything else (empty, cut short, wrong types) is no holder', () => {
    expect(parseLockHolder('{"pid":12,"host":"h","time":"t"}\n')).toEqual({ pid: 12, host: 'h', time: 't' });
    for (const text of ['', '{"pid":12,"host":"h"', '{"pid":"12","host":"h","time":"t"}', '[]', 'null']) {
      expect(parseLockHolder(text)).toBeUndefined();
    }
    expect(parseLockHolder('{"pid":0,"host":"h","time":"t"}')).toBeUndefined();
  });
});

describe('judgeLock: whether another job’s lock may be broken', () => {
  const times = lockTimes(30);
  const facts = (over: Partial<LockFacts>): LockFacts => ({
    holder: { pid: 42, host: 'runner-1', time: '2026-12-02T00:00:00.000Z' },
    ageSeconds: 5,
    host: 'runner-1',
    isRunning: () => true,
    ...over,
  });

  test('a running holder of this host, touched recently: held', () => {
    expect(judgeLock(facts({}), times)).toEqual({ kind: 'held' });
  });

  test('a holder of this host whose process no longer runs: stale at once', () => {
    expect(judgeLock(facts({ isRunning: (pid) => pid !== 42 }), times)).toEqual({
      kind: 'stale',
      why: 'its holder, process 42 of this host, no longer runs',
    });
  });

  test('a holder of another host is never judged by its pid, only by the age of the lock', () => {
    const other = facts({ host: 'runner-2', isRunning: () => false });
    expect(judgeLock(other, times)).toEqual({ kind: 'held' });
    expect(judgeLock({ ...other, ageSeconds: 121 }, times)).toMatchObject({ kind: 'stale' });
  });

  test('a lock nobody touched for longer than the stale bound is stale, even if its pid runs (a reused pid)', () => {
    expect(judgeLock(facts({ ageSeconds: 120 }), times)).toEqual({ kind: 'held' });
    expect(judgeLock(facts({ ageSeconds: 121 }), times)).toEqual({
      kind: 'stale',
      why: 'nobody touched it for 121 s (more than 120 s)',
    });
  });

  test('an unreadable lock (its writer died before writing) is stale only by age', () => {
    expect(judgeLock(facts({ holder: undefined }), times)).toEqual({ kind: 'held' });
    expect(judgeLock(facts({ holder: undefined, ageSeconds: 500 }), times)).toMatchObject({ kind: 'stale' });
  });
});

describe('acquireMirrorLock', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'cache-lock-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });
  const times = { waitSeconds: 1, staleSeconds: 120, touchSeconds: 10 };
  /** The real clock, a short real sleep, and interval timers that never fire. */
  const noSleep = {
    now: () => new Date(),
    sleep: () => new Promise<void>((resolve) => setTimeout(resolve, 5)),
    every: () => () => undefined,
  };

  test('creates the lock with this job’s pid, host and time, and release removes it', async () => {
    const lock = path.join(folder, 'repo.git.lock');
    const attempt = await acquireMirrorLock(lock, times, {
      ...noSleep,
      pid: 7,
      host: 'me',
      now: () => new Date(0),
    });
    expect(attempt.kind).toBe('acquired');
    expect(JSON.parse(await readFile(lock, 'utf8'))).toEqual({
      pid: 7,
      host: 'me',
      time: '1970-01-01T00:00:00.000Z',
    });
    if (attempt.kind === 'acquired') await attempt.lock.release();
    await expect(stat(lock)).rejects.toThrow();
  });

  test('a lock held by a running job is waited for until the bound, then reported busy and left alone', async () => {
    const lock = path.join(folder, 'repo.git.lock');
    const other = '{"pid":99,"host":"me","time":"then"}';
    await writeFile(lock, other);
    let clock = 0;
    const slept: number[] = [];
    const attempt = await acquireMirrorLock(lock, times, {
      ...noSleep,
      host: 'me',
      isRunning: () => true,
      now: () => new Date(clock),
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    });
    expect(attempt).toEqual({ kind: 'busy', holder: 'process 99 on host me since then' });
    expect(slept.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(await readFile(lock, 'utf8')).toBe(other);
  });

  test('a lock released while waiting is taken', async () => {
    const lock = path.join(folder, 'repo.git.lock');
    await writeFile(lock, '{"pid":99,"host":"me","time":"then"}');
    const attempt = await acquireMirrorLock(lock, times, {
      ...noSleep,
      host: 'me',
      isRunning: () => true,
      sleep: async () => {
        await rm(lock, { force: true });
      },
    });
    expect(attempt.kind).toBe('acquired');
  });

  test('a stale lock (its process gone) is broken and taken, saying whose it was', async () => {
    const lock = path.join(folder, 'repo.git.lock');
    await writeFile(lock, '{"pid":99,"host":"me","time":"then"}');
    const attempt = await acquireMirrorLock(lock, times, {
      ...noSleep,
      pid: 7,
      host: 'me',
      isRunning: (pid) => pid !== 99,
    });
    expect(attempt).toMatchObject({
      kind: 'acquired',
      brokeStale: 'process 99 on host me since then: its holder, process 99 of this host, no longer runs',
    });
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: 7 });
  });

  test('an old lock of another host is broken by its age', async () => {
    const lock = path.join(folder, 'repo.git.lock');
    await writeFile(lock, '{"pid":99,"host":"elsewhere","time":"then"}');
    const old = new Date(Date.now() - 200_000);
    await utimes(lock, old, old);
    const attempt = await acquireMirrorLock(lock, times, { ...noSleep, host: 'me', isRunning: () => true });
    expect(attempt).toMatchObject({
      kind: 'acquired',
      brokeStale: expect.stringContaining('nobody touched it'),
    });
  });

  test('while another job breaks the same stale lock (its guard exists), the lock is not broken twice', async () => {
    const lock = path.join(folder, 'repo.git.lock');
    await writeFile(lock, '{"pid":99,"host":"me","time":"then"}');
    await writeFile(`${lock}.break`, '');
    const attempt = await acquireMirrorLock(
      lock,
      { ...times, waitSeconds: 0 },
      { ...noSleep, host: 'me', isRunning: () => false },
    );
    expect(attempt.kind).toBe('busy');
    expect(await readFile(lock, 'utf8')).toContain('"pid":99');
  });

  test('a stale lock replaced by another job’s fresh one before it is broken is left alone (judged again)', async () => {
    const lock = path.join(folder, 'repo.git.lock');
    await writeFile(lock, '{"pid":99,"host":"me","time":"then"}');
    const fresh = '{"pid":8,"host":"me","time":"now"}';
    const attempt = await acquireMirrorLock(
      lock,
      { ...times, waitSeconds: 0 },
      {
        ...noSleep,
        host: 'me',
        // While this job judges pid 99 gone, another job breaks that lock and takes it.
        isRunning: (pid) => {
          if (pid === 99) writeFileSync(lock, fresh);
          return pid !== 99;
        },
      },
    );
    expect(attempt).toEqual({ kind: 'busy', holder: 'process 8 on host me since now' });
    expect(await readFile(lock, 'utf8')).toBe(fresh);
  });

  test("is touched on the step's timers every touchSeconds, at the step's clock, until released", async () => {
    const lock = path.join(folder, 'repo.git.lock');
    const ticks: { ms: number; tick: () => void }[] = [];
    let stopped = 0;
    const touchedAt = new Date('2026-12-07T10:00:00.000Z');
    const attempt = await acquireMirrorLock(lock, times, {
      ...noSleep,
      pid: 7,
      host: 'me',
      now: () => touchedAt,
      every: (ms, tick) => {
        ticks.push({ ms, tick });
        return () => {
          stopped++;
        };
      },
    });
    expect(ticks.map(({ ms }) => ms)).toEqual([10_000]);
    ticks[0]?.tick();
    // The touch is written in the background: look until it lands.
    for (let waited = 0; (await stat(lock)).mtimeMs !== touchedAt.getTime() && waited < 2000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await stat(lock)).mtimeMs).toBe(touchedAt.getTime());
    expect(stopped).toBe(0);
    if (attempt.kind === 'acquired') await attempt.lock.release();
    expect(stopped).toBe(1);
  });

  test('release leaves a lock that is no longer this job’s (broken and retaken by another) alone', async () => {
    const lock = path.join(folder, 'repo.git.lock');
    const attempt = await acquireMirrorLock(lock, times, { ...noSleep, pid: 7, host: 'me' });
    await writeFile(lock, '{"pid":8,"host":"me","time":"later"}');
    if (attempt.kind === 'acquired') await attempt.lock.release();
    expect(await readFile(lock, 'utf8')).toContain('"pid":8');
  });

  test('an unwritable folder is an error, not a wait', async () => {
    await expect(
      acquireMirrorLock(path.join(folder, 'missing', 'repo.git.lock'), times, noSleep),
    ).rejects.toThrow(/ENOENT/);
  });
});
