import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';

import { runPostStep } from '../../src/post-step.js';
import { createCloneTarget, planCloneTarget } from '../../src/runtime/clone-target.js';
import { recordCloneStarted, recordOutcome } from '../../src/runtime/step-state.js';
import { MemoryStateStore } from './memory-state-store.js';
import { makeTempWorkspace, type TempWorkspace } from './temp-workspace.js';

let temp: TempWorkspace;

beforeEach(async () => {
  temp = await makeTempWorkspace();
  // What other steps of the job left in the workspace: post must never touch it.
  await mkdir(temp.at('other-step/dir'), { recursive: true });
  await writeFile(temp.at('other-step/dir/file.txt'), 'keep');
  await writeFile(temp.at('top-level.txt'), 'keep');
});
afterEach(() => temp.cleanup());

const NEIGHBOURS = [
  'workspace/other-step',
  'workspace/other-step/dir',
  'workspace/other-step/dir/file.txt',
  'workspace/top-level.txt',
];

/** As main does it: plan, record as running, create, then git writes into it. */
async function mainStartedCloning(store: MemoryStateStore, relative: string): Promise<void> {
  const target = await planCloneTarget(temp.at(relative));
  recordCloneStarted(store, target.path, target.createdRoot);
  await createCloneTarget(target);
  await mkdir(temp.at(`${relative}/.git/objects/pack`), { recursive: true });
  await writeFile(temp.at(`${relative}/.git/objects/pack/tmp_pack_1`), 'partial');
}

async function isDirectory(target: string): Promise<boolean> {
  return stat(target).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}

describe('runPostStep', () => {
  it('does nothing when main recorded nothing', async () => {
    const before = await temp.tree();
    expect(await runPostStep(new MemoryStateStore())).toEqual([
      'Nothing to clean up: the main step made nothing.',
    ]);
    expect(await temp.tree()).toEqual(before);
  });

  it('keeps a finished clone', async () => {
    const store = new MemoryStateStore();
    await mainStartedCloning(store, 'checkout/my-service');
    recordOutcome(store, 'finished');
    const before = await temp.tree();

    const lines = await runPostStep(store);

    expect(lines).toEqual([`Kept the clone in ${temp.at('checkout/my-service')}; nothing else to clean up.`]);
    expect(await temp.tree()).toEqual(before);
  });

  it("leaves a 'cleaned' target alone, even if something is there again", async () => {
    const store = new MemoryStateStore();
    await mainStartedCloning(store, 'my-service');
    recordOutcome(store, 'cleaned');
    const before = await temp.tree();

    const lines = await runPostStep(store);

    expect(lines).toEqual(['Nothing to clean up: the main step already removed its partial clone.']);
    expect(await temp.tree()).toEqual(before);
  });

  it('removes the created root of an interrupted clone and nothing else', async () => {
    const store = new MemoryStateStore();
    await mainStartedCloning(store, 'checkout/deep/my-service');

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Removed the partial clone the interrupted main step left in ${temp.at('checkout')}.`,
    ]);
    expect(await isDirectory(temp.at('checkout'))).toBe(false);
    expect(await temp.tree(temp.workspace)).toEqual(NEIGHBOURS);
    expect(await temp.tree(temp.outside)).toEqual(['outside/keep.txt']);
  });

  it('empties a pre-existing target of an interrupted clone but keeps the directory', async () => {
    await mkdir(temp.at('my-service'));
    const store = new MemoryStateStore();
    await mainStartedCloning(store, 'my-service');

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Removed the partial clone the interrupted main step left in ${temp.at('my-service')}.`,
    ]);
    expect(await isDirectory(temp.at('my-service'))).toBe(true);
    expect(await readdir(temp.at('my-service'))).toEqual([]);
    expect(await temp.tree(temp.workspace)).toEqual([...NEIGHBOURS, 'workspace/my-service'].sort());
  });

  it('treats an unknown recorded outcome as an interrupted clone', async () => {
    const store = new MemoryStateStore();
    await mainStartedCloning(store, 'my-service');
    store.save('outcome', 'something-else');

    await runPostStep(store);

    expect(await isDirectory(temp.at('my-service'))).toBe(false);
  });

  it('can run twice: the second run succeeds and touches nothing else', async () => {
    const store = new MemoryStateStore();
    await mainStartedCloning(store, 'checkout/my-service');

    await runPostStep(store);
    const afterFirst = await temp.tree();
    await expect(runPostStep(store)).resolves.toHaveLength(1);

    expect(await temp.tree()).toEqual(afterFirst);
    expect(await temp.tree(temp.workspace)).toEqual(NEIGHBOURS);
  });

  it('can run twice on a pre-existing target: it stays, empty', async () => {
    await mkdir(temp.at('my-service'));
    const store = new MemoryStateStore();
    await mainStartedCloning(store, 'my-service');

    await runPostStep(store);
    await runPostStep(store);

    expect(await readdir(temp.at('my-service'))).toEqual([]);
    expect(await temp.tree(temp.workspace)).toEqual([...NEIGHBOURS, 'workspace/my-service'].sort());
  });

  it('does not throw when the recorded paths are already gone', async () => {
    const withRoot = new MemoryStateStore();
    recordCloneStarted(withRoot, temp.at('never/made'), temp.at('never'));
    await expect(runPostStep(withRoot)).resolves.toHaveLength(1);

    const withoutRoot = new MemoryStateStore();
    recordCloneStarted(withoutRoot, temp.at('vanished'), undefined);
    await expect(runPostStep(withoutRoot)).resolves.toHaveLength(1);

    expect(await temp.tree(temp.workspace)).toEqual(NEIGHBOURS);
  });
});
