import type { Plan, RepositoryPlan } from '../plan/plan.js';
import type { Logger } from '../runtime/logger.js';
import { gitProcessEnvironment, networkConfig, type GitConfigEntry } from './git-environment.js';
import { MISSING_REF } from './git-messages.js';
import { GitCommandError, runGit } from './git-process.js';
import { isIntermediateProgressLine } from './progress-lines.js';
import { checkRemoteUrl } from './remote-url-check.js';

export interface CloneResult {
  /** The checked-out commit SHA. */
  commit: string;
  /** The ref checked out: the branch or tag asked for, the default branch's name, or the SHA. */
  ref: string;
}

export interface CloneDependencies {
  logger: Logger;
  /** A fresh `Authorization: Basic …` header for the clone URL's host and path, already masked. */
  authorizationHeader: () => Promise<string>;
  inheritedEnv: Readonly<Record<string, string | undefined>>;
}

/** The detached-HEAD advice after checking out a tag or SHA is noise in a CI log. */
const QUIET: GitConfigEntry[] = [['advice.detachedHead', 'false']];

/** Local commands touch no network; a generous bound still keeps a wedged git from hanging the job. */
const LOCAL_COMMAND_SECONDS = 120;

/** The clone's remote, named explicitly so that no `clone.defaultRemoteName` of the runner renames it. */
const REMOTE = 'origin';

/**
 * Clones one repository into its target (an existing empty directory). Branches, tags and the default
 * branch go through `git clone`; a commit SHA is fetched by itself after `git init`. `filter` makes a
 * partial clone and `sparseCheckout` a cone-mode sparse checkout; both fetch lazily, with credentials.
 */
export async function cloneRepository(
  plan: Plan,
  repository: RepositoryPlan,
  deps: CloneDependencies,
): Promise<CloneResult> {
  const git = new CloneGit(plan, repository, deps);
  if (plan.ref.kind === 'sha') {
    await git.fetchCommit(plan.ref.sha);
    return { commit: (await git.head()).commit, ref: plan.ref.sha };
  }
  await git.cloneBranchOrTag(plan.ref.kind === 'name' ? shortRefName(plan.ref.name) : undefined);
  const head = await git.head();
  return { commit: head.commit, ref: plan.ref.kind === 'name' ? plan.ref.name : head.branch };
}

/** `git clone --branch` takes short names: `refs/heads/x` and `refs/tags/x` become `x`. */
function shortRefName(name: string): string {
  return name.replace(/^refs\/(heads|tags)\//, '');
}

class CloneGit {
  private readonly target: string;

  constructor(
    private readonly plan: Plan,
    private readonly repository: RepositoryPlan,
    private readonly deps: CloneDependencies,
  ) {
    this.target = repository.targetPath;
  }

  async cloneBranchOrTag(branch: string | undefined): Promise<void> {
    const args = ['clone', '--progress', `--origin=${REMOTE}`, ...this.depthArgs(), ...this.filterArgs()];
    if (this.plan.sparseCheckout.length > 0) args.push('--sparse');
    if (branch !== undefined) args.push(`--branch=${branch}`);
    args.push('--', this.repository.cloneUrl, this.target);
    await this.network(args, `cloning ${this.repository.name} from ${this.repository.git.host}`, false);
    await this.applySparseCheckout();
  }

  async fetchCommit(sha: string): Promise<void> {
    await this.local(['init', '--quiet', '--', this.target], undefined);
    await this.local(['remote', 'add', REMOTE, this.repository.cloneUrl], this.target);
    await this.applySparseCheckout();
    const what = `fetching commit ${sha} of ${this.repository.name} from ${this.repository.git.host}`;
    const fetch = ['fetch', '--progress', '--no-tags', ...this.filterArgs()];
    try {
      await this.network([...fetch, ...this.depthArgs(), REMOTE, sha], what);
    } catch (error) {
      if (!(error instanceof GitCommandError) || !MISSING_REF.test(error.stderr)) throw error;
      this.deps.logger.info(
        'The server does not serve a commit by SHA; fetching all branches and tags instead.',
      );
      await this.network(
        [...fetch, REMOTE, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'],
        what,
      );
    }
    // With a filter or a sparse checkout, checking out fetches the blobs it needs.
    await this.network(
      ['checkout', '--quiet', '--detach', sha],
      `checking out ${sha} of ${this.repository.name}`,
    );
  }

  /** The checked-out commit and the branch HEAD names (`HEAD` when detached), in one git call. */
  async head(): Promise<{ commit: string; branch: string }> {
    const { stdout } = await this.local(['rev-parse', 'HEAD^{commit}', '--abbrev-ref', 'HEAD'], this.target);
    const [commit = '', branch = ''] = stdout.trim().split('\n');
    return { commit, branch };
  }

  /** Cone mode, directories on stdin: no user text ever reaches git as an argument. */
  private async applySparseCheckout(): Promise<void> {
    if (this.plan.sparseCheckout.length === 0) return;
    await this.network(
      ['sparse-checkout', 'set', '--cone', '--stdin'],
      `setting the sparse checkout of ${this.repository.name}`,
      true,
      `${this.plan.sparseCheckout.join('\n')}\n`,
    );
  }

  private depthArgs(): string[] {
    return this.plan.fetchDepth > 0 ? [`--depth=${this.plan.fetchDepth}`] : [];
  }

  private filterArgs(): string[] {
    return this.plan.filter !== undefined ? [`--filter=${this.plan.filter}`] : [];
  }

  private async network(args: string[], what: string, inClone = true, input?: string): Promise<void> {
    const settings = { url: this.repository.cloneUrl, stallSeconds: this.plan.networkTimeoutSeconds };
    await this.refuseDivertedRemote(inClone, [...QUIET, ...networkConfig(settings)], what);
    const header = await this.deps.authorizationHeader();
    const config = [...QUIET, ...networkConfig({ ...settings, authorizationHeader: header })];
    await runGit(args, {
      ...(inClone ? { cwd: this.target } : {}),
      env: gitProcessEnvironment(this.deps.inheritedEnv, config),
      inactivitySeconds: this.plan.networkTimeoutSeconds,
      what,
      ...(input !== undefined ? { input } : {}),
      onStderrLine: (line) => {
        if (!isIntermediateProgressLine(line)) this.deps.logger.info(line);
      },
    });
  }

  /**
   * Before the first network command of a clone, and again before the first one inside it (which reads
   * the clone's own config too): when the runner's config would send git to another URL, stop.
   */
  private readonly checkedModes = new Set<'clone' | 'in-clone'>();

  private async refuseDivertedRemote(
    inClone: boolean,
    config: GitConfigEntry[],
    what: string,
  ): Promise<void> {
    const mode = inClone ? 'in-clone' : 'clone';
    if (this.checkedModes.has(mode)) return;
    await checkRemoteUrl({
      remote: REMOTE,
      plannedUrl: this.repository.cloneUrl,
      env: gitProcessEnvironment(this.deps.inheritedEnv, config),
      mode,
      directory: this.target,
      push: this.plan.persistCredentials,
      what,
    });
    this.checkedModes.add(mode);
  }

  private local(args: string[], cwd: string | undefined) {
    return runGit(args, {
      ...(cwd !== undefined ? { cwd } : {}),
      env: gitProcessEnvironment(this.deps.inheritedEnv, QUIET),
      inactivitySeconds: LOCAL_COMMAND_SECONDS,
      what: `git ${args[0] ?? ''}`,
    });
  }
}
