import { readRecordedStep, StepRecorder, type StateStore } from '../../src/core/step-state.js';
import { MemoryStateStore } from '../../test-support/memory-state-store.js';

const NOTHING = { createdParents: [], clones: [] };

/** Saves the step record as the recorder would, with `clones` replaced by the given raw entries. */
function storeWith(record: unknown): MemoryStateStore {
  const store = new MemoryStateStore();
  store.save('clones', JSON.stringify(record));
  return store;
}

describe('step state', () => {
  it('reads nothing when main recorded nothing', () => {
    expect(readRecordedStep(new MemoryStateStore())).toEqual(NOTHING);
  });

  it('reads back a started clone with its created root as running', () => {
    const store = new MemoryStateStore();
    new StepRecorder(store).cloneStarted('/ws/checkout/my-service', '/ws/checkout');
    expect(readRecordedStep(store)).toEqual({
      createdParents: [],
      clones: [{ clonePath: '/ws/checkout/my-service', createdRoot: '/ws/checkout', outcome: 'running' }],
    });
  });

  it('reads back a started clone without created root (the target existed) with no createdRoot key', () => {
    const store = new MemoryStateStore();
    new StepRecorder(store).cloneStarted('/ws/my-service', undefined);
    const [recorded] = readRecordedStep(store).clones;
    expect(recorded).toEqual({ clonePath: '/ws/my-service', outcome: 'running' });
    expect(recorded !== undefined && 'createdRoot' in recorded).toBe(false);
  });

  it.each(['finished', 'cleaned'] as const)('reads back the outcome %s', (outcome) => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    recorder.cloneStarted('/ws/my-service', '/ws/my-service');
    recorder.outcome('/ws/my-service', outcome);
    expect(readRecordedStep(store).clones).toEqual([
      { clonePath: '/ws/my-service', createdRoot: '/ws/my-service', outcome },
    ]);
  });

  it('reads back the created parents in the order recorded', () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    recorder.parentsCreated(['/ws/deps', '/ws/tools']);
    recorder.parentsCreated(['/ws/more']);
    expect(readRecordedStep(store)).toEqual({
      createdParents: ['/ws/deps', '/ws/tools', '/ws/more'],
      clones: [],
    });
  });

  it('records no parents as an empty list', () => {
    const store = new MemoryStateStore();
    new StepRecorder(store).parentsCreated([]);
    expect(readRecordedStep(store)).toEqual(NOTHING);
  });

  it('round-trips several clones, each with its own outcome', () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    recorder.parentsCreated(['/ws/deps']);
    recorder.cloneStarted('/ws/deps/a', '/ws/deps/a');
    recorder.cloneStarted('/ws/deps/b', undefined);
    recorder.cloneStarted('/ws/deps/c', '/ws/deps/c');
    recorder.outcome('/ws/deps/b', 'finished');
    recorder.outcome('/ws/deps/c', 'cleaned');
    expect(readRecordedStep(store)).toEqual({
      createdParents: ['/ws/deps'],
      clones: [
        { clonePath: '/ws/deps/a', createdRoot: '/ws/deps/a', outcome: 'running' },
        { clonePath: '/ws/deps/b', outcome: 'finished' },
        { clonePath: '/ws/deps/c', createdRoot: '/ws/deps/c', outcome: 'cleaned' },
      ],
    });
  });

  it('changes nothing for an outcome of a path it never started', () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    recorder.cloneStarted('/ws/a', undefined);
    recorder.outcome('/ws/elsewhere', 'finished');
    expect(readRecordedStep(store).clones).toEqual([{ clonePath: '/ws/a', outcome: 'running' }]);
  });

  it('keeps the whole record up to date after every change, not only at the end', () => {
    const saved: string[] = [];
    const store: StateStore = {
      save: (key, value) => {
        expect(key).toBe('clones');
        saved.push(value);
      },
      get: () => saved.at(-1) ?? '',
    };
    const recorder = new StepRecorder(store);
    recorder.parentsCreated(['/ws/deps']);
    recorder.cloneStarted('/ws/deps/a', undefined);
    recorder.outcome('/ws/deps/a', 'finished');
    expect(saved.map((value) => JSON.parse(value) as unknown)).toEqual([
      { createdParents: ['/ws/deps'], clones: [] },
      { createdParents: ['/ws/deps'], clones: [{ clonePath: '/ws/deps/a', outcome: 'running' }] },
      { createdParents: ['/ws/deps'], clones: [{ clonePath: '/ws/deps/a', outcome: 'finished' }] },
    ]);
  });

  it('loses no update when parallel clones start and end interleaved', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    const paths = Array.from({ length: 24 }, (_, index) => `/ws/deps/repo-${index}`);
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const seen = new Set<string>();
    await Promise.all(
      paths.map(async (clonePath, index) => {
        for (let wait = 0; wait < index % 5; wait++) await tick();
        recorder.cloneStarted(clonePath, index % 2 === 0 ? clonePath : undefined);
        seen.add(clonePath);
        // Every saved record holds every clone started so far, whatever ran in between.
        expect(
          readRecordedStep(store)
            .clones.map((c) => c.clonePath)
            .sort(),
        ).toEqual([...seen].sort());
        for (let wait = 0; wait < (index * 7) % 3; wait++) await tick();
        recorder.outcome(clonePath, index % 3 === 0 ? 'cleaned' : 'finished');
      }),
    );
    const { clones } = readRecordedStep(store);
    expect(clones).toHaveLength(paths.length);
    for (const [index, clonePath] of paths.entries()) {
      expect(clones.find((c) => c.clonePath === clonePath)).toEqual({
        clonePath,
        ...(index % 2 === 0 ? { createdRoot: clonePath } : {}),
        outcome: index % 3 === 0 ? 'cleaned' : 'finished',
      });
    }
  });

  it('reads a clone recorded as running again after an outcome as running', () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    recorder.cloneStarted('/ws/a', undefined);
    recorder.outcome('/ws/a', 'finished');
    recorder.cloneStarted('/ws/a', undefined);
    expect(readRecordedStep(store).clones.at(-1)).toEqual({ clonePath: '/ws/a', outcome: 'running' });
  });

  it.each(['', 'FINISHED', 'done', 'cleaned ', null, 1])(
    'reads an unknown outcome %j as running',
    (outcome) => {
      const store = storeWith({ createdParents: [], clones: [{ clonePath: '/ws/my-service', outcome }] });
      expect(readRecordedStep(store).clones).toEqual([{ clonePath: '/ws/my-service', outcome: 'running' }]);
    },
  );

  it('drops what is not a path: clones without a string clonePath, parents and roots that are not strings', () => {
    const store = storeWith({
      createdParents: ['/ws/deps', 7, null, { path: '/x' }],
      clones: [
        null,
        { outcome: 'finished' },
        { clonePath: 42, outcome: 'finished' },
        { clonePath: '/ws/deps/a', createdRoot: 3, outcome: 'finished' },
      ],
    });
    expect(readRecordedStep(store)).toEqual({
      createdParents: ['/ws/deps'],
      clones: [{ clonePath: '/ws/deps/a', outcome: 'finished' }],
    });
  });

  it.each([{}, { clones: 'x', createdParents: '/ws' }, [], 'text', 12])(
    'reads a record of the wrong shape (%j) as nothing',
    (record) => {
      expect(readRecordedStep(storeWith(record))).toEqual(NOTHING);
    },
  );

  it('stores only its own key, holding paths and markers', () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    recorder.parentsCreated(['/ws/checkout']);
    recorder.cloneStarted('/ws/checkout/my-service', '/ws/checkout/my-service');
    recorder.outcome('/ws/checkout/my-service', 'finished');
    expect([...store.values.keys()]).toEqual(['clones']);
    expect(JSON.parse(store.get('clones'))).toEqual({
      createdParents: ['/ws/checkout'],
      clones: [
        { clonePath: '/ws/checkout/my-service', createdRoot: '/ws/checkout/my-service', outcome: 'finished' },
      ],
    });
  });
});
