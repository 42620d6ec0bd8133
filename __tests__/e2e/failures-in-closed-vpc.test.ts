import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommandResult } from '../../test-support/run-command.js';
import { NODES, prepareRunnerHost, runMain, runPost } from '../../test-support/closed-vpc/action-harness.js';
import type { StepRun } from '../../test-support/actions-runner.js';
import { beyondLocalReads } from '../../test-support/git-recorder.js';
import { expectNoSecretLeft } from './secret-checks.js';
import { failureBoundMs, processesLeftAfter } from '../../test-support/closed-vpc/bounds.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  EXTERNAL_ID,
  EXTERNAL_ID_ROLE,
  FORBIDDEN_REPOSITORY,
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  UNTRUSTING_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

/** What GitHub runs: the failure paths are the same code on every node, so they run on node 24 only. */
const node = NODES[1].path;
let world: VpcWorld;

beforeAll(async () => {
  world = await startVpcWorld();
});

afterAll(async () => {
  await world?.close();
});

const regional = { repository: REPOSITORY, 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };

async function gitOutput(dir: string, args: string[]): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
  });
  return result.stdout.trim();
}

function expectFailure(run: StepRun, ...phrases: (string | RegExp)[]): void {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  for (const phrase of phrases) expect(run.errors[0]).toMatch(phrase);
}

describe('inputs are refused before any network call, naming the input and a valid example', () => {
  test.each([
    ['ref', { ref: '--upload-pack=touch /tmp/owned' }, /Input 'ref'.*Example: main/],
    ['repository', { repository: '../other' }, /Input 'repository'.*Example: my-service/],
    ['path', { path: '../../outside' }, /Input 'path'.*Example:/],
    ['sts-endpoint', { 'sts-endpoint': 'https://sts.amazonaws.com' }, /Input 'sts-endpoint'.*VPC endpoint/],
    [
      'sts-endpoint',
      { 'sts-endpoint': 'http://sts.ap-northeast-1.amazonaws.com' },
      /Input 'sts-endpoint'.*https/,
    ],
    [
      'codecommit-endpoint',
      { 'codecommit-endpoint': 'https://user:pass@git-codecommit.ap-northeast-1.amazonaws.com' },
      /Input 'codecommit-endpoint'/,
    ],
    ['role-to-assume', { 'role-to-assume': 'SwitchRole' }, /Input 'role-to-assume'.*arn:aws:iam::/],
    ['role-duration-seconds', { 'role-duration-seconds': '60' }, /Input 'role-duration-seconds'.*900/],
    ['fetch-depth', { 'fetch-depth': '1; rm -rf /' }, /Input 'fetch-depth'/],
    ['aws-region', { 'aws-region': 'Tokyo' }, /Input 'aws-region'.*Example/],
  ])('%s: %j', async (_name, override, message) => {
    const host = await prepareRunnerHost(world);
    const before = world.networkActivity();
    const run = await runMain(host, node, { ...regional, ...override });
    expectFailure(run, message);
    expect(world.networkActivity()).toBe(before);
    expect(await host.recorder.invocations()).toEqual([]);
    expect(await readdir(host.directories.workspace)).toEqual([]);
    expect(existsSync('/tmp/owned')).toBe(false);
  });

  test('a symlink in the workspace that leads outside it is refused before any network call', async () => {
    const host = await prepareRunnerHost(world);
    const outside = await import('node:fs/promises').then((fs) =>
      fs.mkdtemp(path.join(tmpdir(), 'outside-')),
    );
    await symlink(outside, path.join(host.directories.workspace, 'checkout'));
    const before = world.networkActivity();
    const run = await runMain(host, node, { ...regional, path: 'checkout/my-service' });
    expectFailure(run, /Input 'path'.*outside the workspace/);
    expect(world.networkActivity()).toBe(before);
    expect(await readdir(outside)).toEqual([]);
  });

  test('a clone target that is a file is an error, and the file is left as it was', async () => {
    const host = await prepareRunnerHost(world);
    await writeFile(path.join(host.directories.workspace, REPOSITORY), 'a file');
    const before = world.networkActivity();
    const run = await runMain(host, node, regional);
    expectFailure(run, /Input 'path'.*not a directory/);
    expect(world.networkActivity()).toBe(before);
    expect(await readdir(host.directories.workspace)).toEqual([REPOSITORY]);
  });

  test('with clean: false, a directory holding other files is an error naming clean, and is left exactly as it was', async () => {
    const host = await prepareRunnerHost(world);
    const target = path.join(host.directories.workspace, REPOSITORY);
    await mkdir(target);
    await writeFile(path.join(target, 'precious.txt'), 'keep me');
    const before = world.networkActivity();
    const run = await runMain(host, node, { ...regional, clean: 'false' });
    expectFailure(run, /Input 'path'.*precious\.txt.*clean: false.*set clean: true/);
    expect(world.networkActivity()).toBe(before);
    expect(await readdir(target)).toEqual(['precious.txt']);
  });
});

