/**
 * Before a git command contacts a remote: read the config that command would read (system, global, the
 * clone's own, command-scoped) and refuse when it would send git to another URL than the planned one.
 */
import path from 'node:path';
import { runGit } from './git-process.js';
import type { GitProcessRegistry } from './git-process-registry.js';
import { diversionMessage, parseConfigListing, remoteUrlDiversions } from './url-diversion.js';

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

export async function checkRemoteUrl(check: RemoteUrlCheck): Promise<void> {
  const env =
    check.mode === 'clone'
      ? // Reading config from inside the empty target must not find a repository above it.
        { ...check.env, GIT_CEILING_DIRECTORIES: path.dirname(check.directory) }
      : check.env;
  const { stdout } = await runGit(['config', '--list', '--show-scope', '--show-origin', '-z'], {
    processes: check.processes,
    cwd: check.directory,
    env,
    inactivitySeconds: LISTING_SECONDS,
    what: `reading the git config for ${check.what}`,
  });
  const diversions = remoteUrlDiversions(parseConfigListing(stdout), {
    remote: check.remote,
    plannedUrl: check.plannedUrl,
    cloneWritesUrl: check.mode === 'clone',
    push: check.push,
  });
  if (diversions.length > 0) {
    throw new DivertedRemoteError(diversionMessage(capitalized(check.what), check.plannedUrl, diversions));
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
