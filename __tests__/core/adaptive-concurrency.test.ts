import {
  AdaptiveConcurrency,
  FixedConcurrency,
  mapAdaptive,
  type ConcurrencyLimit,
} from '../../src/core/adaptive-concurrency.js';

describe('AdaptiveConcurrency', () => {
  it('halves when a clone started at the current limit is throttled, never below 1', () => {
    const limiter = new AdaptiveConcurrency(8);
    limiter.throttledAt(limiter.started());
    expect(limiter.limit).toBe(4);
    limiter.throttledAt(limiter.started());
    limiter.throttledAt(limiter.started());
    limiter.throttledAt(limiter.started());
    limiter.throttledAt(limiter.started());
    expect(limiter.limit).toBe(1);
    expect(limiter.lowest).toBe(1);
    expect(limiter.throttled).toBe(5);
  });

  it('counts, but does not act on, throttles of clones started before the last decrease', () => {
    const limiter = new AdaptiveConcurrency(8);
    const burst = Array.from({ length: 8 }, () => limiter.started());
    for (const ticket of burst) limiter.throttledAt(ticket);
    expect(limiter.limit).toBe(4);
    expect(limiter.throttled).toBe(8);
  });

  it('grows by one after as many successes in a row as the limit, up to the concurrency given', () => {
    const limiter = new AdaptiveConcurrency(4);
    limiter.throttledAt(limiter.started());
    limiter.throttledAt(limiter.started());
    expect(limiter.limit).toBe(1);
    limiter.succeeded();
    expect(limiter.limit).toBe(2);
    limiter.succeeded();
    expect(limiter.limit).toBe(2);
    limiter.succeeded();
    expect(limiter.limit).toBe(3);
    for (let i = 0; i < 10; i++) limiter.succeeded();
    expect(limiter.limit).toBe(4);
    expect(limiter.lowest).toBe(1);
  });
});

describe('FixedConcurrency', () => {
  it('keeps its limit through throttles and successes, only counting the throttles', () => {
    const fixed: ConcurrencyLimit = new FixedConcurrency(8);
    const ticket = fixed.started();
    fixed.throttledAt(ticket);
    fixed.throttledAt(fixed.started());
    fixed.succeeded();
    expect([fixed.limit, fixed.lowest, fixed.throttled]).toEqual([8, 8, 2]);
    expect(new FixedConcurrency(0).limit).toBe(1);
  });
});

describe('mapAdaptive', () => {
  it('never runs more at once than the limit says when each starts, and keeps the order of results', async () => {
    const limiter = { limit: 3 };
    let running = 0;
    const most: number[] = [];
    const results = await mapAdaptive([1, 2, 3, 4, 5, 6, 7, 8], limiter, async (item) => {
      running += 1;
      most.push(running);
      await new Promise((resolve) => setImmediate(resolve));
      if (item === 1) limiter.limit = 1;
      running -= 1;
      return item * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(Math.max(...most)).toBe(3);
    // Once the limit fell to 1, every later start found nothing else running.
    expect(most.slice(3)).toEqual([1, 1, 1, 1, 1]);
  });

  it('starts nothing more after a failure, waits for the others, then throws it', async () => {
    const started: number[] = [];
    const failed = mapAdaptive([1, 2, 3, 4, 5], { limit: 2 }, async (item) => {
      started.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      if (item === 1) throw new Error('one failed');
      return item;
    });
    await expect(failed).rejects.toThrow('one failed');
    expect(started).toEqual([1, 2]);
  });

  it('answers an empty list at once', async () => {
    await expect(mapAdaptive([], { limit: 4 }, async () => 1)).resolves.toEqual([]);
  });
});
