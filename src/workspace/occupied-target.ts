import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { GitCommandError, stderrTail } from '../git/git-process.js';
import type { RepositoryGit } from '../git/repository-git.js';
import { HOST_OS_FAMILY } from '../platform/os-family.js';
import { isPathInside, isSamePath } from '../platform/workspace-path.js';
import { isSameRepository } from './same-repository.js';

/** What an occupied target holds: a clone this step can update in place, or anything else. */
export type OccupiedTarget = { kind: 'same-clone'; gitDir: string } | { kind: 'other'; holds: string };

/**
 * Looks at a non-empty target with local git commands only (no network): a clone whose `origin` is the
 * step's repository and whose partial-clone filter is the step's can be reused; anything else is
 * described for the log (a clone of another repository, a `.git` git cannot read, plain files).
 */
export async function inspectOccupiedTarget(git: RepositoryGit): Promise<OccupiedTarget> {
  const { target, plan, repository } = git;
  if ((await lstat(path.join(target, '.git')).catch(() => undefined)) === undefined) {
    return { kind: 'other', holds: await describeEntries(target) };
  }
  let gitDir: string;
  let topLevel: string;
  try {
    const { stdout } = await git.local(['rev-parse', '--absolute-git-dir', '--show-toplevel']);
    [gitDir = '', topLevel = ''] = stdout.trim().split('\n');
  } catch (error) {
    const said = error instanceof GitCommandError ? stderrTail(error.stderr) : String(error);
    return { kind: 'other', holds: `a .git that git cannot read (${said})` };
  }
  const realTarget = await realpath(target);
  // git answers with forward slashes on Windows: compare as the platform's paths, not as strings.
  if (
    !isSamePath(HOST_OS_FAMILY, topLevel, realTarget) ||
    !isPathInside(HOST_OS_FAMILY, realTarget, gitDir)
  ) {
    return { kind: 'other', holds: `a .git whose repository is not the folder itself (${gitDir})` };
  }
  const origin = await cloneConfig(git, 'remote.origin.url');
  if (origin === undefined) return { kind: 'other', holds: 'a git repository without an origin remote' };
  if (!isSameRepository(origin, repository, plan.region)) {
    return { kind: 'other', holds: `a clone of ${withoutUserInfo(origin)}` };
  }
  const filter = await cloneConfig(git, 'remote.origin.partialclonefilter');
  if (filter !== undefined && filter !== plan.filter) {
    const wanted = plan.filter === undefined ? 'a complete clone' : `filter ${plan.filter}`;
    return {
      kind: 'other',
      holds: `a partial clone with filter ${filter}, where this step asks for ${wanted}`,
    };
  }
  return { kind: 'same-clone', gitDir };
}

/**
 * A key of the clone's own config (`local`), or as its work tree sees it (`worktree`: its config.worktree,
 * which a sparse checkout makes); undefined when it is not set.
 */
export async function cloneConfig(
  git: RepositoryGit,
  key: string,
  scope: 'local' | 'worktree' = 'local',
): Promise<string | undefined> {
  try {
    return (await git.local(['config', `--${scope}`, '--get', key])).stdout.trim();
  } catch (error) {
    // Exit status 1: the key is not set.
    if (error instanceof GitCommandError && error.exitCode === 1) return undefined;
    throw error;
  }
}

async function describeEntries(target: string): Promise<string> {
  const entries = (await readdir(target)).sort();
  const shown = entries.slice(0, 5).join(', ');
  const more = entries.length > 5 ? `, … (${entries.length} in all)` : '';
  return `${entries.length === 1 ? 'an entry' : 'entries'} that are not a clone: ${shown}${more}`;
}

/** A URL as a log may show it: any `user:password@` removed. */
function withoutUserInfo(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@]*@/, '$1');
}
