import path from 'node:path';
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import { readHeadFiles } from './head-files.js';
import { MISSING_REF } from './git-messages.js';
import { GitCommandError } from './git-process.js';
import { REMOTE } from './network-git.js';
import { RepositoryGit, type RepositoryGitDependencies } from './repository-git.js';

export interface CloneResult {
  /** The checked-out commit SHA. */
  commit: string;
  /** The ref checked out: the branch or tag asked for, the default branch's name, or the SHA. */
  ref: string;
  /**
   * The `filter` the server did not honour (git: "filtering not recognized by server, ignoring"): the
   * clone is complete, but the full history of blobs was downloaded.
   */
  ignoredFilter?: string;
}

export type CloneDependencies = RepositoryGitDependencies;

/** A local repository whose objects the clone borrows for the transfer, then copies: it ends self-contained. */
export interface BorrowedObjects {
  /** The bare mirror's folder (an absolute path). */
  mirror: string;
  /** For a commit by SHA: makes the fetched clone self-contained again (see src/workspace/cache-borrow.ts). */
  dissociate: (git: RepositoryGit) => Promise<void>;
  /** Before the fetch of a commit by SHA: lets the clone read the mirror's objects. */
  borrow: (git: RepositoryGit) => Promise<void>;
}

/**
 * Clones one repository into its target (an existing empty directory). Branches, tags and the default
 * branch go through `git clone`; a commit SHA is fetched by itself after `git init`. `filter` makes a
 * partial clone and `sparseCheckout` a cone-mode sparse checkout; both fetch lazily, with credentials.
 */
export async function cloneRepository(
  plan: Plan,
  repository: RepositoryPlan,
  deps: CloneDependencies,
  borrowed?: BorrowedObjects,
): Promise<CloneResult> {
  const git = new RepositoryGit(plan, repository, deps);
  if (plan.ref.kind === 'sha') {
    await git.local(['init', '--quiet', '--', git.target], { inTarget: false });
    await git.local(['remote', 'add', REMOTE, repository.cloneUrl]);
    await applySparseCheckout(git);
    if (borrowed !== undefined) await borrowed.borrow(git);
    await fetchCommit(git, plan.ref.sha);
    await checkOutCommit(git, plan.ref.sha, false);
    if (borrowed !== undefined) await borrowed.dissociate(git);
    return { commit: (await readHead(git)).commit, ref: plan.ref.sha, ...ignoredFilterOf(git) };
  }
  const args = ['clone', '--progress', `--origin=${REMOTE}`, ...depthArgs(plan), ...filterArgs(plan)];
  // Objects the mirror has are not transferred; --dissociate copies them in, so the clone needs no cache.
  if (borrowed !== undefined) args.push(`--reference-if-able=${borrowed.mirror}`, '--dissociate');
  if (plan.sparseCheckout.length > 0) args.push('--sparse');
  if (plan.ref.kind === 'name') args.push(`--branch=${shortRefName(plan.ref.name)}`);
  args.push('--', repository.cloneUrl, git.target);
  await git.network(args, `cloning ${repository.name} from ${repository.git.host}`, { inTarget: false });
  await applySparseCheckout(git);
  // The files git just wrote say it without another git; readHead when they are not as expected.
  const head = (await readHeadFiles(path.join(git.target, '.git'))) ?? (await readHead(git));
  return {
    commit: head.commit,
    ref: plan.ref.kind === 'name' ? plan.ref.name : head.branch,
    ...ignoredFilterOf(git),
  };
}

/** The plan's `filter`, when git said the server ignored it in one of this repository's commands. */
export function ignoredFilterOf(git: RepositoryGit): { ignoredFilter?: string } {
  const { filter } = git.plan;
  return filter !== undefined && git.serverIgnoredFilter ? { ignoredFilter: filter } : {};
}

/** `git clone --branch` takes short names: `refs/heads/x` and `refs/tags/x` become `x`. */
export function shortRefName(name: string): string {
  return name.replace(/^refs\/(heads|tags)\//, '');
}

/**
 * Fetches one commit by its SHA (at the plan's depth); a server that does not serve commits by SHA gets
 * a fetch of every branch and tag instead.
 */
export async function fetchCommit(git: RepositoryGit, sha: string, extra: string[] = []): Promise<void> {
  const { plan, repository } = git;
  const what = `fetching commit ${sha} of ${repository.name} from ${repository.git.host}`;
  const fetch = ['fetch', '--progress', '--no-tags', ...filterArgs(plan), ...extra];
  try {
    await git.network([...fetch, ...depthArgs(plan), REMOTE, sha], what);
  } catch (error) {
    if (!(error instanceof GitCommandError) || !MISSING_REF.test(error.stderr)) throw error;
    git.logger.info('The server does not serve a commit by SHA; fetching all branches and tags instead.');
    await git.network(
      [...fetch, REMOTE, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'],
      what,
    );
  }
}

/** With a filter or a sparse checkout, checking out fetches the blobs it needs: a network command. */
export async function checkOutCommit(git: RepositoryGit, sha: string, force: boolean): Promise<void> {
  await git.network(
    ['checkout', '--quiet', ...(force ? ['--force'] : []), '--detach', sha],
    `checking out ${sha} of ${git.repository.name}`,
  );
}

/** The checked-out commit and the branch HEAD names (`HEAD` when detached), in one git call. */
export async function readHead(git: RepositoryGit): Promise<{ commit: string; branch: string }> {
  const { stdout } = await git.local(['rev-parse', 'HEAD^{commit}', '--abbrev-ref', 'HEAD']);
  const [commit = '', branch = ''] = stdout.trim().split('\n');
  return { commit, branch };
}

/** Cone mode, directories on stdin: no user text ever reaches git as an argument. */
export async function applySparseCheckout(git: RepositoryGit): Promise<void> {
  if (git.plan.sparseCheckout.length === 0) return;
  await git.network(
    ['sparse-checkout', 'set', '--cone', '--stdin'],
    `setting the sparse checkout of ${git.repository.name}`,
    { input: `${git.plan.sparseCheckout.join('\n')}\n` },
  );
}

export function depthArgs(plan: Plan): string[] {
  return plan.fetchDepth > 0 ? [`--depth=${plan.fetchDepth}`] : [];
}

export function filterArgs(plan: Plan): string[] {
  return plan.filter !== undefined ? [`--filter=${plan.filter}`] : [];
}
