import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from '../../test-support/run-command.js';
import { createFixtureRepository, type FixtureRepository } from '../../test-support/fixture-repos.js';
import { NODES, prepareRunnerHost, runMain, runPost } from '../../test-support/closed-vpc/action-harness.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';
import { expectNoSecretLeft } from './secret-checks.js';

/**
 * Promises of the README that no other end-to-end test holds the bundled action to: the job summary of
 * a failed step, the `ref` output of a default branch that is not `main`, the SDK's FIPS switch on the
 * runner, and nothing left under the system temp folder.
 */
const node = NODES[1].path;
let world: VpcWorld;
/** A repository whose default branch (HEAD) is `feature`, not `main`. */
let trunkless: FixtureRepository;

beforeAll(async () => {
  world = await startVpcWorld();
  trunkless = await createFixtureRepository(world.projectRoot, 'trunkless');
  await runCommand('git', ['--git-dir', trunkless.path, 'symbolic-ref', 'HEAD', 'refs/heads/feature']);
  world.accounts.allowRepository('trunkless', SWITCH_ROLE);
});
afterAll(async () => {
  await world?.close();
});

const regional = { 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };

describe('the job summary of a failed step', () => {
  test('names each endpoint with its addresses, private, and the TCP/TLS probe after the failure', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'role-to-assume': SWITCH_ROLE,
      'aws-region': VPCE_ONLY_REGION,
      'sts-endpoint': `https://${HOSTS.silentSts.name}`,
      'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
      'network-timeout-seconds': '2',
    });
    expect(run.exitCode).toBe(1);
    // The failure message's probe line: TCP got through, TLS never answered within the 2 s.
    expect(run.errors[0]).toMatch(
      new RegExp(
        `TCP connect to ${HOSTS.silentSts.address}: connected after \\d+ ms; TLS handshake: no answer after (\\d+) ms`,
      ),
    );
    const tlsMs = Number(/TLS handshake: no answer after (\d+) ms/.exec(run.errors[0] ?? '')?.[1]);
    expect(tlsMs).toBeGreaterThanOrEqual(1900);
    expect(tlsMs).toBeLessThan(4000);

    expect(run.summary).toContain('<h3>CodeCommit clone failed</h3>');
    expect(run.summary).toContain('<h4>Endpoints</h4>');
    const rows = [...run.summary.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((cell) => cell[1]),
    );
    expect(rows).toContainEqual(['Endpoint', 'Role', 'Addresses', 'Private or public', 'Reachable']);
    const sts = rows.find((cells) => cells[0] === HOSTS.silentSts.name);
    expect(sts?.slice(1, 4)).toEqual(['STS', HOSTS.silentSts.address, 'private']);
    expect(sts?.[4]).toMatch(/^TCP connected in \d+ ms, TLS no answer \(\d+ ms\)$/);
    // git was never reached: resolved, but not probed.
    expect(rows.find((cells) => cells[0] === HOSTS.vpceGit.name)).toEqual([
      HOSTS.vpceGit.name,
      'git',
      HOSTS.vpceGit.address,
      'private',
      'not probed',
    ]);
    await expectNoSecretLeft(world, host, [run]);
  });
});

describe('outputs', () => {
  test("ref is the default branch's name when ref is empty and HEAD is not main", async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, { ...regional, repository: 'trunkless' });
    expect(run.errors).toEqual([]);
    expect(run.outputs.ref).toBe('feature');
    expect(run.outputs.commit).toBe(trunkless.branchShas.feature);
    expect(JSON.parse(run.outputs.repositories ?? '[]')).toEqual([
      expect.objectContaining({ name: 'trunkless', ref: 'feature', commit: trunkless.branchShas.feature }),
    ]);
  });
});

describe("the AWS SDK's own endpoint switches on the runner", () => {
  test('AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT are not read: only the regional hosts are contacted', async () => {
    const host = await prepareRunnerHost(world, {
      AWS_USE_FIPS_ENDPOINT: 'true',
      AWS_USE_DUALSTACK_ENDPOINT: 'true',
    });
    const before = world.activityByHost();
    const run = await runMain(host, node, { ...regional, repository: REPOSITORY });
    expect(run.errors).toEqual([]);
    expect(run.outputs.commit).toBe(world.repository.headSha);
    expect(world.hostsContactedSince(before)).toEqual(
      [HOSTS.regionalGit.name, HOSTS.regionalSts.name].sort(),
    );
    expect(run.maskedLog).toContain(HOSTS.regionalSts.name);
    expect(run.maskedLog).not.toMatch(/fips|dualstack|api\.aws/i);
  });
});

describe('what it leaves behind', () => {
  test('nothing under the system temp folder, after a clone with persist-credentials and its post step', async () => {
    const systemTemp = await mkdtemp(path.join(tmpdir(), 'system-temp-'));
    const host = await prepareRunnerHost(world, { TMPDIR: systemTemp });
    const main = await runMain(host, node, {
      ...regional,
      repository: REPOSITORY,
      'persist-credentials': 'true',
    });
    expect(main.errors).toEqual([]);
    expect(await readdir(systemTemp)).toEqual([]);
    const post = await runPost(host, node, main.state);
    expect(post.exitCode).toBe(0);
    expect(await readdir(systemTemp)).toEqual([]);
    await expectNoSecretLeft(world, host, [main, post]);
  });
});
