/**
 * The submodule step after a repository's checkout (fresh, by SHA or reused): each submodule the
 * checked-out commit records is checked out at its recorded commit, one `git submodule update` each.
 * A CodeCommit submodule is fetched through the step's git endpoint with a header signed for its own
 * repository path and scoped to its exact URL (command-scoped config, never a file); any other host gets
 * the runner's own git configuration and no CodeCommit credentials. `recursive` does the same inside
 * each submodule.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import { submoduleSource, type SubmoduleSource } from '../plan/submodule-url.js';
import type { Logger } from '../core/logger.js';
import { FinalGitFailure } from './git-attempts.js';
import { GitCommandError } from './git-process.js';
import { removeCredentialSettings } from './credential-settings.js';
import { NetworkGit, REMOTE } from './network-git.js';
import type { RepositoryGit } from './repository-git.js';
import {
  parseGitlinks,
  parseGitmodulesListing,
  submoduleNameProblem,
  submodulePathProblem,
  type GitmodulesEntry,
  type Gitlink,
} from './submodule-entries.js';
import { withoutUserinfo } from './url-diversion.js';
import { messageOf } from '../core/text.js';

export type ReachableSource = Exclude<SubmoduleSource, { kind: 'invalid' }>;

/** A submodule as the step checked it out. */
export interface SubmoduleCheckout {
  /** As `.gitmodules` names it (git keeps its repository in `.git/modules/<name>` of its parent). */
  name: string;
  /** Relative to the top repository's work tree: `libs/lib`, or `libs/lib/vendor/x` inside it. */
  path: string;
  workTree: string;
  source: ReachableSource;
  commit: string;
}

/** One submodule, for messages: which one and where it comes from. */
export interface SubmoduleSubject {
  name: string;
  path: string;
  /** The URL as `.gitmodules` gives it. */
  url: string;
  source: ReachableSource;
  /** For a CodeCommit submodule: its repository as the step fetches it (work tree as target). */
  repository?: RepositoryPlan;
}

/** A submodule could not be checked out: `failure` is why (a FinalGitFailure for a git command). */
export class SubmoduleFailure extends Error {
  constructor(
    readonly subject: { name: string; path: string; url: string; source?: ReachableSource },
    readonly failure: unknown,
  ) {
    super(`Submodule ${subject.path}: ${messageOf(failure)}`);
    this.name = 'SubmoduleFailure';
  }
}

export interface SubmoduleDependencies {
  logger: Logger;
  inheritedEnv: Readonly<Record<string, string | undefined>>;
  /** A fresh `Authorization: Basic …` for the step's git endpoint and this repository path, masked. */
  authorizationHeader: (repositoryPath: string) => Promise<string>;
  /** Runs a network operation with the step's attempts; throws a FinalGitFailure when git fails for good. */
  attempts: <T>(subject: SubmoduleSubject, operation: () => Promise<T>) => Promise<T>;
}

/** Submodules inside submodules this deep are refused: a repository that nests itself would never end. */
export const MAX_SUBMODULE_NESTING = 8;

/** What git says when a shallow fetch could not bring the recorded commit (the server serves tips only). */
const RECORDED_COMMIT_NOT_SERVED =
  /did not contain [0-9a-f]{40}|Direct fetching of that commit failed|not our ref|unadvertised object/i;

interface Parent {
  workTree: string;
  /** Its `origin` URL: what relative submodule URLs resolve against. */
  url: string;
  /** Its path relative to the top work tree, '' for the top repository. */
  prefix: string;
}

/**
 * Checks out the submodules of `git`'s repository as `plan.submodules` says (none: nothing at all);
 * returns them in the order done. Throws a SubmoduleFailure naming the submodule.
 */
export async function checkOutSubmodules(
  git: RepositoryGit,
  deps: SubmoduleDependencies,
): Promise<SubmoduleCheckout[]> {
  if (git.plan.submodules === 'none') return [];
  const done: SubmoduleCheckout[] = [];
  await checkOutLevel(git, deps, { workTree: git.target, url: git.repository.cloneUrl, prefix: '' }, 1, done);
  return done;
}

