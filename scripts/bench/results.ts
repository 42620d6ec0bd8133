/**
 * Turns the samples into what is reported: per case the summary of its total time and of its phases,
 * per group the action against plain git, and the start-up over every action run.
 */
import type { BenchCase, CaseGroup, CaseRunner, Sample } from './cases.js';
import { STAGE_ROWS, type StageRow } from './stage-samples.js';
import { summarize, type Summary } from './stats.js';

export interface CaseResult {
  id: string;
  group: CaseGroup;
  runner: CaseRunner;
  subject: string;
  label: string;
  /** Milliseconds, spawn to exit. */
  total: Summary;
  /** CPU milliseconds of every process involved, the fakes included. */
  cpu?: Summary;
  /** Spawn to the first STS request (the action only). */
  toSts?: Summary;
  toGit?: Summary;
  gitToExit?: Summary;
  /** Each stage's summary over the runs that reached it (ms after the spawn). */
  stages: Partial<Record<StageRow, Summary>>;
  /** Requests per run (median), to spot work done twice. */
  stsRequests: number;
  gitRequests: number;
  samples: Sample[];
}

export interface Comparison {
  group: CaseGroup;
  plain: CaseResult;
  action: CaseResult;
  /** action median / plain median. */
  ratio: number;
  /** action median − plain median, ms. */
  differenceMs: number;
  /** The floor program's run of the same clones, where the group has one (tiny, large, many). */
  floor?: FloorComparison;
}

/** The floor against plain git, as the action is compared; and what the action spends beyond the floor. */
export interface FloorComparison {
  result: CaseResult;
  /** floor median / plain median. */
  ratio: number;
  /** floor median − plain median, ms. */
  differenceMs: number;
  /** action median − floor median, ms: the action's own work. */
  actionOverFloorMs: number;
}

export interface Measurements {
  cases: CaseResult[];
  comparisons: Comparison[];
  /** Spawn to the first request the fake STS recorded, over every run of the action.*/
  startup: Summary;
}

export function measurementsOf(cases: readonly BenchCase[], samples: Map<string, Sample[]>): Measurements {
  const results = cases.map((benchCase): CaseResult => {
    const own = samples.get(benchCase.id) ?? [];
    const toSts = own.flatMap((s) => (s.toStsMs !== undefined ? [s.toStsMs] : []));
    const cpu = own.flatMap((s) => (s.cpuMs !== undefined ? [s.cpuMs] : []));
    return {
      id: benchCase.id,
      group: benchCase.group,
      runner: benchCase.runner,
      subject: benchCase.subject,
      label: benchCase.label,
      total: summarize(own.map((s) => s.ms)),
      ...(cpu.length === own.length && cpu.length > 0 ? { cpu: summarize(cpu) } : {}),
      ...(toSts.length > 0 ? { toSts: summarize(toSts) } : {}),
      ...summaryOf(
        'toGit',
        own.map((s) => s.toGitMs),
      ),
      ...summaryOf(
        'gitToExit',
        own.map((s) => s.gitToExitMs),
      ),
      stages: stageSummaries(own),
      stsRequests: summarize(own.map((s) => s.stsRequests)).median,
      gitRequests: summarize(own.map((s) => s.gitRequests)).median,
      samples: own,
    };
  });
  const groups = ['startup', 'tiny', 'large', 'many', 'rerun', 'cache'] as const;
  const comparisons = groups.map((group): Comparison => {
    const plain = results.find((r) => r.group === group && r.runner === 'plain git');
    const action = results.find((r) => r.group === group && r.runner === 'action');
    if (plain === undefined || action === undefined) throw new Error(`no pair of cases for ${group}`);
    const floor = results.find((r) => r.group === group && r.runner === 'floor');
    return {
      group,
      plain,
      action,
      ratio: action.total.median / plain.total.median,
      differenceMs: action.total.median - plain.total.median,
      ...(floor !== undefined
        ? {
            floor: {
              result: floor,
              ratio: floor.total.median / plain.total.median,
              differenceMs: floor.total.median - plain.total.median,
              actionOverFloorMs: action.total.median - floor.total.median,
            },
          }
        : {}),
    };
  });
  const startups = results
    .filter((r) => r.runner === 'action')
    .flatMap((r) => r.samples.flatMap((s) => (s.toStsMs !== undefined ? [s.toStsMs] : [])));
  return { cases: results, comparisons, startup: summarize(startups) };
}

/** `{ [name]: summary }` when every sample has the value, `{}` otherwise. */
function summaryOf<K extends 'toGit' | 'gitToExit'>(
  name: K,
  values: (number | undefined)[],
): Partial<Record<K, Summary>> {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length === values.length && known.length > 0
    ? ({ [name]: summarize(known) } as Partial<Record<K, Summary>>)
    : {};
}

function stageSummaries(samples: readonly Sample[]): Partial<Record<StageRow, Summary>> {
  const stages: Partial<Record<StageRow, Summary>> = {};
  for (const stage of STAGE_ROWS) {
    const reached = samples.flatMap((sample) => {
      const ms = sample.stages?.[stage];
      return ms === undefined ? [] : [ms];
    });
    if (reached.length > 0) stages[stage] = summarize(reached);
  }
  return stages;
}
