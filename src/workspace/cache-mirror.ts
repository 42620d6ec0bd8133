/**
 * The shared cache (`cache-path`): one bare mirror per repository, updated with the step's signed git
 * calls before a clone borrows its objects. Whatever goes wrong here (a cache folder that cannot be made
 * or written, another job's lock held too long, a corrupt mirror, a failed fetch) is a warning and a
 * clone without the cache, never a failed clone.
 *
 * The mirror holds objects and refs only (`refs/heads/*`, `refs/tags/*`, complete history, so that a
 * clone of any depth can borrow from it), `remote.origin.url` as the clean URL and `gc.auto=0` (objects
 * are only ever added, so a job reading it while another updates it never loses one). The signed header
 * reaches git as command-scoped config, as for every network command: no credential, header or helper
 * is written into any file of the cache.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { GitCommandError } from '../git/git-process.js';
import { REMOTE } from '../git/network-git.js';
import { RepositoryGit, type RepositoryGitDependencies } from '../git/repository-git.js';
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import { mirrorLocation, type CacheOwner, type MirrorLocation } from './cache-key.js';
import { acquireMirrorLock, type LockDependencies } from './cache-lock.js';
import { lockTimes } from './cache-lock-rules.js';
import { firstLine, messageOf } from '../core/text.js';

export interface MirrorContext {
  plan: Plan & { cachePath: string };
  repository: RepositoryPlan;
  owner: CacheOwner;
  git: RepositoryGitDependencies;
  lock: LockDependencies;
  /** Runs a network operation with the step's attempts (retried while git fails transiently). */
  withAttempts: <T>(operation: () => Promise<T>) => Promise<T>;
  /** Whether a failure is the network's or the server's (then the mirror is not to blame). */
  isRemoteFailure: (error: unknown) => boolean;
}

/** The mirror to borrow from, or why the clone goes ahead without the cache. */
export type MirrorUse = { kind: 'borrow'; mirror: string } | { kind: 'without'; why: string };

const MIRROR_REFSPECS = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];

/** Brings the repository's mirror up to date (made on first use), under its lock. Never throws. */
export async function updateMirror(context: MirrorContext): Promise<MirrorUse> {
  const { plan, repository } = context;
  const location = mirrorLocation(plan.cachePath, {
    partition: plan.partition,
    region: plan.region,
    owner: context.owner,
    repository: repository.name,
  });
  const times = lockTimes(plan.networkTimeoutSeconds);
  const logger = context.git.logger;
  try {
    await makeFolders(location.parent);
  } catch (error) {
    return without(`cache-path: cannot make ${location.parent} (${reason(error)})`);
  }
  let attempt;
  try {
    attempt = await acquireMirrorLock(location.lock, times, context.lock);
  } catch (error) {
    return without(`cache-path: cannot write the lock ${location.lock} (${reason(error)})`);
  }
  if (attempt.kind === 'busy') {
    return without(
      `cache-path: the mirror ${location.mirror} was still locked by another job (${attempt.holder}) after ` +
        `waiting ${times.waitSeconds} s (2 × network-timeout-seconds)`,
    );
  }
  if (attempt.brokeStale !== undefined) logger.info(`Broke a stale cache lock of ${attempt.brokeStale}.`);
  try {
    await removeLeftovers(location);
    if (await isDirectory(location.mirror)) return await fetchInto(context, location);
    return await fill(context, location);
  } catch (error) {
    return without(`cache-path: could not use ${location.mirror} (${reason(error)})`);
  } finally {
    await attempt.lock.release();
  }
}

/** An existing mirror fetches what is new; a failure that is not the network's means it is corrupt. */
async function fetchInto(context: MirrorContext, location: MirrorLocation): Promise<MirrorUse> {
  const git = mirrorGit(context, location.mirror);
  git.logger.info(`Updating the cache mirror ${location.mirror}`);
  try {
    await context.withAttempts(() => fetchEverything(git));
    return { kind: 'borrow', mirror: location.mirror };
  } catch (error) {
    if (context.isRemoteFailure(error)) {
      return without(`cache-path: could not update ${location.mirror} (${reason(error)})`);
    }
    await moveAside(location);
    return without(
      `cache-path: the mirror ${location.mirror} is corrupt (${reason(error)}); it was removed and is ` +
        'made again by the next clone',
    );
  }
}

