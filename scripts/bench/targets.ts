/** The performance targets, judged on the medians: each passes or is missed (a miss is not an error). */
import type { Comparison, FloorComparison, Measurements } from './results.js';

export interface TargetResult {
  id: string;
  /** The target in words, with its limit. */
  what: string;
  /** The measured value in words. */
  measured: string;
  pass: boolean;
  /**
   * For the clone targets, the floor program's value in the same words; it says when the limit lies
   * below the floor, which no implementation reaches on this machine.
   */
  floor?: string;
}

export const LIMITS = {
  firstDecisionOverheadMs: 50,
  largeRatio: 1.08,
  tinyOverheadMs: 100,
  manyRatio: 0.6,
  startupMs: 300,
  rerunRatio: 0.2,
  cacheRatio: 0.3,
} as const;

/** Milliseconds as seconds, to the millisecond: `0.091 s`. */
const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

/**
 * `floor: …` for a target whose group has a floor run: the floor's value (as `value` gives it, with
 * whether it misses the limit itself) and the action's time beyond the floor.
 */
function floorOf(
  comparison: Comparison,
  value: (floor: FloorComparison) => [text: string, missesLimit: boolean],
): { floor?: string } {
  const { floor } = comparison;
  if (floor === undefined) return {};
  const [text, missesLimit] = value(floor);
  const over = floor.actionOverFloorMs;
  const beyond =
    over >= 0
      ? `the action spends ${seconds(over)} beyond it`
      : `the action ends ${seconds(-over)} before it`;
  return {
    floor: missesLimit
      ? `floor ${text}: the limit lies below the floor, which no implementation reaches here; ${beyond}`
      : `floor ${text}; ${beyond}`,
  };
}

export function judgeTargets(measurements: Measurements): TargetResult[] {
  const of = (group: Comparison['group']): Comparison => {
    const comparison = measurements.comparisons.find((c) => c.group === group);
    if (comparison === undefined) throw new Error(`no comparison for ${group}`);
    return comparison;
  };
  const firstDecision = of('startup');
  const large = of('large');
  const tiny = of('tiny');
  const many = of('many');
  const rerun = of('rerun');
  const cache = of('cache');
  return [
    {
      id: 'first-decision-overhead',
      what: `${firstDecision.action.subject}: a malformed input refused − node -e 0 ≤ ${seconds(LIMITS.firstDecisionOverheadMs)}`,
      measured: `${seconds(firstDecision.differenceMs)} (${seconds(firstDecision.action.total.median)} − ${seconds(firstDecision.plain.total.median)})`,
      pass: firstDecision.differenceMs <= LIMITS.firstDecisionOverheadMs,
    },
    {
      id: 'large-ratio',
      what: `${large.action.subject}: action ≤ ${LIMITS.largeRatio.toFixed(2)}× plain git`,
      measured: `${large.ratio.toFixed(2)}× (${seconds(large.action.total.median)} vs ${seconds(large.plain.total.median)})`,
      pass: large.ratio <= LIMITS.largeRatio,
      ...floorOf(large, (floor) => [`${floor.ratio.toFixed(3)}×`, floor.ratio > LIMITS.largeRatio]),
    },
    {
      id: 'tiny-overhead',
      what: `${tiny.action.subject}: action − plain git ≤ ${seconds(LIMITS.tinyOverheadMs)}`,
      measured: `${seconds(tiny.differenceMs)} (${seconds(tiny.action.total.median)} − ${seconds(tiny.plain.total.median)})`,
      pass: tiny.differenceMs <= LIMITS.tinyOverheadMs,
      ...floorOf(tiny, (floor) => [seconds(floor.differenceMs), floor.differenceMs > LIMITS.tinyOverheadMs]),
    },
    {
      id: 'many-ratio',
      what: `${many.action.label} ≤ ${LIMITS.manyRatio.toFixed(2)}× ${many.plain.label}`,
      measured: `${many.ratio.toFixed(2)}× (${seconds(many.action.total.median)} vs ${seconds(many.plain.total.median)})`,
      pass: many.ratio <= LIMITS.manyRatio,
      ...floorOf(many, (floor) => [`${floor.ratio.toFixed(3)}×`, floor.ratio > LIMITS.manyRatio]),
    },
    {
      id: 'rerun-ratio',
      what: `${rerun.action.label} ≤ ${LIMITS.rerunRatio.toFixed(2)}× ${rerun.plain.label} (plain git)`,
      measured: `${rerun.ratio.toFixed(2)}× (${seconds(rerun.action.total.median)} vs ${seconds(rerun.plain.total.median)})`,
      pass: rerun.ratio <= LIMITS.rerunRatio,
    },
    {
      id: 'cache-ratio',
      what: `${cache.action.label} ≤ ${LIMITS.cacheRatio.toFixed(2)}× ${cache.plain.label} (plain git)`,
      measured: `${cache.ratio.toFixed(2)}× (${seconds(cache.action.total.median)} vs ${seconds(cache.plain.total.median)})`,
      pass: cache.ratio <= LIMITS.cacheRatio,
    },
    {
      id: 'startup',
      what: `start-up, spawn → first STS request ≤ ${seconds(LIMITS.startupMs)}`,
      measured: `${seconds(measurements.startup.median)} (median of ${measurements.startup.runs} action runs)`,
      pass: measurements.startup.median <= LIMITS.startupMs,
    },
  ];
}
