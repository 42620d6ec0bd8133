import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StepRun } from '../../test-support/actions-runner.js';
import {
  NODES,
  prepareRunnerHost,
  runMain,
  runPost,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { HOSTS, PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';
import {
  addCommit,
  createFixtureRepository,
  type FixtureRepository,
} from '../../test-support/fixture-repos.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { expectNoSecretLeft } from './secret-checks.js';

/**
 * A persistent self-hosted runner keeps the workspace from one job to the next: a later run finds the
 * last run's clone (or anything else) at its target. Judged by one rule: whatever the last run left, the
 * result equals a fresh clone with the same inputs.
 */
let world: VpcWorld;
/** Each test evolves a repository of its own, so that tests do not see each other's commits. */
let repositoryCount = 0;

beforeAll(async () => {
  world = await startVpcWorld();
});

afterAll(async () => {
  await world?.close();
});

const base = { 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };

async function newRepository(
  files: Record<string, string> = {},
  sizeBytes?: number,
): Promise<FixtureRepository & { name: string }> {
  const name = `evolving-${++repositoryCount}`;
  const fixture = await createFixtureRepository(world.projectRoot, name, {
    files: { 'src/app.txt': 'app', 'docs/guide.md': 'guide', '.gitignore': 'build/\n', ...files },
    branches: ['feature'],
    tags: ['v1.0.0'],
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
  });
  // Serve partial clones, as a server that supports them does.
  await runCommandResult('git', ['--git-dir', fixture.path, 'config', 'uploadpack.allowFilter', 'true']);
  world.accounts.allowRepository(name, SWITCH_ROLE);
  return { ...fixture, name };
}

async function git(dir: string, args: string[]): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
  });
  return result.stdout.trim();
}

