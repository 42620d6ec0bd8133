import { randomBytes } from 'node:crypto';
import { createFixtureRepository, type FixtureRepository } from '../../test-support/fixture-repos.js';
import { NODES, prepareRunnerHost, runMain } from '../../test-support/closed-vpc/action-harness.js';
import { PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

/**
 * Parallel clones write each repository's log group when it ends (README, "Several repositories"), so a
 * long clone must not leave the log silent: every 30 s a line names the clones still running. One slow
 * clone through a slow but steady link shows it; this is the suite's one test that must outlast 30 s.
 */
const node = NODES[1].path;
const BIG = 'big-assets';
/** How long the slow clone should last: past the first heartbeat at 30 s, well before a second at 60 s. */
const SLOW_CLONE_SECONDS = 37;
/** git's low-speed bound is 1 KiB/s: the link stays well above it, so nothing is stopped as stalled. */
const MIN_RATE = 2048;
let world: VpcWorld;
let big: FixtureRepository;

beforeAll(async () => {
  world = await startVpcWorld();
  // Random bytes (as text) do not compress: the pack is about as large as the file.
  big = await createFixtureRepository(world.projectRoot, BIG, {
    files: { 'assets/blob.b64': randomBytes(120 * 1024).toString('base64') },
  });
  world.accounts.allowRepository(BIG, SWITCH_ROLE);
});
afterAll(async () => {
  world?.regionalGit.setLinkRate(undefined);
  await world?.close();
});

const base = { 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };

/** The bytes the git endpoint sent for one clone of `name`, measured at full speed. */
async function cloneBytes(name: string): Promise<number> {
  const before = world.regionalGit.requests.length;
  const run = await runMain(await prepareRunnerHost(world), node, { ...base, repository: name });
  expect(run.errors).toEqual([]);
  return world.regionalGit.requests
    .slice(before)
    .filter((request) => request.repository === name)
    .reduce((sum, request) => sum + request.responseBytes, 0);
}

describe('several repositories in parallel', () => {
  test('a clone running for more than 30 s is named in a heartbeat line, with its time; finished ones are not', async () => {
    const rate = Math.floor((await cloneBytes(BIG)) / SLOW_CLONE_SECONDS);
    expect(rate).toBeGreaterThan(MIN_RATE);
    world.regionalGit.setLinkRate(rate);
    try {
      const run = await runMain(await prepareRunnerHost(world), node, {
        ...base,
        repository: [REPOSITORY, BIG].join('\n'),
        concurrency: '2',
      });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.durationMs).toBeGreaterThan(31_000);
      const lines = run.stdout.split('\n');
      const heartbeats = lines.filter((line) => line.startsWith('Still cloning:'));
      // At 30 s (give or take a second of a loaded machine), naming only the clone still running.
      expect(heartbeats).toHaveLength(1);
      expect(heartbeats[0]).toMatch(new RegExp(`^Still cloning: ${BIG} \\((29|30|31) s\\)$`));
      const at = lines.indexOf(heartbeats[0] ?? '');
      const groupOf = (name: string) => lines.findIndex((line) => line.startsWith(`::group::${name}: `));
      // The small clone's group was written when it ended, before; the big one's comes after.
      expect(groupOf(REPOSITORY)).toBeGreaterThan(-1);
      expect(groupOf(REPOSITORY)).toBeLessThan(at);
      expect(groupOf(BIG)).toBeGreaterThan(at);
      expect(JSON.parse(run.outputs.repositories ?? '[]')).toEqual([
        expect.objectContaining({ name: REPOSITORY, commit: world.repository.headSha }),
        expect.objectContaining({ name: BIG, commit: big.headSha }),
      ]);
    } finally {
      world.regionalGit.setLinkRate(undefined);
    }
  });
});