async function checkOutLevel(
  git: RepositoryGit,
  deps: SubmoduleDependencies,
  parent: Parent,
  level: number,
  done: SubmoduleCheckout[],
): Promise<void> {
  const links = parseGitlinks(
    (await git.local(['ls-files', '-z', '--stage', '-t'], { cwd: parent.workTree })).stdout,
  );
  if (links.length === 0) return;
  const entries = await readGitmodules(git, parent.workTree);
  for (const link of links) {
    const shownPath = `${parent.prefix}${link.path}`;
    const entry = entries.find((candidate) => candidate.path === link.path);
    const skipped = skipReason(link, entry);
    if (skipped !== undefined || entry === undefined) {
      deps.logger.warning(`Submodule ${shownPath} left out: ${skipped ?? 'no entry in .gitmodules'}.`);
      continue;
    }
    if (entry.update === 'none') {
      deps.logger.info(`Submodule ${shownPath} left out: .gitmodules says update = none.`);
      continue;
    }
    const subject = planSubmodule(git.plan, git.repository, parent, link, entry, shownPath);
    if (level > MAX_SUBMODULE_NESTING) {
      throw new SubmoduleFailure(
        subject,
        new Error(`submodules nest more than ${MAX_SUBMODULE_NESTING} levels deep; the step stops there`),
      );
    }
    const workTree = path.join(parent.workTree, ...link.path.split('/'));
    try {
      const commit = await checkOutOne(git, deps, parent, link, subject, workTree);
      done.push({ name: entry.name, path: shownPath, workTree, source: subject.source, commit });
    } catch (error) {
      throw error instanceof SubmoduleFailure ? error : new SubmoduleFailure(subject, error);
    }
    if (git.plan.submodules === 'recursive') {
      const url = subject.source.kind === 'codecommit' ? subject.source.cloneUrl : subject.source.url;
      await checkOutLevel(git, deps, { workTree, url, prefix: `${shownPath}/` }, level + 1, done);
    }
  }
}

/** The `.gitmodules` of the checked-out commit (not the work tree's, which a step may have edited). */
async function readGitmodules(git: RepositoryGit, workTree: string): Promise<GitmodulesEntry[]> {
  const { stdout: listed } = await git.local(['ls-tree', '-z', 'HEAD', '--', '.gitmodules'], {
    cwd: workTree,
  });
  // A symbolic link (mode 120000) would make git read some other file: git itself refuses one.
  if (!listed.startsWith('100644 blob ')) return [];
  try {
    const { stdout } = await git.local(
      ['config', '--blob', 'HEAD:.gitmodules', '-z', '--get-regexp', '^submodule\\..*\\.(path|url|update)$'],
      { cwd: workTree },
    );
    return parseGitmodulesListing(stdout);
  } catch (error) {
    // Exit status 1: no key matched.
    if (error instanceof GitCommandError && error.exitCode === 1) return [];
    throw error;
  }
}

function skipReason(link: Gitlink, entry: GitmodulesEntry | undefined): string | undefined {
  if (link.skipWorktree) return 'it is outside the sparse checkout';
  if (entry === undefined) return 'the commit records it, but .gitmodules has no entry for its path';
  if (entry.url === undefined) return `.gitmodules gives submodule '${entry.name}' no url`;
  return undefined;
}