describe('git older than 2.31, which ignores command-scoped config', () => {
  test('fails the step before any network call, naming the version found, the one needed and why', async () => {
    const host = await prepareRunnerHost(world);
    const bin = path.join(host.directories.commandFiles, 'old-git');
    await mkdir(bin);
    const calls = path.join(bin, 'calls.log');
    // Debian 11's git: answers its version, records anything else it is asked to do.
    await writeFile(
      path.join(bin, 'git'),
      `#!/bin/sh\nif [ "$1" = version ]; then echo 'git version 2.30.2'; exit 0; fi\necho "$@" >> '${calls}'\nexit 1\n`,
      { mode: 0o755 },
    );
    host.env.PATH = `${bin}:${host.env.PATH ?? ''}`;
    const before = world.networkActivity();
    const run = await runMain(host, node, regional);
    expectFailure(run, /version 2\.30\.2/, /needs git 2\.31 or newer/, /GIT_CONFIG_COUNT/);
    expect(run.durationMs).toBeLessThan(5_000);
    expect(world.networkActivity()).toBe(before);
    expect(existsSync(calls)).toBe(false);
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });
});

describe('refs and history', () => {
  test('a tag, a branch and an older commit by SHA, shallow; fetch-depth 0 brings the whole history', async () => {
    const cases: {
      inputs: Record<string, string>;
      commit: string | undefined;
      ref: string;
      depth: string;
    }[] = [
      { inputs: { ref: 'v1.0.0' }, commit: world.repository.tagShas['v1.0.0'], ref: 'v1.0.0', depth: '1' },
      { inputs: { ref: 'feature' }, commit: world.repository.branchShas.feature, ref: 'feature', depth: '1' },
      { inputs: { ref: world.firstCommit }, commit: world.firstCommit, ref: world.firstCommit, depth: '1' },
      { inputs: { 'fetch-depth': '0' }, commit: world.repository.headSha, ref: 'main', depth: '3' },
    ];
    for (const expected of cases) {
      const host = await prepareRunnerHost(world);
      const run = await runMain(host, node, { ...regional, ...expected.inputs });
      expect(run.errors).toEqual([]);
      expect([run.outputs.commit, run.outputs.ref]).toEqual([expected.commit, expected.ref]);
      const clone = run.outputs.path ?? '';
      expect(await gitOutput(clone, ['rev-parse', 'HEAD'])).toBe(expected.commit);
      expect(await gitOutput(clone, ['rev-list', '--count', 'HEAD'])).toBe(expected.depth);
      expect(await gitOutput(clone, ['remote', 'get-url', 'origin'])).toBe(
        `https://${HOSTS.regionalGit.name}/v1/repos/${REPOSITORY}`,
      );
      await expectNoSecretLeft(world, host, [run]);
    }
  });

  test('a ref the repository does not have fails clearly after one attempt and leaves nothing behind', async () => {
    const host = await prepareRunnerHost(world);
    const gitBefore = world.regionalGit.requests.length;
    const run = await runMain(host, node, { ...regional, ref: 'no-such-branch' });
    expectFailure(run, /no-such-branch/);
    expect(run.warnings.filter((w) => /attempt \d+ of/.test(w))).toEqual([]);
    expect(refAdvertisements(world.regionalGit.requests.slice(gitBefore))).toBe(1);
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });
});

