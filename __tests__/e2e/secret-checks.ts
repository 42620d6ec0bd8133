import {
  linesLeakingBeforeMask,
  patternLeaksBeforeMask,
  type StepRun,
} from '../../test-support/actions-runner.js';
import {
  BASIC_AUTH_PATTERN,
  filesHoldingSecrets,
  gitArgvText,
  knownSecrets,
  PASSWORD_PATTERN,
  secretsIn,
  snapshotTree,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import type { VpcWorld } from '../../test-support/closed-vpc/world.js';

/**
 * The promise the action makes about secrets, checked after its steps ran on a runner host: no secret
 * the fakes handed out, nor any git password or Basic header, in the raw output before its mask, in the
 * masked log, state, outputs, job summary or git's argv, in any file of the workspace, RUNNER_TEMP or
 * the runner's command files; and HOME exactly as the runner left it.
 */
export async function expectNoSecretLeft(world: VpcWorld, host: RunnerHost, runs: StepRun[]): Promise<void> {
  const secrets = knownSecrets(world);
  for (const run of runs) {
    for (const secret of secrets) expect(linesLeakingBeforeMask(run, secret)).toEqual([]);
    // The git passwords and headers the action signed: no fake holds them before the run, so by shape.
    for (const pattern of [PASSWORD_PATTERN, BASIC_AUTH_PATTERN])
      expect(patternLeaksBeforeMask(run, pattern)).toEqual([]);
    expect(secretsIn(run.maskedLog, secrets)).toEqual([]);
    expect(secretsIn(JSON.stringify(run.state), secrets)).toEqual([]);
    expect(secretsIn(JSON.stringify(run.outputs), secrets)).toEqual([]);
    expect(secretsIn(run.summary, secrets)).toEqual([]);
  }
  expect(secretsIn(await gitArgvText(host), secrets)).toEqual([]);
  expect(
    await filesHoldingSecrets(
      [host.directories.workspace, host.directories.runnerTemp, host.directories.commandFiles],
      secrets,
    ),
  ).toEqual([]);
  expect(await snapshotTree(host.directories.home)).toEqual(host.homeBefore);
}
