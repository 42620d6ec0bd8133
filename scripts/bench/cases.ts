/**
 * What is measured: each case clones once per round and gives one sample, with its phases read from the
 * times the fakes recorded their requests (spawn → first STS request → first git request → exit).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RecordedCodeCommitRequest } from '../../test-support/fake-codecommit.js';
import type { RecordedStsRequest } from '../../test-support/fake-sts.js';
import { createRunnerDirectories, type RunnerDirectories } from '../../test-support/actions-runner.js';
import { repositoryDirectory } from '../../test-support/codecommit-layout.js';
import { addCommit } from '../../test-support/fixture-repos.js';
import type { ActionStep } from './action-step.js';
import type { BenchWorld } from './bench-world.js';
import { cpuDifference, processTreeCpuMs } from './cpu-clock.js';
import type { FloorStep } from './floor-step.js';
import type { InProcessStep } from './in-process-step.js';
import type { PlainGit } from './plain-git.js';
import { actionStages, plainStages, type StageSample } from './stage-samples.js';
import type { ReadStages } from '../../src/core/stage-times.js';
import type { BenchRepositories, BenchRepository } from './repositories.js';

export type CaseGroup = 'startup' | 'tiny' | 'large' | 'many' | 'rerun' | 'cache' | 'throttling';
/** `floor`: the least a program doing the action's job must do (floor/floor-program.ts). */
export type CaseRunner = 'plain git' | 'action' | 'floor';

export interface Sample {
  /** Spawn to exit (for the sequential plain clones: first spawn to last exit). */
  ms: number;
  /** CPU of every process involved, client and fake server (undefined where it cannot be read). */
  cpuMs?: number;
  /** Spawn to the first request the fake STS recorded (the action only). */
  toStsMs?: number;
  /** Spawn to the first request the fake CodeCommit recorded (not for the start-up cases). */
  toGitMs?: number;
  /** The first git request to exit. */
  gitToExitMs?: number;
  /** Each stage the run reached, ms after the spawn (see stage-samples.ts). */
  stages?: StageSample;
  stsRequests: number;
  gitRequests: number;
  /** `429 Too Many Requests` answers the fake CodeCommit sent (the throttling cases only). */
  throttledResponses?: number;
  /** What the step's own summary said of throttling (the in-process throttling cases only). */
  stepThrottling?: StepThrottling;
}

/** Throttled git requests the step counted, and how many clones at once it went down to and ended at. */
export interface StepThrottling {
  throttledRequests: number;
  lowestConcurrency: number;
  finalConcurrency: number;
}

export interface BenchCase {
  id: string;
  group: CaseGroup;
  runner: CaseRunner;
  /** What is cloned, e.g. `tiny repository`. */
  subject: string;
  /** The subject and how, e.g. `12 small repositories, in one step`. */
  label: string;
  run(): Promise<Sample>;
}

export interface CaseTools {
  world: BenchWorld;
  plain: PlainGit;
  action: ActionStep;
  /** The clone step of src/ run in the bench's own process. */
  inProcess: InProcessStep;
  floor: FloorStep;
  /** The action's default `concurrency` (action.yml), which the floor program clones with too. */
  concurrency: number;
  /** Where clones land; each run's folder is removed after it. */
  scratch: string;
}

export function benchCases(repos: BenchRepositories, tools: CaseTools): BenchCase[] {
  const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
  const large = `${mib(repos.large.payloadBytes)} repository`;
  const many = `${repos.many.length} small repositories`;
  return [
    ...startupCases(tools),
    plainCase({ group: 'tiny', subject: 'tiny repository', label: 'tiny repository' }, [repos.tiny], tools),
    actionCase({ group: 'tiny', subject: 'tiny repository', label: 'tiny repository' }, [repos.tiny], tools),
    floorCase({ group: 'tiny', subject: 'tiny repository', label: 'tiny repository' }, [repos.tiny], tools),
    plainCase({ group: 'large', subject: large, label: large }, [repos.large], tools),
    actionCase({ group: 'large', subject: large, label: large }, [repos.large], tools),
    floorCase({ group: 'large', subject: large, label: large }, [repos.large], tools),
    plainCase({ group: 'many', subject: many, label: `${many}, one after another` }, repos.many, tools),
    actionCase({ group: 'many', subject: many, label: `${many}, in one step` }, repos.many, tools),
    floorCase(
      { group: 'many', subject: many, label: `${many}, ${tools.concurrency} at a time` },
      repos.many,
      tools,
    ),
    throughLink(
      plainCase(
        { group: 'rerun', subject: large, label: `${large}, fresh clone, ${LINK}` },
        [repos.large],
        tools,
      ),
      tools,
    ),
    throughLink(rerunCase(repos.large, large, tools), tools),
    throughLink(
      plainCase(
        { group: 'cache', subject: large, label: `${large}, fresh clone, ${LINK} (beside the cache case)` },
        [repos.large],
        tools,
      ),
      tools,
    ),
    throughLink(warmCacheCase(repos.large, large, tools), tools),
  ];
}

