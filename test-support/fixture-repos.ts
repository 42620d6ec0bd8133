/**
 * Builds bare fixture repositories for the fake CodeCommit with `git fast-import`: fixed authors and
 * dates (so SHAs are reproducible), three commits on `main`, extra branches, annotated tags, and an
 * optional incompressible blob of a given size. Never reads the user's git identity or config.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { repositoryDirectory } from './codecommit-layout.js';
import { runCommand } from './run-command.js';

export interface FixtureRepositoryOptions {
  /** Files added by the second commit on main; default `{ 'src/hello.txt': … }`. */
  files?: Record<string, string>;
  /** Branches besides main, each one commit on top of main's first commit; default `['feature']`. */
  branches?: string[];
  /** Annotated tags on main's second commit; default `['v1.0.0']`. */
  tags?: string[];
  /** Adds `data/payload.bin` of this many pseudo-random (incompressible) bytes to main's last commit. */
  sizeBytes?: number;
  /**
   * Submodules recorded by the second commit on main: path → commit (a gitlink); give `.gitmodules` in
   * `files` (see `gitmodulesFile`).
   */
  gitlinks?: Record<string, string>;
}

export interface FixtureRepository {
  /** The bare repository: `<projectRoot>/v1/repos/<name>`. */
  path: string;
  /** The commit `main` (and HEAD) points to. */
  headSha: string;
  /** Every branch, main included, to its commit. */
  branchShas: Record<string, string>;
  /** Every tag to the commit it points to (peeled). */
  tagShas: Record<string, string>;
  /** Every tag to its tag object. */
  tagObjectShas: Record<string, string>;
}

export const FIXTURE_AUTHOR = 'Fixture Author <fixture-author@example.invalid>';
const FIRST_COMMIT_TIME = 1_700_000_000;

/** Creates the bare repository `name` under `projectRoot` in CodeCommit's layout (see codecommit-layout.ts). */
export async function createFixtureRepository(
  projectRoot: string,
  name: string,
  options: FixtureRepositoryOptions = {},
): Promise<FixtureRepository> {
  const repoPath = repositoryDirectory(projectRoot, name);
  await mkdir(repoPath, { recursive: true });
  await git(['init', '--quiet', '--bare', '--initial-branch=main', repoPath]);
  const branches = options.branches ?? ['feature'];
  const tags = options.tags ?? ['v1.0.0'];
  await git(
    ['--git-dir', repoPath, 'fast-import', '--quiet', '--done'],
    fastImportStream(name, options, branches, tags),
  );
  return {
    path: repoPath,
    headSha: await revParse(repoPath, 'HEAD'),
    branchShas: await resolveAll(repoPath, ['main', ...branches], (b) => `refs/heads/${b}`),
    tagShas: await resolveAll(repoPath, tags, (t) => `refs/tags/${t}^{commit}`),
    tagObjectShas: await resolveAll(repoPath, tags, (t) => `refs/tags/${t}`),
  };
}

/** The commands that build the history; marks :1.. are blobs, commits and tags in order. */
function fastImportStream(
  name: string,
  options: FixtureRepositoryOptions,
  branches: readonly string[],
  tags: readonly string[],
): Buffer {
  const stream = new FastImportStream();
  const first = stream.commit('refs/heads/main', 'Initial commit', { 'README.md': `# ${name}\n` });
  const second = stream.commit(
    'refs/heads/main',
    'Add sources',
    options.files ?? { 'src/hello.txt': `hello from ${name}\n` },
    first,
    options.gitlinks,
  );
  const lastFiles: Record<string, string | Buffer> = { 'README.md': `# ${name}\n\nA fixture repository.\n` };
  if (options.sizeBytes !== undefined)
    lastFiles['data/payload.bin'] = pseudoRandomBytes(options.sizeBytes, name);
  stream.commit('refs/heads/main', 'Update README', lastFiles, second);
  for (const branch of branches)
    stream.commit(
      `refs/heads/${branch}`,
      `Work on ${branch}`,
      { [`branches/${branch}.txt`]: `${branch}\n` },
      first,
    );
  for (const tag of tags) stream.tag(tag, second);
  stream.line('done');
  return stream.toBuffer();
}

class FastImportStream {
  private readonly parts: Buffer[] = [];
  private nextMark = 1;
  private clock = FIRST_COMMIT_TIME;

  /** Writes blobs and a commit on `ref` (from `parent`, a mark); returns the commit's mark. */
  commit(
    ref: string,
    message: string,
    files: Record<string, string | Buffer>,
    parent?: number,
    gitlinks: Record<string, string> = {},
  ): number {
    const blobs = Object.entries(files).map(
      ([filePath, content]) => [assertImportablePath(filePath), this.blob(content)] as const,
    );
    const mark = this.nextMark++;
    const when = `${(this.clock += 60)} +0000`;
    this.line(`commit ${ref}`);
    this.line(`mark :${mark}`);
    this.line(`author ${FIXTURE_AUTHOR} ${when}`);
    this.line(`committer ${FIXTURE_AUTHOR} ${when}`);
    this.data(`${message}\n`);
    if (parent !== undefined) this.line(`from :${parent}`);
    for (const [filePath, blob] of blobs) this.line(`M 100644 :${blob} ${filePath}`);
    for (const [linkPath, sha] of Object.entries(gitlinks)) {
      this.line(`M 160000 ${assertSha(sha)} ${assertImportablePath(linkPath)}`);
    }
    this.line('');
    return mark;
  }

