/**
 * The fakes on loopback for running the step's modes in process (test-support/step-test-runtime.ts):
 * one test CA, the accounts (judging time by the test's clock), fake STS, and as many fake CodeCommit
 * git endpoints and API endpoints as a test starts, each with its own faults, all serving the same
 * repositories. The step reaches them through the `sts-endpoint`, `codecommit-endpoint` and
 * `codecommit-api-endpoint` inputs, as the loopback suite does; git trusts the CA through GIT_SSL_CAINFO
 * in the step's environment, node (the SDK, the endpoint probes) through trustCaInThisProcess.
 */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INPUT_NAMES, type RawInputs, type RunContext } from '../src/plan/plan.js';
import type { StepRuntime } from '../src/step/step-runtime.js';
import { FakeAwsAccounts, type LongTermKey } from './fake-aws-accounts.js';
import { startFakeCodeCommitApi, type FakeCodeCommitApi } from './fake-codecommit-api.js';
import { startFakeCodeCommit, type FakeCodeCommit, type FakeCodeCommitOptions } from './fake-codecommit.js';
import { startFakeSts, type FakeSts } from './fake-sts.js';
import {
  createFixtureRepository,
  type FixtureRepository,
  type FixtureRepositoryOptions,
} from './fixture-repos.js';
import { trustCaInThisProcess } from './process-ca-trust.js';
import { createTestPki } from './test-ca.js';

export const STEP_WORLD_REGION = 'ap-northeast-1';
/** What a Windows program needs from the environment to start (and git to reach the network). */
const SYSTEM_VARIABLES = ['SystemRoot', 'SystemDrive', 'windir', 'ComSpec', 'PATHEXT', 'TEMP', 'TMP'];
export const RUNNER_PRINCIPAL = 'arn:aws:iam::222222222222:user/ci-runner';
export const READER_ROLE = 'arn:aws:iam::111111111111:role/Reader';

export interface StepWorld {
  root: string;
  caCertPath: string;
  accounts: FakeAwsAccounts;
  runnerKey: LongTermKey;
  sts: FakeSts;
  /** Where the fake CodeCommit endpoints find their repositories. */
  projectRoot: string;
  /** The environment of a runner that trusts the test CA (git: GIT_SSL_CAINFO) with the runner's key. */
  env: Record<string, string>;
  /** A repository READER_ROLE may pull from (unless `allowed` is false). */
  addRepository(
    name: string,
    options?: FixtureRepositoryOptions,
    allowed?: boolean,
  ): Promise<FixtureRepository & { name: string }>;
  /** A fake CodeCommit git endpoint (closed with the world, or by the test). */
  startGit(options?: Partial<FakeCodeCommitOptions>): Promise<FakeCodeCommit>;
  /** A fake CodeCommit API endpoint listing `repositories` to READER_ROLE. */
  startApi(repositories: string[]): Promise<FakeCodeCommitApi>;
  /** A fresh, empty workspace of the run. */
  newWorkspace(): Promise<string>;
  /** The step's inputs: the world's region, role and STS endpoint, then `inputs`. */
  inputs(inputs: Partial<RawInputs>): RawInputs;
  context(workspace: string): RunContext;
  /** What the runtime needs to take the runner's key as its source credentials. */
  runtimeExtras(): Partial<StepRuntime>;
  close(): Promise<void>;
}

/** `now`: the clock the fakes judge signatures and sessions by (the test's own). */
export async function startStepWorld(now: () => Date): Promise<StepWorld> {
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'step-world-')));
  const pki = await createTestPki(path.join(root, 'pki'), []);
  const untrust = trustCaInThisProcess(pki.caCertPem);
  const tls = { key: pki.keyPem, cert: pki.certPem };
  const accounts = new FakeAwsAccounts({ now });
  const runnerKey = accounts.addSourceKey({ principalArn: RUNNER_PRINCIPAL });
  accounts.addRole({ roleArn: READER_ROLE, trustedPrincipalArns: [RUNNER_PRINCIPAL] });
  const projectRoot = path.join(root, 'codecommit');
  const home = path.join(root, 'home');
  await mkdir(home, { recursive: true });
  // Git for Windows reads GIT_SSL_CAINFO only with its OpenSSL backend.
  if (process.platform === 'win32')
    await writeFile(path.join(home, '.gitconfig'), '[http]\n\tsslBackend = openssl\n');
  const sts = await startFakeSts({ accounts, region: STEP_WORLD_REGION, tls, port: 0 });
  const servers: { close(): Promise<void> }[] = [sts];
  let workspaces = 0;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSL_CAINFO: pki.caCertPath,
    AWS_ACCESS_KEY_ID: runnerKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: runnerKey.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const name of SYSTEM_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    root,
    caCertPath: pki.caCertPath,
    accounts,
    runnerKey,
    sts,
    projectRoot,
    env,
    async addRepository(name, options = {}, allowed = true) {
      const fixture = await createFixtureRepository(projectRoot, name, {
        branches: [],
        tags: [],
        ...options,
      });
      if (allowed) accounts.allowRepository(name, READER_ROLE);
      return { ...fixture, name };
    },
    async startGit(options = {}) {
      const git = await startFakeCodeCommit({
        accounts,
        region: STEP_WORLD_REGION,
        projectRoot,
        tls,
        ...options,
      });
      servers.push(git);
      return git;
    },
    async startApi(repositories) {
      const api = await startFakeCodeCommitApi({
        accounts,
        region: STEP_WORLD_REGION,
        tls,
        repositories,
        listers: [READER_ROLE],
      });
      servers.push(api);
      return api;
    },
    async newWorkspace() {
      const workspace = path.join(root, 'runs', String(++workspaces), 'workspace');
      await mkdir(workspace, { recursive: true });
      return workspace;
    },
    inputs(inputs) {
      const empty = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
      return {
        ...empty,
        'aws-region': STEP_WORLD_REGION,
        'role-to-assume': READER_ROLE,
        'sts-endpoint': sts.url,
        'network-timeout-seconds': '60',
        ...inputs,
      };
    },
    context: (workspace) => ({ workspace, runId: '4242' }),
    runtimeExtras: () => ({
      runnerCredentials: () => () => () =>
        Promise.resolve({ accessKeyId: runnerKey.accessKeyId, secretAccessKey: runnerKey.secretAccessKey }),
    }),
    async close() {
      untrust();
      await Promise.all(servers.map((server) => server.close()));
      await rm(root, { recursive: true, force: true });
    },
  };
}
