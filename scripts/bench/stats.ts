/** Order statistics of a set of timings. */

export interface Summary {
  runs: number;
  median: number;
  min: number;
  max: number;
  /** Nearest-rank 90th percentile (the maximum when there are fewer than 10 runs). */
  p90: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('no values to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (index: number) => sorted[Math.min(sorted.length - 1, Math.max(0, index))] as number;
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
  return {
    runs: sorted.length,
    median,
    min: at(0),
    max: at(sorted.length - 1),
    p90: at(Math.ceil(0.9 * sorted.length) - 1),
  };
}
