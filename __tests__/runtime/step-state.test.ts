import { readRecordedClone, recordCloneStarted, recordOutcome } from '../../src/runtime/step-state.js';
import { MemoryStateStore } from './memory-state-store.js';

describe('step state', () => {
  it('reads nothing when main recorded nothing', () => {
    expect(readRecordedClone(new MemoryStateStore())).toBeUndefined();
  });

  it('reads back a started clone with its created root as running', () => {
    const store = new MemoryStateStore();
    recordCloneStarted(store, '/ws/checkout/my-service', '/ws/checkout');
    expect(readRecordedClone(store)).toEqual({
      clonePath: '/ws/checkout/my-service',
      createdRoot: '/ws/checkout',
      outcome: 'running',
    });
  });

  it('reads back a started clone without created root (the target existed) with no createdRoot key', () => {
    const store = new MemoryStateStore();
    recordCloneStarted(store, '/ws/my-service', undefined);
    const recorded = readRecordedClone(store);
    expect(recorded).toEqual({ clonePath: '/ws/my-service', outcome: 'running' });
    expect(recorded !== undefined && 'createdRoot' in recorded).toBe(false);
  });

  it.each(['finished', 'cleaned'] as const)('reads back the outcome %s after recordOutcome', (outcome) => {
    const store = new MemoryStateStore();
    recordCloneStarted(store, '/ws/my-service', '/ws/my-service');
    recordOutcome(store, outcome);
    expect(readRecordedClone(store)).toEqual({
      clonePath: '/ws/my-service',
      createdRoot: '/ws/my-service',
      outcome,
    });
  });

  it('starting again resets the outcome to running', () => {
    const store = new MemoryStateStore();
    recordCloneStarted(store, '/ws/a', undefined);
    recordOutcome(store, 'finished');
    recordCloneStarted(store, '/ws/a', undefined);
    expect(readRecordedClone(store)?.outcome).toBe('running');
  });

  it.each(['', 'FINISHED', 'done', 'cleaned '])('reads an unknown outcome %j as running', (outcome) => {
    const store = new MemoryStateStore();
    recordCloneStarted(store, '/ws/my-service', undefined);
    store.save('outcome', outcome);
    expect(readRecordedClone(store)?.outcome).toBe('running');
  });

  it('stores only its own three keys, holding paths and a marker', () => {
    const store = new MemoryStateStore();
    recordCloneStarted(store, '/ws/checkout/my-service', '/ws/checkout');
    recordOutcome(store, 'finished');
    expect(Object.fromEntries(store.values)).toEqual({
      'clone-path': '/ws/checkout/my-service',
      'created-root': '/ws/checkout',
      outcome: 'finished',
    });
  });
});
