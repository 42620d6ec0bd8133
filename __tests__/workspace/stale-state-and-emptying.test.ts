import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RepositoryGit } from '../../src/git/repository-git.js';
import { GitProcessRegistry } from '../../src/git/git-process-registry.js';
import { emptyTarget } from '../../src/workspace/empty-target.js';
import { inspectOccupiedTarget } from '../../src/workspace/occupied-target.js';
import { removeCredentialConfig, removeStaleLocks } from '../../src/workspace/stale-git-state.js';
import { runCommand } from '../../test-support/run-command.js';
import { makeTempWorkspace, type TempWorkspace } from '../../test-support/temp-workspace.js';
import { examplePlan, exampleRepository } from '../plan-fixture.js';
import type { Logger } from '../../src/core/logger.js';

let temp: TempWorkspace;
beforeEach(async () => {
  temp = await makeTempWorkspace();
});
afterEach(async () => {
  await temp.cleanup();
});

const quietLogger: Logger = { info: () => undefined, warning: () => undefined };
const env = { PATH: process.env.PATH, HOME: '/nonexistent', GIT_CONFIG_NOSYSTEM: '1' };

function gitFor(target: string, filter?: string): RepositoryGit {
  const repository = { ...exampleRepository('my-service'), targetPath: target };
  return new RepositoryGit(
    examplePlan({ repositories: [repository], ...(filter !== undefined ? { filter } : {}) }),
    repository,
    {
      logger: quietLogger,
      inheritedEnv: env,
      processes: new GitProcessRegistry(),
      authorizationHeader: () => Promise.reject(new Error('no network in this test')),
    },
  );
}

async function initClone(target: string, origin: string): Promise<void> {
  await runCommand('git', ['init', '--quiet', target], { env });
  await runCommand('git', ['-C', target, 'remote', 'add', 'origin', origin], { env });
}

const ORIGIN = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service';

describe('removeStaleLocks', () => {
  test('removes every *.lock below the git directory, nested ones included, and nothing else', async () => {
    const gitDir = temp.at('clone/.git');
    await mkdir(path.join(gitDir, 'refs/heads/feature'), { recursive: true });
    await mkdir(path.join(gitDir, 'objects/ab'), { recursive: true });
    for (const file of [
      'index.lock',
      'shallow.lock',
      'refs/heads/feature/x.lock',
      'config',
      'lockfile',
      'objects/ab/cd',
    ])
      await writeFile(path.join(gitDir, file), '');
    expect(await removeStaleLocks(gitDir)).toEqual([
      'index.lock',
      'refs/heads/feature/x.lock',
      'shallow.lock',
    ]);
    expect((await temp.tree(gitDir)).filter((p) => p.endsWith('.lock'))).toEqual([]);
    expect(await readdir(gitDir)).toEqual(expect.arrayContaining(['config', 'lockfile']));
  });

  test('does not follow a symbolic link out of the git directory', async () => {
    const gitDir = temp.at('clone/.git');
    await mkdir(gitDir, { recursive: true });
    await mkdir(temp.outside, { recursive: true });
    await writeFile(path.join(temp.outside, 'keep.lock'), 'not ours');
    await symlink(temp.outside, path.join(gitDir, 'elsewhere'));
    expect(await removeStaleLocks(gitDir)).toEqual([]);
    expect(await readFile(path.join(temp.outside, 'keep.lock'), 'utf8')).toBe('not ours');
  });
});

describe('removeCredentialConfig', () => {
  test('unsets helpers, useHttpPath and extra headers at any URL, names the keys, keeps the rest', async () => {
    const target = temp.at('clone');
    await initClone(target, ORIGIN);
    for (const [key, value] of [
      [`credential.${ORIGIN}.helper`, ''],
      [`credential.${ORIGIN}.helper`, "!'/usr/bin/node' '/tmp/helper.js'"],
      [`credential.${ORIGIN}.useHttpPath`, 'true'],
      [`http.${ORIGIN}.extraHeader`, 'Authorization: Basic c2VjcmV0'],
      ['credential.helper', 'store'],
      ['http.extraHeader', 'X-Other: 1'],
      ['user.name', 'Kept'],
      ['http.lowSpeedLimit', '1000'],
    ]) {
      await runCommand('git', ['-C', target, 'config', '--add', key as string, value as string], { env });
    }
    const removed = await removeCredentialConfig(gitFor(target));
    expect(removed).toEqual([
      'credential.helper',
      `credential.${ORIGIN}.helper`,
      `credential.${ORIGIN}.usehttppath`,
      'http.extraheader',
      `http.${ORIGIN}.extraheader`,
    ]);
    const config = await readFile(path.join(target, '.git/config'), 'utf8');
    expect(config).not.toMatch(/credential|extraheader|c2VjcmV0/i);
    expect(config).toContain('name = Kept');
    expect(config).toContain('lowSpeedLimit = 1000');
  });
});