/** What any node program costs at least, beside the action's first decision (a malformed input refused). */
function startupCases(tools: CaseTools): BenchCase[] {
  const subject = 'start-up to the first decision';
  const spanSample = ({ ms }: { ms: number }): Sample => ({ ms, stsRequests: 0, gitRequests: 0 });
  return [
    {
      id: 'startup-plain',
      group: 'startup',
      runner: 'plain git',
      subject,
      label: 'node -e 0 (the same node)',
      run: async () => spanSample(await tools.action.bareNode()),
    },
    {
      id: 'startup-action',
      group: 'startup',
      runner: 'action',
      subject,
      label: 'the action refusing a malformed input',
      run: async () => spanSample(await tools.action.refuse()),
    },
  ];
}

/** The slow link the rerun cases go through: a few MB/s, as from a runner to a distant endpoint. */
export const LINK_BYTES_PER_SECOND = 4 * 1024 * 1024;
const LINK = `${LINK_BYTES_PER_SECOND / 1024 / 1024} MiB/s link`;

/** The case, with the fake CodeCommit serving at the link's rate while it runs. */
function throughLink(benchCase: BenchCase, tools: CaseTools): BenchCase {
  return {
    ...benchCase,
    async run() {
      tools.world.git.setLinkRate(LINK_BYTES_PER_SECOND);
      try {
        return await benchCase.run();
      } finally {
        tools.world.git.setLinkRate(undefined);
      }
    },
  };
}

/**
 * A persistent runner: the action runs again in the workspace of its last run, after one small new
 * commit. Its first run (the warm-up round) is a fresh clone; every measured run updates the clone.
 */
function rerunCase(repository: BenchRepository, subject: string, tools: CaseTools): BenchCase {
  let directories: RunnerDirectories | undefined;
  let commits = 0;
  return {
    group: 'rerun',
    subject,
    label: `${subject}, rerun after one new commit, ${LINK}`,
    id: 'rerun-action',
    runner: 'action',
    async run() {
      directories ??= await createRunnerDirectories();
      repository.headSha = await addCommit(
        repositoryDirectory(tools.world.projectRoot, repository.name),
        'main',
        { [`changes/${++commits}.txt`]: `change ${commits}\n` },
        `Change ${commits}`,
      );
      const watch = watchRequests(tools.world);
      const { spawnedAt, ms, cpuMs, stages } = await tools.action.run([repository], directories);
      return sampleOf(spawnedAt, ms, cpuMs, watch(), stages ?? null);
    },
  };
}

/**
 * A fresh workspace on a host whose `cache-path` is warm, after one small new commit: the warm-up round
 * makes the mirror; every measured run updates it (the new commit only) and clones from it.
 */
function warmCacheCase(repository: BenchRepository, subject: string, tools: CaseTools): BenchCase {
  let cache: string | undefined;
  let commits = 0;
  return {
    group: 'cache',
    subject,
    label: `${subject}, fresh workspace, warm cache-path, after one new commit, ${LINK}`,
    id: 'cache-action',
    runner: 'action',
    async run() {
      cache ??= await mkdtemp(path.join(tools.scratch, 'cache-path-'));
      repository.headSha = await addCommit(
        repositoryDirectory(tools.world.projectRoot, repository.name),
        'main',
        { [`cached/${++commits}.txt`]: `cached change ${commits}\n` },
        `Cached change ${commits}`,
      );
      const watch = watchRequests(tools.world);
      const { spawnedAt, ms, cpuMs, stages } = await tools.action.run([repository], undefined, {
        'cache-path': cache,
      });
      return sampleOf(spawnedAt, ms, cpuMs, watch(), stages ?? null);
    },
  };
}

