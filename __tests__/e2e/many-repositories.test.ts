import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { runCommandResult } from '../../test-support/run-command.js';
import { createFixtureRepository, type FixtureRepository } from '../../test-support/fixture-repos.js';
import {
  filesHoldingSecrets,
  gitArgvText,
  knownSecrets,
  NODES,
  prepareRunnerHost,
  runMain,
  runPost,
  secretsIn,
  snapshotTree,
} from '../../test-support/closed-vpc/action-harness.js';
import { linesLeakingBeforeMask } from '../../test-support/actions-runner.js';
import { HOSTS, PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  FORBIDDEN_REPOSITORY,
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

const node = NODES[1].path;
const LIBRARIES = ['lib-alpha', 'lib-beta', 'lib-gamma'];
let world: VpcWorld;
const libraries: Record<string, FixtureRepository> = {};
let shaped: FixtureRepository;

beforeAll(async () => {
  world = await startVpcWorld();
  for (const name of LIBRARIES) {
    libraries[name] = await createFixtureRepository(world.projectRoot, name, {
      files: { [`${name}.txt`]: name },
    });
    world.accounts.allowRepository(name, SWITCH_ROLE);
  }
  shaped = await createFixtureRepository(world.projectRoot, 'monorepo', {
    files: { 'src/app.txt': 'app', 'docs/guide.md': 'guide', 'tools/build.sh': 'build' },
  });
  world.accounts.allowRepository('monorepo', SWITCH_ROLE);
  // Serve partial clones, as a server that supports them does (git's own default is to ignore filters).
  await runCommandResult('git', ['--git-dir', shaped.path, 'config', 'uploadpack.allowFilter', 'true']);
});

afterAll(async () => {
  await world?.close();
});

const base = { 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };

async function git(dir: string, args: string[]): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir },
  });
  return result.stdout.trim();
}

describe('several repositories in one step', () => {
  test('one AssumeRole, every repository cloned into <workspace>/<name>, grouped logs, one summary', async () => {
    const host = await prepareRunnerHost(world);
    const stsBefore = world.regionalSts.requests.length;
    const run = await runMain(host, node, {
      ...base,
      repository: ['# the service and its libraries', REPOSITORY, '', ...LIBRARIES].join('\n'),
      concurrency: '2',
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(world.regionalSts.requests.slice(stsBefore).map((r) => r.action)).toEqual(['AssumeRole']);

    const names = [REPOSITORY, ...LIBRARIES];
    const expected = names.map((name) => ({
      name,
      path: path.join(host.directories.workspace, name),
      ref: 'main',
      commit: name === REPOSITORY ? world.repository.headSha : libraries[name]?.headSha,
      seconds: expect.any(Number),
    }));
    expect(JSON.parse(run.outputs.repositories ?? '[]')).toEqual(expected);
    expect(run.outputs.commit).toBeUndefined();
    for (const repository of expected)
      expect(await git(repository.path, ['rev-parse', 'HEAD'])).toBe(repository.commit);
    expect((await readdir(host.directories.workspace)).sort()).toEqual([...names].sort());

    const groups = [...run.stdout.matchAll(/^::group::(.*)$/gm)].map((m) => m[1]);
    expect(groups).toHaveLength(4);
    for (const name of names) expect(groups.some((title) => title?.startsWith(`${name}: `))).toBe(true);
    expect(run.stdout.match(/^::endgroup::$/gm)).toHaveLength(4);
    for (const name of names) expect(run.summary).toContain(`<td>${name}</td>`);

    const secrets = knownSecrets(world);
    for (const secret of secrets) expect(linesLeakingBeforeMask(run, secret)).toEqual([]);
    expect(secretsIn(await gitArgvText(host), secrets)).toEqual([]);
    expect(
      await filesHoldingSecrets([host.directories.workspace, host.directories.commandFiles], secrets),
    ).toEqual([]);
  });

  test.each([1, 2])(
    'concurrency %i: that many clones at once, never more (their requests measured at the git endpoint)',
    async (concurrency) => {
      // Every answer dripped at 4 KB/s: each clone lasts a few hundred ms at the endpoint, long enough
      // for clones that run together to overlap there whatever the machine's load.
      const faulty = await world.startFaulty({ git: { drip: true, dripBytesPerSecond: 4096 } });
      try {
        const run = await runMain(await prepareRunnerHost(world), node, {
          ...base,
          ...faulty.inputs,
          repository: [REPOSITORY, ...LIBRARIES].join('\n'),
          concurrency: String(concurrency),
        });
        expect(run.errors).toEqual([]);
        expect(run.exitCode).toBe(0);
        expect(peakOverlap(faulty.git.requests)).toBe(concurrency);
      } finally {
        await faulty.close();
      }
    },
  );

  test('path is the parent folder for several repositories', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, { ...base, repository: LIBRARIES.join('\n'), path: 'deps' });
    expect(run.errors).toEqual([]);
    expect((await readdir(path.join(host.directories.workspace, 'deps'))).sort()).toEqual(LIBRARIES);
  });

  test('a repository that fails does not stop the others; only its own directory goes', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      ...base,
      repository: [LIBRARIES[0], FORBIDDEN_REPOSITORY, LIBRARIES[1]].join('\n'),
      path: 'deps',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/1 of 3 repositories failed/);
    expect(run.errors[0]).toMatch(new RegExp(`- ${FORBIDDEN_REPOSITORY}: .*403`));
    expect(run.errors[0]).not.toMatch(/- lib-alpha:/);
    expect((await readdir(path.join(host.directories.workspace, 'deps'))).sort()).toEqual([
      LIBRARIES[0],
      LIBRARIES[1],
    ]);
    expect(JSON.parse(run.outputs.repositories ?? '[]').map((r: { name: string }) => r.name)).toEqual([
      LIBRARIES[0],
      LIBRARIES[1],
    ]);
    expect(run.summary).toMatch(/failed: /);

    const post = await runPost(host, node, run.state);
    expect(post.exitCode).toBe(0);
    expect((await readdir(path.join(host.directories.workspace, 'deps'))).sort()).toEqual([
      LIBRARIES[0],
      LIBRARIES[1],
    ]);
  });

  test('when every repository fails, the parent folder the step created goes too', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      ...base,
      repository: [FORBIDDEN_REPOSITORY, 'ghost-lib'].join('\n'),
      path: 'vendor/deps',
    });
    expect(run.exitCode).toBe(1);
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });

  test.each([
    [{ repository: `${REPOSITORY}\n${REPOSITORY}` }, /Input 'repository'.*more than once/],
    [
      { repository: `codecommit::eu-west-1://a\ncodecommit::ap-northeast-1://b`, 'aws-region': '' },
      /Input 'repository'.*several regions/,
    ],
    [{ repository: `${REPOSITORY}\n${LIBRARIES[0]}`, concurrency: '0' }, /Input 'concurrency'/],
    [{ repository: REPOSITORY, filter: '--upload-pack=x' }, /Input 'filter'/],
    [{ repository: REPOSITORY, 'sparse-checkout': 'src\n../etc' }, /Input 'sparse-checkout'/],
  ])('refused before any network call: %j', async (inputs, message) => {
    const host = await prepareRunnerHost(world);
    const before = world.networkActivity();
    const run = await runMain(host, node, { ...base, ...inputs });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(message);
    expect(world.networkActivity()).toBe(before);
    expect(await host.recorder.invocations()).toEqual([]);
  });
});

