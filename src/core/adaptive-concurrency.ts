/** How many clones a step runs at once, told of each clone's throttles and successes. */
export interface ConcurrencyLimit {
  readonly ceiling: number;
  readonly limit: number;
  /** Throttled git requests seen, for the summary. */
  readonly throttled: number;
  /** The lowest limit it went down to. */
  readonly lowest: number;
  /** A ticket for a clone starting now: what its throttles are judged against. */
  started(): number;
  throttledAt(ticket: number): void;
  succeeded(): void;
}

/**
 * How many repositories a step clones at once when the endpoint throttles: the limit halves (never below
 * 1) when a clone started at the current limit is throttled, and grows by one after as many successes in
 * a row as the limit, up to the `concurrency` the step was given. Throttles of clones started before the
 * last decrease count, but do not lower it again: they answer a load that is already gone.
 */
export class AdaptiveConcurrency implements ConcurrencyLimit {
  private current: number;
  private generation = 0;
  private successesInARow = 0;
  /** Throttled git requests seen, for the summary. */
  throttled = 0;
  lowest: number;

  constructor(readonly ceiling: number) {
    this.current = Math.max(1, ceiling);
    this.lowest = this.current;
  }

  get limit(): number {
    return this.current;
  }

  /** A ticket for a clone starting now: what its throttles are judged against. */
  started(): number {
    return this.generation;
  }

  throttledAt(ticket: number): void {
    this.throttled += 1;
    this.successesInARow = 0;
    if (ticket !== this.generation || this.current === 1) return;
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.lowest = Math.min(this.lowest, this.current);
    this.generation += 1;
  }

  succeeded(): void {
    this.successesInARow += 1;
    if (this.current < this.ceiling && this.successesInARow >= this.current) {
      this.current += 1;
      this.successesInARow = 0;
    }
  }
}

/** The same number of clones at once whatever the endpoint says; throttles are only counted. */
export class FixedConcurrency implements ConcurrencyLimit {
  throttled = 0;

  constructor(readonly ceiling: number) {}

  get limit(): number {
    return Math.max(1, this.ceiling);
  }

  get lowest(): number {
    return this.limit;
  }

  started(): number {
    return 0;
  }

  throttledAt(): void {
    this.throttled += 1;
  }

  succeeded(): void {}
}

/**
 * Runs `work` on every item, never more at once than `limiter.limit` says at the moment one would start;
 * results in the items' order. Like mapBounded, a thrown error stops new starts and is thrown at the end.
 */
export async function mapAdaptive<T, R>(
  items: readonly T[],
  limiter: { readonly limit: number },
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let running = 0;
  let failure: { error: unknown } | undefined;
  return new Promise((resolve, reject) => {
    const startMore = (): void => {
      while (failure === undefined && next < items.length && running < Math.max(1, limiter.limit)) {
        const index = next++;
        running += 1;
        work(items[index] as T, index).then(
          (result) => {
            results[index] = result;
            finished();
          },
          (error: unknown) => {
            failure ??= { error };
            finished();
          },
        );
      }
      if (running === 0 && (next >= items.length || failure !== undefined)) {
        if (failure !== undefined) reject(failure.error);
        else resolve(results);
      }
    };
    const finished = (): void => {
      running -= 1;
      startMore();
    };
    startMore();
  });
}