describe('inspectOccupiedTarget', () => {
  test('a clone whose origin is the repository through another host form is the same clone', async () => {
    const target = temp.at('clone');
    await initClone(target, `${ORIGIN.replace('git-codecommit.', 'git-codecommit-fips.')}.git`);
    expect(await inspectOccupiedTarget(gitFor(target))).toEqual({
      kind: 'same-clone',
      gitDir: path.join(target, '.git'),
    });
  });

  test('a clone of another repository is described by its URL, without credentials in it', async () => {
    const target = temp.at('clone');
    await initClone(target, 'https://someone:hunter2@git.example.com/other.git');
    expect(await inspectOccupiedTarget(gitFor(target))).toEqual({
      kind: 'other',
      holds: 'a clone of https://git.example.com/other.git',
    });
  });

  test('a partial clone with another filter than the step asks for is not reused', async () => {
    const target = temp.at('clone');
    await initClone(target, ORIGIN);
    await runCommand('git', ['-C', target, 'config', 'remote.origin.partialclonefilter', 'blob:none'], {
      env,
    });
    expect(await inspectOccupiedTarget(gitFor(target))).toEqual({
      kind: 'other',
      holds: 'a partial clone with filter blob:none, where this step asks for a complete clone',
    });
    expect((await inspectOccupiedTarget(gitFor(target, 'blob:none'))).kind).toBe('same-clone');
  });

  test('plain files, an unreadable .git and a repository without origin are other contents', async () => {
    const target = temp.at('clone');
    await mkdir(target, { recursive: true });
    for (const name of ['f', 'e', 'd', 'c', 'b', 'a']) await writeFile(path.join(target, name), '');
    expect(await inspectOccupiedTarget(gitFor(target))).toEqual({
      kind: 'other',
      holds: 'entries that are not a clone: a, b, c, d, e, … (6 in all)',
    });
    await writeFile(path.join(target, '.git'), 'gitdir: /nowhere\n');
    expect(await inspectOccupiedTarget(gitFor(target))).toEqual({
      kind: 'other',
      holds: expect.stringMatching(/^a \.git that git cannot read \(.*\/nowhere/),
    });
    await rm(path.join(target, '.git'));
    await runCommand('git', ['init', '--quiet', target], { env });
    expect(await inspectOccupiedTarget(gitFor(target))).toEqual({
      kind: 'other',
      holds: 'a git repository without an origin remote',
    });
  });

  test('never reads a repository above the target (a workspace that is itself a clone)', async () => {
    await initClone(temp.workspace, ORIGIN);
    const target = temp.at('clone');
    await mkdir(path.join(target, '.git'), { recursive: true });
    expect(await inspectOccupiedTarget(gitFor(target))).toEqual({
      kind: 'other',
      holds: expect.stringMatching(/^a \.git that git cannot read/),
    });
  });
});

describe('emptyTarget', () => {
  test('removes every entry but keeps the folder, and never follows a link out of it', async () => {
    const target = temp.at('clone');
    await mkdir(path.join(target, 'sub'), { recursive: true });
    await writeFile(path.join(target, 'sub/file'), '');
    await writeFile(path.join(target, '.hidden'), '');
    await mkdir(temp.outside, { recursive: true });
    await writeFile(path.join(temp.outside, 'keep'), 'keep');
    await symlink(temp.outside, path.join(target, 'link'));
    expect(await emptyTarget(target)).toEqual(['.hidden', 'link', 'sub']);
    expect(await readdir(target)).toEqual([]);
    expect(await readFile(path.join(temp.outside, 'keep'), 'utf8')).toBe('keep');
  });

  test('names the file it cannot remove and the usual cause on a runner', async () => {
    const target = temp.at('clone');
    await mkdir(path.join(target, 'build'), { recursive: true });
    const denied = Object.assign(new Error("EACCES: permission denied, unlink '/x/build/out.o'"), {
      code: 'EACCES',
      path: path.join(target, 'build/out.o'),
    });
    await expect(emptyTarget(target, () => Promise.reject(denied))).rejects.toThrow(
      new RegExp(
        `${path.join(target, 'build/out.o').replace(/[/.]/g, '\\$&')} cannot be removed .*earlier container step that ran as root`,
      ),
    );
  });
});