/**
 * The first use on this host: the mirror is made in a folder of its own, then renamed into place, so
 * that no job ever sees a half-made mirror.
 */
async function fill(context: MirrorContext, location: MirrorLocation): Promise<MirrorUse> {
  const folder = path.join(
    location.parent,
    `${location.fillPrefix}${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const git = mirrorGit(context, folder);
  git.logger.info(
    `Making the cache mirror ${location.mirror} (its whole history, once per host; later clones fetch only what is new)`,
  );
  try {
    await git.local(['init', '--bare', '--quiet', '--template=', '--', folder], { inTarget: false });
    for (const [key, value] of [
      ['gc.auto', '0'],
      ['core.logAllRefUpdates', 'false'],
      [`remote.${REMOTE}.url`, context.repository.cloneUrl],
    ] as const) {
      await git.local(['config', '--local', key, value]);
    }
    await context.withAttempts(() => fetchEverything(git));
    await rename(folder, location.mirror);
    return { kind: 'borrow', mirror: location.mirror };
  } catch (error) {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    return without(`cache-path: could not make ${location.mirror} (${reason(error)})`);
  }
}

async function fetchEverything(git: RepositoryGit): Promise<void> {
  await git.network(
    ['fetch', '--progress', '--prune', '--no-tags', '--no-write-fetch-head', REMOTE, ...MIRROR_REFSPECS],
    `updating the cache mirror of ${git.repository.name} from ${git.repository.git.host}`,
  );
}

/** git for the mirror: the repository's clean URL and signed header, run in the mirror's folder. */
function mirrorGit(context: MirrorContext, folder: string): RepositoryGit {
  return new RepositoryGit(context.plan, { ...context.repository, targetPath: folder }, context.git);
}

/**
 * A corrupt mirror is renamed away at once (the next job makes a new one) and then removed; a job that
 * still reads the old one keeps its open files.
 */
export async function moveAside(location: MirrorLocation): Promise<void> {
  const aside = path.join(
    location.parent,
    `${location.corruptPrefix}${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await rename(location.mirror, aside).catch(() => undefined);
  await rm(aside, { recursive: true, force: true }).catch(() => undefined);
}

/** Under the lock: fills and corrupt mirrors that a stopped job left behind. */
async function removeLeftovers(location: MirrorLocation): Promise<void> {
  const leftover = new RegExp(
    `^(?:${escaped(location.fillPrefix)}|${escaped(location.corruptPrefix)})\\d+-[0-9a-f]{8}$`,
  );
  for (const entry of await readdir(location.parent)) {
    if (leftover.test(entry)) {
      await rm(path.join(location.parent, entry), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/**
 * A clone that borrowed from the mirror failed for another reason than the network: the mirror is moved
 * aside if its lock can be had at once (an updating job would find the corruption itself).
 */
export async function discardMirror(context: MirrorContext, mirror: string): Promise<void> {
  const location = mirrorLocation(context.plan.cachePath, {
    partition: context.plan.partition,
    region: context.plan.region,
    owner: context.owner,
    repository: context.repository.name,
  });
  if (location.mirror !== mirror) return;
  const times = { ...lockTimes(context.plan.networkTimeoutSeconds), waitSeconds: 0 };
  const attempt = await acquireMirrorLock(location.lock, times, context.lock).catch(() => undefined);
  if (attempt?.kind !== 'acquired') return;
  try {
    await moveAside(location);
  } finally {
    await attempt.lock.release();
  }
}

/**
 * `mkdir -p`, one level at a time: a recursive mkdir reports ENOENT where a level cannot be made on a
 * read-only file system, and the warning should say EROFS.
 */
async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let current = folder; !(await isDirectory(current)); current = path.dirname(current)) {
    if (path.dirname(current) === current) break;
    missing.unshift(current);
  }
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

function without(why: string): MirrorUse {
  return { kind: 'without', why };
}

async function isDirectory(folder: string): Promise<boolean> {
  return stat(folder).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}

function reason(error: unknown): string {
  if (error instanceof GitCommandError) return firstLine(error.message);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = messageOf(error);
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : firstLine(message);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
