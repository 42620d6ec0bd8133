import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../../test-support/run-command.js';
import {
  NODES,
  prepareRunnerHost,
  runMain,
  runPost,
  snapshotTree,
} from '../../test-support/closed-vpc/action-harness.js';
import { expectNoSecretLeft } from './secret-checks.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

let world: VpcWorld;

beforeAll(async () => {
  world = await startVpcWorld();
});

afterAll(async () => {
  await world?.close();
});

async function gitIn(dir: string, args: string[]): Promise<string> {
  return (
    await runCommand('git', ['-C', dir, ...args], { env: { PATH: process.env.PATH ?? '', HOME: dir } })
  ).stdout.trim();
}

describe.each(NODES)('on $label, inside a closed VPC', ({ path: node }) => {
  test('private DNS on: clones through the regional endpoints and leaves nothing secret anywhere', async () => {
    const host = await prepareRunnerHost(world);
    const stsBefore = world.regionalSts.requests.length;
    const gitBefore = world.regionalGit.requests.length;
    const activityBefore = world.activityByHost();

    const main = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': PRIVATE_DNS_REGION,
      'role-to-assume': SWITCH_ROLE,
    });
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);

    const clonePath = path.join(host.directories.workspace, REPOSITORY);
    expect(main.outputs).toEqual({
      commit: world.repository.headSha,
      ref: 'main',
      path: clonePath,
      'assumed-role-arn': expect.stringMatching(
        /^arn:aws:sts::111111111111:assumed-role\/SwitchRole\/codecommit-clone-4242$/,
      ),
      repositories: expect.any(String),
    });
    expect(JSON.parse(main.outputs.repositories ?? '')).toEqual([
      {
        name: REPOSITORY,
        path: clonePath,
        ref: 'main',
        commit: world.repository.headSha,
        seconds: expect.any(Number),
      },
    ]);
    expect(await gitIn(clonePath, ['rev-parse', 'HEAD'])).toBe(world.repository.headSha);
    expect(await gitIn(clonePath, ['remote', 'get-url', 'origin'])).toBe(
      `https://${HOSTS.regionalGit.name}/v1/repos/${REPOSITORY}`,
    );
    const localConfig = await readFile(path.join(clonePath, '.git', 'config'), 'utf8');
    expect(localConfig).not.toMatch(/extraheader|credential|Authorization/i);

    // STS: one AssumeRole, signed by the runner's key, at the regional endpoint.
    const stsRequests = world.regionalSts.requests.slice(stsBefore);
    expect(stsRequests.map((r) => [r.host, r.action, r.outcome, r.callerAccessKeyId])).toEqual([
      [HOSTS.regionalSts.name, 'AssumeRole', 'ok', world.runnerKey.accessKeyId],
    ]);
    // git: every request authenticated by the assumed-role session for this host; no 401 round trip.
    const gitRequests = world.regionalGit.requests.slice(gitBefore);
    expect(gitRequests.length).toBeGreaterThan(0);
    const session = world.accounts
      .issuedSessions()
      .find((s) => s.issuedToAccessKeyId === world.runnerKey.accessKeyId);
    for (const request of gitRequests) {
      expect([request.host, request.auth, request.accessKeyId, request.sessionTokenSent]).toEqual([
        HOSTS.regionalGit.name,
        'accepted',
        stsRequests[0]?.issuedAccessKeyId,
        true,
      ]);
    }
    expect(session).toBeDefined();

    // Only the regional endpoints of the region were contacted: never the global STS name.
    expect(world.hostsContactedSince(activityBefore)).toEqual(
      [HOSTS.regionalGit.name, HOSTS.regionalSts.name].sort(),
    );
    expect(world.globalSts.acceptedConnections()).toBe(0);
    expect(main.summary).toContain(REPOSITORY);
    expect(main.summary).toContain(world.repository.headSha);
    expect(main.summary).toContain(HOSTS.regionalSts.name);

    const post = await runPost(host, node, main.state);
    expect(post.exitCode).toBe(0);
    expect(post.warnings).toEqual([]);
    expect(existsSync(path.join(clonePath, '.git'))).toBe(true);

    await expectSecretsKept(host, [main, post]);
  });

  test('private DNS off: the vpce names of the workflow example are used for both STS and git', async () => {
    const host = await prepareRunnerHost(world);
    const stsBefore = world.vpceSts.requests.length;
    const gitBefore = world.vpceGit.requests.length;
    const activityBefore = world.activityByHost();
    const main = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': VPCE_ONLY_REGION,
      'role-to-assume': SWITCH_ROLE,
      'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
      'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
      ref: 'main',
      path: 'src/my-service',
    });
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    const clonePath = path.join(host.directories.workspace, 'src', 'my-service');
    expect(main.outputs.path).toBe(clonePath);
    expect(await gitIn(clonePath, ['rev-parse', 'HEAD'])).toBe(world.repository.headSha);
    expect(await gitIn(clonePath, ['remote', 'get-url', 'origin'])).toBe(
      `https://${HOSTS.vpceGit.name}/v1/repos/${REPOSITORY}`,
    );
    expect(world.vpceSts.requests.slice(stsBefore).map((r) => [r.host, r.outcome])).toEqual([
      [HOSTS.vpceSts.name, 'ok'],
    ]);
    const gitRequests = world.vpceGit.requests.slice(gitBefore);
    expect(gitRequests.every((r) => r.host === HOSTS.vpceGit.name && r.auth === 'accepted')).toBe(true);
    expect(world.hostsContactedSince(activityBefore)).toEqual(
      [HOSTS.vpceGit.name, HOSTS.vpceSts.name].sort(),
    );

    const post = await runPost(host, node, main.state);
    expect(post.exitCode).toBe(0);
    await expectSecretsKept(host, [main, post]);
  });
});

