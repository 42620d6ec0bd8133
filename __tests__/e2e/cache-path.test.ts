import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { StepRun } from '../../test-support/actions-runner.js';
import {
  filesHoldingSecrets,
  knownSecrets,
  NODES,
  prepareRunnerHost,
  runMain,
  runPost,
  snapshotTree,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import { startVpcWorld, SWITCH_ROLE, type VpcWorld } from '../../test-support/closed-vpc/world.js';
import {
  addCommit,
  createFixtureRepository,
  type FixtureRepository,
} from '../../test-support/fixture-repos.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { expectNoSecretLeft } from './secret-checks.js';

/**
 * The shared cache of a persistent runner host (`cache-path`): one bare mirror per repository, kept
 * between jobs, from which fresh clones borrow objects and end self-contained. Nothing that goes wrong
 * with the cache ever fails a clone.
 */
let world: VpcWorld;
let scratch: string;
let repositoryCount = 0;

beforeAll(async () => {
  world = await startVpcWorld();
  scratch = await realpath(await mkdtemp(path.join(tmpdir(), 'cache-path-test-')));
});

afterAll(async () => {
  await world?.close();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

const base = { 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };
/** Where the mirrors of SWITCH_ROLE's account go in a cache. */
const MIRRORS = path.join('aws', PRIVATE_DNS_REGION, '111111111111');

async function newRepository(sizeBytes?: number): Promise<FixtureRepository & { name: string }> {
  const name = `cached-${++repositoryCount}`;
  const fixture = await createFixtureRepository(world.projectRoot, name, {
    files: { 'src/app.txt': 'app', 'docs/guide.md': 'guide' },
    branches: ['feature'],
    tags: ['v1.0.0'],
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
  });
  world.accounts.allowRepository(name, SWITCH_ROLE);
  return { ...fixture, name };
}

async function newCache(): Promise<string> {
  return mkdtemp(path.join(scratch, 'cache-'));
}

async function git(dir: string, args: string[]): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
  });
  return result.stdout.trim();
}

/** Main, then post, as one job on the runner. */
async function job(host: RunnerHost, node: string, inputs: Record<string, string>): Promise<StepRun[]> {
  const main = await runMain(host, node, inputs);
  const post = await runPost(host, node, main.state);
  return [main, post];
}

function expectSuccess(run: StepRun | undefined): void {
  expect(run?.errors).toEqual([]);
  expect(run?.exitCode).toBe(0);
}

function bytesSentSince(since: number): number {
  return world.regionalGit.requests.slice(since).reduce((sum, request) => sum + request.responseBytes, 0);
}

/** The summary's result cell of the one repository of a run. */
function resultCell(run: StepRun | undefined): string {
  return /<td>((?:cloned|emptied|reused|failed)[^<]*)<\/td>/.exec(run?.summary ?? '')?.[1] ?? '(none)';
}

/**
 * No secret of the fakes, no git password or Basic header, no access key id of the source or a session,
 * and no word of a credential setting in any file of the cache.
 */
async function expectCacheHoldsNoCredential(cache: string): Promise<void> {
  expect(await filesHoldingSecrets([cache], knownSecrets(world))).toEqual([]);
  const keyIds = [
    world.runnerKey.accessKeyId,
    ...world.accounts.issuedSessions().map((session) => session.accessKeyId),
  ];
  const words = [...keyIds, 'authorization', 'extraheader', 'credential'];
  const hits: string[] = [];
  for (const [relative, kind] of await snapshotTree(cache)) {
    if (kind === 'dir') continue;
    const text = (await readFile(path.join(cache, relative))).toString('latin1').toLowerCase();
    for (const word of words) if (text.includes(word.toLowerCase())) hits.push(`${relative}: ${word}`);
  }
  expect(hits).toEqual([]);
}