  tag(name: string, commitMark: number): void {
    this.line(`tag ${name}`);
    this.line(`from :${commitMark}`);
    this.line(`tagger ${FIXTURE_AUTHOR} ${(this.clock += 60)} +0000`);
    this.data(`Release ${name}\n`);
  }

  line(text: string): void {
    this.parts.push(Buffer.from(`${text}\n`, 'utf8'));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }

  private blob(content: string | Buffer): number {
    const mark = this.nextMark++;
    this.line('blob');
    this.line(`mark :${mark}`);
    this.data(content);
    return mark;
  }

  private data(content: string | Buffer): void {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.line(`data ${bytes.length}`);
    this.parts.push(bytes, Buffer.from('\n'));
  }
}

function assertImportablePath(filePath: string): string {
  const parts = filePath.split('/');
  if (
    filePath.startsWith('"') ||
    /[\n\r\0]/.test(filePath) ||
    parts.some((p) => p === '' || p === '.' || p === '..' || p === '.git')
  ) {
    throw new Error(`Unusable fixture file path ${JSON.stringify(filePath)} (e.g. "src/app.txt")`);
  }
  return filePath;
}

function assertSha(sha: string): string {
  if (!/^[0-9a-f]{40}$/.test(sha))
    throw new Error(`A gitlink needs a 40-hex-digit commit, got ${JSON.stringify(sha)}`);
  return sha;
}

/** `.gitmodules` text for `[name, path, url]` entries, as `git submodule add` writes it. */
export function gitmodulesFile(
  entries: readonly (readonly [name: string, path: string, url: string])[],
): string {
  return entries
    .map(([name, modulePath, url]) => `[submodule "${name}"]\n\tpath = ${modulePath}\n\turl = ${url}\n`)
    .join('');
}

/** Deterministic incompressible bytes (SHA-256 in counter mode). */
function pseudoRandomBytes(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, counter = 0; offset < size; offset += 32, counter += 1) {
    createHash('sha256').update(`${seed}:${counter}`).digest().copy(out, offset);
  }
  return out;
}

async function resolveAll(
  repoPath: string,
  names: readonly string[],
  ref: (name: string) => string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = await revParse(repoPath, ref(name));
  return out;
}

async function revParse(repoPath: string, rev: string): Promise<string> {
  return (await git(['--git-dir', repoPath, 'rev-parse', '--verify', rev])).trim();
}

/** Runs git with no user or system configuration and a fixed identity. */
async function git(args: string[], input?: Buffer): Promise<string> {
  const result = await runCommand('git', args, { env: isolatedGitEnvironment(), input });
  return result.stdout;
}

export function isolatedGitEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/nonexistent',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Fixture Author',
    GIT_AUTHOR_EMAIL: 'fixture-author@example.invalid',
    GIT_COMMITTER_NAME: 'Fixture Author',
    GIT_COMMITTER_EMAIL: 'fixture-author@example.invalid',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/**
 * Adds one commit on top of `branch` of a bare fixture repository (as a push would), writing `files`
 * and recording `gitlinks` (submodule path → commit); returns its SHA. Uses a temporary index, so no work tree is needed.
 */
export async function addCommit(
  repoPath: string,
  branch: string,
  files: Record<string, string>,
  message = 'A new commit',
  gitlinks: Record<string, string> = {},
): Promise<string> {
  const index = path.join(repoPath, `index-${process.pid}-${Date.now()}`);
  const env = { ...isolatedGitEnvironment(), GIT_DIR: repoPath, GIT_INDEX_FILE: index };
  const run = async (args: string[], input?: Buffer): Promise<string> =>
    (await runCommand('git', args, { env, input })).stdout.trim();
  try {
    await run(['read-tree', `refs/heads/${branch}`]);
    for (const [file, content] of Object.entries(files)) {
      const blob = await run(['hash-object', '-w', '--stdin'], Buffer.from(content));
      await run(['update-index', '--add', '--cacheinfo', `100644,${blob},${assertImportablePath(file)}`]);
    }
    for (const [linkPath, sha] of Object.entries(gitlinks)) {
      await run([
        'update-index',
        '--add',
        '--cacheinfo',
        `160000,${assertSha(sha)},${assertImportablePath(linkPath)}`,
      ]);
    }
    const tree = await run(['write-tree']);
    const commit = await run(['commit-tree', tree, '-p', `refs/heads/${branch}`], Buffer.from(message));
    await run(['update-ref', `refs/heads/${branch}`, commit]);
    return commit;
  } finally {
    await rm(index, { force: true });
  }
}
