import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { actionUnderTest, bundlePath, PROJECT_ROOT } from '../../test-support/action-under-test.js';
import { failureBoundMs } from '../../test-support/closed-vpc/bounds.js';
import {
  filesHoldingSecrets,
  gitArgvText,
  knownSecrets,
  NODES,
  prepareRunnerHost,
  secretsIn,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';
import { runCommand, runCommandResult, type RunResult } from '../../test-support/run-command.js';

/**
 * git-remote-codecommit on its own, as on an EC2 instance of account B: `~/.aws/credentials` with the
 * instance's key as `default`, `~/.aws/config` with `[profile switchrole]` (role_arn, source_profile,
 * region), and `git clone codecommit::<region>://switchrole@<repository>` with the program on PATH; no
 * AWS variable, no action, no session file. The profile's AssumeRole goes to the STS endpoint chosen
 * (regional, or the vpce name given), the password is signed for the git endpoint git contacts, every
 * git command signs afresh, and a silent STS endpoint ends the command within its bound.
 */
const REMOTE = bundlePath('git-remote-codecommit');
/** The installed programs run on the node first on PATH: the Node 24 the action runs on (engines: >=22). */
const NODE_24_DIR = path.dirname(NODES[1].path);
let world: VpcWorld;

beforeAll(async () => {
  world = await startVpcWorld({ allowPush: true });
  world.accounts.allowRepository(REPOSITORY, SWITCH_ROLE, 'write');
});
afterAll(async () => {
  await world?.close();
});

interface Instance {
  host: RunnerHost;
  env: Record<string, string>;
  workspace: string;
  /**
   * GIT_TRACE2_EVENT of every git, unredacted: the whole argv of each (`-c` options included), the
   * `git remote-https` the helper starts among them.
   */
  trace: string;
}

/** The instance: its key only in ~/.aws/credentials, `programs` (git-remote-codecommit) first on PATH. */
async function instance(profileRegion: string, programs?: string): Promise<Instance> {
  const host = await prepareRunnerHost(world);
  delete host.env.AWS_ACCESS_KEY_ID;
  delete host.env.AWS_SECRET_ACCESS_KEY;
  const aws = path.join(host.directories.home, '.aws');
  await mkdir(aws);
  await writeFile(
    path.join(aws, 'credentials'),
    `[default]\naws_access_key_id = ${world.runnerKey.accessKeyId}\n` +
      `aws_secret_access_key = ${world.runnerKey.secretAccessKey}\n`,
  );
  await writeFile(
    path.join(aws, 'config'),
    `[profile switchrole]\nrole_arn = ${SWITCH_ROLE}\nsource_profile = default\nregion = ${profileRegion}\n`,
  );
  let bin = programs;
  if (bin === undefined) {
    bin = path.join(host.directories.commandFiles, 'programs');
    await mkdir(bin);
    await symlink(REMOTE, path.join(bin, 'git-remote-codecommit'));
  }
  const trace = path.join(host.directories.commandFiles, 'git-trace2.json');
  return {
    host,
    workspace: host.directories.workspace,
    trace,
    env: {
      ...host.env,
      PATH: `${bin}:${NODE_24_DIR}:${host.env.PATH ?? ''}`,
      HOME: host.directories.home,
      GIT_SSL_CAINFO: world.caCertPath,
      GIT_TERMINAL_PROMPT: '0',
      GIT_TRACE2_EVENT: trace,
      GIT_TRACE2_REDACT: '0',
      GIT_AUTHOR_NAME: 'Instance',
      GIT_AUTHOR_EMAIL: 'instance@example.invalid',
      GIT_COMMITTER_NAME: 'Instance',
      GIT_COMMITTER_EMAIL: 'instance@example.invalid',
    },
  };
}

function git(on: Instance, args: string[], cwd = on.workspace): Promise<RunResult> {
  return runCommandResult('git', args, { cwd, env: on.env });
}

async function head(on: Instance, clone: string): Promise<string> {
  return (await git(on, ['rev-parse', 'HEAD'], path.join(on.workspace, clone))).stdout.trim();
}

/** The STS calls since `before` at `sts`, as [action, role, caller key, outcome]. */
function stsCalls(sts: VpcWorld['regionalSts'], before: number): (string | undefined)[][] {
  return sts.requests.slice(before).map((r) => [r.action, r.params.RoleArn, r.callerAccessKeyId, r.outcome]);
}

/**
 * No credential in anything the commands printed, git's argv (the recorder's, and every git's in the
 * trace, `git remote-https` of the helper included), any clone's .git/config or any file of the
 * workspace; the runner's own credential helper (in its global config) never called.
 */
async function expectNoCredentialLeft(on: Instance, runs: RunResult[], clones: string[]): Promise<void> {
  const secrets = knownSecrets(world);
  for (const run of runs) expect(secretsIn(`${run.stdout}${run.stderr}`, secrets)).toEqual([]);
  expect(secretsIn(await gitArgvText(on.host), secrets)).toEqual([]);
  const trace = await readFile(on.trace, 'utf8');
  expect(secretsIn(trace, secrets)).toEqual([]);
  expect(trace).toMatch(/"argv":\["git","remote-https","[^"]+","https:\/\/[^"@]+\/v1\/repos\//);
  for (const clone of clones) {
    const config = await readFile(path.join(on.workspace, clone, '.git', 'config'), 'utf8');
    expect(secretsIn(config, secrets)).toEqual([]);
    expect(config).not.toMatch(/extraheader|Authorization/i);
  }
  expect(await filesHoldingSecrets([on.workspace], secrets)).toEqual([]);
  expect(existsSync(path.join(on.host.directories.home, 'credential-helper-was-called'))).toBe(false);
}

describe('git-remote-codecommit with a switchrole profile, private DNS on', () => {
  test('git clone codecommit::<region>://switchrole@<repository>, then fetch, pull and push, each signed afresh', async () => {
    const on = await instance(PRIVATE_DNS_REGION);
    const url = `codecommit::${PRIVATE_DNS_REGION}://switchrole@${REPOSITORY}`;
    const activity = world.activityByHost();
    const stsBefore = world.regionalSts.requests.length;
    const gitBefore = world.regionalGit.requests.length;
    const clone = await git(on, ['clone', '--quiet', url, 'app']);
    expect(clone.stderr).toBe('');
    expect(clone.exitCode).toBe(0);
    expect(await head(on, 'app')).toBe(world.repository.headSha);
    const cwd = path.join(on.workspace, 'app');
    expect((await git(on, ['config', 'remote.origin.url'], cwd)).stdout.trim()).toBe(url);

    const fetch = await git(on, ['fetch', '--quiet', 'origin'], cwd);
    const pull = await git(on, ['pull', '--quiet', '--ff-only', 'origin', 'main'], cwd);
    await writeFile(path.join(cwd, 'pushed.txt'), 'from the instance\n');
    await git(on, ['add', 'pushed.txt'], cwd);
    await git(on, ['commit', '--quiet', '-m', 'Pushed through git-remote-codecommit'], cwd);
    const push = await git(on, ['push', '--quiet', 'origin', 'HEAD:refs/heads/from-instance'], cwd);
    for (const run of [fetch, pull, push])
      expect({ stderr: run.stderr, exitCode: run.exitCode }).toEqual({ stderr: '', exitCode: 0 });
    const pushed = await runCommand('git', [
      '--git-dir',
      world.repository.path,
      'rev-parse',
      'refs/heads/from-instance',
    ]);
    expect(pushed.stdout.trim()).toBe(await head(on, 'app'));

    // Only the regional endpoints of the region; never the global STS name.
    expect(world.hostsContactedSince(activity)).toEqual(
      [HOSTS.regionalGit.name, HOSTS.regionalSts.name].sort(),
    );
    // One AssumeRole of the profile per git command (clone, fetch, pull, push), with the instance's key.
    const assume = ['AssumeRole', SWITCH_ROLE, world.runnerKey.accessKeyId, 'ok'];
    expect(stsCalls(world.regionalSts, stsBefore)).toEqual([assume, assume, assume, assume]);
    const signed = world.regionalGit.requests.slice(gitBefore).filter((r) => r.auth !== 'anonymous');
    expect(signed.length).toBeGreaterThanOrEqual(4);
    expect(signed.filter((r) => r.auth !== 'accepted')).toEqual([]);
    // A session of its own for each command: as many access keys as git commands.
    expect(new Set(signed.map((r) => r.accessKeyId)).size).toBe(4);
    await expectNoCredentialLeft(on, [clone, fetch, pull, push], ['app']);
  });

  test('codecommit://switchrole@<repository> takes the region from the profile', async () => {
    const on = await instance(PRIVATE_DNS_REGION);
    const activity = world.activityByHost();
    const clone = await git(on, ['clone', '--quiet', `codecommit://switchrole@${REPOSITORY}`, 'app']);
    expect(clone.stderr).toBe('');
    expect(clone.exitCode).toBe(0);
    expect(await head(on, 'app')).toBe(world.repository.headSha);
    expect(world.hostsContactedSince(activity)).toEqual(
      [HOSTS.regionalGit.name, HOSTS.regionalSts.name].sort(),
    );
    await expectNoCredentialLeft(on, [clone], ['app']);
  });
});

describe('git-remote-codecommit with private DNS off', () => {
  test('the vpce names in CODE_COMMIT_ENDPOINT and AWS_ENDPOINT_URL_STS, or in git config: only they are contacted', async () => {
    const on = await instance(VPCE_ONLY_REGION);
    const url = `codecommit::${VPCE_ONLY_REGION}://switchrole@${REPOSITORY}`;
    const activity = world.activityByHost();
    const stsBefore = world.vpceSts.requests.length;
    // As AWS's tool reads it: a bare host name.
    const clone = await runCommandResult('git', ['clone', '--quiet', url, 'app'], {
      cwd: on.workspace,
      env: {
        ...on.env,
        CODE_COMMIT_ENDPOINT: HOSTS.vpceGit.name,
        AWS_ENDPOINT_URL_STS: `https://${HOSTS.vpceSts.name}`,
      },
    });
    expect(clone.stderr).toBe('');
    expect(clone.exitCode).toBe(0);
    expect(await head(on, 'app')).toBe(world.repository.headSha);
    // The same names as git config of the clone, the variables gone.
    const cwd = path.join(on.workspace, 'app');
    await git(on, ['config', 'codecommit.endpoint', `https://${HOSTS.vpceGit.name}`], cwd);
    await git(on, ['config', 'codecommit.stsEndpoint', `https://${HOSTS.vpceSts.name}`], cwd);
    const fetch = await git(on, ['fetch', '--quiet', 'origin'], cwd);
    expect({ stderr: fetch.stderr, exitCode: fetch.exitCode }).toEqual({ stderr: '', exitCode: 0 });
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.vpceGit.name, HOSTS.vpceSts.name].sort());
    const assume = ['AssumeRole', SWITCH_ROLE, world.runnerKey.accessKeyId, 'ok'];
    expect(stsCalls(world.vpceSts, stsBefore)).toEqual([assume, assume]);
    await expectNoCredentialLeft(on, [clone, fetch], ['app']);
  });

  test('without them, each regional name that does not resolve is named with what to set, before any request', async () => {
    const on = await instance(VPCE_ONLY_REGION);
    const activity = world.activityByHost();
    const url = `codecommit::${VPCE_ONLY_REGION}://switchrole@${REPOSITORY}`;
    // Neither name given: the git endpoint is looked up first.
    const neither = await git(on, ['clone', url, 'app']);
    expect(neither.exitCode).not.toBe(0);
    expect(neither.stderr).toContain(
      `git-remote-codecommit: the git endpoint git-codecommit.${VPCE_ONLY_REGION}.amazonaws.com does not answer`,
    );
    expect(neither.stderr).toContain(`DNS: git-codecommit.${VPCE_ONLY_REGION}.amazonaws.com did not resolve`);
    expect(neither.stderr).toContain(
      'otherwise set CODE_COMMIT_ENDPOINT (or git config codecommit.endpoint) to the endpoint',
    );
    // The git endpoint given: STS's regional name, after its one attempt.
    const stsMissing = await git(on, [
      ...['-c', `codecommit.endpoint=${HOSTS.vpceGit.name}`, '-c', 'codecommit.maxAttempts=1'],
      'clone',
      url,
      'app',
    ]);
    expect(stsMissing.exitCode).not.toBe(0);
    expect(stsMissing.stderr).toContain(
      `git-remote-codecommit: Could not resolve source AWS credentials from profile 'switchrole' (of ${url})`,
    );
    expect(stsMissing.stderr).toContain(`at sts.${VPCE_ONLY_REGION}.amazonaws.com failed after 1 attempt(s)`);
    expect(stsMissing.stderr).toContain(
      'otherwise set AWS_ENDPOINT_URL_STS (or git config codecommit.stsEndpoint) to the endpoint',
    );
    // The git endpoint's TLS handshake only (its check), no git request, no STS call.
    expect(world.hostsContactedSince(activity)).toEqual([]);
    expect(existsSync(path.join(on.workspace, 'app'))).toBe(false);
    expect(secretsIn(`${neither.stderr}${stsMissing.stderr}`, knownSecrets(world))).toEqual([]);
  });
});

describe('git-remote-codecommit and an STS endpoint that never answers', () => {
  test('the clone ends within attempts × codecommit.networkTimeoutSeconds, naming the endpoint and what to check', async () => {
    const on = await instance(VPCE_ONLY_REGION);
    const activity = world.activityByHost();
    const started = Date.now();
    const clone = await git(on, [
      ...['-c', `codecommit.stsEndpoint=https://${HOSTS.silentSts.name}`],
      ...['-c', `codecommit.endpoint=${HOSTS.vpceGit.name}`],
      ...['-c', 'codecommit.networkTimeoutSeconds=2', '-c', 'codecommit.maxAttempts=2'],
      'clone',
      `codecommit::${VPCE_ONLY_REGION}://switchrole@${REPOSITORY}`,
      'app',
    ]);
    const elapsed = Date.now() - started;
    expect(clone.exitCode).not.toBe(0);
    // It waited for STS (two attempts of 2 s) and no longer than the bound: no probe, one short backoff.
    expect(elapsed).toBeGreaterThanOrEqual(4000);
    // Margin: git's own start and exit around the helper's, on 2 shared cores.
    expect(elapsed).toBeLessThan(
      failureBoundMs({ attempts: 2, attemptSeconds: 2, probe: false, marginMs: 3000 }),
    );
    expect(clone.stderr).toContain(
      `STS AssumeRole of ${SWITCH_ROLE} at ${HOSTS.silentSts.name} failed after 2 attempt(s)`,
    );
    expect(clone.stderr).toContain(
      `an interface VPC endpoint for com.amazonaws.${VPCE_ONLY_REGION}.sts exists`,
    );
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.silentSts.name]);
    expect(existsSync(path.join(on.workspace, 'app'))).toBe(false);
    expect(secretsIn(clone.stderr, knownSecrets(world))).toEqual([]);
  });
});