/** Checks the entry's name, path and URL; the CodeCommit repository or foreign URL it names. */
function planSubmodule(
  plan: Plan,
  top: RepositoryPlan,
  parent: Parent,
  link: Gitlink,
  entry: GitmodulesEntry,
  shownPath: string,
): SubmoduleSubject {
  const url = entry.url ?? '';
  const refuse = (problem: string): never => {
    throw new SubmoduleFailure(
      { name: entry.name, path: shownPath, url },
      new Error(`${problem} (in .gitmodules: submodule '${entry.name}', url ${withoutUserinfo(url)})`),
    );
  };
  const problem = submoduleNameProblem(entry.name) ?? submodulePathProblem(link.path);
  if (problem !== undefined) refuse(problem);
  const source = submoduleSource(url, { parentUrl: parent.url, region: plan.region, git: top.git });
  if (source.kind === 'invalid') return refuse(`its URL cannot be used: ${source.problem}`);
  const subject: SubmoduleSubject = { name: entry.name, path: shownPath, url, source };
  if (source.kind === 'codecommit') {
    subject.repository = {
      name: source.name,
      git: top.git,
      repositoryPath: source.repositoryPath,
      cloneUrl: source.cloneUrl,
      targetPath: path.join(parent.workTree, ...link.path.split('/')),
    };
  }
  return subject;
}

/** One submodule: config, the signed (or foreign) update, the fallback to full history; its commit. */
async function checkOutOne(
  git: RepositoryGit,
  deps: SubmoduleDependencies,
  parent: Parent,
  link: Gitlink,
  subject: SubmoduleSubject,
  workTree: string,
): Promise<string> {
  const { plan } = git;
  const { source } = subject;
  const url = source.kind === 'codecommit' ? source.cloneUrl : source.url;
  deps.logger.info(
    source.kind === 'codecommit'
      ? `Submodule ${subject.path}: CodeCommit repository ${source.name} through ${git.repository.git.host}, commit ${link.commit}`
      : `Submodule ${subject.path}: ${withoutUserinfo(url)} on ${source.host}, commit ${link.commit} ` +
          "(not CodeCommit: fetched with the runner's own git configuration, without the CodeCommit credentials)",
  );
  const existing = existsSync(path.join(workTree, '.git'));
  const moduleGitDir = await existingModuleGitDir(git, parent.workTree, workTree, subject.name);
  if (moduleGitDir !== undefined) {
    // An earlier job's: no credential of its left, and its origin this step's URL (git does not sync it).
    const configFile = path.join(moduleGitDir, 'config');
    const removed = await removeCredentialSettings(git, configFile);
    if (removed.length > 0) {
      deps.logger.info(
        `Removed credential settings an earlier job left in submodule ${subject.path}: ${removed.join(', ')}`,
      );
    }
    await git.local(['config', `--file=${configFile}`, `remote.${REMOTE}.url`, url]);
  }
  if (!existing) await mkdir(workTree, { recursive: true });
  await git.local(['config', '--local', `submodule.${subject.name}.url`, url], { cwd: parent.workTree });
  await git.local(['config', '--local', `submodule.${subject.name}.active`, 'true'], {
    cwd: parent.workTree,
  });

  const network = networkOf(git, deps, subject);
  const update = (depth: boolean) => [
    'submodule',
    'update',
    '--checkout',
    '--no-recommend-shallow',
    ...(plan.clean ? ['--force'] : []),
    ...(depth && plan.fetchDepth > 0 ? [`--depth=${plan.fetchDepth}`] : []),
    '--',
    link.path,
  ];
  const what = `checking out submodule ${subject.path} from ${source.kind === 'codecommit' ? git.repository.git.host : source.host}`;
  await network.checkNotDiverted(existing ? 'in-clone' : 'clone', workTree, what);
  try {
    await deps.attempts(subject, () => network.run(update(true), what, { cwd: parent.workTree }));
  } catch (error) {
    const missed =
      plan.fetchDepth > 0 &&
      error instanceof FinalGitFailure &&
      RECORDED_COMMIT_NOT_SERVED.test(error.error.stderr) &&
      existsSync(path.join(workTree, '.git'));
    if (!missed) throw error;
    deps.logger.info(
      `The server did not send commit ${link.commit} of submodule ${subject.path} by itself at depth ` +
        `${plan.fetchDepth}; fetching the submodule's whole history instead.`,
    );
    const shallow =
      (await git.local(['rev-parse', '--is-shallow-repository'], { cwd: workTree })).stdout.trim() === 'true';
    const fetchWhat = `fetching the whole history of submodule ${subject.path}`;
    await network.checkNotDiverted('in-clone', workTree, fetchWhat);
    await deps.attempts(subject, () =>
      network.run(
        [
          'fetch',
          '--progress',
          '--no-tags',
          ...(shallow ? ['--unshallow'] : []),
          REMOTE,
          `+refs/heads/*:refs/remotes/${REMOTE}/*`,
        ],
        fetchWhat,
        { cwd: workTree },
      ),
    );
    await deps.attempts(subject, () => network.run(update(false), what, { cwd: parent.workTree }));
  }
  if (plan.clean && existing) {
    const { stdout } = await git.local(['clean', '-ffdx'], { cwd: workTree });
    const removed = stdout.split('\n').filter((line) => line.startsWith('Removing ')).length;
    if (removed > 0) {
      deps.logger.info(
        `Removed ${removed} untracked or ignored files and folders in submodule ${subject.path}.`,
      );
    }
  }
  return (await git.local(['rev-parse', 'HEAD'], { cwd: workTree })).stdout.trim();
}

