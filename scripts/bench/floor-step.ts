/**
 * The floor program (floor/floor-program.ts) as the bench runs it: bundled once with ncc, as the action
 * is, and started on the runner's node through a loader that enables V8's compile cache in the bench's
 * own folder before the bundle is compiled, as the action's entry does. Checks that every clone checked
 * out the expected commit.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../test-support/actions-runner.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { RUNNER_NODE } from './action-step.js';
import type { BenchWorld } from './bench-world.js';
import { cpuDifference, processTreeCpuMs } from './cpu-clock.js';
import type { FloorJob } from './floor/floor-program.js';
import type { PlainGit } from './plain-git.js';
import type { BenchRepository } from './repositories.js';

const SOURCE = 'scripts/bench/floor/floor-program.ts';
const RUN_LIMIT_MS = 180_000;

/** Starts the bundle only once V8's compile cache is on: `FLOOR_COMPILE_CACHE` names its folder. */
const LOADER = [
  "import module from 'node:module';",
  'module.enableCompileCache?.(process.env.FLOOR_COMPILE_CACHE);',
  "await import('./bundle/index.js');",
  '',
].join('\n');

export interface FloorTiming {
  /** Epoch ms just before the program was spawned. */
  spawnedAt: number;
  /** Spawn to exit. */
  ms: number;
  cpuMs?: number;
}

export class FloorStep {
  private constructor(
    private readonly world: BenchWorld,
    private readonly plain: PlainGit,
    private readonly folder: string,
    private readonly scratch: string,
  ) {}

  /** Bundles the program into `folder` (some seconds, not part of any measurement). */
  static async build(
    world: BenchWorld,
    plain: PlainGit,
    folder: string,
    scratch: string,
  ): Promise<FloorStep> {
    const bundles = (await import(
      pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'bundles.mjs')).href
    )) as typeof import('../bundles.mjs');
    const code = await bundles.bundleEntry(PROJECT_ROOT, SOURCE, path.join(folder, 'bundle'));
    if (code !== 0) throw new Error(`could not bundle ${SOURCE} (ncc exited with ${code})`);
    await writeFile(path.join(folder, 'start.mjs'), LOADER);
    await mkdir(path.join(folder, 'compile-cache'), { recursive: true, mode: 0o700 });
    return new FloorStep(world, plain, folder, scratch);
  }

  /** Clones `repositories` `concurrency` at a time; throws unless every clone is right. */
  async run(repositories: readonly BenchRepository[], concurrency: number): Promise<FloorTiming> {
    const targets = await mkdtemp(path.join(this.scratch, 'floor-'));
    try {
      const job: FloorJob = {
        sts: this.world.sts.url,
        region: this.world.region,
        roleArn: this.world.role.roleArn,
        concurrency,
        clones: repositories.map((r) => ({
          url: this.world.git.repositoryUrl(r.name),
          target: path.join(targets, r.name),
        })),
      };
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: this.plain.home,
        ...this.world.nodeTrustEnv,
        ...this.world.gitTrustEnv,
        AWS_ACCESS_KEY_ID: this.world.runnerKey.accessKeyId,
        AWS_SECRET_ACCESS_KEY: this.world.runnerKey.secretAccessKey,
        FLOOR_COMPILE_CACHE: path.join(this.folder, 'compile-cache'),
      };
      const cpuBefore = processTreeCpuMs();
      const spawnedAt = Date.now();
      const started = performance.now();
      const result = await runCommandResult(
        RUNNER_NODE,
        [path.join(this.folder, 'start.mjs'), JSON.stringify(job)],
        {
          env,
          timeoutMs: RUN_LIMIT_MS,
        },
      );
      const ms = performance.now() - started;
      const cpuMs = cpuDifference(cpuBefore, processTreeCpuMs());
      if (result.exitCode !== 0) {
        throw new Error(
          `the floor program exited with ${result.exitCode ?? result.signal}: ${result.stderr.trim()}`,
        );
      }
      for (const repository of repositories) {
        const head = await this.plain.headOf(path.join(targets, repository.name));
        if (head !== repository.headSha) {
          throw new Error(
            `the floor program checked out ${head} of ${repository.name}, not ${repository.headSha}`,
          );
        }
      }
      return {
        spawnedAt,
        ms,
        ...(cpuMs !== undefined ? { cpuMs } : {}),
      };
    } finally {
      await rm(targets, { recursive: true, force: true });
    }
  }
}