describe('git-remote-codecommit and a git endpoint that never answers TLS', () => {
  test('stops within codecommit.networkTimeoutSeconds instead of leaving git to wait, naming the endpoint, before any STS call', async () => {
    const on = await instance(VPCE_ONLY_REGION);
    const activity = world.activityByHost();
    const started = Date.now();
    const clone = await git(on, [
      ...['-c', `codecommit.stsEndpoint=https://${HOSTS.vpceSts.name}`],
      ...['-c', `codecommit.endpoint=${HOSTS.silentGit.name}`],
      ...['-c', 'codecommit.networkTimeoutSeconds=2'],
      'clone',
      `codecommit::${VPCE_ONLY_REGION}://switchrole@${REPOSITORY}`,
      'app',
    ]);
    const elapsed = Date.now() - started;
    expect(clone.exitCode).not.toBe(0);
    // The name from the hosts file, TCP at once, then the handshake's 2 s; git itself would wait 300 s.
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(
      failureBoundMs({ attempts: 1, attemptSeconds: 2, probe: false, marginMs: 3000 }),
    );
    expect(clone.stderr).toContain(
      `git-remote-codecommit: the git endpoint ${HOSTS.silentGit.name} does not answer (each wait bounded by 2 s)`,
    );
    expect(clone.stderr).toContain(`TCP connect to ${HOSTS.silentGit.address}: connected after`);
    expect(clone.stderr).toContain('TLS handshake: no answer after');
    expect(clone.stderr).toContain(
      `an interface VPC endpoint for com.amazonaws.${VPCE_ONLY_REGION}.git-codecommit exists`,
    );
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.silentGit.name]);
    expect(existsSync(path.join(on.workspace, 'app'))).toBe(false);
  });
});

