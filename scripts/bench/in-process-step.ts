/**
 * The clone step run in the bench's own process: `runCloneStep` of src/ (not the bundle), with the
 * runtime the Actions entry point gives it (the real clock, timers and randomness of system-clock.ts, a
 * GitProcessRegistry), except that its state is kept in memory and its logger keeps every line. No node
 * is started: its time is the step's own, from the call to its end. Its environment is a runner's (PATH,
 * HOME, RUNNER_TEMP, the runner's key, git's trust in the fakes' CA where the closed VPC's system bundle
 * does not give it); node's TLS in this process trusts that CA while the step runs
 * (test-support/process-ca-trust.ts). Throws unless every repository was cloned at its HEAD.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ConcurrencyLimit } from '../../src/core/adaptive-concurrency.js';
import { failureText } from '../../src/core/failure-record.js';
import type { ThrottlingSummary } from '../../src/core/job-summary.js';
import { MemoryState } from '../../src/core/memory-state.js';
import { systemClock } from '../../src/entry/adapters/system-clock.js';
import { GitProcessRegistry } from '../../src/git/git-process-registry.js';
import { runCloneStep, type StepResult } from '../../src/step/clone/clone-step.js';
import type { StepRuntime } from '../../src/step/step-runtime.js';
import { createRunnerDirectories, type RunnerDirectories } from '../../test-support/actions-runner.js';
import { trustCaInThisProcess } from '../../test-support/process-ca-trust.js';
import { RecordingLogger } from '../../test-support/step-test-runtime.js';
import type { BenchWorld } from './bench-world.js';
import { cpuDifference, processTreeCpuMs } from './cpu-clock.js';
import type { BenchRepository } from './repositories.js';
import { stepInputs } from './step-inputs.js';

export interface InProcessTiming {
  /** Epoch ms when the step was called. */
  startedAt: number;
  /** The call to the step's end. */
  ms: number;
  /** CPU of this process (the step and the fakes) and of every git it waited for. */
  cpuMs?: number;
  /** What the step's summary says of throttling; undefined when it was never throttled. */
  throttling?: ThrottlingSummary;
}

export interface InProcessOptions {
  /** Inputs besides repository, region, role and the endpoints. */
  inputs: Record<string, string>;
  /** How many clones run at once; the step's default (AdaptiveConcurrency) when not given. */
  concurrencyLimit?: (ceiling: number) => ConcurrencyLimit;
}

export class InProcessStep {
  private constructor(
    private readonly world: BenchWorld,
    private readonly caPem: string,
  ) {}

  static async create(world: BenchWorld): Promise<InProcessStep> {
    // As the Actions entry point does: the bench's own node may be older than the runner's node24.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    return new InProcessStep(world, await readFile(world.caCertPath, 'utf8'));
  }

  /** One step cloning `repositories` in fresh runner folders (removed afterwards). */
  async run(repositories: readonly BenchRepository[], options: InProcessOptions): Promise<InProcessTiming> {
    const directories = await createRunnerDirectories();
    const untrust = trustCaInThisProcess(this.caPem);
    try {
      const raw = await stepInputs({
        repository: repositories.map((r) => r.name).join('\n'),
        'aws-region': this.world.region,
        'role-to-assume': this.world.role.roleArn,
        ...this.world.endpointInputs,
        ...options.inputs,
      });
      const logger = new RecordingLogger();
      const runtime = this.runtime(directories, logger, options.concurrencyLimit);
      const context = { workspace: directories.workspace, runId: '4242' };
      const cpuBefore = processTreeCpuMs();
      const startedAt = Date.now();
      const started = performance.now();
      const result = await runCloneStep(raw, context, runtime);
      const ms = performance.now() - started;
      const cpuAfter = processTreeCpuMs();
      checkOutcomes(result, repositories);
      const cpuMs = cpuDifference(cpuBefore, cpuAfter);
      return {
        startedAt,
        ms,
        ...(cpuMs !== undefined ? { cpuMs } : {}),
        ...(result.summary.throttling !== undefined ? { throttling: result.summary.throttling } : {}),
      };
    } finally {
      untrust();
      await rm(path.dirname(directories.commandFiles), { recursive: true, force: true });
    }
  }

  private runtime(
    directories: RunnerDirectories,
    logger: RecordingLogger,
    concurrencyLimit: InProcessOptions['concurrencyLimit'],
  ): StepRuntime {
    const key = this.world.runnerKey;
    return {
      logger,
      mask: () => undefined,
      state: new MemoryState(),
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: directories.home,
        RUNNER_TEMP: directories.runnerTemp,
        GITHUB_WORKSPACE: directories.workspace,
        ...this.world.gitTrustEnv,
        AWS_ACCESS_KEY_ID: key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      ...systemClock,
      processes: new GitProcessRegistry(),
      // The SDK's chain would read the keys from this process's environment, which has none.
      runnerCredentials: () => () => () =>
        Promise.resolve({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }),
      ...(concurrencyLimit !== undefined ? { concurrencyLimit } : {}),
    };
  }
}

/** Every repository cloned, at its HEAD. */
function checkOutcomes(result: StepResult, repositories: readonly BenchRepository[]): void {
  for (const repository of repositories) {
    const outcome = result.outcomes.find((o) => o.repository.name === repository.name);
    if (outcome === undefined) throw new Error(`the step did not clone ${repository.name}`);
    if (!outcome.ok)
      throw new Error(`the step failed on ${repository.name}: ${failureText(outcome.failure)}`);
    if (outcome.clone.commit !== repository.headSha) {
      throw new Error(
        `the step checked out ${outcome.clone.commit} of ${repository.name}, not ${repository.headSha}`,
      );
    }
  }
}
