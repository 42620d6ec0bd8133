import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  knownSecrets,
  NODES,
  prepareRunnerHost,
  runMain,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { linesLeakingBeforeMask, type StepRun } from '../../test-support/actions-runner.js';
import { startSilentListener, type SilentListener } from '../../test-support/silent-listener.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  OIDC_AUDIENCE,
  OIDC_ROLE,
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

/**
 * The runner's own credential chain with private DNS off (only the vpce names resolve): every STS call
 * of the chain, the SDK's own included, goes to sts-endpoint; a source that never answers ends the
 * process within its bound, measured from outside, naming what did not answer.
 */
let world: VpcWorld;

/** Addresses of the silent sources (not in the VPC's DNS: they are given by address, as runners do). */
const SILENT_IMDS = '127.0.0.90';
const SILENT_CONTAINER = '127.0.0.91';
const SILENT_TOKEN_SERVICE = '127.0.0.92';
let silentImds: SilentListener;
let silentContainer: SilentListener;
let silentTokenService: SilentListener;

beforeAll(async () => {
  world = await startVpcWorld();
  [silentImds, silentContainer, silentTokenService] = await Promise.all([
    startSilentListener(SILENT_IMDS, 80),
    startSilentListener(SILENT_CONTAINER, 8080),
    startSilentListener(SILENT_TOKEN_SERVICE, 8080),
  ]);
});
afterAll(async () => {
  await Promise.all([silentImds?.close(), silentContainer?.close(), silentTokenService?.close()]);
  await world?.close();
});

const VPCE_INPUTS = {
  repository: REPOSITORY,
  'aws-region': VPCE_ONLY_REGION,
  'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
  'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
};

/** A runner without AWS keys in its environment: its identity comes from files or variables a test sets. */
async function runnerWithoutKeys(extraEnv: Record<string, string> = {}): Promise<RunnerHost> {
  const host = await prepareRunnerHost(world, extraEnv);
  delete host.env.AWS_ACCESS_KEY_ID;
  delete host.env.AWS_SECRET_ACCESS_KEY;
  return host;
}

/** The article's setup: `switchrole` assumes SwitchRole with the keys of `runner`. */
async function writeSwitchRoleProfile(host: RunnerHost, profileRegion: string): Promise<void> {
  const dir = path.join(host.directories.home, '.aws');
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'credentials'),
    `[runner]\naws_access_key_id = ${world.runnerKey.accessKeyId}\naws_secret_access_key = ${world.runnerKey.secretAccessKey}\n`,
  );
  await writeFile(
    path.join(dir, 'config'),
    `[profile switchrole]\nrole_arn = ${SWITCH_ROLE}\nsource_profile = runner\nregion = ${profileRegion}\n`,
  );
}

async function writeProfile(host: RunnerHost, text: string): Promise<void> {
  const dir = path.join(host.directories.home, '.aws');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'config'), text);
}

/** Whether `pid` is gone (or a zombie waiting to be reaped) within `ms`. */
async function stoppedWithin(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined || /^\d+ \(.*\) Z/.test(stat)) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function expectCloned(run: StepRun): void {
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(run.outputs.commit).toBe(world.repository.headSha);
  for (const secret of knownSecrets(world)) expect(linesLeakingBeforeMask(run, secret)).toEqual([]);
}

/**
 * The README's bound: attempts × network-timeout-seconds plus the longest backoff before each next
 * attempt; after a network failure at STS, one more wait for the probe; a few seconds to start and exit.
 */
function boundMs(attempts: number, timeoutSeconds: number, probed = false): number {
  const backoffs = Array.from({ length: attempts - 1 }, (_, i) => Math.min(8000, 500 * 2 ** i));
  const probe = probed ? Math.min(timeoutSeconds, 10) * 1000 : 0;
  return attempts * timeoutSeconds * 1000 + backoffs.reduce((a, b) => a + b, 0) + probe + 3000;
}

const SILENT_INPUTS = { 'network-timeout-seconds': '2', 'max-attempts': '2' };

