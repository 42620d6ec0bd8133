import type { Plan } from '../plan/plan.js';
import type { Logger } from '../runtime/logger.js';
import { gitProcessEnvironment, networkConfig, type GitConfigEntry } from './git-environment.js';
import { GitCommandError, runGit } from './git-process.js';
import { isIntermediateProgressLine } from './progress-lines.js';

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

/**
 * Clones `plan.cloneUrl` into `plan.targetPath` (an existing empty directory). Branches, tags and the
 * default branch go through `git clone`; a commit SHA is fetched by itself after `git init`.
 */
export async function cloneRepository(plan: Plan, deps: CloneDependencies): Promise<CloneResult> {
  const git = new CloneGit(plan, deps);
  if (plan.ref.kind === 'sha') {
    await git.fetchCommit(plan.ref.sha);
    const commit = await git.headCommit();
    return { commit, ref: plan.ref.sha };
  }
  await git.cloneBranchOrTag(plan.ref.kind === 'name' ? shortRefName(plan.ref.name) : undefined);
  const commit = await git.headCommit();
  const ref = plan.ref.kind === 'name' ? plan.ref.name : await git.currentBranch();
  return { commit, ref };
}

/** `git clone --branch` takes short names: `refs/heads/x` and `refs/tags/x` become `x`. */
function shortRefName(name: string): string {
  return name.replace(/^refs\/(heads|tags)\//, '');
}

class CloneGit {
  constructor(
    private readonly plan: Plan,
    private readonly deps: CloneDependencies,
  ) {}

  async cloneBranchOrTag(branch: string | undefined): Promise<void> {
    const args = ['clone', '--progress', ...this.depthArgs()];
    if (branch !== undefined) args.push(`--branch=${branch}`);
    args.push('--', this.plan.cloneUrl, this.plan.targetPath);
    await this.network(args, `cloning ${this.plan.repositoryName} from ${this.plan.git.host}`);
  }

  async fetchCommit(sha: string): Promise<void> {
    await this.local(['init', '--quiet', '--', this.plan.targetPath], undefined);
    await this.local(['remote', 'add', 'origin', this.plan.cloneUrl], this.plan.targetPath);
    const what = `fetching commit ${sha} of ${this.plan.repositoryName} from ${this.plan.git.host}`;
    try {
      await this.network(
        ['fetch', '--progress', '--no-tags', ...this.depthArgs(), 'origin', sha],
        what,
        true,
      );
    } catch (error) {
      if (!(error instanceof GitCommandError) || !refusesUnadvertisedObject(error.stderr)) throw error;
      this.deps.logger.info(
        'The server does not serve a commit by SHA; fetching all branches and tags instead.',
      );
      await this.network(
        ['fetch', '--progress', 'origin', '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'],
        what,
        true,
      );
    }
    await this.local(['checkout', '--quiet', '--detach', sha], this.plan.targetPath);
  }

  async headCommit(): Promise<string> {
    const { stdout } = await this.local(['rev-parse', '--verify', 'HEAD^{commit}'], this.plan.targetPath);
    return stdout.trim();
  }

  async currentBranch(): Promise<string> {
    const { stdout } = await this.local(['symbolic-ref', '--quiet', '--short', 'HEAD'], this.plan.targetPath);
    return stdout.trim();
  }

  private depthArgs(): string[] {
    return this.plan.fetchDepth > 0 ? [`--depth=${this.plan.fetchDepth}`] : [];
  }

  private async network(args: string[], what: string, inClone = false): Promise<void> {
    const header = await this.deps.authorizationHeader();
    const config = networkConfig({
      authorizationHeader: header,
      stallSeconds: this.plan.networkTimeoutSeconds,
    });
    await runGit(args, {
      ...(inClone ? { cwd: this.plan.targetPath } : {}),
      env: gitProcessEnvironment(this.deps.inheritedEnv, config),
      inactivitySeconds: this.plan.networkTimeoutSeconds,
      what,
      onStderrLine: (line) => {
        if (!isIntermediateProgressLine(line)) this.deps.logger.info(line);
      },
    });
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

function refusesUnadvertisedObject(stderr: string): boolean {
  return /not our ref|unadvertised object|couldn't find remote ref/i.test(stderr);
}
