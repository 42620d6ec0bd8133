import { mapBounded } from '../../src/core/bounded-parallel.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Lets every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Work whose every call waits for the test to finish it; counts what is in flight and remembers the most
 * that ever were.
 */
function controlledWork<T>(items: readonly T[]): {
  work: (item: T, index: number) => Promise<string>;
  started: number[];
  finish: (index: number) => void;
  inFlight: () => number;
  mostInFlight: () => number;
} {
  const gates = items.map(() => deferred<void>());
  const started: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  return {
    work: async (item, index) => {
      started.push(index);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await gates[index]?.promise;
      inFlight--;
      return `${String(item)}@${index}`;
    },
    started,
    finish: (index) => gates[index]?.resolve(),
    inFlight: () => inFlight,
    mostInFlight: () => mostInFlight,
  };
}

describe('mapBounded', () => {
  it('keeps the order of the items, whatever order the work ends in', async () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const control = controlledWork(items);
    const result = mapBounded(items, 5, control.work);
    for (const index of [4, 2, 0, 3, 1]) {
      await settle();
      control.finish(index);
    }
    await expect(result).resolves.toEqual(['a@0', 'b@1', 'c@2', 'd@3', 'e@4']);
  });

  it('never has more than limit in flight, and starts the next item as soon as one ends', async () => {
    const items = Array.from({ length: 10 }, (_, index) => index);
    const control = controlledWork(items);
    const result = mapBounded(items, 3, control.work);

    await settle();
    expect(control.started).toEqual([0, 1, 2]);
    expect(control.inFlight()).toBe(3);

    control.finish(1);
    await settle();
    expect(control.started).toEqual([0, 1, 2, 3]);
    expect(control.inFlight()).toBe(3);

    control.finish(0);
    control.finish(3);
    await settle();
    expect(control.started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(control.inFlight()).toBe(3);

    for (const index of [5, 2, 4, 9, 8, 7, 6]) {
      control.finish(index);
      await settle();
      expect(control.inFlight()).toBeLessThanOrEqual(3);
    }
    await expect(result).resolves.toEqual(items.map((item) => `${item}@${item}`));
    expect(control.mostInFlight()).toBe(3);
    expect([...control.started].sort((a, b) => a - b)).toEqual(items);
  });

  it('starts the items in their order', async () => {
    const items = Array.from({ length: 8 }, (_, index) => index);
    const control = controlledWork(items);
    const result = mapBounded(items, 2, control.work);
    for (const index of [7, 6, 5, 4, 3, 2, 1, 0]) control.finish(index);
    await result;
    expect(control.started).toEqual(items);
  });

  it('with a limit of 1 runs one item at a time, each after the previous ended', async () => {
    const items = ['a', 'b', 'c'];
    const control = controlledWork(items);
    const result = mapBounded(items, 1, control.work);
    await settle();
    expect(control.started).toEqual([0]);
    control.finish(1);
    await settle();
    expect(control.started).toEqual([0]);
    control.finish(0);
    await settle();
    expect(control.started).toEqual([0, 1, 2]);
    control.finish(2);
    await expect(result).resolves.toEqual(['a@0', 'b@1', 'c@2']);
    expect(control.mostInFlight()).toBe(1);
  });

  it('starts every item at once when the limit is larger than the list', async () => {
    const items = ['a', 'b', 'c'];
    const control = controlledWork(items);
    const result = mapBounded(items, 32, control.work);
    await settle();
    expect(control.started).toEqual([0, 1, 2]);
    items.forEach((_, index) => control.finish(index));
    await expect(result).resolves.toEqual(['a@0', 'b@1', 'c@2']);
    expect(control.mostInFlight()).toBe(3);
  });

  it('resolves an empty list to an empty list without calling the work', async () => {
    let calls = 0;
    const work = async (): Promise<string> => {
      calls++;
      return 'never';
    };
    await expect(mapBounded([], 4, work)).resolves.toEqual([]);
    expect(calls).toBe(0);
  });

  it('still works through every item, one at a time, with a limit below 1', async () => {
    const items = ['a', 'b'];
    const control = controlledWork(items);
    const result = mapBounded(items, 0, control.work);
    control.finish(0);
    control.finish(1);
    await expect(result).resolves.toEqual(['a@0', 'b@1']);
    expect(control.mostInFlight()).toBe(1);
  });

  it('calls the work once per item, with the item and its index', async () => {
    const calls: [string, number][] = [];
    const result = await mapBounded(['x', 'y', 'x'], 2, async (item, index) => {
      calls.push([item, index]);
      return index * 10;
    });
    expect(result).toEqual([0, 10, 20]);
    expect(calls.sort((a, b) => a[1] - b[1])).toEqual([
      ['x', 0],
      ['y', 1],
      ['x', 2],
    ]);
  });

  it('handles work that finishes synchronously without exceeding the limit', async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 50 }, (_, index) => index);
    const result = await mapBounded(items, 4, async (item) => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (item % 3 === 0) await settle();
      inFlight--;
      return item * 2;
    });
    expect(result).toEqual(items.map((item) => item * 2));
    expect(most).toBeLessThanOrEqual(4);
  });
});