describe.each(NODES)('the chain through the vpce STS name, private DNS off ($label)', ({ path: node }) => {
  test.each([
    ['aws-profile', (host: RunnerHost) => ({ host, inputs: { 'aws-profile': 'switchrole' } })],
    [
      'AWS_PROFILE',
      (host: RunnerHost) => {
        host.env.AWS_PROFILE = 'switchrole';
        return { host, inputs: {} };
      },
    ],
  ])(
    "a role_arn/source_profile profile given through %s: the profile's AssumeRole goes to sts-endpoint, nothing else is contacted",
    async (_via, give) => {
      const runner = await runnerWithoutKeys();
      await writeSwitchRoleProfile(runner, VPCE_ONLY_REGION);
      const { host, inputs } = give(runner);
      const activity = world.activityByHost();
      const stsBefore = world.vpceSts.requests.length;
      const run = await runMain(host, node, { ...VPCE_INPUTS, ...inputs });
      expectCloned(run);
      expect(world.hostsContactedSince(activity)).toEqual([HOSTS.vpceGit.name, HOSTS.vpceSts.name].sort());
      const calls = world.vpceSts.requests.slice(stsBefore);
      expect(calls.map((r) => [r.action, r.params.RoleArn, r.callerAccessKeyId, r.outcome])).toEqual([
        ['AssumeRole', SWITCH_ROLE, world.runnerKey.accessKeyId, 'ok'],
      ]);
      expect(run.stdout).toContain(`STS AssumeRole ${SWITCH_ROLE} (source profile) at ${HOSTS.vpceSts.name}`);
      expect(run.stdout).toMatch(/Source credentials: the runner's, profile 'switchrole'/);
    },
  );

  test('a profile whose region differs from aws-region: the call still goes to sts-endpoint, signed for aws-region', async () => {
    const host = await runnerWithoutKeys();
    // ap-northeast-1's regional STS name resolves in this VPC and answers: it must not be asked.
    await writeSwitchRoleProfile(host, PRIVATE_DNS_REGION);
    const activity = world.activityByHost();
    const run = await runMain(host, node, { ...VPCE_INPUTS, 'aws-profile': 'switchrole' });
    expectCloned(run);
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.vpceGit.name, HOSTS.vpceSts.name].sort());
  });

  test('EKS IRSA (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN): AssumeRoleWithWebIdentity goes to sts-endpoint', async () => {
    const host = await runnerWithoutKeys();
    const tokenFile = path.join(host.directories.home, 'token');
    await writeFile(tokenFile, world.oidc.mint({ aud: OIDC_AUDIENCE }));
    host.env.AWS_WEB_IDENTITY_TOKEN_FILE = tokenFile;
    host.env.AWS_ROLE_ARN = OIDC_ROLE;
    const activity = world.activityByHost();
    const stsBefore = world.vpceSts.requests.length;
    const run = await runMain(host, node, VPCE_INPUTS);
    expectCloned(run);
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.vpceGit.name, HOSTS.vpceSts.name].sort());
    expect(
      world.vpceSts.requests.slice(stsBefore).map((r) => [r.action, r.params.RoleArn, r.outcome]),
    ).toEqual([['AssumeRoleWithWebIdentity', OIDC_ROLE, 'ok']]);
    expect(run.stdout).toContain(
      `STS AssumeRoleWithWebIdentity ${OIDC_ROLE} (web identity token file) at ${HOSTS.vpceSts.name}`,
    );
  });

  test('AWS_ENDPOINT_URL_STS set by the runner is the STS endpoint of every call, and the log says so', async () => {
    const host = await runnerWithoutKeys({ AWS_ENDPOINT_URL_STS: `https://${HOSTS.vpceSts.name}` });
    await writeSwitchRoleProfile(host, VPCE_ONLY_REGION);
    const activity = world.activityByHost();
    const run = await runMain(host, node, {
      ...VPCE_INPUTS,
      'sts-endpoint': '',
      'aws-profile': 'switchrole',
    });
    expectCloned(run);
    expect(run.stdout).toContain(
      `STS endpoint: https://${HOSTS.vpceSts.name} (custom, from AWS_ENDPOINT_URL_STS)`,
    );
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.vpceGit.name, HOSTS.vpceSts.name].sort());
  });
});