describe('credentials', () => {
  test('without role-to-assume the source credentials sign git directly (no session token sent)', async () => {
    const host = await prepareRunnerHost(world);
    const stsBefore = world.regionalSts.requests.length;
    const gitBefore = world.regionalGit.requests.length;
    const run = await runMain(host, node, { repository: REPOSITORY, 'aws-region': PRIVATE_DNS_REGION });
    expect(run.errors).toEqual([]);
    expect(run.outputs['assumed-role-arn']).toBe('');
    expect(world.regionalSts.requests.length).toBe(stsBefore);
    const gitRequests = world.regionalGit.requests.slice(gitBefore);
    expect(gitRequests.length).toBeGreaterThan(0);
    expect(
      gitRequests.every(
        (r) => r.auth === 'accepted' && r.accessKeyId === world.runnerKey.accessKeyId && !r.sessionTokenSent,
      ),
    ).toBe(true);
    await expectNoSecretLeft(world, host, [run]);
  });

  test('role-external-id is passed to AssumeRole: right one accepted, wrong one refused', async () => {
    const good = await runMain(await prepareRunnerHost(world), node, {
      ...regional,
      'role-to-assume': EXTERNAL_ID_ROLE,
      'role-external-id': EXTERNAL_ID,
    });
    expect(good.errors).toEqual([]);
    expect(good.outputs['assumed-role-arn']).toMatch(/assumed-role\/PartnerRole\//);

    const host = await prepareRunnerHost(world);
    const bad = await runMain(host, node, {
      ...regional,
      'role-to-assume': EXTERNAL_ID_ROLE,
      'role-external-id': 'not-the-id',
    });
    expectFailure(bad, /AccessDenied/, /trust policy/, /external ID/);
    expect(beyondLocalReads(await host.recorder.invocations())).toEqual([]);
  });

  test('expired source credentials are refused at once and explained, nothing made', async () => {
    const role = world.accounts.findRole(SWITCH_ROLE);
    if (role === undefined) throw new Error('the world has no SwitchRole');
    const expired = world.accounts.issueSession(role, 'expired-source', 900);
    world.accounts.expireSession(expired.accessKeyId);
    const host = await prepareRunnerHost(world, {
      AWS_ACCESS_KEY_ID: expired.accessKeyId,
      AWS_SECRET_ACCESS_KEY: expired.secretAccessKey,
      AWS_SESSION_TOKEN: expired.sessionToken,
    });
    const stsBefore = world.regionalSts.requests.length;
    const run = await runMain(host, node, regional);
    expectFailure(run, /ExpiredToken/, /source credentials were refused/);
    expect(world.regionalSts.requests.length - stsBefore).toBe(1);
    expect(await readdir(host.directories.workspace)).toEqual([]);
    await expectNoSecretLeft(world, host, [run]);
  });

  test('a role that does not trust the runner: AccessDenied explained on both sides, one attempt, nothing made', async () => {
    const host = await prepareRunnerHost(world);
    const stsBefore = world.regionalSts.requests.length;
    const run = await runMain(host, node, { ...regional, 'role-to-assume': UNTRUSTING_ROLE });
    expectFailure(
      run,
      HOSTS.regionalSts.name,
      /AccessDenied/,
      /trust policy of .*NotForYou/,
      /sts:AssumeRole/,
    );
    expect(world.regionalSts.requests.length - stsBefore).toBe(1);
    expect(beyondLocalReads(await host.recorder.invocations())).toEqual([]);
    expect(await readdir(host.directories.workspace)).toEqual([]);
    await expectNoSecretLeft(world, host, [run]);
  });

  test('git 403 for a repository the role may not read: GitPull explained, only what the step made is removed', async () => {
    const host = await prepareRunnerHost(world);
    await mkdir(path.join(host.directories.workspace, 'deps'));
    await writeFile(path.join(host.directories.workspace, 'deps', 'other.txt'), 'not ours');
    const run = await runMain(host, node, {
      ...regional,
      repository: FORBIDDEN_REPOSITORY,
      path: 'deps/nested/payroll',
    });
    expectFailure(run, /403/, /codecommit:GitPull/, new RegExp(FORBIDDEN_REPOSITORY), HOSTS.regionalGit.name);
    expect(await readdir(host.directories.workspace)).toEqual(['deps']);
    expect(await readdir(path.join(host.directories.workspace, 'deps'))).toEqual(['other.txt']);
    expect(existsSync(path.join(host.directories.home, 'credential-helper-was-called'))).toBe(false);
    await expectNoSecretLeft(world, host, [run]);
    const post = await runPost(host, node, run.state);
    expect(post.exitCode).toBe(0);
    expect(await readdir(path.join(host.directories.workspace, 'deps'))).toEqual(['other.txt']);
  });

  test('a repository that does not exist is named in the error, after one attempt', async () => {
    world.accounts.allowRepository('ghost-service', SWITCH_ROLE);
    const host = await prepareRunnerHost(world);
    const gitBefore = world.regionalGit.requests.length;
    const run = await runMain(host, node, { ...regional, repository: 'ghost-service' });
    expectFailure(run, /ghost-service/, /not found|does not exist/);
    expect(run.warnings.filter((w) => /attempt \d+ of/.test(w))).toEqual([]);
    expect(refAdvertisements(world.regionalGit.requests.slice(gitBefore))).toBe(1);
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });
});

describe('silent and missing endpoints end fast and say what to fix in the VPC', () => {
  test('an STS endpoint that accepts TCP and never answers TLS: bounded by network-timeout-seconds', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      ...regional,
      'aws-region': VPCE_ONLY_REGION,
      'sts-endpoint': `https://${HOSTS.silentSts.name}`,
      'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
      'network-timeout-seconds': '2',
    });
    expectFailure(
      run,
      HOSTS.silentSts.name,
      /no answer within 2 s/,
      /after 3 attempt/,
      new RegExp(`com\\.amazonaws\\.${VPCE_ONLY_REGION}\\.sts`),
      /security group/,
    );
    // 3 attempts of 2 s, 0.5 + 1 s of backoff, the probe's TCP and TLS phases of 2 s, start-up; margin
    // 2 s: one run at a time, but 2 cores shared with the fakes and whoever else tests.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 3, attemptSeconds: 2, probe: true, marginMs: 2000 }),
    );
    expect(world.globalSts.acceptedConnections()).toBe(0);
  });

  test('private DNS off and no sts-endpoint: the regional name does not resolve, and the fix is named', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, { ...regional, 'aws-region': VPCE_ONLY_REGION });
    expectFailure(run, `sts.${VPCE_ONLY_REGION}.amazonaws.com`, /private DNS/, /sts-endpoint/);
    // The hosts file answers "no such name" at once and that is not retried: start-up only; margin 3 s.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 1, attemptSeconds: 0, probe: false, marginMs: 3000 }),
    );
    expect(world.globalSts.acceptedConnections()).toBe(0);
  });

  test('a refused STS connection is retried, then explained', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      ...regional,
      'aws-region': VPCE_ONLY_REGION,
      'sts-endpoint': `https://${HOSTS.refusingSts.name}`,
      'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
    });
    expectFailure(run, HOSTS.refusingSts.name, /ECONNREFUSED/, /after 3 attempt/, /security group/);
    // Each attempt is refused at once (0 s), the probe too: backoff and start-up; margin 3 s.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 3, attemptSeconds: 0, probe: false, marginMs: 3000 }),
    );
  });

  test('a git endpoint that never answers TLS: git is stopped after network-timeout-seconds, nothing left', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      ...regional,
      'aws-region': VPCE_ONLY_REGION,
      'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
      'codecommit-endpoint': `https://${HOSTS.silentGit.name}`,
      'network-timeout-seconds': '2',
    });
    expectFailure(run, HOSTS.silentGit.name, /no answer .* for 2 s/, /git-codecommit/);
    // As for the silent STS: 3 × 2 s, backoff, the probe's 2 × 2 s, start-up; margin 2 s.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 3, attemptSeconds: 2, probe: true, marginMs: 2000 }),
    );
    expect(await readdir(host.directories.workspace)).toEqual([]);
    expect(await processesLeftAfter(`git.*${HOSTS.silentGit.name}`)).toEqual([]);
  });

  test('a step cancelled while git is connected and waiting stops git; post removes the partial clone, twice safely', async () => {
    const host = await prepareRunnerHost(world);
    const connectedBefore = world.silentGit.acceptedConnections();
    const run = await runMain(
      host,
      node,
      {
        ...regional,
        'aws-region': VPCE_ONLY_REGION,
        'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
        'codecommit-endpoint': `https://${HOSTS.silentGit.name}`,
        path: 'cancelled/my-service',
      },
      // Cancelled once git has connected to the endpoint that never answers, as a runner cancels a hang.
      { when: () => world.silentGit.acceptedConnections() > connectedBefore, signal: 'SIGTERM' },
    );
    expect(run.stopped).toBe(true);
    expect(run.exitCode).not.toBe(0);
    expect(JSON.parse(run.state['clones'] ?? '{}')).toEqual({
      createdParents: [path.join(host.directories.workspace, 'cancelled')],
      clones: [
        {
          clonePath: path.join(host.directories.workspace, 'cancelled', REPOSITORY),
          createdRoot: expect.any(String),
          outcome: 'running',
        },
      ],
    });
    expect(existsSync(path.join(host.directories.workspace, 'cancelled'))).toBe(true);
    expect(await processesLeftAfter(`git.*${HOSTS.silentGit.name}`)).toEqual([]);

    for (let round = 0; round < 2; round++) {
      const post = await runPost(host, node, run.state);
      expect(post.exitCode).toBe(0);
      expect(post.errors).toEqual([]);
      expect(await readdir(host.directories.workspace)).toEqual([]);
    }
  });
});