/**
 * How a submodule's network commands run, through the one signed path: a CodeCommit one with the header
 * for its own path scoped to its exact URL, signed right before each command; a foreign one with the
 * runner's git config as it is, with only the stall bound added.
 */
function networkOf(git: RepositoryGit, deps: SubmoduleDependencies, subject: SubmoduleSubject): NetworkGit {
  const repository = subject.repository;
  const source = subject.source;
  return new NetworkGit({
    url: repository !== undefined ? repository.cloneUrl : source.kind === 'foreign' ? source.url : '',
    ...(repository !== undefined
      ? { authorizationHeader: () => deps.authorizationHeader(repository.repositoryPath) }
      : {}),
    stallSeconds: git.plan.networkTimeoutSeconds,
    environment: (config) => git.environment(config),
    logger: deps.logger,
    push: git.plan.persistCredentials,
    processes: git.processes,
  });
}

/**
 * The git directory an earlier job left for this submodule: the one its work tree's `.git` names, or
 * `modules/<name>` of its parent's git directory (which `git submodule update` takes up again).
 */
async function existingModuleGitDir(
  git: RepositoryGit,
  parentWorkTree: string,
  workTree: string,
  name: string,
): Promise<string | undefined> {
  const gitDirOf = async (cwd: string): Promise<string> =>
    (await git.local(['rev-parse', '--absolute-git-dir'], { cwd })).stdout.trim();
  if (existsSync(path.join(workTree, '.git'))) return gitDirOf(workTree);
  const candidate = path.join(await gitDirOf(parentWorkTree), 'modules', ...name.split('/'));
  return existsSync(path.join(candidate, 'HEAD')) ? candidate : undefined;
}

/**
 * With `submodules: false` and `clean`, a reused clone must look like a fresh one: the submodules an
 * earlier job checked out are emptied and unregistered (`git submodule deinit`; their repositories stay
 * in `.git/modules`, ready for a later run). Local only. Returns how many there were.
 */
export async function removeSubmoduleCheckouts(git: RepositoryGit): Promise<number> {
  let registered: string;
  try {
    registered = (await git.local(['config', '--local', '-z', '--get-regexp', '^submodule\\..*\\.url$']))
      .stdout;
  } catch (error) {
    // Exit status 1: none registered.
    if (error instanceof GitCommandError && error.exitCode === 1) return 0;
    throw error;
  }
  const count = registered.split('\0').filter((record) => record !== '').length;
  await git.local(['submodule', 'deinit', '--all', '--force', '--quiet']);
  // What deinit leaves of sections whose submodule is no longer in the commit.
  for (const record of registered.split('\0')) {
    const key = record.split('\n', 1)[0] ?? '';
    if (key === '') continue;
    const section = key.slice(0, -'.url'.length);
    await git.local(['config', '--local', '--remove-section', section]).catch(() => undefined);
  }
  return count;
}