describe.each(NODES)('source-credentials chooses on purpose ($label)', ({ path: node }) => {
  /** A job granted id-token: write (for another step, say) on a runner whose profile is its identity. */
  async function profileRunnerWithIdToken(): Promise<RunnerHost> {
    const host = await runnerWithoutKeys({ ...world.oidc.env, AWS_PROFILE: 'switchrole' });
    await writeSwitchRoleProfile(host, VPCE_ONLY_REGION);
    return host;
  }

  test('auto: an ID token the job may request does not take over from AWS_PROFILE; the log says why', async () => {
    const host = await profileRunnerWithIdToken();
    const stsBefore = world.vpceSts.requests.length;
    const tokensBefore = world.oidc.requests.length;
    const run = await runMain(host, node, VPCE_INPUTS);
    expectCloned(run);
    expect(world.vpceSts.requests.slice(stsBefore).map((r) => r.action)).toEqual(['AssumeRole']);
    expect(world.oidc.requests.length).toBe(tokensBefore);
    expect(run.stdout).toMatch(
      /Source credentials: the runner's, profile 'switchrole' \(AWS_PROFILE\).*\(auto: the runner has an AWS identity of its own \(AWS_PROFILE\)/,
    );
  });

  test('github-oidc: the ID token is used although the runner has a profile', async () => {
    const host = await profileRunnerWithIdToken();
    const stsBefore = world.vpceSts.requests.length;
    const run = await runMain(host, node, {
      ...VPCE_INPUTS,
      'source-credentials': 'github-oidc',
      'role-to-assume': OIDC_ROLE,
    });
    expectCloned(run);
    expect(world.vpceSts.requests.slice(stsBefore).map((r) => [r.action, r.params.RoleArn])).toEqual([
      ['AssumeRoleWithWebIdentity', OIDC_ROLE],
    ]);
    expect(run.stdout).toContain(
      'Source credentials: GitHub OIDC, audience sts.amazonaws.com (source-credentials is github-oidc)',
    );
  });

  test('github-oidc without the permission to request a token fails before any network call', async () => {
    const host = await runnerWithoutKeys();
    const before = world.networkActivity();
    const run = await runMain(host, node, {
      ...VPCE_INPUTS,
      'source-credentials': 'github-oidc',
      'role-to-assume': OIDC_ROLE,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/id-token: write/);
    expect(world.networkActivity()).toBe(before);
  });
});

describe.each(NODES)(
  'a source that never answers ends the process within its bound ($label)',
  ({ path: node }) => {
    const SILENT_STS_INPUTS = {
      ...VPCE_INPUTS,
      ...SILENT_INPUTS,
      'sts-endpoint': `https://${HOSTS.silentSts.name}`,
    };

    function expectEndedInTime(run: StepRun, bound: number): void {
      expect(run.exitCode).toBe(1);
      expect(run.durationMs).toBeLessThan(bound);
    }

    test('the inner STS of a role_arn profile: named, with the VPC advice for that host, after 2 × 2 s', async () => {
      const host = await runnerWithoutKeys();
      await writeSwitchRoleProfile(host, VPCE_ONLY_REGION);
      const activity = world.activityByHost();
      const run = await runMain(host, node, { ...SILENT_STS_INPUTS, 'aws-profile': 'switchrole' });
      expectEndedInTime(run, boundMs(2, 2, true));
      expect(run.durationMs).toBeGreaterThanOrEqual(4000);
      expect(run.errors[0]).toContain(
        `STS AssumeRole of ${SWITCH_ROLE} at ${HOSTS.silentSts.name} failed after 2 attempt(s)`,
      );
      expect(run.errors[0]).toContain(`${HOSTS.silentSts.name} is that endpoint's DNS name`);
      expect(world.hostsContactedSince(activity)).toEqual([HOSTS.silentSts.name]);
    });

    test('the inner STS of IRSA: named, after 2 × 2 s', async () => {
      const host = await runnerWithoutKeys();
      const tokenFile = path.join(host.directories.home, 'token');
      await writeFile(tokenFile, world.oidc.mint({ aud: OIDC_AUDIENCE }));
      host.env.AWS_WEB_IDENTITY_TOKEN_FILE = tokenFile;
      host.env.AWS_ROLE_ARN = OIDC_ROLE;
      const activity = world.activityByHost();
      const run = await runMain(host, node, SILENT_STS_INPUTS);
      expectEndedInTime(run, boundMs(2, 2, true));
      expect(run.errors[0]).toContain(
        `STS AssumeRoleWithWebIdentity of ${OIDC_ROLE} at ${HOSTS.silentSts.name} failed after 2 attempt(s)`,
      );
      expect(world.hostsContactedSince(activity)).toEqual([HOSTS.silentSts.name]);
    });

    test('a credential_process that hangs: named, stopped, and no STS endpoint is blamed', async () => {
      const host = await runnerWithoutKeys();
      const pidFile = path.join(host.directories.home, 'credential-process.pid');
      const script = path.join(host.directories.home, 'hang.sh');
      await writeFile(script, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`, { mode: 0o755 });
      await writeProfile(host, `[profile hangs]\ncredential_process = ${script}\n`);
      const activity = world.activityByHost();
      const run = await runMain(host, node, {
        ...VPCE_INPUTS,
        ...SILENT_INPUTS,
        'aws-profile': 'hangs',
        'role-to-assume': SWITCH_ROLE,
      });
      expectEndedInTime(run, boundMs(1, 2));
      expect(run.errors[0]).toContain(
        `credential_process \`${script}\` of profile 'hangs' gave no answer within 2 s`,
      );
      expect(run.errors[0]).not.toContain(HOSTS.vpceSts.name);
      expect(world.hostsContactedSince(activity)).toEqual([]);
      const pid = Number((await readFile(pidFile, 'utf8')).trim());
      expect(await stoppedWithin(pid, 2000)).toBe(true);
    });

    test('instance metadata (AWS_EC2_METADATA_SERVICE_ENDPOINT at a silent listener): named, with its advice', async () => {
      const host = await runnerWithoutKeys({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://${SILENT_IMDS}` });
      delete host.env.AWS_EC2_METADATA_DISABLED;
      const activity = world.activityByHost();
      const run = await runMain(host, node, {
        ...VPCE_INPUTS,
        ...SILENT_INPUTS,
        'role-to-assume': SWITCH_ROLE,
      });
      expectEndedInTime(run, boundMs(1, 2));
      expect(run.errors[0]).toContain(`instance metadata at http://${SILENT_IMDS}`);
      expect(run.errors[0]).toMatch(/HttpPutResponseHopLimit/);
      expect(run.errors[0]).not.toContain(HOSTS.vpceSts.name);
      expect(world.hostsContactedSince(activity)).toEqual([]);
      expect(silentImds.acceptedConnections()).toBeGreaterThan(0);
    });

    test('the container endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI at a silent listener): named', async () => {
      const url = `http://${SILENT_CONTAINER}:8080/v1/credentials`;
      const host = await runnerWithoutKeys({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url });
      const before = silentContainer.acceptedConnections();
      const run = await runMain(host, node, {
        ...VPCE_INPUTS,
        ...SILENT_INPUTS,
        'role-to-assume': SWITCH_ROLE,
      });
      expectEndedInTime(run, boundMs(1, 2));
      expect(run.errors[0]).toContain(`container credentials endpoint ${url}`);
      expect(run.errors[0]).not.toContain(HOSTS.vpceSts.name);
      expect(silentContainer.acceptedConnections()).toBeGreaterThan(before);
    });

    test("GitHub's OIDC token service, silent: named, after one wait per attempt", async () => {
      const host = await runnerWithoutKeys({
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://${SILENT_TOKEN_SERVICE}:8080/_apis/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
      });
      const activity = world.activityByHost();
      const run = await runMain(host, node, {
        ...VPCE_INPUTS,
        ...SILENT_INPUTS,
        'role-to-assume': OIDC_ROLE,
      });
      expectEndedInTime(run, boundMs(1, 2));
      expect(run.errors[0]).toContain(
        `GitHub's OIDC token service at ${SILENT_TOKEN_SERVICE}:8080 got no answer within 2 s`,
      );
      expect(run.errors[0]).not.toContain(HOSTS.vpceSts.name);
      expect(world.hostsContactedSince(activity)).toEqual([]);
    });
  },
);
