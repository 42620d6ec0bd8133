import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  gitArgvText,
  knownSecrets,
  NODES,
  prepareRunnerHost,
  runMain,
  secretsIn,
  snapshotTree,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { linesLeakingBeforeMask, type StepRun } from '../../test-support/actions-runner.js';
import { beyondLocalReads } from '../../test-support/git-recorder.js';
import { HOSTS, PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  CHAIN_FIRST_ROLE,
  CHAIN_SECOND_ROLE,
  OIDC_ROLE,
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

/** Every source of first credentials and every partition concern, end to end in the simulated VPC. */
const node = NODES[1].path;
let world: VpcWorld;

beforeAll(async () => {
  world = await startVpcWorld();
});
afterAll(async () => {
  await world?.close();
});

/** A runner whose job may request an ID token and has no AWS key in its environment. */
async function oidcRunner(): Promise<RunnerHost> {
  const host = await prepareRunnerHost(world, { ...world.oidc.env });
  delete host.env.AWS_ACCESS_KEY_ID;
  delete host.env.AWS_SECRET_ACCESS_KEY;
  return host;
}

function expectCloned(run: StepRun): void {
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(run.outputs.commit).toBe(world.repository.headSha);
}

function expectNoSecretLeaked(run: StepRun): void {
  for (const secret of knownSecrets(world)) expect(linesLeakingBeforeMask(run, secret)).toEqual([]);
}

describe('GitHub OIDC', () => {
  test('with no AWS key, the job ID token assumes the role through AssumeRoleWithWebIdentity', async () => {
    const host = await oidcRunner();
    const tokensBefore = world.oidc.issued.length;
    const stsBefore = world.regionalSts.requests.length;
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': PRIVATE_DNS_REGION,
      'role-to-assume': OIDC_ROLE,
    });
    expectCloned(run);
    expect(run.outputs['assumed-role-arn']).toMatch(/assumed-role\/GitHubActions\//);
    expect(world.oidc.issued.slice(tokensBefore).map((t) => t.audience)).toEqual(['sts.amazonaws.com']);
    const calls = world.regionalSts.requests.slice(stsBefore);
    expect(calls.map((r) => [r.host, r.action, r.outcome])).toEqual([
      [HOSTS.regionalSts.name, 'AssumeRoleWithWebIdentity', 'ok'],
    ]);
    expect(calls[0]?.callerAccessKeyId).toBeUndefined();
    // The ID token is a secret too: masked before anything could print it.
    const idTokenMasks = run.masks.filter((mask) => mask.split('.').length === 3 && mask.startsWith('ey'));
    expect(idTokenMasks.length).toBeGreaterThan(0);
    for (const token of idTokenMasks) expect(linesLeakingBeforeMask(run, token)).toEqual([]);
    expectNoSecretLeaked(run);
    expect(world.globalSts.acceptedConnections()).toBe(0);
  });

  test('a fresh ID token for each attempt when STS throttles', async () => {
    const host = await oidcRunner();
    const faulty = await world.startFaulty({
      sts: { failFirst: { count: 1, status: 400, code: 'Throttling' } },
    });
    try {
      const tokensBefore = world.oidc.issued.length;
      const run = await runMain(host, node, {
        repository: REPOSITORY,
        'role-to-assume': OIDC_ROLE,
        ...faulty.inputs,
      });
      expectCloned(run);
      expect(world.oidc.issued.length - tokensBefore).toBe(2);
      expect(faulty.sts.requests.map((r) => r.action)).toEqual([
        'AssumeRoleWithWebIdentity',
        'AssumeRoleWithWebIdentity',
      ]);
    } finally {
      await faulty.close();
    }
  });

  test('an audience the role does not trust: the error says what to fix in the trust policy', async () => {
    const host = await oidcRunner();
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': PRIVATE_DNS_REGION,
      'role-to-assume': OIDC_ROLE,
      audience: 'not-sts',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/AssumeRoleWithWebIdentity/);
    expect(run.errors[0]).toMatch(/token\.actions\.githubusercontent\.com/);
    expect(run.errors[0]).toMatch(/aud = 'not-sts'/);
    expect(beyondLocalReads(await host.recorder.invocations())).toEqual([]);
  });

  test('without role-to-assume, OIDC alone is explained rather than attempted: no ID token, no STS call, no git', async () => {
    const host = await oidcRunner();
    const before = world.networkActivity();
    const tokensBefore = world.oidc.requests.length;
    const run = await runMain(host, node, { repository: REPOSITORY, 'aws-region': PRIVATE_DNS_REGION });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/role-to-assume/);
    expect(world.oidc.requests.length).toBe(tokensBefore);
    expect(world.networkActivity()).toBe(before);
    // At most the local reads (git's version, the runner's config): no git command that could reach a host.
    expect(beyondLocalReads(await host.recorder.invocations())).toEqual([]);
  });
});

