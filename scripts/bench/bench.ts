/**
 * The bench itself: starts the fake AWS, makes the repositories, runs every case round by round, and
 * turns the samples into medians, comparisons and targets.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describeActionUnderTest, ensureActionUnderTest } from '../../test-support/action-under-test.js';
import { ActionStep, RUNNER_NODE } from './action-step.js';
import { startBenchWorld } from './bench-world.js';
import { benchCases } from './cases.js';
import { FloorStep } from './floor-step.js';
import { InProcessStep } from './in-process-step.js';
import { describeMachine, type Machine } from './machine.js';
import type { BenchOptions } from './options.js';
import type { BenchMode } from './placement.js';
import { PlainGit } from './plain-git.js';
import { createBenchRepositories } from './repositories.js';
import { measurementsOf, type Measurements } from './results.js';
import { runRounds } from './rounds.js';
import { SpawnClock } from './spawn-clock.js';
import { stepInputs } from './step-inputs.js';
import { judgeTargets, type TargetResult } from './targets.js';
import { throttlingCases } from './throttling-cases.js';
import { judgeThrottlingTarget, throttlingResultsOf, type ThrottlingResults } from './throttling-results.js';

export interface BenchResults {
  startedAt: string;
  seconds: number;
  machine: Machine;
  mode: BenchMode;
  /** Why this mode. */
  reason: string;
  /** The action timed: where its bundles are, and whether they were bundled from src/ for this run. */
  action: string;
  setting: string[];
  runs: number;
  measurements: Measurements;
  /** The adaptive step against the same step at a fixed concurrency, on an endpoint that throttles. */
  throttling: ThrottlingResults;
  targets: TargetResult[];
  jsonPath?: string;
}

export interface BenchSetting {
  mode: BenchMode;
  reason: string;
  /** Holds everything the bench creates; the caller removes it. */
  root: string;
}

/** Lines of progress (stderr) while it runs; `shouldStop` ends it between two clones. */
export async function runBench(
  options: BenchOptions,
  setting: BenchSetting,
  progress: (line: string) => void,
  shouldStop: () => boolean,
): Promise<BenchResults> {
  // The bench times src/ as it is, bundled first (ncc, some 30 s, not part of any measurement), unless
  // ACTION_UNDER_TEST names an action (see test-support/action-under-test.ts).
  progress('bench: bundling the action from src/');
  const action = describeActionUnderTest(
    await ensureActionUnderTest(path.join(setting.root, 'action-under-test')),
  );
  progress(`bench: the action: ${action}`);
  const startedAt = new Date();
  ActionStep.assertBundled();
  const machine = describeMachine(RUNNER_NODE);
  progress(`bench: ${setting.mode} mode (${setting.reason}); starting the fake STS and CodeCommit`);
  const world = await startBenchWorld(setting.mode, setting.root);
  const clock = new SpawnClock();
  try {
    progress('bench: making the fixture repositories');
    const repositories = await createBenchRepositories(world.projectRoot);
    const scratch = path.join(setting.root, 'clones');
    await mkdir(scratch, { recursive: true });
    const plain = await PlainGit.create(world, scratch);
    plain.prepare([repositories.tiny, repositories.large, ...repositories.many].map((r) => r.name));
    const inProcess = await InProcessStep.create(world);
    const toolCache = path.join(setting.root, 'tool-cache');
    await mkdir(toolCache, { recursive: true });
    progress('bench: bundling the floor program');
    const floorFolder = path.join(setting.root, 'floor');
    await mkdir(floorFolder, { recursive: true });
    const floor = await FloorStep.build(world, plain, floorFolder, scratch);
    const concurrency = Number((await stepInputs({})).concurrency);
    const tools = {
      world,
      plain,
      action: new ActionStep(world, clock, toolCache),
      inProcess,
      floor,
      concurrency,
      scratch,
    };
    const cases = benchCases(repositories, tools);
    const throttled = throttlingCases(repositories.throttling, tools);
    progress(
      `bench: ${cases.length + throttled.length} cases, 1 warm-up round + ${options.runs} measured rounds`,
    );
    const samples = await runRounds(
      [...cases, ...throttled],
      options.runs,
      ({ round, rounds, seconds }) =>
        progress(
          `bench: ${round === 0 ? 'warm-up round' : `round ${round}/${rounds}`} took ${seconds.toFixed(1)} s`,
        ),
      shouldStop,
    );
    const measurements = measurementsOf(cases, samples);
    const throttling = throttlingResultsOf(throttled, samples, repositories.throttling.length);
    return {
      startedAt: startedAt.toISOString(),
      seconds: (Date.now() - startedAt.getTime()) / 1000,
      machine,
      mode: setting.mode,
      reason: setting.reason,
      action,
      setting: [
        ...world.setting,
        "RUNNER_TOOL_CACHE kept for the whole run, as a persistent runner keeps it (the action's compile",
        'cache there is warm after the warm-up round)',
      ],
      runs: options.runs,
      measurements,
      throttling,
      targets: [...judgeTargets(measurements), judgeThrottlingTarget(throttling)],
      ...(options.jsonPath !== undefined ? { jsonPath: options.jsonPath } : {}),
    };
  } finally {
    clock.stop();
    await world.close();
  }
}
