import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { StepRun } from '../../test-support/actions-runner.js';
import { failureBoundMs } from '../../test-support/closed-vpc/bounds.js';
import { HOSTS, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import { createFixtureRepository, type FixtureRepository } from '../../test-support/fixture-repos.js';
import { NODES, prepareRunnerHost, runMain } from '../../test-support/closed-vpc/action-harness.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { expectNoSecretLeft } from './secret-checks.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type FaultyEndpointOptions,
  type FaultyEndpoints,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

/**
 * CodeCommit's git endpoint under load answers `429 Too Many Requests`. A throttled request is retried
 * as throttling, and a step of many repositories backs off as a whole: every repository is cloned.
 * Its API endpoint over the account's rate answers ListRepositories `400 ThrottlingException` ("Rate
 * exceeded"), with or without Retry-After: the listing for repository patterns is retried as throttling
 * within max-attempts, waiting what Retry-After asks, and its final error names the throttling.
 */
const node = NODES[1].path;
const MANY = Array.from({ length: 24 }, (_, index) => `service-${String(index + 1).padStart(2, '0')}`);
let world: VpcWorld;
let faulty: FaultyEndpoints | undefined;
const repositories: Record<string, FixtureRepository> = {};
/** What the API's ListRepositories answers: 7 names, 4 pages of 2; `service-*` matches the first 5. */
const SERVICES = MANY.slice(0, 5);
const LISTED = [...SERVICES, REPOSITORY, 'lib-one'];
const PAGES = Math.ceil(LISTED.length / 2);
const API_HOST = HOSTS.vpceApi.name;
const RATE_EXCEEDED = '(ThrottlingException, HTTP 400: Rate exceeded)';

beforeAll(async () => {
  world = await startVpcWorld();
  for (const name of MANY) {
    repositories[name] = await createFixtureRepository(world.projectRoot, name, {
      files: { [`${name}.txt`]: name },
    });
    world.accounts.allowRepository(name, SWITCH_ROLE);
  }
});
afterEach(async () => {
  await faulty?.close();
  faulty = undefined;
});
afterAll(async () => {
  await world?.close();
});

async function runAgainst(faults: FaultyEndpointOptions, inputs: Record<string, string>) {
  faulty = await world.startFaulty(faults);
  const host = await prepareRunnerHost(world);
  const run = await runMain(host, node, { 'role-to-assume': SWITCH_ROLE, ...faulty.inputs, ...inputs });
  return { host, run, git: faulty.git, api: faulty.api };
}

describe('a throttling git endpoint', () => {
  test('a clone whose first two requests get 429 is retried as throttled and cloned; the final error would name what helps', async () => {
    const { host, run, git } = await runAgainst(
      { git: { failFirst: { count: 2, status: 429, on: 'info-refs' } } },
      { repository: REPOSITORY },
    );
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs.commit).toBe(world.repository.headSha);
    expect(git.requests.filter((r) => r.status === 429)).toHaveLength(2);
    const throttled = run.warnings.filter((w) =>
      / was throttled \(attempt [12] of up to 9 while throttled\)/.test(w),
    );
    expect(throttled).toHaveLength(2);
    expect(throttled[0]).toContain("Lower 'concurrency', raise 'max-attempts'");
    expect(run.summary).toContain('The git endpoint throttled: 2 git requests were throttled and retried.');
    await expectNoSecretLeft(world, host, [run]);
  });

  test('a clone throttled at every attempt fails after three times max-attempts, naming the throttling and what helps', async () => {
    const { run } = await runAgainst(
      { git: { failFirst: { count: 100, status: 429, on: 'info-refs' } } },
      { repository: REPOSITORY, 'max-attempts': '1' },
    );
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /failed after 3 attempts: HTTP 429 from .*: the endpoint throttled the request/,
    );
    expect(run.errors[0]).toContain(
      "Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time.",
    );
  });

  test('12 repositories at concurrency 8 with every 4th request for refs throttled: all cloned', async () => {
    const names = MANY.slice(0, 12);
    const { host, run, git } = await runAgainst(
      { git: { throttle: { everyNth: 4, on: 'info-refs' } } },
      { repository: names.join('\n'), concurrency: '8' },
    );
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.repositories ?? '[]').map((r: { commit: string }) => r.commit)).toEqual(
      names.map((name) => repositories[name]?.headSha),
    );
    const throttled = git.requests.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(0);
    expect(run.summary).toContain(
      `The git endpoint throttled: ${throttled} git requests were throttled and retried`,
    );
    await expectNoSecretLeft(world, host, [run]);
  });

  test('an endpoint that throttles above 3 requests in flight: 24 repositories at concurrency 8 all clone, the step backing off', async () => {
    const { run, git } = await runAgainst(
      { git: { throttle: { whenInFlightAbove: 3 } } },
      { repository: MANY.join('\n'), concurrency: '8', 'max-attempts': '5' },
    );
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const commits = JSON.parse(run.outputs.repositories ?? '[]').map((r: { commit: string }) => r.commit);
    expect(commits).toEqual(MANY.map((name) => repositories[name]?.headSha));
    const throttled = git.requests.filter((r) => r.status === 429).length;
    expect(throttled).toBeGreaterThan(0);
    const line = /clones at once went from 8 down to (\d) and ended at (\d)\./.exec(run.summary);
    expect(line).not.toBeNull();
    expect(Number(line?.[1])).toBeLessThan(8);
  });
});

