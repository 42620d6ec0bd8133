import path from 'node:path';
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import type { Logger } from '../core/logger.js';
import { gitProcessEnvironment, networkConfig, type GitConfigEntry } from './git-environment.js';
import { runGit, type GitResult } from './git-process.js';
import { isIntermediateProgressLine } from './progress-lines.js';
import { transferSilenceSeconds } from './transfer-silence.js';
import { checkRemoteUrl } from './remote-url-check.js';

/** The clone's remote, named explicitly so that no `clone.defaultRemoteName` of the runner renames it. */
export const REMOTE = 'origin';

export interface RepositoryGitDependencies {
  logger: Logger;
  /** A fresh `Authorization: Basic …` header for the clone URL's host and path, already masked. */
  authorizationHeader: () => Promise<string>;
  inheritedEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * The detached-HEAD advice after checking out a tag or SHA is noise in a CI log. No command recurses
 * into submodules on its own (a runner's `submodule.recurse` or `fetch.recurseSubmodules` would send
 * them this repository's credentials, or none): the submodule step checks them out, each signed for itself.
 */
export const QUIET: GitConfigEntry[] = [
  ['advice.detachedHead', 'false'],
  ['submodule.recurse', 'false'],
  ['fetch.recurseSubmodules', 'false'],
];

/** Local commands touch no network; a generous bound still keeps a wedged git from hanging the job. */
const LOCAL_COMMAND_SECONDS = 120;

export interface GitCall {
  /** Run in the clone target (default) or in the current directory (`git clone` creates the target). */
  inTarget?: boolean;
  /** Written to git's standard input. */
  input?: string;
  /** Local commands only: run in this directory inside the target instead (a submodule's work tree). */
  cwd?: string;
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
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  async network(args: string[], what: string, call: GitCall = {}): Promise<GitResult> {
    const settings = { url: this.repository.cloneUrl, stallSeconds: this.plan.networkTimeoutSeconds };
    await this.refuseDivertedRemote(call.inTarget !== false, [...QUIET, ...networkConfig(settings)], what);
    const header = await this.deps.authorizationHeader();
    const config = [...QUIET, ...networkConfig({ ...settings, authorizationHeader: header })];
    return runGit(args, {
      ...(call.inTarget !== false ? { cwd: this.target } : {}),
      env: this.environment(config),
      inactivitySeconds: this.plan.networkTimeoutSeconds,
      transferInactivitySeconds: transferSilenceSeconds(this.plan.networkTimeoutSeconds),
      what,
      ...(call.input !== undefined ? { input: call.input } : {}),
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

  local(args: string[], call: GitCall = {}): Promise<GitResult> {
    const cwd = call.inTarget !== false ? (call.cwd ?? this.target) : undefined;
    return runGit(args, {
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
