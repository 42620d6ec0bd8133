import path from 'node:path';
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import type { Logger } from '../core/logger.js';
import { gitProcessEnvironment, type GitConfigEntry } from './git-environment.js';
import { runGit, type GitResult } from './git-process.js';
import type { GitProcessRegistry } from './git-process-registry.js';
import { NetworkGit, QUIET } from './network-git.js';
import type { ConfigEntry } from './url-diversion.js';

export interface RepositoryGitDependencies {
  logger: Logger;
  /** A fresh `Authorization: Basic …` header for the clone URL's host and path, already masked. */
  authorizationHeader: () => Promise<string>;
  inheritedEnv: Readonly<Record<string, string | undefined>>;
  /** Where every git command is registered while it runs (the step's, so that a cancel stops them). */
  processes: GitProcessRegistry;
  /** The config every new clone of the step starts from, read once (readRunnerGitConfig). */
  runnerConfig?: () => Promise<readonly ConfigEntry[]>;
}

/** Local commands touch no network; a generous bound still keeps a wedged git from hanging the job. */
const LOCAL_COMMAND_SECONDS = 120;

export interface GitCall {
  /** Run in the clone target (default) or in the current directory (`git clone` creates the target). */
  inTarget?: boolean;
  /** Written to git's standard input. */
  input?: string;
  /** Local commands only: run in this directory inside the target instead (a submodule's work tree). */
  cwd?: string;
  /** Network commands only: the packet trace in the result's stderr (see NetworkCall). */
  tracePackets?: boolean;
}

/**
 * git commands for one repository of the plan: network commands carry a freshly signed header and the
 * stall bound as command-scoped config, local ones only the quiet settings. Run in the target, git never
 * looks above it for a repository (a workspace that is itself a clone stays out of it).
 */
export class RepositoryGit {
  readonly target: string;

  constructor(
    readonly plan: Plan,
    readonly repository: RepositoryPlan,
    private readonly deps: RepositoryGitDependencies,
  ) {
    this.target = repository.targetPath;
    this.signed = new NetworkGit({
      url: repository.cloneUrl,
      authorizationHeader: deps.authorizationHeader,
      stallSeconds: plan.networkTimeoutSeconds,
      environment: (config) => this.environment(config),
      logger: deps.logger,
      push: plan.persistCredentials,
      processes: deps.processes,
      ...(deps.runnerConfig !== undefined ? { runnerConfig: deps.runnerConfig } : {}),
    });
  }

  private readonly signed: NetworkGit;

  get logger(): Logger {
    return this.deps.logger;
  }

  get processes(): GitProcessRegistry {
    return this.deps.processes;
  }

  /** git said the server ignored the `--filter` of a network command: every blob was downloaded. */
  get serverIgnoredFilter(): boolean {
    return this.signed.serverIgnoredFilter;
  }

  /** A network command for the repository's URL, through the one signed path (src/git/network-git.ts). */
  async network(args: string[], what: string, call: GitCall = {}): Promise<GitResult> {
    const inTarget = call.inTarget !== false;
    const mode = inTarget ? 'in-clone' : 'clone';
    if (!this.checkedModes.has(mode)) {
      await this.signed.checkNotDiverted(mode, this.target, what);
      this.checkedModes.add(mode);
    }
    return this.signed.run(args, what, {
      ...(inTarget ? { cwd: this.target } : {}),
      ...(call.input !== undefined ? { input: call.input } : {}),
      ...(call.tracePackets === true ? { tracePackets: true } : {}),
    });
  }

  /** The divert check runs once per mode: before the clone, and once inside it. */
  private readonly checkedModes = new Set<'clone' | 'in-clone'>();

  local(args: string[], call: GitCall = {}): Promise<GitResult> {
    const cwd = call.inTarget !== false ? (call.cwd ?? this.target) : undefined;
    return runGit(args, {
      processes: this.deps.processes,
      ...(cwd !== undefined ? { cwd } : {}),
      env: this.environment(QUIET),
      inactivitySeconds: LOCAL_COMMAND_SECONDS,
      what: `git ${args[0] ?? ''} in ${cwd ?? this.target}`,
      ...(call.input !== undefined ? { input: call.input } : {}),
    });
  }

  /** The environment of a git command for this target, with the given command-scoped config. */
  environment(config: readonly GitConfigEntry[]): Record<string, string> {
    return {
      ...gitProcessEnvironment(this.deps.inheritedEnv, config),
      GIT_CEILING_DIRECTORIES: path.dirname(this.target),
    };
  }
}
