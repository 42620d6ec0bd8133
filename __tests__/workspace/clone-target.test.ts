import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { InputError } from '../../src/plan/plan.js';
import {
  checkCloneTarget,
  createCloneTarget,
  createParents,
  planCloneTarget,
  planParents,
  removeCloneTarget,
  removeEmptyDirectories,
} from '../../src/workspace/clone-target.js';
import { makeTempWorkspace, type TempWorkspace } from '../../test-support/temp-workspace.js';

let temp: TempWorkspace;

beforeEach(async () => {
  temp = await makeTempWorkspace();
});
afterEach(() => temp.cleanup());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function expectPathInputError(promise: Promise<unknown>, problem: RegExp): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(InputError);
  expect(error).toMatchObject({ input: 'path' });
  expect((error as InputError).problem).toMatch(problem);
}

async function exists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false,
  );
}

describe('checkCloneTarget', () => {
  it('accepts a target that does not exist yet, parents included, as absent', async () => {
    await expect(checkCloneTarget(temp.workspace, temp.at('checkout/deep/my-service'))).resolves.toBe(
      'absent',
    );
  });

  it('refuses a target below an existing regular file, before anything is created', async () => {
    await writeFile(temp.at('file'), 'not a directory');
    await expectPathInputError(
      checkCloneTarget(temp.workspace, temp.at('file/my-service')),
      /is not a directory/,
    );
  });

  it('accepts an existing empty directory as empty', async () => {
    await mkdir(temp.at('my-service'));
    await expect(checkCloneTarget(temp.workspace, temp.at('my-service'))).resolves.toBe('empty');
  });

  it('accepts a path through a symlink that stays inside the workspace', async () => {
    await mkdir(temp.at('real'));
    await symlink(temp.at('real'), temp.at('alias'));
    await expect(checkCloneTarget(temp.workspace, temp.at('alias/my-service'))).resolves.toBe('absent');
  });

  it('rejects a path through a symlink in the workspace that points outside, naming path', async () => {
    await symlink(temp.outside, temp.at('escape'));
    await expectPathInputError(
      checkCloneTarget(temp.workspace, temp.at('escape/my-service')),
      /leads outside the workspace through a symlink/,
    );
  });

  it('rejects a relative symlink that climbs out of the workspace', async () => {
    await symlink('../outside', temp.at('up'));
    await expectPathInputError(
      checkCloneTarget(temp.workspace, temp.at('up/new/my-service')),
      new RegExp(`→ ${temp.outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('rejects the target itself being a symlink that points outside', async () => {
    await symlink(temp.outside, temp.at('my-service'));
    await expectPathInputError(
      checkCloneTarget(temp.workspace, temp.at('my-service')),
      /outside the workspace/,
    );
  });

  it('rejects the target itself being a symlink, even to an empty directory inside the workspace', async () => {
    await mkdir(temp.at('empty'));
    await symlink(temp.at('empty'), temp.at('my-service'));
    await expectPathInputError(checkCloneTarget(temp.workspace, temp.at('my-service')), /is a symbolic link/);
  });

  it('rejects an existing file', async () => {
    await writeFile(temp.at('my-service'), 'a file');
    await expectPathInputError(
      checkCloneTarget(temp.workspace, temp.at('my-service')),
      /exists and is not a directory/,
    );
  });

  it('says a non-empty directory is occupied and leaves what is in it', async () => {
    await mkdir(temp.at('my-service'));
    await writeFile(temp.at('my-service/README.md'), 'user data');
    await expect(checkCloneTarget(temp.workspace, temp.at('my-service'))).resolves.toBe('occupied');
    expect(await readdir(temp.at('my-service'))).toEqual(['README.md']);
  });

  it('counts a directory holding only a hidden entry as occupied', async () => {
    await mkdir(temp.at('my-service/.git'), { recursive: true });
    await expect(checkCloneTarget(temp.workspace, temp.at('my-service'))).resolves.toBe('occupied');
  });

  it('says so when the workspace itself does not exist', async () => {
    const missing = path.join(temp.root, 'no-workspace');
    await expect(checkCloneTarget(missing, path.join(missing, 'my-service'))).rejects.toThrow(
      `GITHUB_WORKSPACE ${missing} does not exist`,
    );
  });

  // Only '..' as a whole path segment leads outside: '..cache' is an ordinary directory name.
  test("accepts an existing directory inside the workspace whose name starts with '..'", async () => {
    await mkdir(temp.at('..cache'));
    await expect(checkCloneTarget(temp.workspace, temp.at('..cache/my-service'))).resolves.toBe('absent');
  });
});

describe('planCloneTarget', () => {
  it('records no created root when the target exists', async () => {
    await mkdir(temp.at('my-service'));
    expect(await planCloneTarget(temp.at('my-service'))).toEqual({ path: temp.at('my-service') });
  });

  it('makes the target its own created root when only it is missing', async () => {
    expect(await planCloneTarget(temp.at('my-service'))).toEqual({
      path: temp.at('my-service'),
      createdRoot: temp.at('my-service'),
    });
  });

  it('makes the topmost missing parent the created root', async () => {
    expect(await planCloneTarget(temp.at('a/b/c/my-service'))).toEqual({
      path: temp.at('a/b/c/my-service'),
      createdRoot: temp.at('a'),
    });
    await mkdir(temp.at('a/b'), { recursive: true });
    expect((await planCloneTarget(temp.at('a/b/c/my-service'))).createdRoot).toBe(temp.at('a/b/c'));
  });

  it('creates nothing on disk', async () => {
    const before = await temp.tree();
    await planCloneTarget(temp.at('a/b/my-service'));
    expect(await temp.tree()).toEqual(before);
  });
});

describe('createCloneTarget and removeCloneTarget', () => {
  it('creates the target and its missing parents', async () => {
    const target = await planCloneTarget(temp.at('a/b/my-service'));
    await createCloneTarget(target);
    expect((await stat(temp.at('a/b/my-service'))).isDirectory()).toBe(true);
  });

  it('removes exactly the created root, with what git wrote in it, and nothing else', async () => {
    await mkdir(temp.at('sibling'));
    await writeFile(temp.at('sibling/file.txt'), 'keep');
    await writeFile(temp.at('top.txt'), 'keep');
    const target = await planCloneTarget(temp.at('a/b/my-service'));
    await createCloneTarget(target);
    await mkdir(temp.at('a/b/my-service/.git/objects'), { recursive: true });
    await writeFile(temp.at('a/b/my-service/.git/HEAD'), 'ref: refs/heads/main\n');

    await removeCloneTarget(target);

    expect(await exists(temp.at('a'))).toBe(false);
    expect(await temp.tree(temp.workspace)).toEqual([
      'workspace/sibling',
      'workspace/sibling/file.txt',
      'workspace/top.txt',
    ]);
    expect(await temp.tree(temp.outside)).toEqual(['outside/keep.txt']);
  });

  it('keeps a pre-existing parent: only the missing part goes', async () => {
    await mkdir(temp.at('checkout'));
    await writeFile(temp.at('checkout/other.txt'), 'keep');
    const target = await planCloneTarget(temp.at('checkout/new/my-service'));
    await createCloneTarget(target);
    await writeFile(temp.at('checkout/new/my-service/file'), 'cloned');

    await removeCloneTarget(target);

    expect(await readdir(temp.at('checkout'))).toEqual(['other.txt']);
  });

  it('empties a pre-existing empty target but keeps the directory itself', async () => {
    await mkdir(temp.at('my-service'));
    await writeFile(temp.at('neighbour.txt'), 'keep');
    const target = await planCloneTarget(temp.at('my-service'));
    await createCloneTarget(target);
    await mkdir(temp.at('my-service/.git/refs'), { recursive: true });
    await writeFile(temp.at('my-service/README.md'), 'cloned');

    await removeCloneTarget(target);

    expect((await stat(temp.at('my-service'))).isDirectory()).toBe(true);
    expect(await readdir(temp.at('my-service'))).toEqual([]);
    expect(await readdir(temp.workspace)).toEqual(['my-service', 'neighbour.txt'].sort());
  });

  it('does not follow a symlink git left inside the target when emptying it', async () => {
    await mkdir(temp.at('my-service'));
    const target = await planCloneTarget(temp.at('my-service'));
    await symlink(temp.outside, temp.at('my-service/link-out'));

    await removeCloneTarget(target);

    expect(await readdir(temp.at('my-service'))).toEqual([]);
    expect(await readdir(temp.outside)).toEqual(['keep.txt']);
  });

  it('does not throw when there is nothing left to remove', async () => {
    await expect(
      removeCloneTarget({ path: temp.at('gone'), createdRoot: temp.at('gone') }),
    ).resolves.toBeUndefined();
    await expect(removeCloneTarget({ path: temp.at('gone') })).resolves.toBeUndefined();
  });
});

describe('planParents', () => {
  it('plans nothing when every parent exists', async () => {
    await mkdir(temp.at('deps'));
    expect(await planParents([temp.at('alpha'), temp.at('beta'), temp.at('deps/gamma')])).toEqual([]);
  });

  it('plans a parent shared by two targets once', async () => {
    expect(await planParents([temp.at('deps/alpha'), temp.at('deps/beta')])).toEqual([temp.at('deps')]);
  });

  it('plans the topmost missing folder of each parent, once for parents below one missing folder', async () => {
    await mkdir(temp.at('tools'));
    expect(
      await planParents([
        temp.at('deps/one/alpha'),
        temp.at('deps/two/beta'),
        temp.at('tools/x/y/gamma'),
        temp.at('delta'),
      ]),
    ).toEqual([temp.at('deps'), temp.at('tools/x')]);
  });

  it('plans nothing for an empty list', async () => {
    expect(await planParents([])).toEqual([]);
  });

  it('plans nothing when the parent exists as a file (checkCloneTarget refuses that earlier)', async () => {
    await writeFile(temp.at('file'), 'x');
    expect(await planParents([temp.at('file/alpha')])).toEqual([]);
  });

  it('creates nothing on disk', async () => {
    const before = await temp.tree();
    await planParents([temp.at('deps/alpha'), temp.at('a/b/c/beta')]);
    expect(await temp.tree()).toEqual(before);
  });
});

describe('createParents', () => {
  it('creates every parent, shared or not, but none of the targets', async () => {
    await createParents([
      temp.at('deps/alpha'),
      temp.at('deps/beta'),
      temp.at('a/b/gamma'),
      temp.at('delta'),
    ]);
    expect(await temp.tree(temp.workspace)).toEqual(['workspace/a', 'workspace/a/b', 'workspace/deps']);
  });

  it('is harmless when the parents exist, and keeps what is in them', async () => {
    await mkdir(temp.at('deps'));
    await writeFile(temp.at('deps/keep.txt'), 'keep');
    await createParents([temp.at('deps/alpha')]);
    await createParents([temp.at('deps/alpha')]);
    expect(await readdir(temp.at('deps'))).toEqual(['keep.txt']);
  });

  it('creates exactly what planParents planned, so that removing those undoes it', async () => {
    await mkdir(temp.at('tools'));
    const targets = [temp.at('deps/one/alpha'), temp.at('deps/beta'), temp.at('tools/x/gamma')];
    const before = await temp.tree();
    const parents = await planParents(targets);
    await createParents(targets);
    for (const parent of parents) expect(await removeEmptyDirectories(parent)).toBe(true);
    expect(await temp.tree()).toEqual(before);
  });
});

describe('removeEmptyDirectories', () => {
  it('removes a tree of empty folders and says true', async () => {
    await mkdir(temp.at('deps/a/b/c'), { recursive: true });
    await mkdir(temp.at('deps/d'), { recursive: true });
    expect(await removeEmptyDirectories(temp.at('deps'))).toBe(true);
    expect(await exists(temp.at('deps'))).toBe(false);
    expect(await temp.tree(temp.workspace)).toEqual([]);
  });

  it('removes a single empty folder', async () => {
    await mkdir(temp.at('deps'));
    expect(await removeEmptyDirectories(temp.at('deps'))).toBe(true);
    expect(await exists(temp.at('deps'))).toBe(false);
  });

  it('refuses a tree holding a file, deep down, says false and keeps the file', async () => {
    await mkdir(temp.at('deps/a/b'), { recursive: true });
    await writeFile(temp.at('deps/a/b/file.txt'), 'keep');
    expect(await removeEmptyDirectories(temp.at('deps'))).toBe(false);
    expect(await readFile(temp.at('deps/a/b/file.txt'), 'utf8')).toBe('keep');
  });

  it('refuses a tree holding a symlink and does not follow it', async () => {
    await mkdir(temp.at('deps'));
    await mkdir(temp.at('../outside/empty'));
    await symlink(temp.at('../outside/empty'), temp.at('deps/link'));
    expect(await removeEmptyDirectories(temp.at('deps'))).toBe(false);
    expect(await temp.tree()).toEqual(
      [
        'outside',
        'outside/empty',
        'outside/keep.txt',
        'workspace',
        'workspace/deps',
        'workspace/deps/link',
      ].sort(),
    );
  });

  it('says false for a file, a symlink to a folder and a missing path, and removes none of them', async () => {
    await writeFile(temp.at('file'), 'keep');
    await mkdir(temp.at('real'));
    await symlink(temp.at('real'), temp.at('link'));
    expect(await removeEmptyDirectories(temp.at('file'))).toBe(false);
    expect(await removeEmptyDirectories(temp.at('link'))).toBe(false);
    expect(await removeEmptyDirectories(temp.at('missing'))).toBe(false);
    expect(await temp.tree(temp.workspace)).toEqual(['workspace/file', 'workspace/link', 'workspace/real']);
  });

  // A tree it refuses stays exactly as it was: in the post step, a created parent holding a finished
  // clone must keep the empty folders sorted before the clone's first file (e.g. `.cache/` next to
  // `.git/`, or an empty output folder a later step made next to the clones).
  it('changes nothing in a tree it refuses', async () => {
    await mkdir(temp.at('deps/a-empty'), { recursive: true });
    await mkdir(temp.at('deps/b'), { recursive: true });
    await writeFile(temp.at('deps/b/file.txt'), 'keep');
    const before = await temp.tree();
    expect(await removeEmptyDirectories(temp.at('deps'))).toBe(false);
    expect(await temp.tree()).toEqual(before);
  });
});
