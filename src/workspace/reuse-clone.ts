import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  applySparseCheckout,
  checkOutCommit,
  depthArgs,
  fetchCommit,
  filterArgs,
  ignoredFilterOf,
  readHead,
  shortRefName,
  type CloneResult,
} from '../git/clone.js';
import { GitCommandError } from '../git/git-process.js';
import { REMOTE } from '../git/network-git.js';
import type { RepositoryGit } from '../git/repository-git.js';
import { removeSubmoduleCheckouts } from '../git/submodules.js';
import { cloneConfig } from './occupied-target.js';
import { removeCredentialConfig, removeStaleLocks } from './stale-git-state.js';

/** The ref a step checks out, as the server names it. */
type ResolvedRef =
  { kind: 'branch'; name: string } | { kind: 'tag'; name: string } | { kind: 'sha'; sha: string };

/**
 * Updates a clone of the step's repository left by an earlier job so that it equals a fresh clone with
 * this step's inputs: the same HEAD, tracked files, sparse set and filter, `origin` the clean URL, no
 * credential in its config, and (with `clean`) no local edit or untracked file. Only what is new is
 * fetched, through the same signed and bounded git calls as a clone. Safe to run again after a failure.
 */
export async function reuseClone(git: RepositoryGit, gitDir: string): Promise<CloneResult> {
  const { plan, repository, logger } = git;
  const locks = await removeStaleLocks(gitDir);
  if (locks.length > 0) {
    logger.info(`Removed lock files a stopped git left behind: ${locks.join(', ')}`);
  }
  const credentialKeys = await removeCredentialConfig(git);
  if (credentialKeys.length > 0) {
    logger.info(`Removed credential settings an earlier job left in the clone: ${credentialKeys.join(', ')}`);
  }
  await git.local(['config', '--local', 'remote.origin.url', repository.cloneUrl]);
  await setPartialCloneFilter(git);

  const ref = await resolveRef(git);
  const refspecs = fetchRefspecs(ref, plan.fetchDepth);
  await git.local(['config', '--local', '--unset-all', 'remote.origin.fetch']).catch(ignoreUnset);
  for (const refspec of refspecs.configured) {
    await git.local(['config', '--local', '--add', 'remote.origin.fetch', refspec]);
  }
  const deepen = plan.fetchDepth === 0 && (await isShallow(git)) ? ['--unshallow'] : [];
  if (ref.kind === 'sha') {
    await fetchCommit(git, ref.sha, deepen);
  } else {
    await git.network(
      [
        'fetch',
        '--progress',
        '--prune',
        plan.fetchDepth === 0 ? '--tags' : '--no-tags',
        ...depthArgs(plan),
        ...deepen,
        ...filterArgs(plan),
        REMOTE,
        ...refspecs.fetched,
      ],
      `fetching ${describeRef(ref)} of ${repository.name} from ${repository.git.host}`,
    );
  }

  const force = plan.clean ? ['--force'] : [];
  if (ref.kind === 'branch') {
    await git.network(
      ['checkout', '--quiet', ...force, '-B', ref.name, '--track', `refs/remotes/origin/${ref.name}`],
      `checking out branch ${ref.name} of ${repository.name}`,
    );
  } else if (ref.kind === 'tag') {
    await git.network(
      ['checkout', '--quiet', ...force, '--detach', `refs/tags/${ref.name}`],
      `checking out tag ${ref.name} of ${repository.name}`,
    );
  } else {
    await checkOutCommit(git, ref.sha, plan.clean);
  }
  await setSparseCheckout(git, gitDir);
  await removeOtherBranches(git, ref);
  if (plan.ref.kind === 'default' && ref.kind === 'branch') {
    await git.local(['symbolic-ref', 'refs/remotes/origin/HEAD', `refs/remotes/origin/${ref.name}`]);
  }
  if (plan.clean && plan.submodules === 'none') {
    const removed = await removeSubmoduleCheckouts(git);
    if (removed > 0)
      logger.info(`Removed the ${removed} submodule checkouts an earlier job made (submodules: false).`);
  }
  if (plan.clean) {
    const { stdout } = await git.local(['clean', '-ffdx']);
    const removed = stdout.split('\n').filter((line) => line.startsWith('Removing ')).length;
    if (removed > 0) logger.info(`Removed ${removed} untracked or ignored files and folders (clean: true).`);
  }
  const head = await readHead(git);
  return {
    commit: head.commit,
    ref: plan.ref.kind === 'name' ? plan.ref.name : ref.kind === 'sha' ? ref.sha : head.branch,
    ...ignoredFilterOf(git),
  };
}

