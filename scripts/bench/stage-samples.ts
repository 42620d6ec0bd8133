/**
 * The stages of one clone, in milliseconds after the spawn of its process: for the action, from the
 * step's own debug line (src/core/stage-times.ts: when its process started and when it reached each
 * stage) and the times the fakes recorded its first requests; for plain git, its spawn, its first request
 * and its exit.
 */
import type { ReadStages } from '../../src/core/stage-times.js';

export const STAGE_ROWS = [
  'node start',
  'bundle loaded',
  'first decision',
  'source credentials',
  'STS request (at the endpoint)',
  'STS answered',
  'clone started',
  'git started',
  'first git request (at the endpoint)',
  'clone done',
  'step done',
  'exit',
] as const;

export type StageRow = (typeof STAGE_ROWS)[number];

/** Milliseconds after the spawn, for each stage the run reached. */
export type StageSample = Partial<Record<StageRow, number>>;

export interface ObservedTimes {
  /** Epoch ms just before the process was spawned. */
  spawnedAt: number;
  /** Spawn to exit. */
  ms: number;
  /** Epoch ms of the first request each fake recorded. */
  firstSts?: number;
  firstGit?: number;
}

export function actionStages(observed: ObservedTimes, read: ReadStages | undefined): StageSample {
  const stages: StageSample = endpointStages(observed);
  if (read !== undefined) {
    const offset = read.startedAt - observed.spawnedAt;
    stages['node start'] = offset;
    for (const [stage, ms] of Object.entries(read.stages)) {
      if (STAGE_ROWS.includes(stage as StageRow)) stages[stage as StageRow] = offset + ms;
    }
  }
  return stages;
}

/** Plain git: spawned at 0, its first request, its exit. */
export function plainStages(observed: ObservedTimes): StageSample {
  return { 'git started': 0, ...endpointStages(observed) };
}

function endpointStages({ spawnedAt, ms, firstSts, firstGit }: ObservedTimes): StageSample {
  return {
    ...(firstSts !== undefined ? { 'STS request (at the endpoint)': firstSts - spawnedAt } : {}),
    ...(firstGit !== undefined ? { 'first git request (at the endpoint)': firstGit - spawnedAt } : {}),
    exit: ms,
  };
}