function listingWarnings(run: StepRun): string[] {
  return run.warnings.filter((warning) => warning.startsWith('CodeCommit ListRepositories'));
}

async function headOf(dir: string): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, 'rev-parse', 'HEAD'], {
    env: { PATH: process.env.PATH ?? '', HOME: dir },
  });
  return result.stdout.trim();
}

describe('a throttling CodeCommit API endpoint (ListRepositories for repository patterns)', () => {
  test("repository 'service-*', the first 2 ListRepositories throttled without Retry-After: retried as throttling after full-jitter waits, all 4 pages listed, the 5 matches cloned at their HEADs", async () => {
    const { host, run, api } = await runAgainst(
      { api: { repositories: LISTED, throttle: { times: 2 } } },
      { repository: 'service-*' },
    );
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(api?.requests.map((r) => [r.host, r.status, r.errorCode ?? 'none'])).toEqual([
      [API_HOST, 400, 'ThrottlingException'],
      [API_HOST, 400, 'ThrottlingException'],
      ...Array.from({ length: PAGES }, () => [API_HOST, 200, 'none']),
    ]);
    expect(api?.requests.flatMap((r) => r.names ?? [])).toEqual([...LISTED].sort());

    const warnings = listingWarnings(run);
    expect(warnings).toHaveLength(2);
    warnings.forEach((warning, index) => {
      const prefix = `CodeCommit ListRepositories throttled by ${API_HOST} (attempt ${index + 1} of 3), retrying in `;
      expect(warning.startsWith(prefix)).toBe(true);
      expect(warning.endsWith(` ms ${RATE_EXCEEDED}`)).toBe(true);
      // Full jitter: below 0.5 s before the second attempt, below 1 s before the third.
      const waited = Number(warning.slice(prefix.length, -` ms ${RATE_EXCEEDED}`.length));
      expect(waited).toBeGreaterThanOrEqual(0);
      expect(waited).toBeLessThan(500 * 2 ** index);
    });
    expect(run.maskedLog).toContain(
      `ListRepositories at ${API_HOST}: ${LISTED.length} repositories in ${VPCE_ONLY_REGION}`,
    );
    expect(run.maskedLog).toContain(`Pattern 'service-*' matches ${SERVICES.join(', ')}`);

    const cloned = JSON.parse(run.outputs.repositories ?? '[]') as { name: string; commit: string }[];
    expect(cloned.map(({ name, commit }) => [name, commit])).toEqual(
      SERVICES.map((name) => [name, repositories[name]?.headSha]),
    );
    for (const name of SERVICES) {
      expect(await headOf(path.join(host.directories.workspace, name))).toBe(repositories[name]?.headSha);
    }
    // The API's throttling is not counted as the git endpoint's.
    expect(run.summary).not.toContain('The git endpoint throttled');
    await expectNoSecretLeft(world, host, [run]);
  });

  test.each([
    ["delay-seconds '1' (1.0 s)", '1', {}, 1000],
    [
      'an HTTP date in 2100 (held to network-timeout-seconds 2: 2.0 s)',
      'Fri, 01 Jan 2100 00:00:00 GMT',
      { 'network-timeout-seconds': '2' },
      2000,
    ],
  ])(
    'mode list, the first 2 ListRepositories throttled with Retry-After %s: each retry waits that long, logged as asked; the 5 matches named, nothing cloned',
    async (_label, retryAfter, extraInputs: Record<string, string>, waitMs) => {
      const { host, run, git, api } = await runAgainst(
        { api: { repositories: LISTED, throttle: { times: 2, retryAfter } } },
        { mode: 'list', repository: 'service-*', ...extraInputs },
      );
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(JSON.parse(run.outputs.names ?? 'null')).toEqual(SERVICES);
      const requests = api?.requests ?? [];
      expect(requests.map((r) => r.throttled === true)).toEqual([
        true,
        true,
        ...Array.from({ length: PAGES }, () => false),
      ]);
      const wait = `${(waitMs / 1000).toFixed(1)} s`;
      expect(listingWarnings(run)).toEqual(
        [1, 2].map(
          (attempt) =>
            `CodeCommit ListRepositories throttled by ${API_HOST} (attempt ${attempt} of 3), retrying in ` +
            `${wait} as its Retry-After asks ${RATE_EXCEEDED}`,
        ),
      );
      // The waits happened: each retry reached the API at least Retry-After after the throttled request
      // (recorded before its answer was sent; a timer may fire a millisecond early against Date).
      for (const index of [1, 2]) {
        const gap = (requests[index]?.time.getTime() ?? 0) - (requests[index - 1]?.time.getTime() ?? 0);
        expect(gap).toBeGreaterThanOrEqual(waitMs - 5);
      }
      expect(git.requests).toEqual([]);
      expect(run.outputs).not.toHaveProperty('repositories');
      await expectNoSecretLeft(world, host, [run]);
    },
  );

  test('an API throttling every ListRepositories: the step fails after exactly max-attempts (4) within its time bound, its error naming the throttling and what helps; nothing cloned', async () => {
    const { host, run, git, api } = await runAgainst(
      { api: { repositories: LISTED, throttle: { times: 'always' } } },
      { repository: 'service-*', 'max-attempts': '4' },
    );
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      `CodeCommit ListRepositories at ${API_HOST}, to match the repository patterns 'service-*', failed after ` +
        `4 attempt(s): ThrottlingException, HTTP 400: Rate exceeded. ${API_HOST} throttled the requests (the ` +
        "account's request rate for this API is shared by every caller in the region). Lower 'concurrency', " +
        "raise 'max-attempts', or spread a matrix's jobs over time.",
    ]);
    expect(api?.requests.map((r) => r.throttled)).toEqual([true, true, true, true]);
    expect(listingWarnings(run)).toHaveLength(3);
    expect(git.requests).toEqual([]);
    expect(await readdir(host.directories.workspace)).toEqual([]);
    // Answers, not silence: no probe; 3 backoff waits, the AssumeRole and start-up. Margin 3 s: 2 cores
    // shared with the fakes and whoever else tests.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 4, attemptSeconds: 0, probe: false, marginMs: 3000 }),
    );
    await expectNoSecretLeft(world, host, [run]);
  });
});
