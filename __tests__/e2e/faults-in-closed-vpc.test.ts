import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { createFixtureRepository, type FixtureRepository } from '../../test-support/fixture-repos.js';
import { startConnectProxy } from '../../test-support/connect-proxy.js';
import { NODES, prepareRunnerHost, runMain } from '../../test-support/closed-vpc/action-harness.js';
import { linesLeakingBeforeMask, type StepRun } from '../../test-support/actions-runner.js';
import { expectNoSecretLeft } from './secret-checks.js';
import { failureBoundMs } from '../../test-support/closed-vpc/bounds.js';
import { HOSTS, PROXY_ADDRESS } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type FaultyEndpointOptions,
  type FaultyEndpoints,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

/**
 * Endpoints that misbehave the ways VPC endpoints, load balancers and middleboxes do. What is transient
 * is retried and ends in a clone; what is not ends fast, within the stated bounds, with the host named.
 */
const node = NODES[1].path;
let world: VpcWorld;
let faulty: FaultyEndpoints | undefined;
/** 240 small objects, hardly compressible: a pack of tens of KB that git receives in several side-band packets. */
let weighty: FixtureRepository;

beforeAll(async () => {
  world = await startVpcWorld();
  const files: Record<string, string> = {};
  for (let index = 0; index < 230; index++) {
    files[`src/part-${index}.txt`] = createHash('sha512')
      .update(`weighty ${index}`)
      .digest('base64')
      .repeat(2);
  }
  weighty = await createFixtureRepository(world.projectRoot, 'weighty', { files });
  world.accounts.allowRepository('weighty', SWITCH_ROLE);
});
afterEach(async () => {
  await faulty?.close();
  faulty = undefined;
});
afterAll(async () => {
  await world?.close();
});

async function runAgainst(options: FaultyEndpointOptions, inputs: Record<string, string> = {}) {
  faulty = await world.startFaulty(options);
  const host = await prepareRunnerHost(world);
  const run = await runMain(host, node, {
    repository: REPOSITORY,
    'role-to-assume': SWITCH_ROLE,
    ...faulty.inputs,
    ...inputs,
  });
  return { host, run, sts: faulty.sts, git: faulty.git };
}

function expectCloned(run: StepRun): void {
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(run.outputs.commit).toBe(world.repository.headSha);
}

function expectFailed(run: StepRun, ...phrases: (string | RegExp)[]): void {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  for (const phrase of phrases) expect(run.errors[0]).toMatch(phrase);
}