/** The branch, tag or commit to fetch: `git clone --branch` tries a branch first, then a tag. */
async function resolveRef(git: RepositoryGit): Promise<ResolvedRef> {
  const { plan, repository } = git;
  if (plan.ref.kind === 'sha') return { kind: 'sha', sha: plan.ref.sha };
  const what = `looking up ${plan.ref.kind === 'default' ? 'the default branch' : plan.ref.name} of ${repository.name}`;
  if (plan.ref.kind === 'default') {
    const { stdout } = await git.network(['ls-remote', '--symref', REMOTE, 'HEAD'], what);
    const branch = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(stdout)?.[1];
    if (branch === undefined) throw notFound(what, 'HEAD');
    return { kind: 'branch', name: branch };
  }
  const name = plan.ref.name;
  const short = shortRefName(name);
  const candidates = name.startsWith('refs/heads/')
    ? [`refs/heads/${short}`]
    : name.startsWith('refs/tags/')
      ? [`refs/tags/${short}`]
      : [`refs/heads/${short}`, `refs/tags/${short}`];
  const { stdout } = await git.network(['ls-remote', REMOTE, ...candidates], what);
  const advertised = new Set(stdout.split('\n').map((line) => line.split('\t')[1]));
  const found = candidates.find((candidate) => advertised.has(candidate));
  if (found === undefined) throw notFound(what, short);
  return found.startsWith('refs/heads/') ? { kind: 'branch', name: short } : { kind: 'tag', name: short };
}

/** What a fresh clone at this depth would fetch and keep in `remote.origin.fetch`. */
function fetchRefspecs(ref: ResolvedRef, depth: number): { fetched: string[]; configured: string[] } {
  const everyBranch = '+refs/heads/*:refs/remotes/origin/*';
  if (ref.kind === 'sha') return { fetched: [], configured: [everyBranch] };
  const own =
    ref.kind === 'branch'
      ? `+refs/heads/${ref.name}:refs/remotes/origin/${ref.name}`
      : `+refs/tags/${ref.name}:refs/tags/${ref.name}`;
  if (depth > 0) return { fetched: [own], configured: [own] };
  return {
    fetched: ref.kind === 'branch' ? [everyBranch] : [everyBranch, own],
    configured: [everyBranch],
  };
}

/** This step's filter, or none: a fresh clone with the same inputs would have exactly that. */
async function setPartialCloneFilter(git: RepositoryGit): Promise<void> {
  const { filter } = git.plan;
  if (filter === undefined) {
    for (const key of ['remote.origin.promisor', 'remote.origin.partialclonefilter']) {
      await git.local(['config', '--local', '--unset-all', key]).catch(ignoreUnset);
    }
    return;
  }
  await git.local(['config', '--local', 'remote.origin.promisor', 'true']);
  await git.local(['config', '--local', 'remote.origin.partialclonefilter', filter]);
}

/** This step's sparse set; without one, a sparse checkout an earlier job made is turned off. */
async function setSparseCheckout(git: RepositoryGit, gitDir: string): Promise<void> {
  if (git.plan.sparseCheckout.length > 0) {
    await applySparseCheckout(git);
  } else if ((await cloneConfig(git, 'core.sparsecheckout', 'worktree')) === 'true') {
    await git.network(
      ['sparse-checkout', 'disable'],
      `turning off the sparse checkout of ${git.repository.name}`,
    );
    // What `disable` leaves behind, which a clone that was never sparse does not have.
    for (const key of ['core.sparsecheckout', 'core.sparsecheckoutcone', 'index.sparse']) {
      await git.local(['config', '--worktree', '--unset-all', key]).catch(ignoreUnset);
    }
    if ((await git.local(['config', '--worktree', '--list'])).stdout.trim() === '') {
      await git.local(['config', '--local', '--unset-all', 'extensions.worktreeconfig']).catch(ignoreUnset);
      await rm(path.join(gitDir, 'config.worktree'), { force: true });
    }
    await rm(path.join(gitDir, 'info', 'sparse-checkout'), { force: true });
  }
}

/** Local branches and remote-tracking refs a fresh clone would not have (with their branch config). */
async function removeOtherBranches(git: RepositoryGit, ref: ResolvedRef): Promise<void> {
  const keep = new Set<string>();
  if (ref.kind === 'branch') keep.add(`refs/heads/${ref.name}`).add(`refs/remotes/origin/${ref.name}`);
  const everyRemoteBranch = git.plan.fetchDepth === 0;
  const { stdout } = await git.local(['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes']);
  const stale = stdout
    .split('\n')
    .filter((name) => name !== '' && !keep.has(name))
    .filter((name) => !(everyRemoteBranch && name.startsWith('refs/remotes/origin/')));
  if (stale.length === 0) return;
  await git.local(['update-ref', '--no-deref', '--stdin'], {
    input: stale.map((name) => `delete ${name}\n`).join(''),
  });
  for (const name of stale) {
    if (!name.startsWith('refs/heads/')) continue;
    const section = `branch.${name.slice('refs/heads/'.length)}`;
    await git.local(['config', '--local', '--remove-section', section]).catch(ignoreUnset);
  }
}

async function isShallow(git: RepositoryGit): Promise<boolean> {
  return (await git.local(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
}

function describeRef(ref: ResolvedRef): string {
  return ref.kind === 'sha' ? `commit ${ref.sha}` : `${ref.kind} ${ref.name}`;
}

/** Worded as `git clone --branch` words it, so that the explanation of a missing ref reads it the same. */
function notFound(what: string, name: string): GitCommandError {
  return new GitCommandError(what, 128, `fatal: Remote branch ${name} not found in upstream origin\n`);
}

/** `git config --unset-all` of a key that is not set exits with 5; nothing to do then. */
function ignoreUnset(error: unknown): void {
  if (error instanceof GitCommandError && (error.exitCode === 5 || error.exitCode === 1)) return;
  throw error;
}
