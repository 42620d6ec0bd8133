/**
 * The one way the action runs git against a repository URL with its credentials: the URL-divert check
 * first, then each command with a header signed right before it, scoped to that URL (command-scoped
 * config in a cleaned environment, never argv, a URL or a file), bounded by the stall watchdog, its
 * progress lines kept out of the log. The clone, the reuse, the cache mirror, each submodule and
 * diagnose all run their network commands here.
 */
import type { Logger } from '../core/logger.js';
import { networkConfig, stallConfig, type GitConfigEntry } from './git-environment.js';
import { GitCommandError, runGit, type GitResult } from './git-process.js';
import type { GitProcessRegistry } from './git-process-registry.js';
import { FILTER_NOT_RECOGNIZED } from './git-messages.js';
import { isIntermediateProgressLine } from './progress-lines.js';
import { checkRemoteUrl } from './remote-url-check.js';
import { isTraceLine, withoutTraceLines } from './server-capabilities.js';
import { transferSilenceSeconds } from './transfer-silence.js';
import { withoutUserinfo, type ConfigEntry } from './url-diversion.js';

/** The clone's remote, named explicitly so that no `clone.defaultRemoteName` of the runner renames it. */
export const REMOTE = 'origin';

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

export interface NetworkGitSettings {
  /** The URL the commands contact (`https://host[:port]/v1/repos/<name>`), exactly as planned. */
  url: string;
  /**
   * A fresh `Authorization: Basic …` for `url`, already masked; absent for a repository on another host,
   * which gets the runner's own git configuration and no CodeCommit credential (nor the divert check).
   */
  authorizationHeader?: () => Promise<string>;
  stallSeconds: number;
  /** The process environment of a git command with this command-scoped config (cleaned, with its ceiling). */
  environment: (config: readonly GitConfigEntry[]) => Record<string, string>;
  logger: Logger;
  /** persist-credentials: the divert check covers push URLs too. */
  push: boolean;
  /** Where every git command is registered while it runs. */
  processes: GitProcessRegistry;
  /** The config every new clone of the step starts from, read once (readRunnerGitConfig). */
  runnerConfig?: () => Promise<readonly ConfigEntry[]>;
}

export interface NetworkCall {
  cwd?: string;
  /** Written to git's standard input. */
  input?: string;
  /**
   * Trace the packets git exchanges (GIT_TRACE_PACKET, redacted) into the result's stderr, where the
   * server's capability advertisement is read: never into the log, nor into a failure's message.
   */
  tracePackets?: boolean;
}

export class NetworkGit {
  constructor(private readonly settings: NetworkGitSettings) {}

  /** git said the server ignored the `--filter` of a command run here: all blobs came anyway. */
  get serverIgnoredFilter(): boolean {
    return this.filterIgnored;
  }

  private filterIgnored = false;

  /**
   * Before the first network command of a clone (`clone`), and again before the first one inside it
   * (`in-clone`, which reads the clone's own config too): when the runner's config would send git to
   * another URL than the planned one, stop.
   */
  async checkNotDiverted(mode: 'clone' | 'in-clone', directory: string, what: string): Promise<void> {
    const { url, stallSeconds, push } = this.settings;
    if (this.settings.authorizationHeader === undefined) return;
    await checkRemoteUrl(
      {
        processes: this.settings.processes,
        remote: REMOTE,
        plannedUrl: url,
        env: this.settings.environment([...QUIET, ...networkConfig({ url, stallSeconds })]),
        mode,
        directory,
        push,
        what,
      },
      this.settings.runnerConfig,
    );
  }

  async run(args: readonly string[], what: string, call: NetworkCall = {}): Promise<GitResult> {
    const { url, stallSeconds, logger } = this.settings;
    const config =
      this.settings.authorizationHeader === undefined
        ? [...QUIET, ...stallConfig(stallSeconds)]
        : [
            ...QUIET,
            ...networkConfig({
              url,
              stallSeconds,
              authorizationHeader: await this.settings.authorizationHeader(),
            }),
          ];
    const trace = call.tracePackets === true;
    const env = this.settings.environment(config);
    // The trace is redacted (no Authorization header), and read here only.
    if (trace) Object.assign(env, { GIT_TRACE_PACKET: '1', GIT_TRACE_REDACT: '1' });
    const running = runGit(args, {
      processes: this.settings.processes,
      ...(call.cwd !== undefined ? { cwd: call.cwd } : {}),
      env,
      inactivitySeconds: stallSeconds,
      transferInactivitySeconds: transferSilenceSeconds(stallSeconds),
      what,
      ...(call.input !== undefined ? { input: call.input } : {}),
      onStderrLine: (line) => {
        if (FILTER_NOT_RECOGNIZED.test(line)) this.filterIgnored = true;
        if (trace && isTraceLine(line)) return;
        if (!isIntermediateProgressLine(line)) logger.info(withoutUserinfo(line));
      },
    });
    if (!trace) return running;
    return running.catch((error: unknown) => {
      if (!(error instanceof GitCommandError)) throw error;
      throw new GitCommandError(
        error.what,
        error.exitCode,
        withoutTraceLines(error.stderr),
        error.timedOutAfterSeconds,
      );
    });
  }
}
