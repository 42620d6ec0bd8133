/**
 * persist-credentials: after the clones, keep the session for later steps of the job. The credentials go
 * to a 0600 file in a fresh private directory under RUNNER_TEMP; each clone's local config gets a
 * credential helper scoped to its URL; a git-remote-codecommit program goes on the job's PATH. Everything
 * is recorded (paths and keys only) before it is made, so the post step can remove it.
 */
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AwsCredentials } from '../aws/credentials.js';
import { gitProcessEnvironment } from '../git/git-environment.js';
import { runGit } from '../git/git-process.js';
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import type { Logger } from '../runtime/logger.js';
import type { PersistRecorder } from '../runtime/persist-state.js';
import { credentialHelperEntries, credentialHelperKeys, helperCommand, remoteShim } from './helper-config.js';
import { serializeSession } from './persisted-session.js';

/** Where and how: given by the Actions entry point. */
export interface Persistence {
  runnerTemp: string;
  /** The node running the action (`process.execPath`): later steps may have no node on PATH. */
  nodePath: string;
  /** The action's dist/ folder, holding credential-helper/ and git-remote-codecommit/. */
  distDir: string;
  /** Adds a folder to the PATH of the job's later steps (GITHUB_PATH). */
  addPath: (dir: string) => void;
}

export const CREDENTIALS_FILE = 'credentials.json';
export const REMOTE_PROGRAM = 'git-remote-codecommit';

export async function persistCredentials(
  plan: Plan,
  credentials: AwsCredentials,
  clones: readonly RepositoryPlan[],
  persistence: Persistence,
  recorder: PersistRecorder,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<void> {
  const [first] = plan.repositories;
  if (first === undefined || clones.length === 0) return;
  const directory = await mkdtemp(path.join(persistence.runnerTemp, 'codecommit-session-'));
  recorder.directoryCreated(directory);
  await chmod(directory, 0o700);
  const file = path.join(directory, CREDENTIALS_FILE);
  await writeFile(
    file,
    serializeSession({
      credentials,
      region: plan.region,
      gitOrigin: first.git.origin,
      gitHosts: [...new Set(plan.repositories.map((repository) => repository.git.host))],
      roleDurationSeconds: plan.roleDurationSeconds,
    }),
    { mode: 0o600, flag: 'wx' },
  );

  const bin = path.join(directory, 'bin');
  await mkdir(bin, { mode: 0o700 });
  const remoteScript = path.join(persistence.distDir, 'git-remote-codecommit', 'index.js');
  await writeFile(path.join(bin, REMOTE_PROGRAM), remoteShim(persistence.nodePath, remoteScript, file), {
    mode: 0o700,
    flag: 'wx',
  });
  persistence.addPath(bin);

  const command = helperCommand(
    persistence.nodePath,
    path.join(persistence.distDir, 'credential-helper', 'index.js'),
    file,
  );
  for (const clone of clones) {
    recorder.configWritten(clone.targetPath, credentialHelperKeys(clone.cloneUrl));
    for (const [key, value] of credentialHelperEntries(clone.cloneUrl, command)) {
      await runGit(['config', '--local', '--add', key, value], {
        cwd: clone.targetPath,
        env: gitProcessEnvironment(env, []),
        inactivitySeconds: 60,
        what: `configuring the credential helper of ${clone.name}`,
      });
    }
    logger.info(`Later steps can fetch and push in ${clone.targetPath} until the post step.`);
  }
  logger.info(
    `git-remote-codecommit is on PATH for later steps: git clone codecommit::${plan.region}://<name>`,
  );
}