describe('transient failures are retried and end in a clone', () => {
  test.each([
    ['Throttling', 400],
    ['RequestLimitExceeded', 400],
    ['InternalFailure', 500],
  ])('STS answers %s twice, then the third attempt succeeds', async (code, status) => {
    const { host, run, sts } = await runAgainst({ sts: { failFirst: { count: 2, status, code } } });
    expectCloned(run);
    expect(sts.requests.map((r) => r.outcome)).toEqual(['injected-failure', 'injected-failure', 'ok']);
    expect(run.warnings.filter((w) => w.includes(code))).toHaveLength(2);
    await expectNoSecretLeft(world, host, [run]);
  });

  test('git gets 503 twice from a flaky balancer, then clones; the partial clone is redone from scratch', async () => {
    const { host, run, git } = await runAgainst({
      git: { failFirst: { count: 2, status: 503, on: 'info-refs' } },
    });
    expectCloned(run);
    expect(git.requests.filter((r) => r.fault === 'fail')).toHaveLength(2);
    // A 503 is throttling: retried, without using up max-attempts.
    expect(
      run.warnings.filter(
        (w) => /503/.test(w) && /was throttled \(attempt [12] of up to 9 while throttled\)/.test(w),
      ),
    ).toHaveLength(2);
    await expectNoSecretLeft(world, host, [run]);
  });

  test.each<[string, FaultyEndpointOptions['git']]>([
    ['a 503 to the fetch', { failFirst: { count: 1, status: 503, on: 'upload-pack' } }],
    ['a reset in the middle of the pack', { resetMidBody: { count: 1, on: 'upload-pack', afterBytes: 16 } }],
  ])(
    'a commit by SHA (init, then fetch) that meets %s is redone from scratch in a fresh directory',
    async (_name, git) => {
      const { host, run, git: server } = await runAgainst({ git }, { ref: world.firstCommit });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.outputs.commit).toBe(world.firstCommit);
      expect(server.requests.filter((r) => r.fault !== undefined)).toHaveLength(1);
      expect(run.warnings.filter((w) => /attempt 1 of (3|up to 9 while throttled)\)/.test(w))).toHaveLength(
        1,
      );
      // Each attempt starts over: git init into the (re-created, empty) target, then origin, then fetch.
      const steps = (await host.recorder.invocations())
        .map((argv) => argv.find((arg) => ['init', 'remote', 'fetch', 'checkout'].includes(arg)))
        .filter((step) => step !== undefined);
      expect(steps).toEqual(['init', 'remote', 'fetch', 'init', 'remote', 'fetch', 'checkout']);
      await expectNoSecretLeft(world, host, [run]);
    },
  );

  test('a connection reset in the middle of the pack is retried', async () => {
    const { run, git } = await runAgainst({
      git: { resetMidBody: { count: 1, on: 'upload-pack', afterBytes: 16 } },
    });
    expectCloned(run);
    expect(git.requests.filter((r) => r.fault === 'reset')).toHaveLength(1);
    expect(run.warnings.some((w) => /attempt 1 of 3/.test(w))).toBe(true);
  });

  test('max-attempts: 5 makes exactly 5 attempts; 1 means no retry', async () => {
    const many = await runAgainst(
      { sts: { failFirst: { count: 4, status: 500, code: 'InternalFailure' } } },
      { 'max-attempts': '5' },
    );
    expectCloned(many.run);
    expect(many.sts.requests.map((r) => r.outcome)).toEqual([...Array(4).fill('injected-failure'), 'ok']);
    expect(many.run.warnings.filter((w) => /InternalFailure/.test(w))).toHaveLength(4);
    await faulty?.close();
    const allFail = await runAgainst(
      { sts: { failFirst: { count: 99, status: 500, code: 'InternalFailure' } } },
      { 'max-attempts': '5' },
    );
    expectFailed(allFail.run, /InternalFailure/, /after 5 attempt/);
    expect(allFail.sts.requests).toHaveLength(5);
    await faulty?.close();
    const once = await runAgainst(
      { sts: { failFirst: { count: 1, status: 500, code: 'InternalFailure' } } },
      { 'max-attempts': '1' },
    );
    expectFailed(once.run, /InternalFailure/, HOSTS.faultySts.name, /after 1 attempt/);
    expect(once.sts.requests).toHaveLength(1);
  });
});

describe('what is not transient is never retried', () => {
  test('STS failing every time ends after max-attempts with the code and the host', async () => {
    const { host, run, sts } = await runAgainst({
      sts: { failFirst: { count: 99, status: 500, code: 'InternalFailure' } },
    });
    expectFailed(run, /InternalFailure/, HOSTS.faultySts.name, /after 3 attempt/);
    expect(sts.requests).toHaveLength(3);
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });

  test('a git 403 is tried once', async () => {
    const { run, git } = await runAgainst({}, { repository: 'payroll' });
    expectFailed(run, /403/, /codecommit:GitPull/);
    expect(git.requests.filter((r) => r.path.endsWith('/info/refs'))).toHaveLength(1);
  });
});

describe('stalls and drips end within the bounds (network-timeout-seconds: 5 → under 40 s)', () => {
  const bounded = { 'network-timeout-seconds': '5' };

  test.each<[string, FaultyEndpointOptions, RegExp]>([
    [
      'STS sends headers, then nothing',
      { sts: { stallAfterHeaders: true } },
      /STS AssumeRole.*no answer within 5 s/,
    ],
    [
      'STS drips one byte a second',
      { sts: { drip: true, dripBytesPerSecond: 1 } },
      /STS AssumeRole.*no answer within 5 s/,
    ],
    [
      'git sends headers, then nothing',
      { git: { stallAfterHeaders: true } },
      /Cloning my-service.*failed after 3 attempts/,
    ],
    [
      'git drips one byte a second',
      { git: { drip: true, dripBytesPerSecond: 1 } },
      /Cloning my-service.*failed after 3 attempts/,
    ],
  ])('%s', async (_name, options, message) => {
    const { host, run } = await runAgainst(options, bounded);
    expectFailed(run, message);
    // 3 attempts of 5 s, backoff, the probe's TCP and TLS phases, start-up; margin 3 s (2 shared cores).
    // That is also the README's "under 40 seconds".
    const bound = failureBoundMs({ attempts: 3, attemptSeconds: 5, probe: true, marginMs: 3000 });
    expect(bound).toBeLessThanOrEqual(40_000);
    expect(run.durationMs).toBeLessThan(bound);
    expect(await readdir(host.directories.workspace)).toEqual([]);
    await expectNoSecretLeft(world, host, [run]);
  });
});