describe('the package, installed from its tarball', () => {
  test('npm pack holds the two programs and no more; installed offline into a prefix, both run from its bin', async () => {
    // The package as published: package.json, README and LICENSE of the repository, dist/ of the build under test.
    const scratch = await mkdtemp(path.join(tmpdir(), 'package-'));
    const stage = path.join(scratch, 'stage');
    await mkdir(stage);
    for (const file of ['package.json', 'README.md', 'LICENSE']) {
      await writeFile(path.join(stage, file), await readFile(path.join(PROJECT_ROOT, file)));
    }
    await runCommand('cp', ['-R', path.join(actionUnderTest(), 'dist'), path.join(stage, 'dist')]);
    const npmEnv = {
      PATH: `${NODE_24_DIR}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: scratch,
      npm_config_cache: path.join(scratch, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    const packed = await runCommand(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch],
      {
        cwd: stage,
        env: npmEnv,
      },
    );
    const [tarball] = JSON.parse(packed.stdout) as {
      filename: string;
      files: { path: string; mode: number }[];
    }[];
    const files = new Map((tarball?.files ?? []).map((file) => [file.path, file.mode]));
    expect([...files.keys()].filter((file) => !/^dist\/[\w-]+\/\d+\.index\.js$/.test(file)).sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli/index.js',
      'dist/cli/licenses.txt',
      'dist/cli/package.json',
      'dist/git-remote-codecommit/index.js',
      'dist/git-remote-codecommit/licenses.txt',
      'dist/git-remote-codecommit/package.json',
      'package.json',
    ]);
    for (const program of ['dist/cli/index.js', 'dist/git-remote-codecommit/index.js']) {
      expect(files.get(program)).toBe(0o755);
      expect((await readFile(path.join(stage, program), 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(
        true,
      );
    }

    // No registry in the VPC: the install pulls nothing, or it fails.
    const prefix = path.join(scratch, 'prefix');
    await runCommand(
      'npm',
      [
        'install',
        '--global',
        path.join(scratch, tarball?.filename ?? ''),
        '--prefix',
        prefix,
        '--offline',
        '--ignore-scripts',
      ],
      { cwd: scratch, env: npmEnv },
    );
    const installed = path.join(prefix, 'lib', 'node_modules', 'codecommit-xaccount-clone');
    expect((await readdir(installed)).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    const bin = path.join(prefix, 'bin');
    expect((await readdir(bin)).sort()).toEqual(['codecommit-xaccount-clone', 'git-remote-codecommit']);

    const on = await instance(PRIVATE_DNS_REGION, bin);
    const version = await runCommandResult('codecommit-xaccount-clone', ['--version'], { env: on.env });
    expect(version.stdout).toBe('codecommit-xaccount-clone 1.0.0\n');
    const remoteVersion = await runCommandResult('git-remote-codecommit', ['--version'], { env: on.env });
    expect(remoteVersion.stdout).toBe('git-remote-codecommit (codecommit-xaccount-clone 1.0.0)\n');

    const activity = world.activityByHost();
    const clone = await git(on, [
      'clone',
      '--quiet',
      `codecommit::${PRIVATE_DNS_REGION}://switchrole@${REPOSITORY}`,
      'via-remote',
    ]);
    expect(clone.stderr).toBe('');
    expect(clone.exitCode).toBe(0);
    expect(await head(on, 'via-remote')).toBe(world.repository.headSha);
    const command = await runCommandResult(
      'codecommit-xaccount-clone',
      [
        '--repository',
        REPOSITORY,
        '--aws-region',
        PRIVATE_DNS_REGION,
        '--aws-profile',
        'switchrole',
        '--path',
        'via-command',
      ],
      { cwd: on.workspace, env: on.env },
    );
    expect(command.stderr).toBe('');
    expect(command.exitCode).toBe(0);
    expect(await head(on, 'via-command')).toBe(world.repository.headSha);
    expect(world.hostsContactedSince(activity)).toEqual(
      [HOSTS.regionalGit.name, HOSTS.regionalSts.name].sort(),
    );
    await expectNoCredentialLeft(on, [clone, command, version, remoteVersion], ['via-remote', 'via-command']);
  });
});
