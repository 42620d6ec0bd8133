import { execFileSync } from 'node:child_process';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readHeadFiles } from '../../src/git/head-files.js';

/** What readHead asks git: the commit and the branch HEAD names. */
function gitSays(clone: string): { commit: string; branch: string } {
  const [commit = '', branch = ''] = git(clone, 'rev-parse', 'HEAD^{commit}', '--abbrev-ref', 'HEAD').split(
    '\n',
  );
  return { commit, branch };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'a',
      GIT_AUTHOR_EMAIL: 'a@example.com',
      GIT_COMMITTER_NAME: 'a',
      GIT_COMMITTER_EMAIL: 'a@example.com',
    },
  }).trim();
}

let dir: string;
let origin: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'head-files-')));
  origin = path.join(dir, 'origin');
  git(dir, 'init', '--quiet', '--initial-branch=trunk', origin);
  await writeFile(path.join(origin, 'a.txt'), 'a\n');
  git(origin, 'add', 'a.txt');
  git(origin, 'commit', '--quiet', '-m', 'one');
  git(origin, 'branch', 'feature/deep/name');
  git(origin, 'tag', '-a', '-m', 'v1', 'v1.0.0');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let clones = 0;
function cloneOf(...args: string[]): string {
  const target = path.join(dir, `clone-${++clones}`);
  git(dir, 'clone', '--quiet', ...args, '--', `file://${origin}`, target);
  return target;
}

describe('readHeadFiles', () => {
  test.each([
    ['the default branch', []],
    ['a branch whose name has slashes', ['--branch=feature/deep/name']],
    ['depth 1', ['--depth=1']],
    ['an annotated tag (detached)', ['--branch=v1.0.0']],
  ])('after a clone of %s, says what git rev-parse says', (_what, args) => {
    const clone = cloneOf(...args);
    return expect(readHeadFiles(path.join(clone, '.git'))).resolves.toEqual(gitSays(clone));
  });

  test('finds the branch in packed-refs when its loose ref is gone', async () => {
    const clone = cloneOf();
    git(clone, 'pack-refs', '--all');
    await expect(readHeadFiles(path.join(clone, '.git'))).resolves.toEqual(gitSays(clone));
  });

  test('gives undefined for an empty repository (HEAD names a branch that has no commit), a HEAD that is not a ref, and no HEAD', async () => {
    const empty = path.join(dir, 'empty');
    git(dir, 'init', '--quiet', empty);
    await expect(readHeadFiles(path.join(empty, '.git'))).resolves.toBeUndefined();
    const odd = cloneOf();
    await writeFile(path.join(odd, '.git', 'HEAD'), 'ref: refs/remotes/origin/trunk\n');
    await expect(readHeadFiles(path.join(odd, '.git'))).resolves.toBeUndefined();
    await expect(readHeadFiles(path.join(dir, 'nowhere', '.git'))).resolves.toBeUndefined();
  });
});