describe('the watchdog stops a stalled git, not a slow one', () => {
  test('a pack that takes several network-timeout-seconds at a steady 3 KB/s is cloned, in one attempt', async () => {
    const { run, git } = await runAgainst(
      { git: { drip: { count: 99, on: 'upload-pack' }, dripBytesPerSecond: 3072 } },
      { repository: 'weighty', 'network-timeout-seconds': '2' },
    );
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.commit).toBe(weighty.headSha);
    expect(run.warnings.filter((w) => /attempt \d+ of/.test(w))).toEqual([]);
    // The transfer really outlasted the timeout several times over.
    const transfers = git.requests
      .filter((r) => r.fault === 'drip')
      .map((r) => (r.endTime?.getTime() ?? 0) - r.time.getTime());
    expect(Math.max(...transfers)).toBeGreaterThan(3 * 2000);
  }, 60_000);
});

describe('with the default network-timeout-seconds every dead endpoint fails the step in under 2 minutes', () => {
  test('silent STS, STS stalled after headers, silent git and dripping git, side by side', async () => {
    faulty = await world.startFaulty({
      sts: { stallAfterHeaders: true },
      git: { drip: true, dripBytesPerSecond: 1 },
    });
    const dead: { inputs: Record<string, string>; host: string; says: RegExp }[] = [
      {
        inputs: { 'aws-region': 'eu-west-1', 'sts-endpoint': `https://${HOSTS.silentSts.name}` },
        host: HOSTS.silentSts.name,
        says: /STS AssumeRole.*no answer within 30 s/,
      },
      {
        inputs: { ...faulty.inputs, 'codecommit-endpoint': `https://${HOSTS.vpceGit.name}` },
        host: HOSTS.faultySts.name,
        says: /STS AssumeRole.*no answer within 30 s/,
      },
      {
        inputs: {
          'aws-region': 'eu-west-1',
          'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
          'codecommit-endpoint': `https://${HOSTS.silentGit.name}`,
        },
        host: HOSTS.silentGit.name,
        says: /no answer .* for 30 s/,
      },
      {
        inputs: {
          'aws-region': 'eu-west-1',
          'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
          'codecommit-endpoint': `https://${HOSTS.faultyGit.name}`,
        },
        host: HOSTS.faultyGit.name,
        says: /Cloning my-service.*failed after 3 attempts/,
      },
    ];
    const runs = await Promise.all(
      dead.map(async ({ inputs }) =>
        runMain(await prepareRunnerHost(world), node, {
          repository: REPOSITORY,
          'role-to-assume': SWITCH_ROLE,
          ...inputs,
        }),
      ),
    );
    // 3 attempts of 30 s, backoff, the probe (two phases of at most 10 s), start-up; margin 6 s for four
    // runs side by side on 2 cores. The README promises "well under two minutes": the bound must be too.
    const bound = failureBoundMs({ attempts: 3, attemptSeconds: 30, probe: true, marginMs: 6000 });
    expect(bound).toBeLessThanOrEqual(120_000);
    runs.forEach((run, index) => {
      const scenario = dead[index];
      expect(run.exitCode).toBe(1);
      expect(run.durationMs).toBeLessThan(bound);
      expect(run.errors[0]).toContain(scenario?.host);
      expect(run.errors[0]).toMatch(scenario?.says ?? /./);
    });
  }, 180_000);
});