/** Files below `dir` (outside .git) with their contents. */
async function workTree(dir: string, below = ''): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of (await readdir(path.join(dir, below), { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const relative = path.join(below, entry.name);
    if (relative === '.git') continue;
    if (entry.isDirectory()) Object.assign(files, await workTree(dir, relative));
    else files[relative] = await readFile(path.join(dir, relative), 'utf8');
  }
  return files;
}

/** Everything a user of the clone can observe, without paths: what "equals a fresh clone" compares. */
async function cloneState(dir: string): Promise<Record<string, unknown>> {
  const config = (await git(dir, ['config', '--local', '--list']))
    .split('\n')
    .filter((line) => /^(remote|branch|credential|http|core\.sparsecheckout|extensions)/i.test(line))
    .sort();
  return {
    head: await git(dir, ['rev-parse', 'HEAD']),
    branch: await git(dir, ['rev-parse', '--abbrev-ref', 'HEAD']),
    index: await git(dir, ['ls-files', '--stage', '-t']),
    workTree: await workTree(dir),
    status: await git(dir, ['status', '--porcelain', '--ignored', '--untracked-files=all']),
    commits: await git(dir, ['rev-list', '--count', 'HEAD']),
    shallow: await git(dir, ['rev-parse', '--is-shallow-repository']),
    refs: (await git(dir, ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes'])).split('\n'),
    upstream: await git(dir, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']).catch(
      () => '(none)',
    ),
    config,
  };
}

/** The action's own fresh clone of the same inputs, in a new workspace: what a rerun must equal. */
async function freshCloneState(
  inputs: Record<string, string>,
  name: string,
): Promise<Record<string, unknown>> {
  const host = await prepareRunnerHost(world);
  const run = await runMain(host, NODES[1].path, inputs);
  expect(run.errors).toEqual([]);
  return cloneState(path.join(host.directories.workspace, name));
}

function expectSuccess(run: StepRun): void {
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
}

/** Main, then post, as one job on the runner: the state of the job is its own. */
async function job(host: RunnerHost, node: string, inputs: Record<string, string>): Promise<StepRun[]> {
  const main = await runMain(host, node, inputs);
  const post = await runPost(host, node, main.state);
  return [main, post];
}

/** Smart-HTTP bytes the fake sent since `since` (an index into its requests). */
function bytesSentSince(since: number): number {
  return world.regionalGit.requests.slice(since).reduce((sum, request) => sum + request.responseBytes, 0);
}

describe.each(NODES)('on $label, a rerun in the same workspace', ({ path: node }) => {
  test('after a new commit, updates the clone in place, fetching far less than the first run, and equals a fresh clone', async () => {
    const repository = await newRepository({}, 256 * 1024);
    const host = await prepareRunnerHost(world);
    const inputs = { ...base, repository: repository.name };
    const target = path.join(host.directories.workspace, repository.name);

    const firstSince = world.regionalGit.requests.length;
    const first = await job(host, node, inputs);
    expectSuccess(first[0] as StepRun);
    const firstBytes = bytesSentSince(firstSince);

    const newCommit = await addCommit(repository.path, 'main', { 'src/app.txt': 'app, changed' });
    const secondSince = world.regionalGit.requests.length;
    const [second] = await job(host, node, inputs);
    expectSuccess(second as StepRun);
    expect(second?.maskedLog).toContain(
      `${target} holds a clone of ${repository.name}: updating it in place.`,
    );
    expect(second?.outputs.commit).toBe(newCommit);
    expect(second?.outputs.ref).toBe('main');
    expect(second?.summary).toContain('reused the clone in the workspace');
    expect(await readFile(path.join(target, 'src/app.txt'), 'utf8')).toBe('app, changed');
    // The new commit's objects only, not the 256 KiB payload again: a small part of the first transfer.
    expect(firstBytes).toBeGreaterThan(256 * 1024);
    expect(bytesSentSince(secondSince)).toBeLessThan(firstBytes / 10);
    // Every request of the rerun signed and accepted: no 401 challenge, no refusal.
    expect(world.regionalGit.requests.slice(secondSince).map((r) => r.auth)).toEqual(
      world.regionalGit.requests.slice(secondSince).map(() => 'accepted'),
    );

    expect(await cloneState(target)).toEqual(await freshCloneState(inputs, repository.name));
    await expectNoSecretLeft(world, host, [...first, second as StepRun]);
  });
});

const node = NODES[1].path;

describe('a rerun finds what an earlier job left', () => {
  test('a local edit, an untracked build folder and an ignored file are removed, and another ref is checked out as a fresh clone would', async () => {
    const repository = await newRepository();
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, repository.name);
    expectSuccess((await job(host, node, { ...base, repository: repository.name }))[0] as StepRun);

    await writeFile(path.join(target, 'src/app.txt'), 'edited by a build');
    await mkdir(path.join(target, 'build'), { recursive: true });
    await writeFile(path.join(target, 'build/output.o'), 'ignored output');
    await writeFile(path.join(target, 'notes.txt'), 'untracked');
    await runCommandResult('git', ['-C', target, 'add', 'notes.txt'], {
      env: { PATH: process.env.PATH ?? '' },
    });

    for (const ref of ['v1.0.0', 'feature', repository.branchShas.main as string]) {
      await writeFile(path.join(target, 'stray.txt'), 'left by a step');
      const inputs = { ...base, repository: repository.name, ref };
      const [run] = await job(host, node, inputs);
      expectSuccess(run as StepRun);
      expect(run?.outputs.ref).toBe(ref);
      expect(await cloneState(target)).toEqual(await freshCloneState(inputs, repository.name));
    }
  });

  test('lock files of a killed git and credential entries of a job whose post step never ran are removed', async () => {
    const repository = await newRepository();
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, repository.name);
    const inputs = { ...base, repository: repository.name };
    expectSuccess((await job(host, node, inputs))[0] as StepRun);

    await writeFile(path.join(target, '.git/index.lock'), '');
    await writeFile(path.join(target, '.git/shallow.lock'), '');
    await writeFile(path.join(target, '.git/refs/heads/main.lock'), '');
    const url = `https://${HOSTS.regionalGit.name}/v1/repos/${repository.name}`;
    for (const [key, value] of [
      [`credential.${url}.helper`, '!/runner/temp/gone/helper.sh'],
      [`credential.${url}.useHttpPath`, 'true'],
      [`http.${url}.extraHeader`, 'Authorization: Basic bGVmdDpvdmVy'],
      ['http.extraHeader', 'X-Left: over'],
    ] as const) {
      await runCommandResult('git', ['-C', target, 'config', '--add', key, value], {
        env: { PATH: process.env.PATH ?? '' },
      });
    }
    const [run] = await job(host, node, inputs);
    expectSuccess(run as StepRun);
    expect(run?.maskedLog).toContain(
      'Removed lock files a stopped git left behind: index.lock, refs/heads/main.lock, shallow.lock',
    );
    expect(run?.maskedLog).toMatch(/Removed credential settings an earlier job left in the clone: .*helper/);
    expect(await readFile(path.join(target, '.git/config'), 'utf8')).not.toMatch(
      /credential|extraheader|Basic/i,
    );
    expect(await cloneState(target)).toEqual(await freshCloneState(inputs, repository.name));
  });

  test('a clone made through another host form of the same region is reused, and origin becomes this run’s clean URL', async () => {
    const repository = await newRepository();
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, repository.name);
    const inputs = { ...base, repository: repository.name };
    expectSuccess((await job(host, node, inputs))[0] as StepRun);
    // As if an earlier job had cloned through the FIPS name, upper case, with .git and a slash.
    const other = `https://GIT-CODECOMMIT-FIPS.${PRIVATE_DNS_REGION.toUpperCase()}.AMAZONAWS.COM/v1/repos/${repository.name}.git/`;
    await runCommandResult('git', ['-C', target, 'remote', 'set-url', 'origin', other], {
      env: { PATH: process.env.PATH ?? '' },
    });
    const [run] = await job(host, node, inputs);
    expectSuccess(run as StepRun);
    expect(run?.maskedLog).toContain('updating it in place');
    expect(await git(target, ['remote', 'get-url', 'origin'])).toBe(
      `https://${HOSTS.regionalGit.name}/v1/repos/${repository.name}`,
    );
  });

  test('fetch-depth 0 after a shallow run makes the clone complete; a sparse set and a filter changed between runs are this run’s', async () => {
    const repository = await newRepository();
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, repository.name);
    const runs: Record<string, string>[] = [
      { 'sparse-checkout': 'src' },
      { 'fetch-depth': '0' },
      { filter: 'blob:none', 'sparse-checkout': 'docs' },
      { filter: 'blob:none' },
      {},
    ];
    for (const extra of runs) {
      const inputs = { ...base, repository: repository.name, ...extra };
      const [run] = await job(host, node, inputs);
      expectSuccess(run as StepRun);
      expect(await cloneState(target)).toEqual(await freshCloneState(inputs, repository.name));
    }
    expect(await git(target, ['rev-parse', '--is-shallow-repository'])).toBe('true');
  });
});