describe('repository forms and credential sources', () => {
  const node = NODES[1].path;

  test.each([
    [`https://${HOSTS.regionalGit.name}/v1/repos/${REPOSITORY}`],
    [`codecommit::${PRIVATE_DNS_REGION}://${REPOSITORY}`],
  ])('%s names the region itself', async (repository) => {
    const host = await prepareRunnerHost(world);
    const activityBefore = world.activityByHost();
    const main = await runMain(host, node, { repository, 'role-to-assume': SWITCH_ROLE });
    expect(main.errors).toEqual([]);
    expect(main.outputs.commit).toBe(world.repository.headSha);
    expect(main.outputs.path).toBe(path.join(host.directories.workspace, REPOSITORY));
    expect(world.hostsContactedSince(activityBefore)).toEqual(
      [HOSTS.regionalGit.name, HOSTS.regionalSts.name].sort(),
    );
    await expectSecretsKept(host, [main]);
  });

  test('aws-profile (or the profile of a codecommit:// URL) picks the source credentials from ~/.aws', async () => {
    const forms: Record<string, string>[] = [
      { repository: REPOSITORY, 'aws-region': PRIVATE_DNS_REGION, 'aws-profile': 'source' },
      { repository: `codecommit::${PRIVATE_DNS_REGION}://source@${REPOSITORY}` },
    ];
    for (const inputs of forms) {
      const host = await prepareRunnerHost(world, { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
      delete host.env.AWS_ACCESS_KEY_ID;
      delete host.env.AWS_SECRET_ACCESS_KEY;
      await mkdir(path.join(host.directories.home, '.aws'));
      await writeFile(
        path.join(host.directories.home, '.aws', 'credentials'),
        [
          '[default]',
          'aws_access_key_id = AKIANOTTHEONETOUSE00',
          'aws_secret_access_key = wrong',
          '[source]',
          `aws_access_key_id = ${world.runnerKey.accessKeyId}`,
          `aws_secret_access_key = ${world.runnerKey.secretAccessKey}`,
          '',
        ].join('\n'),
      );
      host.homeBefore = await snapshotTree(host.directories.home);
      const stsBefore = world.regionalSts.requests.length;
      const main = await runMain(host, node, { ...inputs, 'role-to-assume': SWITCH_ROLE });
      expect(main.errors).toEqual([]);
      expect(main.outputs.commit).toBe(world.repository.headSha);
      expect(world.regionalSts.requests.slice(stsBefore).map((r) => r.callerAccessKeyId)).toEqual([
        world.runnerKey.accessKeyId,
      ]);
      await expectSecretsKept(host, [main]);
    }
  });
});

async function expectSecretsKept(
  host: Awaited<ReturnType<typeof prepareRunnerHost>>,
  runs: Awaited<ReturnType<typeof runMain>>[],
): Promise<void> {
  await expectNoSecretLeft(world, host, runs);
  // Every password the action signed was masked before git ran with it.
  expect(runs[0]?.masks.some((mask) => /^\d{8}T\d{6}Z[0-9a-f]{64}$/.test(mask))).toBe(true);
}
