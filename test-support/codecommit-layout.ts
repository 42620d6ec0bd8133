/**
 * Where the fake CodeCommit keeps its repositories, and which names CodeCommit accepts.
 *
 * Layout: the bare repository `<name>` lives at `<projectRoot>/v1/repos/<name>` (no `.git` suffix), so
 * `git http-backend` with `GIT_PROJECT_ROOT=<projectRoot>` and `PATH_INFO=<URL path>` finds it for
 * the CodeCommit URL `https://<host>/v1/repos/<name>`.
 */
import path from 'node:path';

export const REPOSITORY_URL_PREFIX = '/v1/repos/';

/** CodeCommit names: 1–100 letters, digits, `.`, `_`, `-`; not ending in `.git`. */
export function isValidRepositoryName(name: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(name) && !name.endsWith('.git') && name !== '.' && name !== '..';
}

export function assertValidRepositoryName(name: string): void {
  if (!isValidRepositoryName(name)) {
    throw new Error(
      `Invalid CodeCommit repository name ${JSON.stringify(name)}: expected 1-100 of letters, digits, '.', '_', '-', not ending in '.git' (e.g. "my-repo")`,
    );
  }
}

/** The directory of the bare repository `name` under the fake's project root. */
export function repositoryDirectory(projectRoot: string, name: string): string {
  assertValidRepositoryName(name);
  return path.join(projectRoot, 'v1', 'repos', name);
}

/** The path CodeCommit signs for a repository: `/v1/repos/<name>`. */
export function repositorySigningPath(name: string): string {
  return `${REPOSITORY_URL_PREFIX}${name}`;
}

export interface RepositoryRequestPath {
  repository: string;
  /** What follows the repository name, e.g. `/info/refs` or `/git-upload-pack`; '' for the bare path. */
  rest: string;
}

/** Splits `/v1/repos/<name>/<rest>`; undefined when the path is not a repository path. */
export function parseRepositoryRequestPath(urlPath: string): RepositoryRequestPath | undefined {
  const match = /^\/v1\/repos\/([^/]+)(\/.*)?$/.exec(urlPath);
  const repository = match?.[1];
  if (repository === undefined || !isValidRepositoryName(repository)) return undefined;
  return { repository, rest: match?.[2] ?? '' };
}
