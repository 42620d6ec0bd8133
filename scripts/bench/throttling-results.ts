/**
 * What the throttling cases (throttling-cases.ts) give: per case the summary of its time and of the 429
 * answers it drew (and, for the in-process steps, how many clones at once they went down to and ended
 * at), the target that the adaptive step draws fewer 429s than the same step at a fixed concurrency
 * (judged on the medians; a miss is not an error), and the rows the report prints.
 */
import type { BenchCase, Sample } from './cases.js';
import { summarize, type Summary } from './stats.js';
import type { TargetResult } from './targets.js';
import { THROTTLE_ABOVE_IN_FLIGHT, THROTTLING_CASE_IDS, THROTTLING_CONCURRENCY } from './throttling-cases.js';

export interface ThrottlingCaseResult {
  id: string;
  label: string;
  /** Milliseconds: in process, the step's call to its end; the matrix, first spawn to last exit. */
  total: Summary;
  /** `429 Too Many Requests` answers the fake sent, per run. */
  throttledResponses: Summary;
  /** Git requests per run (median), the throttled ones included. */
  gitRequests: number;
  /** Medians of what the step's summary said (the in-process steps only). */
  lowestConcurrency?: number;
  finalConcurrency?: number;
  samples: Sample[];
}

export interface ThrottlingResults {
  title: string;
  /** The endpoint throttled a request that arrived while more than this many were being served. */
  throttleAboveInFlight: number;
  repositories: number;
  /** One step of src/ in the bench's process, AdaptiveConcurrency (the step's default). */
  adaptive: ThrottlingCaseResult;
  /** The same step with FixedConcurrency: what the target compares the adaptive step with. */
  fixed: ThrottlingCaseResult;
  /** 8 bundled action steps at once, 3 repositories each: shown, not judged. */
  matrix: ThrottlingCaseResult;
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
    const step = own.flatMap((s) => (s.stepThrottling !== undefined ? [s.stepThrottling] : []));
    return {
      id,
      label: benchCase.label,
      total: summarize(own.map((s) => s.ms)),
      throttledResponses: summarize(own.map((s) => s.throttledResponses ?? 0)),
      gitRequests: summarize(own.map((s) => s.gitRequests)).median,
      ...(step.length > 0
        ? {
            lowestConcurrency: summarize(step.map((s) => s.lowestConcurrency)).median,
            finalConcurrency: summarize(step.map((s) => s.finalConcurrency)).median,
          }
        : {}),
      samples: own,
    };
  };
  return {
    title: `Throttling: ${repositories} repositories, endpoint throttles above ${THROTTLE_ABOVE_IN_FLIGHT} requests in flight`,
    throttleAboveInFlight: THROTTLE_ABOVE_IN_FLIGHT,
    repositories,
    adaptive: resultOf(THROTTLING_CASE_IDS.adaptive),
    fixed: resultOf(THROTTLING_CASE_IDS.fixed),
    matrix: resultOf(THROTTLING_CASE_IDS.matrix),
  };
}

export function judgeThrottlingTarget(results: ThrottlingResults): TargetResult {
  const adaptive = results.adaptive.throttledResponses.median;
  const fixed = results.fixed.throttledResponses.median;
  return {
    id: 'throttling-fewer-429s',
    what: `adaptive: fewer 429 answers than the same step at a fixed concurrency of ${THROTTLING_CONCURRENCY}`,
    measured: `${count(adaptive)} vs ${count(fixed)} (medians of 429 answers per run)`,
    pass: adaptive < fixed,
  };
}

/** The report's section: its title, a table of medians, and what each row is. */
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
    result.lowestConcurrency !== undefined && result.finalConcurrency !== undefined
      ? `${count(result.lowestConcurrency)} / ${count(result.finalConcurrency)}`
      : '-',
  ];
  const n = THROTTLING_CONCURRENCY;
  return {
    title: results.title,
    header: ['case', 'median', 'min', 'max', '429s', 'git requests', 'lowest / final'],
    rows: [row(results.adaptive), row(results.fixed), row(results.matrix)],
    notes: [
      "  adaptive and fixed: the clone step of src/ called in the bench's process (no node start-up; the",
      '  fakes serve from the same process), same inputs and endpoint; only the limiter differs:',
      `  AdaptiveConcurrency (the default: halves when throttled, grows back up to ${n}) or FixedConcurrency`,
      `  (${n} at once throughout). Seconds: the step's call to its end. lowest / final: the clones at once`,
      "  the step's summary reports (medians). The target compares these two rows.",
      `  matrix: ${n} bundled action steps spawned at once, as a matrix's jobs would run, each cloning its share`,
      '  one at a time; seconds from the first spawn to the last exit, so its time includes node start-ups',
      '  competing for the same cores: shown for reference, not judged.',
      '  429s and git requests: medians per run. All retry throttled requests as the action does.',
    ],
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function count(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