describe('big repositories: partial clone and sparse checkout', () => {
  test('filter blob:none with a cone-mode sparse checkout of src/ fetches and checks out only that', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      ...base,
      repository: 'monorepo',
      filter: 'blob:none',
      'sparse-checkout': 'src\n',
    });
    expect(run.errors).toEqual([]);
    const clone = run.outputs.path ?? '';
    expect(run.outputs.commit).toBe(shaped.headSha);
    expect(existsSync(path.join(clone, 'src', 'app.txt'))).toBe(true);
    expect(existsSync(path.join(clone, 'docs'))).toBe(false);
    expect(existsSync(path.join(clone, 'tools'))).toBe(false);
    expect(await git(clone, ['config', 'remote.origin.partialclonefilter'])).toBe('blob:none');
    // Blobs outside the cone were never fetched.
    const missing = await git(clone, ['rev-list', '--objects', '--missing=print', 'HEAD']);
    expect(missing).toMatch(/^\?[0-9a-f]{40}$/m);
    expect(await git(clone, ['remote', 'get-url', 'origin'])).toBe(
      `https://${HOSTS.regionalGit.name}/v1/repos/monorepo`,
    );
    expect(await readFileText(path.join(clone, '.git', 'config'))).not.toMatch(/extraheader|Authorization/i);
  });

  test('a sparse checkout of a commit by SHA, full history', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      ...base,
      repository: 'monorepo',
      ref: shaped.headSha,
      'fetch-depth': '0',
      'sparse-checkout': 'docs',
    });
    expect(run.errors).toEqual([]);
    const clone = run.outputs.path ?? '';
    expect(await git(clone, ['rev-parse', 'HEAD'])).toBe(shaped.headSha);
    expect(existsSync(path.join(clone, 'docs', 'guide.md'))).toBe(true);
    expect(existsSync(path.join(clone, 'src'))).toBe(false);
  });
});

describe('jobs sharing one runner host', () => {
  test('two jobs at once with one HOME both succeed and leave HOME untouched', async () => {
    const first = await prepareRunnerHost(world);
    const second = await prepareRunnerHost(world);
    second.env.HOME = first.directories.home;
    second.directories.home = first.directories.home;
    const [a, b] = await Promise.all([
      runMain(first, node, { ...base, repository: `${REPOSITORY}\n${LIBRARIES[0]}` }),
      runMain(second, node, { ...base, repository: `${REPOSITORY}\n${LIBRARIES[1]}` }),
    ]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect(await snapshotTree(first.directories.home)).toEqual(first.homeBefore);
  });
});

async function readFileText(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(file, 'utf8');
}

/**
 * The most repositories being cloned at one moment, as the git endpoint saw it: each repository's span
 * runs from its first request's arrival to its last response's end.
 */
function peakOverlap(
  requests: readonly { repository: string | undefined; time: Date; endTime?: Date }[],
): number {
  const spans = new Map<string, { start: number; end: number }>();
  for (const request of requests) {
    if (request.repository === undefined) continue;
    const start = request.time.getTime();
    const end = (request.endTime ?? request.time).getTime();
    const span = spans.get(request.repository);
    spans.set(
      request.repository,
      span === undefined
        ? { start, end }
        : { start: Math.min(span.start, start), end: Math.max(span.end, end) },
    );
  }
  const edges = [...spans.values()].flatMap(({ start, end }) => [
    { at: start, change: 1 },
    { at: end, change: -1 },
  ]);
  // Ends before starts at the same millisecond: a clone that starts as another ends does not overlap it.
  edges.sort((a, b) => a.at - b.at || a.change - b.change);
  let running = 0;
  let peak = 0;
  for (const edge of edges) {
    running += edge.change;
    peak = Math.max(peak, running);
  }
  return peak;
}
