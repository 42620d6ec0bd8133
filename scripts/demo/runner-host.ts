/**
 * The runner host of the demo's job, as the test harness makes it (fresh workspace, RUNNER_TEMP and HOME
 * whose ~/.gitconfig a careless action would trip over, a git that records its argv), but for either
 * setting: `prepareRunnerHost` of the harness is tied to the closed-VPC world. On top, a git wrapper
 * records which config keys each git process received through its environment (values of
 * Authorization headers are not recorded).
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRunnerDirectories } from '../../test-support/actions-runner.js';
import {
  HOSTILE_GLOBAL_GITCONFIG,
  snapshotTree,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { installGitRecorder } from '../../test-support/git-recorder.js';
import type { DemoWorld } from './demo-world.js';

export interface DemoRunnerHost extends RunnerHost {
  /** The folder holding all of the host's directories. */
  root: string;
  /** TMPDIR of the steps: any temporary file they make lands here and is scanned too. */
  systemTemp: string;
  /** Config entries each git process got through GIT_CONFIG_COUNT/KEY/VALUE, in call order. */
  gitConfigFromEnvironment(): Promise<string[][]>;
}

export async function prepareDemoRunnerHost(world: DemoWorld): Promise<DemoRunnerHost> {
  const directories = await createRunnerDirectories();
  const root = path.dirname(directories.commandFiles);
  const systemTemp = path.join(root, 'tmp');
  await mkdir(systemTemp);
  await writeFile(path.join(directories.home, '.gitconfig'), HOSTILE_GLOBAL_GITCONFIG);
  const recorder = await installGitRecorder(path.join(directories.commandFiles, 'git-recorder'));
  const configRecorder = await installConfigRecorder(
    path.join(directories.commandFiles, 'git-config-recorder'),
    path.join(recorder.binDir, 'git'),
  );
  const env: Record<string, string> = {
    PATH: [configRecorder.binDir, recorder.binDir, process.env.PATH ?? '/usr/bin:/bin'].join(':'),
    NODE_EXTRA_CA_CERTS: world.caCertPath,
    AWS_ACCESS_KEY_ID: world.runnerKey.accessKeyId,
    AWS_SECRET_ACCESS_KEY: world.runnerKey.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    TMPDIR: systemTemp,
    ...world.stepEnv,
  };
  return {
    directories,
    recorder,
    env,
    homeBefore: await snapshotTree(directories.home),
    root,
    systemTemp,
    gitConfigFromEnvironment: configRecorder.entries,
  };
}

async function installConfigRecorder(
  dir: string,
  nextGit: string,
): Promise<{ binDir: string; entries: () => Promise<string[][]> }> {
  const binDir = path.join(dir, 'bin');
  const log = path.join(dir, 'git-config-env.log');
  await mkdir(binDir, { recursive: true });
  await writeFile(log, '');
  const script = [
    '#!/bin/sh',
    '{',
    '  i=0',
    '  while [ "$i" -lt "${GIT_CONFIG_COUNT:-0}" ] 2>/dev/null; do',
    '    eval "key=\\${GIT_CONFIG_KEY_$i-} value=\\${GIT_CONFIG_VALUE_$i-}"',
    '    case "$value" in',
    '      Authorization:*) value="Authorization: <${#value} characters, not recorded>" ;;',
    '    esac',
    '    printf \'%s=%s\\037\' "$key" "$value"',
    '    i=$((i + 1))',
    '  done',
    "  printf '\\036'",
    `} >> '${log}'`,
    `exec '${nextGit}' "$@"`,
    '',
  ].join('\n');
  await writeFile(path.join(binDir, 'git'), script);
  await chmod(path.join(binDir, 'git'), 0o755);
  return {
    binDir,
    async entries() {
      return (await readFile(log, 'utf8'))
        .split('\u001e')
        .slice(0, -1)
        .map((record) => record.split('\u001f').slice(0, -1));
    },
  };
}