type CaseNames = Pick<BenchCase, 'group' | 'subject' | 'label'>;

function plainCase(names: CaseNames, repositories: readonly BenchRepository[], tools: CaseTools): BenchCase {
  return {
    ...names,
    id: `${names.group}-plain`,
    runner: 'plain git',
    async run() {
      const folder = await mkdtemp(path.join(tools.scratch, 'plain-'));
      try {
        const watch = watchRequests(tools.world);
        let firstSpawn: number | undefined;
        const cpuBefore = processTreeCpuMs();
        const started = performance.now();
        for (const repository of repositories) {
          const { spawnedAt } = await tools.plain.clone(repository.name, path.join(folder, repository.name));
          firstSpawn ??= spawnedAt;
        }
        const ms = performance.now() - started;
        const cpuMs = cpuDifference(cpuBefore, processTreeCpuMs());
        for (const repository of repositories) {
          const head = await tools.plain.headOf(path.join(folder, repository.name));
          if (head !== repository.headSha) {
            throw new Error(`plain git checked out ${head} of ${repository.name}, not ${repository.headSha}`);
          }
        }
        return sampleOf(firstSpawn ?? Date.now(), ms, cpuMs, watch(), undefined);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}

function actionCase(names: CaseNames, repositories: readonly BenchRepository[], tools: CaseTools): BenchCase {
  return {
    ...names,
    id: `${names.group}-action`,
    runner: 'action',
    async run() {
      const watch = watchRequests(tools.world);
      const { spawnedAt, ms, cpuMs, stages } = await tools.action.run(repositories);
      return sampleOf(spawnedAt, ms, cpuMs, watch(), stages ?? null);
    },
  };
}

/** The floor program doing the same clones (its STS request and git requests checked as the action's). */
function floorCase(names: CaseNames, repositories: readonly BenchRepository[], tools: CaseTools): BenchCase {
  return {
    ...names,
    id: `${names.group}-floor`,
    runner: 'floor',
    async run() {
      const watch = watchRequests(tools.world);
      const { spawnedAt, ms, cpuMs } = await tools.floor.run(repositories, tools.concurrency);
      const requests = watch();
      if (requests.sts.length !== 1)
        throw new Error(`the floor program sent ${requests.sts.length} STS requests`);
      return sampleOf(spawnedAt, ms, cpuMs, requests, undefined);
    },
  };
}

export interface NewRequests {
  sts: RecordedStsRequest[];
  git: RecordedCodeCommitRequest[];
}

/** Returns a function that gives the requests the fakes recorded since this call. */
export function watchRequests(world: BenchWorld): () => NewRequests {
  const stsBefore = world.sts.requests.length;
  const gitBefore = world.git.requests.length;
  return () => ({ sts: world.sts.requests.slice(stsBefore), git: world.git.requests.slice(gitBefore) });
}

function sampleOf(
  spawnedAt: number,
  ms: number,
  cpuMs: number | undefined,
  requests: NewRequests,
  /** The action's stages (null when its debug line gave none); undefined for plain git. */
  read: ReadStages | null | undefined,
): Sample {
  const expectSts = read !== undefined;
  const refused = requests.git.filter((request) => request.auth !== 'accepted');
  if (refused.length > 0) {
    const what = refused.map((r) => `${r.method} ${r.path}: ${r.auth} ${r.reason ?? ''}`.trim());
    throw new Error(`the fake CodeCommit did not accept every request: ${what.join('; ')}`);
  }
  const firstGit = requests.git[0]?.time.getTime();
  const firstSts = requests.sts[0]?.time.getTime();
  if (firstGit === undefined) throw new Error('the fake CodeCommit recorded no request');
  if (expectSts && firstSts === undefined) throw new Error('the fake STS recorded no request');
  const exitedAt = spawnedAt + ms;
  const observed = { spawnedAt, ms, firstGit, ...(firstSts !== undefined ? { firstSts } : {}) };
  return {
    ms,
    stages: read === undefined ? plainStages(observed) : actionStages(observed, read ?? undefined),
    ...(cpuMs !== undefined ? { cpuMs } : {}),
    ...(firstSts !== undefined ? { toStsMs: firstSts - spawnedAt } : {}),
    toGitMs: firstGit - spawnedAt,
    gitToExitMs: exitedAt - firstGit,
    stsRequests: requests.sts.length,
    gitRequests: requests.git.length,
  };
}