/** The clone works without the cache: every object present (fsck), history readable, a checkout works. */
async function expectSelfContained(target: string): Promise<void> {
  await expect(stat(path.join(target, '.git/objects/info/alternates'))).rejects.toThrow();
  await expect(git(target, ['fsck', '--full', '--strict'])).resolves.toBeDefined();
  expect(await git(target, ['log', '--format=%H'])).not.toBe('');
  // Every tracked file deleted, then checked out again from the clone's own objects.
  const files = (await git(target, ['ls-files'])).split('\n');
  for (const file of files) await rm(path.join(target, file));
  await git(target, ['checkout', '--quiet', '--force', 'HEAD']);
  expect(await git(target, ['status', '--porcelain'])).toBe('');
  for (const file of files) await expect(stat(path.join(target, file))).resolves.toBeDefined();
}

describe.each(NODES)('on $label, a host with cache-path', ({ path: node }) => {
  test('the first clone fills the mirror, a fresh workspace later borrows it and fetches far less, and each clone works once the cache is deleted', async () => {
    const repository = await newRepository(256 * 1024);
    const cache = await newCache();
    const inputs = { ...base, repository: repository.name, 'cache-path': cache };
    const mirror = path.join(cache, MIRRORS, `${repository.name}.git`);

    const firstHost = await prepareRunnerHost(world);
    const firstSince = world.regionalGit.requests.length;
    const first = await job(firstHost, node, inputs);
    expectSuccess(first[0]);
    const firstBytes = bytesSentSince(firstSince);
    expect(first[0]?.maskedLog).toContain(`Making the cache mirror ${mirror}`);
    expect(resultCell(first[0])).toBe('cloned with the cache');
    expect(await git(mirror, ['rev-parse', '--is-bare-repository'])).toBe('true');
    expect(await git(mirror, ['config', 'gc.auto'])).toBe('0');
    // Complete: every branch and tag, the whole history (a clone of any depth can borrow from it).
    expect(await git(mirror, ['for-each-ref', '--format=%(refname) %(objectname)'])).toBe(
      [
        `refs/heads/feature ${repository.branchShas.feature}`,
        `refs/heads/main ${repository.branchShas.main}`,
        `refs/tags/v1.0.0 ${repository.tagObjectShas['v1.0.0']}`,
      ].join('\n'),
    );
    expect(await git(mirror, ['rev-parse', '--is-shallow-repository'])).toBe('false');
    // Nothing but the mirror (no lock, no half-made fill) is left in its folder.
    expect(await readdir(path.dirname(mirror))).toEqual([`${repository.name}.git`]);

    const newCommit = await addCommit(repository.path, 'main', { 'src/app.txt': 'app, changed' });
    const secondHost = await prepareRunnerHost(world);
    const secondSince = world.regionalGit.requests.length;
    const second = await job(secondHost, node, inputs);
    expectSuccess(second[0]);
    expect(second[0]?.maskedLog).toContain(`Updating the cache mirror ${mirror}`);
    expect(second[0]?.outputs.commit).toBe(newCommit);
    expect(resultCell(second[0])).toBe('cloned with the cache');
    // The new commit only, not the 256 KiB payload again.
    expect(firstBytes).toBeGreaterThan(256 * 1024);
    expect(bytesSentSince(secondSince)).toBeLessThan(firstBytes / 10);
    expect(await git(mirror, ['rev-parse', 'refs/heads/main'])).toBe(newCommit);

    await expectCacheHoldsNoCredential(cache);
    await rm(cache, { recursive: true, force: true });
    for (const host of [firstHost, secondHost]) {
      await expectSelfContained(path.join(host.directories.workspace, repository.name));
    }
    await expectNoSecretLeft(world, firstHost, first);
    await expectNoSecretLeft(world, secondHost, second);
  });
});

const node = NODES[1].path;