describe('a target holding something else', () => {
  test('a clone of another repository is emptied and cloned afresh, and the log says what was removed', async () => {
    const repository = await newRepository();
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, repository.name);
    expectSuccess(
      (await job(host, node, { ...base, repository: REPOSITORY, path: repository.name }))[0] as StepRun,
    );
    const inputs = { ...base, repository: repository.name };
    const [run] = await job(host, node, inputs);
    expectSuccess(run as StepRun);
    expect(run?.maskedLog).toContain(
      `Emptied ${target}, which held a clone of https://${HOSTS.regionalGit.name}/v1/repos/${REPOSITORY}`,
    );
    expect(run?.summary).toContain('emptied the target and cloned');
    expect(await cloneState(target)).toEqual(await freshCloneState(inputs, repository.name));
  });

  test('plain files are replaced with clean: true, and nothing outside the target is touched', async () => {
    const repository = await newRepository();
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, repository.name);
    await mkdir(path.join(target, 'leftover'), { recursive: true });
    await writeFile(path.join(target, 'leftover/a.txt'), 'a');
    await writeFile(path.join(target, 'b.txt'), 'b');
    await writeFile(path.join(host.directories.workspace, 'sibling.txt'), 'keep');
    const inputs = { ...base, repository: repository.name };
    const [run] = await job(host, node, inputs);
    expectSuccess(run as StepRun);
    expect(run?.maskedLog).toContain('removed 2 entries (b.txt, leftover)');
    expect(await readFile(path.join(host.directories.workspace, 'sibling.txt'), 'utf8')).toBe('keep');
    expect(await cloneState(target)).toEqual(await freshCloneState(inputs, repository.name));
  });

  test('a .git git cannot read is replaced; a clone whose objects are corrupt falls back once to a fresh clone and says so', async () => {
    const repository = await newRepository();
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, repository.name);
    const inputs = { ...base, repository: repository.name };
    await mkdir(target);
    await writeFile(path.join(target, '.git'), 'gitdir: /nowhere\n');
    const [unreadable] = await job(host, node, inputs);
    expectSuccess(unreadable as StepRun);
    expect(unreadable?.maskedLog).toMatch(/Emptied .*, which held a \.git that git cannot read/);

    await addCommit(repository.path, 'main', { 'src/app.txt': 'next' });
    // The clone's pack zeroed behind its (valid) index: what a failing disk leaves; git reads it as corrupt.
    const packs = path.join(target, '.git/objects/pack');
    for (const pack of (await readdir(packs)).filter((name) => name.endsWith('.pack'))) {
      const bytes = await readFile(path.join(packs, pack));
      bytes.fill(0, 12, bytes.length - 20);
      await writeFile(path.join(packs, pack), bytes);
    }
    const [corrupt] = await job(host, node, inputs);
    expectSuccess(corrupt as StepRun);
    expect(corrupt?.warnings.join('\n')).toMatch(
      /Could not update the clone in .*; emptying it and cloning afresh/,
    );
    expect(await cloneState(target)).toEqual(await freshCloneState(inputs, repository.name));
  });
});

