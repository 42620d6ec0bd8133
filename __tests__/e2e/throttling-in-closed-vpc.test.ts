import { createFixtureRepository, type FixtureRepository } from '../../test-support/fixture-repos.js';
import { NODES, prepareRunnerHost, runMain } from '../../test-support/closed-vpc/action-harness.js';
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
 */
const node = NODES[1].path;
const MANY = Array.from({ length: 24 }, (_, index) => `service-${String(index + 1).padStart(2, '0')}`);
let world: VpcWorld;
let faulty: FaultyEndpoints | undefined;
const repositories: Record<string, FixtureRepository> = {};

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

async function runAgainst(git: FaultyEndpointOptions['git'], inputs: Record<string, string>) {
  faulty = await world.startFaulty({ git });
  const host = await prepareRunnerHost(world);
  const run = await runMain(host, node, { 'role-to-assume': SWITCH_ROLE, ...faulty.inputs, ...inputs });
  return { host, run, git: faulty.git };
}

describe('a throttling git endpoint', () => {
  test('a clone whose first two requests get 429 is retried as throttled and cloned; the final error would name what helps', async () => {
    const { host, run, git } = await runAgainst(
      { failFirst: { count: 2, status: 429, on: 'info-refs' } },
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
      { failFirst: { count: 100, status: 429, on: 'info-refs' } },
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
      { throttle: { everyNth: 4, on: 'info-refs' } },
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
      { throttle: { whenInFlightAbove: 3 } },
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