describe('cache-path, one job at a time', () => {
  test('a commit by SHA borrows the mirror through alternates (its objects are sent once, for the mirror) and ends self-contained', async () => {
    const repository = await newRepository(256 * 1024);
    const cache = await newCache();
    const host = await prepareRunnerHost(world);
    const since = world.regionalGit.requests.length;
    const runs = await job(host, node, {
      ...base,
      repository: repository.name,
      ref: repository.headSha,
      'cache-path': cache,
    });
    expectSuccess(runs[0]);
    expect(runs[0]?.outputs.commit).toBe(repository.headSha);
    expect(resultCell(runs[0])).toBe('cloned with the cache');
    // The mirror's fill carries the payload; the fetch of the commit borrows it instead of a second copy.
    expect(bytesSentSince(since)).toBeGreaterThan(256 * 1024);
    expect(bytesSentSince(since)).toBeLessThan(1.5 * 256 * 1024);
    await expectCacheHoldsNoCredential(cache);
    await rm(cache, { recursive: true, force: true });
    await expectSelfContained(path.join(host.directories.workspace, repository.name));
    await expectNoSecretLeft(world, host, runs);
  });

  test('a cache path that cannot be written is a warning, and the clone is made without the cache', async () => {
    const repository = await newRepository();
    const cache = await newCache();
    // Read-only even for root: a bind mount of the folder onto itself, remounted read-only.
    await runCommandResult('mount', ['--bind', cache, cache]);
    try {
      await runCommandResult('mount', ['-o', 'remount,bind,ro', cache]);
      const host = await prepareRunnerHost(world);
      const runs = await job(host, node, { ...base, repository: repository.name, 'cache-path': cache });
      expectSuccess(runs[0]);
      expect(runs[0]?.warnings.join('\n')).toMatch(
        new RegExp(`cache-path: cannot make ${cache}/aws/.*EROFS.*: cloning without the cache\\.`),
      );
      expect(resultCell(runs[0])).toBe('cloned');
      await expectSelfContained(path.join(host.directories.workspace, repository.name));
      await expectNoSecretLeft(world, host, runs);
    } finally {
      await runCommandResult('umount', [cache]);
    }
  });

  test('a corrupt mirror is a warning and a clone without the cache; it is removed, and the next clone makes it again', async () => {
    const repository = await newRepository();
    const cache = await newCache();
    const inputs = { ...base, repository: repository.name, 'cache-path': cache };
    const mirror = path.join(cache, MIRRORS, `${repository.name}.git`);
    expectSuccess((await job(await prepareRunnerHost(world), node, inputs))[0]);
    // Every object of the mirror overwritten: what a failing disk leaves; git reads them as corrupt.
    for (const [relative, kind] of await snapshotTree(path.join(mirror, 'objects'))) {
      if (kind === 'dir' || !/^[0-9a-f]{2}\/|\.pack$/.test(relative)) continue;
      await writeFile(path.join(mirror, 'objects', relative), 'not an object');
    }
    await addCommit(repository.path, 'main', { 'src/app.txt': 'next' });

    const host = await prepareRunnerHost(world);
    const corrupt = await job(host, node, inputs);
    expectSuccess(corrupt[0]);
    expect(corrupt[0]?.warnings.join('\n')).toMatch(
      new RegExp(
        `cache-path: the mirror ${mirror} is corrupt .*; it was removed .*: cloning without the cache\\.`,
      ),
    );
    expect(resultCell(corrupt[0])).toBe('cloned');
    await expect(stat(mirror)).rejects.toThrow();
    await expectSelfContained(path.join(host.directories.workspace, repository.name));

    const again = await job(await prepareRunnerHost(world), node, inputs);
    expectSuccess(again[0]);
    expect(again[0]?.maskedLog).toContain(`Making the cache mirror ${mirror}`);
    expect(resultCell(again[0])).toBe('cloned with the cache');
    expect(await git(mirror, ['fsck', '--strict'])).toBeDefined();
    await expectNoSecretLeft(world, host, corrupt);
  });

  test('a relative cache-path is refused, naming the input and an example, before any network call', async () => {
    const activity = world.networkActivity();
    const run = await runMain(await prepareRunnerHost(world), node, {
      ...base,
      repository: 'anything',
      'cache-path': 'tool-cache/codecommit',
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.errors.join('\n')).toMatch(
      /Input 'cache-path': 'tool-cache\/codecommit' is not an absolute path.*Example: .*runner\.tool_cache/,
    );
    expect(world.networkActivity()).toBe(activity);
  });
});

describe('cache-path, jobs at the same time', () => {
  test('three jobs filling the same mirror at once all succeed with the cache, and the mirror is sound', async () => {
    const repository = await newRepository(128 * 1024);
    const cache = await newCache();
    const inputs = { ...base, repository: repository.name, 'cache-path': cache };
    const mirror = path.join(cache, MIRRORS, `${repository.name}.git`);
    const hosts = await Promise.all([1, 2, 3].map(() => prepareRunnerHost(world)));
    const runs = await Promise.all(hosts.map((host) => job(host, node, inputs)));
    for (const [main] of runs) {
      expectSuccess(main);
      expect(resultCell(main)).toBe('cloned with the cache');
    }
    expect(runs.filter(([main]) => main?.maskedLog.includes('Making the cache mirror'))).toHaveLength(1);
    await git(mirror, ['fsck', '--full', '--strict']);
    expect(await git(mirror, ['rev-parse', 'refs/heads/main'])).toBe(repository.branchShas.main);
    expect(await readdir(path.dirname(mirror))).toEqual([`${repository.name}.git`]);
    await expectCacheHoldsNoCredential(cache);
    for (const [index, host] of hosts.entries()) await expectNoSecretLeft(world, host, runs[index] ?? []);
  });

  test('a lock a live process holds past the bound: the clone goes ahead without the cache and says so', async () => {
    const repository = await newRepository();
    const cache = await newCache();
    const mirrors = path.join(cache, MIRRORS);
    await mkdir(mirrors, { recursive: true });
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const lock = { pid: holder.pid, host: hostname(), time: new Date().toISOString() };
      await writeFile(path.join(mirrors, `${repository.name}.git.lock`), JSON.stringify(lock));
      const host = await prepareRunnerHost(world);
      // network-timeout-seconds 2: the wait is bounded by 2 × 2 s.
      const inputs = {
        ...base,
        repository: repository.name,
        'cache-path': cache,
        'network-timeout-seconds': '2',
      };
      const runs = await job(host, node, inputs);
      expectSuccess(runs[0]);
      expect(runs[0]?.warnings.join('\n')).toContain(
        `cache-path: the mirror ${path.join(mirrors, `${repository.name}.git`)} was still locked by another job ` +
          `(process ${holder.pid} on host ${hostname()} since ${lock.time}) after waiting 4 s ` +
          '(2 × network-timeout-seconds): cloning without the cache.',
      );
      expect(runs[0]?.durationMs).toBeGreaterThanOrEqual(4000);
      expect(resultCell(runs[0])).toBe('cloned');
      // The other job's lock is left alone.
      expect(JSON.parse(await readFile(path.join(mirrors, `${repository.name}.git.lock`), 'utf8'))).toEqual(
        lock,
      );
      await expectNoSecretLeft(world, host, runs);
    } finally {
      holder.kill();
    }
  });

  test('a lock whose process no longer runs is broken, and the cache is used', async () => {
    const repository = await newRepository();
    const cache = await newCache();
    const mirrors = path.join(cache, MIRRORS);
    await mkdir(mirrors, { recursive: true });
    const gone = spawn('true', [], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    const lock = { pid: gone.pid, host: hostname(), time: new Date().toISOString() };
    await writeFile(path.join(mirrors, `${repository.name}.git.lock`), JSON.stringify(lock));
    const host = await prepareRunnerHost(world);
    const runs = await job(host, node, { ...base, repository: repository.name, 'cache-path': cache });
    expectSuccess(runs[0]);
    expect(runs[0]?.maskedLog).toContain(
      `Broke a stale cache lock of process ${gone.pid} on host ${hostname()} since ${lock.time}: ` +
        `its holder, process ${gone.pid} of this host, no longer runs.`,
    );
    expect(resultCell(runs[0])).toBe('cloned with the cache');
    expect(await readdir(mirrors)).toEqual([`${repository.name}.git`]);
    await expectNoSecretLeft(world, host, runs);
  });
});
