import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { runCommandResult } from '../../test-support/run-command.js';
import {
  NODES,
  prepareRunnerHost,
  runMain,
  snapshotTree,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { expectNoSecretLeft } from './secret-checks.js';
import { PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

/**
 * A job's build script exported git's repository variables through GITHUB_ENV, so every later step
 * inherits them. The action's git must clone into its own target, as a fresh job would, and leave the
 * repository they name byte for byte as it was.
 */
const node = NODES[1].path;
let world: VpcWorld;

beforeAll(async () => {
  world = await startVpcWorld();
});
afterAll(async () => {
  await world?.close();
});

async function git(dir: string, args: string[]): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
  });
  return result.stdout.trim();
}

/** A repository of the job's own, with a commit, a staged change and an index: what the variables name. */
async function jobRepository(host: RunnerHost): Promise<string> {
  const other = path.join(host.directories.workspace, '..', 'build-scratch');
  await mkdir(other, { recursive: true });
  await git(other, ['init', '-q', '-b', 'main']);
  await writeFile(path.join(other, 'notes.txt'), 'the job’s own file\n');
  await git(other, ['add', 'notes.txt']);
  await git(other, ['-c', 'user.name=job', '-c', 'user.email=job@example.com', 'commit', '-q', '-m', 'job']);
  await writeFile(path.join(other, 'staged.txt'), 'staged\n');
  await git(other, ['add', 'staged.txt']);
  return other;
}

const cases: [string, (other: string) => Record<string, string>][] = [
  ['GIT_DIR', (other) => ({ GIT_DIR: path.join(other, '.git') })],
  ['GIT_WORK_TREE', (other) => ({ GIT_WORK_TREE: other })],
  ['GIT_INDEX_FILE', (other) => ({ GIT_INDEX_FILE: path.join(other, '.git', 'index') })],
  ['GIT_OBJECT_DIRECTORY', (other) => ({ GIT_OBJECT_DIRECTORY: path.join(other, '.git', 'objects') })],
  ['GIT_DIR and GIT_WORK_TREE', (other) => ({ GIT_DIR: path.join(other, '.git'), GIT_WORK_TREE: other })],
];

describe("a job's git variables never steer the action's git", () => {
  test.each(cases)(
    'with %s set: the clone is complete in its target and the repository named is unchanged',
    async (names, variables) => {
      const host = await prepareRunnerHost(world);
      const other = await jobRepository(host);
      const before = await snapshotTree(other);
      const set = variables(other);
      const run = await runMain({ ...host, env: { ...host.env, ...set } }, node, {
        'aws-region': PRIVATE_DNS_REGION,
        'role-to-assume': SWITCH_ROLE,
        repository: REPOSITORY,
      });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs.commit).toBe(world.repository.headSha);
      expect(run.stdout).toContain(
        `The job sets ${Object.keys(set).join(', ')}: the action's own git runs without`,
      );

      // The clone has its own objects, index and work tree: what a fresh clone has.
      const clone = run.outputs.path ?? '';
      expect(await git(clone, ['rev-parse', 'HEAD'])).toBe(world.repository.headSha);
      await git(clone, ['fsck', '--full', '--strict']);
      expect(await git(clone, ['status', '--porcelain'])).toBe('');
      expect(await git(clone, ['rev-parse', '--absolute-git-dir'])).toBe(path.join(clone, '.git'));

      // The job's repository: objects, index, config and files byte for byte as before.
      expect(await snapshotTree(other)).toEqual(before);
      await expectNoSecretLeft(world, host, [run]);
    },
  );
});
