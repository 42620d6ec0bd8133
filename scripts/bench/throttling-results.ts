/**
 * What the throttling cases (throttling-cases.ts) give: per case the summary of its time and of the 429
 * answers it drew, the target that the adaptive step draws fewer 429s than the fixed matrix (judged on
 * the medians; a miss is not an error), and the rows the report prints.
 */
import type { BenchCase, Sample } from './cases.js';
import { summarize, type Summary } from './stats.js';
import type { TargetResult } from './targets.js';
import { THROTTLE_ABOVE_IN_FLIGHT, THROTTLING_CASE_IDS } from './throttling-cases.js';

export interface ThrottlingCaseResult {
  id: string;
  label: string;
  /** Milliseconds, spawn of the first step to exit of the last. */
  total: Summary;
  /** `429 Too Many Requests` answers the fake sent, per run. */
  throttledResponses: Summary;
  /** Git requests per run (median), the throttled ones included. */
  gitRequests: number;
  samples: Sample[];
}

export interface ThrottlingResults {
  title: string;
  /** The endpoint throttled a request that arrived while more than this many were being served. */
  throttleAboveInFlight: number;
  repositories: number;
  adaptive: ThrottlingCaseResult;
  fixed: ThrottlingCaseResult;
}

export function throttlingResultsOf(
  cases: readonly BenchCase[],
  samples: Map<string, Sample[]>,
  repositories: number,
): ThrottlingResults {
  const resultOf = (id: string): ThrottlingCaseResult => {
    const benchCase = cases.find((c) => c.id === id);
    const own = samples.get(id) ?? [];
    if (benchCase === undefined) throw new Error(`no throttling case ${id}`);
    return {
      id,
      label: benchCase.label,
      total: summarize(own.map((s) => s.ms)),
      throttledResponses: summarize(own.map((s) => s.throttledResponses ?? 0)),
      gitRequests: summarize(own.map((s) => s.gitRequests)).median,
      samples: own,
    };
  };
  return {
    title: `Throttling: ${repositories} repositories, endpoint throttles above ${THROTTLE_ABOVE_IN_FLIGHT} requests in flight`,
    throttleAboveInFlight: THROTTLE_ABOVE_IN_FLIGHT,
    repositories,
    adaptive: resultOf(THROTTLING_CASE_IDS.adaptive),
    fixed: resultOf(THROTTLING_CASE_IDS.fixed),
  };
}

export function judgeThrottlingTarget(results: ThrottlingResults): TargetResult {
  const adaptive = results.adaptive.throttledResponses.median;
  const fixed = results.fixed.throttledResponses.median;
  return {
    id: 'throttling-fewer-429s',
    what: 'adaptive: fewer 429 answers than fixed',
    measured: `${count(adaptive)} vs ${count(fixed)} (medians of 429 answers per run)`,
    pass: adaptive < fixed,
  };
}

/** The report's section: its title, a table of medians, and what the two cases are. */
export function throttlingTable(results: ThrottlingResults): {
  title: string;
  header: string[];
  rows: string[][];
  notes: string[];
} {
  const row = (result: ThrottlingCaseResult): string[] => [
    result.label,
    seconds(result.total.median),
    seconds(result.total.min),
    seconds(result.total.max),
    count(result.throttledResponses.median),
    count(result.gitRequests),
  ];
  return {
    title: results.title,
    header: ['case', 'median', 'min', 'max', '429s', 'git requests'],
    rows: [row(results.adaptive), row(results.fixed)],
    notes: [
      '  Seconds from the spawn of the first step to the exit of the last; 429s and git requests: medians',
      '  per run. Both retry throttled requests as the action does; only the adaptive step lowers how many',
      '  clones it runs at once when throttled (a step at concurrency 1 has nothing to lower).',
    ],
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function count(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
