import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundlePath } from '../../test-support/action-under-test.js';
import {
  filesHoldingSecrets,
  gitArgvText,
  knownSecrets,
  prepareRunnerHost,
  secretsIn,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  FORBIDDEN_REPOSITORY,
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { processesLeftAfter } from '../../test-support/closed-vpc/bounds.js';

const CLI = bundlePath('cli');
let world: VpcWorld;

beforeAll(async () => {
  world = await startVpcWorld();
});

afterAll(async () => {
  await world?.close();
});

function cli(host: RunnerHost, args: string[], input?: string) {
  return runCommandResult(process.execPath, [CLI, ...args], {
    cwd: host.directories.workspace,
    env: { ...host.env, HOME: host.directories.home },
    ...(input !== undefined ? { input } : {}),
  });
}

const ROLE_ARGS = ['--aws-region', PRIVATE_DNS_REGION, '--role-to-assume', SWITCH_ROLE];

describe('the codecommit-xaccount-clone command', () => {
  test('clones into the current directory with plain output and no secret anywhere', async () => {
    const host = await prepareRunnerHost(world);
    const run = await cli(host, ['--repository', REPOSITORY, ...ROLE_ARGS]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(/^::/m);
    expect(run.stdout).toMatch(/Checked out main at/);
    const head = await runCommandResult('git', [
      '-C',
      path.join(host.directories.workspace, REPOSITORY),
      'rev-parse',
      'HEAD',
    ]);
    expect(head.stdout.trim()).toBe(world.repository.headSha);
    expect(secretsIn(`${run.stdout}${run.stderr}`, knownSecrets(world))).toEqual([]);
    expect(secretsIn(await gitArgvText(host), knownSecrets(world))).toEqual([]);
    expect(
      await filesHoldingSecrets(
        [host.directories.workspace, host.directories.runnerTemp, host.directories.home],
        knownSecrets(world),
      ),
    ).toEqual([]);
  });

  test('exit 2 for bad usage and bad inputs, before any network call; 1 for a failure, cleaned up', async () => {
    const host = await prepareRunnerHost(world);
    const before = world.networkActivity();
    for (const args of [
      ['--nope'],
      [],
      ['--repository', 'a b'],
      ['--repository', REPOSITORY, '--fetch-depth', 'x'],
    ]) {
      const run = await cli(host, args);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/^codecommit-xaccount-clone: /);
    }
    expect(world.networkActivity()).toBe(before);
    const help = await cli(host, ['--help']);
    expect(help.exitCode).toBe(0);
    for (const flag of [
      '--repository',
      '--aws-region',
      '--role-to-assume',
      '--sts-endpoint',
      '--codecommit-endpoint',
      '--ref',
      '--path',
      '--fetch-depth',
    ])
      expect(help.stdout).toContain(flag);

    const denied = await cli(host, ['--repository', FORBIDDEN_REPOSITORY, ...ROLE_ARGS]);
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toMatch(new RegExp(`${FORBIDDEN_REPOSITORY}: `));
    expect(existsSync(path.join(host.directories.workspace, FORBIDDEN_REPOSITORY))).toBe(false);
    expect(secretsIn(`${denied.stdout}${denied.stderr}`, knownSecrets(world))).toEqual([]);
  });

  test('with git older than 2.31 on PATH it exits 1 before any network call, naming the version', async () => {
    const host = await prepareRunnerHost(world);
    const bin = path.join(host.directories.commandFiles, 'old-git');
    await mkdir(bin);
    await writeFile(path.join(bin, 'git'), "#!/bin/sh\necho 'git version 2.30.2'\n", { mode: 0o755 });
    host.env.PATH = `${bin}:${host.env.PATH ?? ''}`;
    const before = world.networkActivity();
    const run = await cli(host, ['--repository', REPOSITORY, ...ROLE_ARGS]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/version 2\.30\.2.*needs git 2\.31 or newer.*GIT_CONFIG_COUNT/);
    expect(world.networkActivity()).toBe(before);
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'stopped by %s while git hangs: git stopped, the partial clone removed, exit %i',
    async (signal, code) => {
      const host = await prepareRunnerHost(world);
      const acceptedBefore = world.silentGit.acceptedConnections();
      const child = spawn(
        process.execPath,
        [
          CLI,
          '--repository',
          REPOSITORY,
          '--aws-region',
          VPCE_ONLY_REGION,
          '--role-to-assume',
          SWITCH_ROLE,
          '--sts-endpoint',
          `https://${HOSTS.vpceSts.name}`,
          '--codecommit-endpoint',
          `https://${HOSTS.silentGit.name}`,
          '--path',
          'nested/my-service',
        ],
        { cwd: host.directories.workspace, env: { ...host.env, HOME: host.directories.home } },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdout.resume();
      const exited = new Promise<number | null>((resolve) =>
        child.on('close', (exitCode) => resolve(exitCode)),
      );
      // git is connected to the endpoint that never answers: interrupt the command now.
      for (let waited = 0; world.silentGit.acceptedConnections() === acceptedBefore; waited += 50) {
        if (waited > 30_000) throw new Error(`git never connected; the command said: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(existsSync(path.join(host.directories.workspace, 'nested', REPOSITORY))).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toContain(`stopped by ${signal}`);
      expect(await readdir(host.directories.workspace)).toEqual([]);
      expect(await processesLeftAfter(`git.*${HOSTS.silentGit.name}`)).toEqual([]);
      expect(secretsIn(stderr, knownSecrets(world))).toEqual([]);
    },
  );

  test("credential-helper speaks git's protocol", async () => {
    const host = await prepareRunnerHost(world);
    const helper = (op: string, input: string) => cli(host, ['credential-helper', ...ROLE_ARGS, op], input);
    const request = `protocol=https\nhost=${HOSTS.regionalGit.name}\npath=v1/repos/${REPOSITORY}`;
    for (const input of [request, `${request}\n`, `${request}\n\n`]) {
      const answer = await helper('get', input);
      expect(answer.exitCode).toBe(0);
      expect(answer.stdout).toMatch(/^username=ASIA[A-Z0-9]+%[^\n]+\npassword=\d{8}T\d{6}Z[0-9a-f]{64}\n$/);
      expect(answer.stderr).not.toMatch(/Z[0-9a-f]{64}/);
    }
    for (const [op, input] of [
      ['get', 'protocol=https\nhost=github.com\npath=v1/repos/x\n'],
      ['get', `protocol=https\nhost=${HOSTS.regionalGit.name}\n`],
      ['get', ''],
      ['get', '\n'],
      ['store', `${request}\nusername=u\npassword=p\n`],
      ['erase', `${request}\n`],
    ] as const) {
      const quiet = await helper(op, input);
      expect({ op, input, stdout: quiet.stdout, exitCode: quiet.exitCode }).toEqual({
        op,
        input,
        stdout: '',
        exitCode: 0,
      });
    }

    // And git itself, with the helper scoped to the endpoint.
    const command = `!'${process.execPath}' '${CLI}' credential-helper ${ROLE_ARGS.map((a) => `'${a}'`).join(' ')}`;
    const key = `credential.https://${HOSTS.regionalGit.name}`;
    const target = path.join(host.directories.workspace, 'through-helper');
    const clone = await runCommandResult(
      'git',
      [
        '-c',
        `${key}.helper=`,
        '-c',
        `${key}.helper=${command}`,
        '-c',
        `${key}.useHttpPath=true`,
        '-c',
        'http.extraHeader=',
        'clone',
        '--quiet',
        `https://${HOSTS.regionalGit.name}/v1/repos/${REPOSITORY}`,
        target,
      ],
      { env: { ...host.env, HOME: host.directories.home, GIT_TERMINAL_PROMPT: '0' } },
    );
    expect(clone.stderr).toBe('');
    expect(clone.exitCode).toBe(0);
  });
});
