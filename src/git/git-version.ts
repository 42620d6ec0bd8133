/**
 * The git on PATH must read command-scoped config (GIT_CONFIG_COUNT/KEY_n/VALUE_n, git 2.31): the signed
 * header, the reset of the runner's credential helpers and the transfer timeouts all travel that way.
 * Older git ignores those variables without a word, so it would clone with no header, run the runner's
 * own helpers, and CodeCommit's 403 would blame IAM. Checked before any network call.
 */
import { gitProcessEnvironment } from './git-environment.js';
import { GitCommandError, runGit } from './git-process.js';
import type { GitProcessRegistry } from './git-process-registry.js';

export interface GitVersion {
  major: number;
  minor: number;
  patch: number;
  /** As git printed it, e.g. `2.45.1.windows.1` or `2.39.3 (Apple Git-145)`. */
  text: string;
}

/** The first git that reads GIT_CONFIG_COUNT. */
export const MINIMUM_GIT_VERSION = { major: 2, minor: 31 } as const;

/** A `git version` answer no version could be read from, or a git too old for the action. */
export class GitVersionError extends Error {
  override name = 'GitVersionError';
}

/**
 * Reads `git version`'s answer: `git version 2.39.5`, `git version 2.45.1.windows.1`,
 * `git version 2.39.3 (Apple Git-145)`, `git version 2.31.0.rc1`. Undefined when it is none of those.
 */
export function parseGitVersion(output: string): GitVersion | undefined {
  const line = output.trim().split(/\r?\n/)[0] ?? '';
  const match = /^git version ((\d+)\.(\d+)(?:\.(\d+))?\S*(?: \([^)]*\))?)\s*$/.exec(line);
  if (match === null) return undefined;
  const [, text = '', major = '0', minor = '0', patch = '0'] = match;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), text };
}

export function isSupportedGitVersion(version: GitVersion): boolean {
  const { major, minor } = MINIMUM_GIT_VERSION;
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** Why a version is refused, what is needed and what to do: the step's error. */
export function unsupportedGitMessage(version: GitVersion, gitPath = 'git'): string {
  const { major, minor } = MINIMUM_GIT_VERSION;
  return (
    `${gitPath} on this runner is version ${version.text}; this action needs git ${major}.${minor} or newer. ` +
    `Older git ignores command-scoped config (GIT_CONFIG_COUNT), which carries the signed CodeCommit header, ` +
    `the reset of the runner's credential helpers and the transfer timeouts: it would clone without ` +
    `credentials and CodeCommit would answer 403. Install a newer git on the runner (Debian 11: ` +
    `bullseye-backports; Ubuntu 20.04: ppa:git-core/ppa; or git from source) or put one first on PATH.`
  );
}

/** `git version` is local; this bound only keeps a wedged git from hanging the step. */
const VERSION_COMMAND_SECONDS = 30;

/** Runs `git version` and throws a GitVersionError unless it is 2.31 or newer. Returns the version. */
export async function requireSupportedGit(
  inheritedEnv: Readonly<Record<string, string | undefined>>,
  processes: GitProcessRegistry,
): Promise<GitVersion> {
  let output: string;
  try {
    ({ stdout: output } = await runGit(['version'], {
      processes,
      env: gitProcessEnvironment(inheritedEnv, []),
      inactivitySeconds: VERSION_COMMAND_SECONDS,
      what: 'checking the version of git',
    }));
  } catch (error) {
    const why = error instanceof GitCommandError ? error.stderr.trim() || error.message : String(error);
    throw new GitVersionError(
      `Could not run git to check its version (${why}). This action needs git ` +
        `${MINIMUM_GIT_VERSION.major}.${MINIMUM_GIT_VERSION.minor} or newer on PATH.`,
      { cause: error },
    );
  }
  const version = parseGitVersion(output);
  if (version === undefined) {
    throw new GitVersionError(
      `git answered 'git version' with '${output.trim().slice(0, 200)}', not a version such as ` +
        `'git version 2.39.5'; this action needs git ${MINIMUM_GIT_VERSION.major}.${MINIMUM_GIT_VERSION.minor} or newer.`,
    );
  }
  if (!isSupportedGitVersion(version)) throw new GitVersionError(unsupportedGitMessage(version));
  return version;
}
