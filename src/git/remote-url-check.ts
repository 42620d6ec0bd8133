/**
 * Before a git command contacts a remote: read the config that command would read (system, global, the
 * clone's own, command-scoped) and refuse when it would send git to another URL than the planned one.
 */
import { devNull } from 'node:os';
import path from 'node:path';
import { runGit } from './git-process.js';
import type { GitProcessRegistry } from './git-process-registry.js';
import {
  diversionMessage,
  parseConfigListing,
  remoteUrlDiversions,
  type ConfigEntry,
} from './url-diversion.js';
import { capitalized } from '../core/text.js';

/** The config that sends git elsewhere; the message names each entry, its scope and file. */
export class DivertedRemoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DivertedRemoteError';
  }
}

export interface RemoteUrlCheck {
  /** Where the git reading the config is registered while it runs. */
  processes: GitProcessRegistry;
  remote: string;
  plannedUrl: string;
  /** The environment the network command will run with (its command-scoped config included). */
  env: Record<string, string>;
  /**
   * `clone`: `git clone` into `directory` (existing and empty), which reads no config of a repository
   * around it; `in-clone`: a command run in the clone `directory`, which reads the clone's config too.
   */
  mode: 'clone' | 'in-clone';
  directory: string;
  push: boolean;
  /** For the message: "cloning my-service from git-codecommit…". */
  what: string;
}

const LISTING_SECONDS = 60;
const LISTING = ['config', '--list', '--show-scope', '--show-origin', '-z'];

/**
 * `runnerConfig`, for a clone (`mode: 'clone'`): the config every new clone of the step starts from, read
 * once (readRunnerGitConfig); the clone's own command-scoped config never names a remote URL.
 */
export async function checkRemoteUrl(
  check: RemoteUrlCheck,
  runnerConfig?: () => Promise<readonly ConfigEntry[]>,
): Promise<void> {
  const entries =
    check.mode === 'clone' && runnerConfig !== undefined ? await runnerConfig() : await listConfig(check);
  const diversions = remoteUrlDiversions(entries, {
    remote: check.remote,
    plannedUrl: check.plannedUrl,
    cloneWritesUrl: check.mode === 'clone',
    push: check.push,
  });
  if (diversions.length > 0) {
    throw new DivertedRemoteError(diversionMessage(capitalized(check.what), check.plannedUrl, diversions));
  }
}

async function listConfig(check: RemoteUrlCheck): Promise<ConfigEntry[]> {
  const env =
    check.mode === 'clone'
      ? // Reading config from inside the empty target must not find a repository above it.
        { ...check.env, GIT_CEILING_DIRECTORIES: path.dirname(check.directory) }
      : check.env;
  const { stdout } = await runGit(LISTING, {
    processes: check.processes,
    cwd: check.directory,
    env,
    inactivitySeconds: LISTING_SECONDS,
    what: `reading the git config for ${check.what}`,
  });
  return parseConfigListing(stdout);
}

/**
 * The config a clone reads before it exists (system, global and command-scoped), read once for every
 * clone of a step: git is pointed at a repository that cannot exist (under the null device), so it reads
 * no repository's config, wherever it runs.
 */
export async function readRunnerGitConfig(
  env: Record<string, string>,
  processes: GitProcessRegistry,
): Promise<ConfigEntry[]> {
  const { stdout } = await runGit(LISTING, {
    processes,
    env: { ...env, GIT_DIR: path.join(devNull, 'no-repository') },
    inactivitySeconds: LISTING_SECONDS,
    what: "reading the runner's git config",
  });
  return parseConfigListing(stdout);
}