describe('a main step killed hard (SIGKILL) while git hangs', () => {
  test('leaves git running; post stops it before removing the partial clone', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(
      host,
      node,
      {
        ...regional,
        'aws-region': VPCE_ONLY_REGION,
        'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
        'codecommit-endpoint': `https://${HOSTS.silentGit.name}`,
        'network-timeout-seconds': '60',
        path: 'killed/my-service',
      },
      { afterMs: 4000, signal: 'SIGKILL' },
    );
    expect(run.exitCode).not.toBe(0);
    const recorded = JSON.parse(run.state['git-processes'] ?? '[]') as number[];
    expect(recorded).toHaveLength(1);
    // Nothing stopped git: node died without a word.
    const running = await runCommandResult('pgrep', ['-af', `git.*${HOSTS.silentGit.name}`]);
    expect(running.stdout.trim()).not.toBe('');

    const post = await runPost(host, node, run.state);

    expect(post.exitCode).toBe(0);
    expect(post.warnings).toEqual([]);
    expect(post.stdout).toContain(`Stopped git (pid ${recorded[0]}) and its children`);
    expect(await processesLeftAfter(`git.*${HOSTS.silentGit.name}`, 0)).toEqual([]);
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });
});

/** How many times git asked for the ref advertisement (one per attempt of a clone or fetch). */
function refAdvertisements(requests: readonly { path: string; query: string; auth: string }[]): number {
  return requests.filter((r) => r.path.endsWith('/info/refs') && r.auth === 'accepted').length;
}
