/**
 * persist-credentials: after the clones, keep the session for later steps of the job. The credentials go
 * to a file only the current user can read (0600; on Windows an ACL) in a fresh private directory under
 * RUNNER_TEMP; each clone's local config gets a credential helper scoped to its URL; a git-remote-codecommit
 * program goes on the job's PATH (on Windows also as a .cmd for cmd and PowerShell). Everything is recorded
 * (paths and keys only) before it is made, so the post step can remove it.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { gitProcessEnvironment } from '../git/git-environment.js';
import { runGit } from '../git/git-process.js';
import type { GitProcessRegistry } from '../git/git-process-registry.js';
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import type { Logger } from '../core/logger.js';
import { cmdWrapper } from '../platform/cmd-wrapper.js';
import { HOST_OS_FAMILY, type OsFamily } from '../platform/os-family.js';
import { privateFiles, type PrivateFiles } from '../platform/private-files.js';
import type { PersistRecorder } from '../core/persist-state.js';
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
  /** The runner's system (default: this one's), and how files are kept private there. */
  osFamily?: OsFamily;
  privateFiles?: PrivateFiles;
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
  processes: GitProcessRegistry,
): Promise<void> {
  const [first] = plan.repositories;
  if (first === undefined || clones.length === 0) return;
  const family = persistence.osFamily ?? HOST_OS_FAMILY;
  const files = persistence.privateFiles ?? privateFiles(family);
  const directory = await mkdtemp(path.join(persistence.runnerTemp, 'codecommit-session-'));
  recorder.directoryCreated(directory);
  // Before anything secret goes in: what is created inside inherits the folder's protection.
  await files.protectDirectory(directory);
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
    { mode: files.fileMode, flag: 'wx' },
  );
  await files.protectFile(file);

  const bin = path.join(directory, 'bin');
  await mkdir(bin, { mode: files.directoryMode });
  const remoteScript = path.join(persistence.distDir, 'git-remote-codecommit', 'index.js');
  // Git (Git for Windows too, through its sh) runs the extension-less script.
  await writeFile(path.join(bin, REMOTE_PROGRAM), remoteShim(persistence.nodePath, remoteScript, file), {
    mode: files.directoryMode,
    flag: 'wx',
  });
  if (family === 'windows') {
    const wrapper = cmdWrapper(
      [persistence.nodePath, remoteScript, '--credentials-file', file],
      'Written by codecommit-xaccount-clone (persist-credentials); removed by its post step.',
    );
    await writeFile(path.join(bin, `${REMOTE_PROGRAM}.cmd`), wrapper, { flag: 'wx' });
  }
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
        processes,
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
