/**
 * A runner host for the loopback suite, on any system: fresh workspace, RUNNER_TEMP and HOME, the
 * runner's AWS source key, and trust in the fakes' test CA for node (NODE_EXTRA_CA_CERTS) and git
 * (GIT_SSL_CAINFO, and http.sslCAInfo in HOME's global config for Git for Windows, which would otherwise
 * use its own bundle). Later steps are plain git processes (no bash), with GITHUB_PATH applied.
 */
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createRunnerDirectories,
  runStep,
  type RunnerDirectories,
  type StepRun,
} from '../../test-support/actions-runner.js';
import type { LoopbackWorld } from '../../test-support/loopback-world.js';
import { runCommandResult, type RunResult } from '../../test-support/run-command.js';

/** What a Windows program needs from the environment to start, as the runner passes it on. */
const SYSTEM_VARIABLES = ['SystemRoot', 'SystemDrive', 'windir', 'ComSpec', 'PATHEXT', 'TEMP', 'TMP'];

export interface LoopbackHost {
  directories: RunnerDirectories;
  /** The job's environment without the AWS source key: what a later `run:` step has. */
  jobEnv: Record<string, string>;
}

const hosts: RunnerDirectories[] = [];

/** Removes every runner host prepared so far (call after each test). */
export async function removeLoopbackHosts(): Promise<void> {
  for (const directories of hosts.splice(0)) {
    await rm(path.dirname(directories.runnerTemp), { recursive: true, force: true });
  }
}

export async function prepareLoopbackHost(world: LoopbackWorld): Promise<LoopbackHost> {
  const directories = await createRunnerDirectories();
  hosts.push(directories);
  const caPath = world.caCertPath.split(path.sep).join('/');
  await writeFile(
    path.join(directories.home, '.gitconfig'),
    [
      '[http]',
      `\tsslCAInfo = ${caPath}`,
      ...(process.platform === 'win32' ? ['\tsslBackend = openssl'] : []),
      '',
    ].join('\n'),
  );
  const jobEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: directories.home,
    NODE_EXTRA_CA_CERTS: world.caCertPath,
    GIT_SSL_CAINFO: world.caCertPath,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const name of SYSTEM_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) jobEnv[name] = value;
  }
  return { directories, jobEnv };
}

export function runLoopbackMain(
  host: LoopbackHost,
  world: LoopbackWorld,
  inputs: Record<string, string>,
): Promise<StepRun> {
  return runStep('main', {
    node: process.execPath,
    inputs: {
      'aws-region': world.region,
      'role-to-assume': world.roleArn,
      ...world.endpointInputs,
      ...inputs,
    },
    directories: host.directories,
    env: {
      ...host.jobEnv,
      AWS_ACCESS_KEY_ID: world.runnerKey.accessKeyId,
      AWS_SECRET_ACCESS_KEY: world.runnerKey.secretAccessKey,
    },
  });
}

export function runLoopbackPost(host: LoopbackHost, state: Record<string, string>): Promise<StepRun> {
  return runStep('post', {
    node: process.execPath,
    inputs: {},
    directories: host.directories,
    env: host.jobEnv,
    state,
  });
}

/** git in a later step: earlier steps' GITHUB_PATH folders first, no AWS credentials, never prompting. */
export function laterGit(
  host: LoopbackHost,
  earlier: Pick<StepRun, 'addedPaths'>,
  args: string[],
  cwd: string,
): Promise<RunResult> {
  const env = {
    ...host.jobEnv,
    PATH: [...[...earlier.addedPaths].reverse(), host.jobEnv.PATH].join(path.delimiter),
    GIT_TERMINAL_PROMPT: '0',
  };
  return runCommandResult('git', args, { env, cwd, timeoutMs: 60_000 });
}

/** Every secret the fakes handed out for this world: the runner's secret key, session keys and tokens. */
export function issuedSecrets(world: LoopbackWorld): string[] {
  return [
    world.runnerKey.secretAccessKey,
    ...world.accounts.issuedSessions().flatMap((session) => [session.secretAccessKey, session.sessionToken]),
  ];
}

/** The private folder persist-credentials made under RUNNER_TEMP, if any. */
export async function sessionDirectory(host: LoopbackHost): Promise<string | undefined> {
  const entries = await readdir(host.directories.runnerTemp);
  const found = entries.find((entry) => entry.startsWith('codecommit-session-'));
  return found === undefined ? undefined : path.join(host.directories.runnerTemp, found);
}