describe('several repositories in one step', () => {
  test('each target on its own: one reused, one replaced, one new, each equal to a fresh clone', async () => {
    const [kept, replaced, added] = [await newRepository(), await newRepository(), await newRepository()];
    const host = await prepareRunnerHost(world);
    const workspace = host.directories.workspace;
    expectSuccess((await job(host, node, { ...base, repository: kept.name }))[0] as StepRun);
    await addCommit(kept.path, 'main', { 'src/app.txt': 'kept, changed' });
    await mkdir(path.join(workspace, replaced.name));
    await writeFile(path.join(workspace, replaced.name, 'junk.txt'), 'junk');
    const names = [kept.name, replaced.name, added.name];
    const [run] = await job(host, node, { ...base, repository: names.join('\n') });
    expectSuccess(run as StepRun);
    const rows = (run?.summary ?? '').split('<tr>');
    const rowOf = (name: string): string => rows.find((row) => row.includes(`<td>${name}</td>`)) ?? '';
    expect(rowOf(kept.name)).toContain('<td>reused the clone in the workspace</td>');
    expect(rowOf(replaced.name)).toContain('<td>emptied the target and cloned</td>');
    expect(rowOf(added.name)).toContain('<td>cloned</td>');
    for (const name of names) {
      expect(await cloneState(path.join(workspace, name))).toEqual(
        await freshCloneState({ ...base, repository: name }, name),
      );
    }
  });
});

describe('clean: false', () => {
  test('a clone of the same repository is updated and keeps a local edit that does not conflict', async () => {
    const repository = await newRepository();
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, repository.name);
    const inputs = { ...base, repository: repository.name, clean: 'false' };
    expectSuccess((await job(host, node, inputs))[0] as StepRun);
    await writeFile(path.join(target, 'docs/guide.md'), 'my local notes');
    await writeFile(path.join(target, 'untracked.txt'), 'mine');
    const newCommit = await addCommit(repository.path, 'main', { 'src/app.txt': 'upstream change' });
    const [run] = await job(host, node, inputs);
    expectSuccess(run as StepRun);
    expect(run?.outputs.commit).toBe(newCommit);
    expect(await readFile(path.join(target, 'src/app.txt'), 'utf8')).toBe('upstream change');
    expect(await readFile(path.join(target, 'docs/guide.md'), 'utf8')).toBe('my local notes');
    expect(await readFile(path.join(target, 'untracked.txt'), 'utf8')).toBe('mine');
  });
});
