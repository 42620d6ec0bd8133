/**
 * Runs every case once per round, round after round, so that whatever the machine does meanwhile hits
 * every case alike. The order within a round rotates by one each round, so no case always runs first or
 * always follows the same one. A warm-up round comes first and is not counted.
 */
import type { BenchCase, Sample } from './cases.js';

export interface RoundsProgress {
  /** 0 for the warm-up round. */
  round: number;
  rounds: number;
  seconds: number;
}

export async function runRounds(
  cases: readonly BenchCase[],
  runs: number,
  onRound: (progress: RoundsProgress) => void,
  shouldStop: () => boolean = () => false,
): Promise<Map<string, Sample[]>> {
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.id, []]));
  for (let round = 0; round <= runs; round++) {
    const started = performance.now();
    for (const benchCase of rotated(cases, round)) {
      if (shouldStop()) throw new Error('interrupted');
      const sample = await benchCase.run().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${benchCase.runner}, ${benchCase.label}: ${message}`, { cause: error });
      });
      if (round > 0) samples.get(benchCase.id)?.push(sample);
    }
    onRound({ round, rounds: runs, seconds: (performance.now() - started) / 1000 });
  }
  return samples;
}

function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