describe('HTTPS proxies', () => {
  test('STS and git go through HTTPS_PROXY; its credentials are masked', async () => {
    const proxy = await startConnectProxy({
      address: PROXY_ADDRESS,
      port: 3128,
      credentials: { username: 'ci', password: 'pr0xy-s3cret' },
    });
    try {
      faulty = await world.startFaulty({});
      const proxyUrl = `http://ci:pr0xy-s3cret@${PROXY_ADDRESS}:3128`;
      const host = await prepareRunnerHost(world, { HTTPS_PROXY: proxyUrl });
      const run = await runMain(host, node, {
        repository: REPOSITORY,
        'role-to-assume': SWITCH_ROLE,
        ...faulty.inputs,
      });
      expectCloned(run);
      const tunnels = proxy.connects.filter((c) => c.authorized).map((c) => c.target);
      expect(tunnels).toEqual(
        expect.arrayContaining([`${HOSTS.faultySts.name}:443`, `${HOSTS.faultyGit.name}:443`]),
      );
      for (const secret of ['pr0xy-s3cret', proxyUrl])
        expect(linesLeakingBeforeMask(run, secret)).toEqual([]);
      expect(run.maskedLog).not.toContain('pr0xy-s3cret');
      expect(run.summary).toContain(`via proxy ${PROXY_ADDRESS}:3128`);
    } finally {
      await proxy.close();
    }
  });

  test('NO_PROXY sends a host direct', async () => {
    const proxy = await startConnectProxy({ address: PROXY_ADDRESS, port: 3128 });
    try {
      faulty = await world.startFaulty({});
      const host = await prepareRunnerHost(world, {
        HTTPS_PROXY: `http://${PROXY_ADDRESS}:3128`,
        NO_PROXY: HOSTS.faultySts.name,
      });
      const run = await runMain(host, node, {
        repository: REPOSITORY,
        'role-to-assume': SWITCH_ROLE,
        ...faulty.inputs,
      });
      expectCloned(run);
      const targets = proxy.connects.map((c) => c.target);
      expect(targets).not.toContain(`${HOSTS.faultySts.name}:443`);
      expect(targets).toContain(`${HOSTS.faultyGit.name}:443`);
      expect(faulty.sts.requests).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});

describe('NO_PROXY as git reads it', () => {
  test('NO_PROXY=amazonaws.com sends STS and git direct to the vpce names; the refusing proxy is never asked', async () => {
    // Any tunnel through this proxy would be refused (407): the job has no credentials for it.
    const proxy = await startConnectProxy({
      address: PROXY_ADDRESS,
      port: 3128,
      credentials: { username: 'nobody', password: 'not-given' },
    });
    try {
      faulty = await world.startFaulty({});
      const host = await prepareRunnerHost(world, {
        HTTPS_PROXY: `http://${PROXY_ADDRESS}:3128`,
        NO_PROXY: 'amazonaws.com',
      });
      const run = await runMain(host, node, {
        repository: REPOSITORY,
        'role-to-assume': SWITCH_ROLE,
        ...faulty.inputs,
      });
      expectCloned(run);
      expect(proxy.connects).toEqual([]);
      expect(faulty.sts.requests.map((r) => r.host)).toEqual([HOSTS.faultySts.name]);
      expect(faulty.git.requests.length).toBeGreaterThan(0);
      expect(run.summary).not.toContain('via proxy');
    } finally {
      await proxy.close();
    }
  });
});

describe('many matrix jobs on one host at once', () => {
  test('eight jobs sharing HOME, each throttled once by STS: each retries after its own random wait below 0.5 s, all clone', async () => {
    faulty = await world.startFaulty({
      sts: { failFirstPerSession: { count: 1, status: 400, code: 'Throttling' } },
    });
    const first = await prepareRunnerHost(world);
    const hosts = await Promise.all(Array.from({ length: 8 }, () => prepareRunnerHost(world)));
    for (const host of hosts) {
      // One runner machine, one HOME for every job on it.
      host.env.HOME = first.directories.home;
      host.directories.home = first.directories.home;
    }
    const sessions = hosts.map((_host, index) => `matrix-job-${index}`);
    const runs = await Promise.all(
      hosts.map((host, index) =>
        runMain(host, node, {
          repository: REPOSITORY,
          'role-to-assume': SWITCH_ROLE,
          'role-session-name': sessions[index] ?? '',
          ...faulty?.inputs,
        }),
      ),
    );
    for (const run of runs) expectCloned(run);
    // Full jitter: each job waits a random time in [0, 500 ms) before its second attempt, so the waits,
    // measured between its two requests at the fake, differ from job to job. A fixed backoff (no jitter)
    // gives eight equal waits; no backoff, eight waits near 0.
    const waits = sessions.map((session) => {
      const requests = faulty?.sts.requests.filter((r) => r.params.RoleSessionName === session) ?? [];
      expect(requests.map((r) => r.outcome)).toEqual(['injected-failure', 'ok']);
      return (requests[1]?.time.getTime() ?? 0) - (requests[0]?.time.getTime() ?? 0);
    });
    // Each wait is below the 500 ms ceiling plus a new request's set-up (margin 400 ms on 2 shared cores).
    for (const wait of waits) expect(wait).toBeLessThan(900);
    // Eight draws from [0, 500 ms): all above 400 ms, all below 150 ms or spanning less than 150 ms each
    // happen about once in 800 runs or less.
    expect(Math.min(...waits)).toBeLessThan(400);
    expect(Math.max(...waits)).toBeGreaterThan(150);
    expect(Math.max(...waits) - Math.min(...waits)).toBeGreaterThan(150);
    const { snapshotTree } = await import('../../test-support/closed-vpc/action-harness.js');
    expect(await snapshotTree(first.directories.home)).toEqual(first.homeBefore);
  }, 120_000);
});