describe('role chaining', () => {
  test('two roles: the second AssumeRole is signed by the first role session; sessions capped at an hour', async () => {
    const host = await prepareRunnerHost(world);
    const stsBefore = world.regionalSts.requests.length;
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': PRIVATE_DNS_REGION,
      'role-to-assume': `${CHAIN_FIRST_ROLE}\n${CHAIN_SECOND_ROLE}`,
      'role-duration-seconds': '7200',
    });
    expectCloned(run);
    expect(run.outputs['assumed-role-arn']).toMatch(/assumed-role\/ChainedReader\//);
    const calls = world.regionalSts.requests.slice(stsBefore);
    expect(calls.map((r) => [r.action, r.params.RoleArn, r.outcome])).toEqual([
      ['AssumeRole', CHAIN_FIRST_ROLE, 'ok'],
      ['AssumeRole', CHAIN_SECOND_ROLE, 'ok'],
    ]);
    expect(calls[0]?.callerAccessKeyId).toBe(world.runnerKey.accessKeyId);
    expect(calls[1]?.callerAccessKeyId).toBe(calls[0]?.issuedAccessKeyId);
    expect(calls[1]?.sessionTokenSent).toBe(true);
    expect(calls.map((r) => r.params.DurationSeconds)).toEqual(['3600', '3600']);
    expect(run.warnings.join('\n')).toMatch(/role chaining/);
    expectNoSecretLeaked(run);
    // The runner's own key and the intermediate session are masked too, not only the last session.
    const hop = world.accounts.findCredential(calls[0]?.issuedAccessKeyId ?? '');
    if (hop?.kind !== 'session') throw new Error('the first hop issued no session');
    const { runnerKey } = world;
    for (const secret of [runnerKey.accessKeyId, runnerKey.secretAccessKey])
      expect(run.masks).toContain(secret);
    for (const secret of [hop.accessKeyId, hop.secretAccessKey, hop.sessionToken])
      expect(run.masks).toContain(secret);
  });

  test('the second role refuses the runner itself: a chain of one is AccessDenied', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': PRIVATE_DNS_REGION,
      'role-to-assume': CHAIN_SECOND_ROLE,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/AccessDenied/);
  });

  test('OIDC for the first hop, then a chained role', async () => {
    const host = await oidcRunner();
    const stsBefore = world.regionalSts.requests.length;
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': PRIVATE_DNS_REGION,
      'role-to-assume': `${CHAIN_FIRST_ROLE}\n${CHAIN_SECOND_ROLE}`,
    });
    expectCloned(run);
    expect(world.regionalSts.requests.slice(stsBefore).map((r) => r.action)).toEqual([
      'AssumeRoleWithWebIdentity',
      'AssumeRole',
    ]);
  });
});

describe('FIPS and partitions', () => {
  test('use-fips: true uses sts-fips and git-codecommit-fips for both STS and git', async () => {
    const host = await prepareRunnerHost(world);
    const activity = world.activityByHost();
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': 'us-east-1',
      'role-to-assume': SWITCH_ROLE,
      'use-fips': 'true',
    });
    expectCloned(run);
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.fipsGit.name, HOSTS.fipsSts.name].sort());
    expect(run.outputs.path).toBe(path.join(host.directories.workspace, REPOSITORY));
    expect(secretsIn(await gitArgvText(host), knownSecrets(world))).toEqual([]);
  });

  test.each([
    [{ 'aws-region': 'eu-west-1', 'use-fips': 'true' }, /Input 'use-fips'.*no FIPS endpoints/],
    [{ 'aws-region': 'cn-north-1' }, /Input 'role-to-assume'.*partition/],
    [{ 'aws-region': 'us-gov-west-1' }, /Input 'role-to-assume'.*partition aws-us-gov/],
  ])('refused before any network call: %j', async (inputs, message) => {
    const host = await prepareRunnerHost(world);
    const before = world.networkActivity();
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'role-to-assume': SWITCH_ROLE,
      ...inputs,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(message);
    expect(world.networkActivity()).toBe(before);
  });
});

describe('profiles of the runner', () => {
  test('a role_arn/source_profile profile of ~/.aws/config is resolved by the SDK through the regional STS', async () => {
    const host = await prepareRunnerHost(world);
    delete host.env.AWS_ACCESS_KEY_ID;
    delete host.env.AWS_SECRET_ACCESS_KEY;
    await mkdir(path.join(host.directories.home, '.aws'));
    await writeFile(
      path.join(host.directories.home, '.aws', 'credentials'),
      `[runner]\naws_access_key_id = ${world.runnerKey.accessKeyId}\naws_secret_access_key = ${world.runnerKey.secretAccessKey}\n`,
    );
    await writeFile(
      path.join(host.directories.home, '.aws', 'config'),
      `[profile hop]\nrole_arn = ${CHAIN_FIRST_ROLE}\nsource_profile = runner\nregion = ${PRIVATE_DNS_REGION}\n`,
    );
    host.homeBefore = await snapshotTree(host.directories.home);
    const stsBefore = world.regionalSts.requests.length;
    const run = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': PRIVATE_DNS_REGION,
      'aws-profile': 'hop',
      'role-to-assume': CHAIN_SECOND_ROLE,
    });
    expectCloned(run);
    const calls = world.regionalSts.requests.slice(stsBefore);
    expect(calls.map((r) => [r.host, r.action, r.params.RoleArn])).toEqual([
      [HOSTS.regionalSts.name, 'AssumeRole', CHAIN_FIRST_ROLE],
      [HOSTS.regionalSts.name, 'AssumeRole', CHAIN_SECOND_ROLE],
    ]);
    expect(world.globalSts.acceptedConnections()).toBe(0);
    expect(await snapshotTree(host.directories.home)).toEqual(host.homeBefore);
  });
});
