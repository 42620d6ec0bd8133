/**
 * runCloneStep in process with `cache-path`: the clone borrows the objects of the host's mirror, and a
 * corrupt mirror is discarded with a warning and the clone made without it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { summaryRows } from '../../src/core/job-summary.js';
import { runCloneStep } from '../../src/step/clone/clone-step.js';
import type { FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import { addCommit } from '../../test-support/fixture-repos.js';
import { FakeClock, testRuntime, type TestRuntime } from '../../test-support/step-test-runtime.js';
import { startStepWorld, type StepWorld } from '../../test-support/step-world.js';

let clock = new FakeClock();
let world: StepWorld;
let git: FakeCodeCommit;
let count = 0;

beforeAll(async () => {
  world = await startStepWorld(() => clock.now());
  git = await world.startGit();
});
afterAll(() => world?.close());
beforeEach(() => {
  clock = new FakeClock();
});

async function cloneWithCache(name: string, cache: string) {
  const test: TestRuntime = testRuntime(world.env, clock, world.runtimeExtras());
  const workspace = await world.newWorkspace();
  const result = await runCloneStep(
    world.inputs({ repository: name, 'codecommit-endpoint': git.url, 'cache-path': cache }),
    world.context(workspace),
    test.runtime,
  );
  return { test, result, target: path.join(workspace, name) };
}

/** The mirror the log names as made. */
function mirrorMade(test: TestRuntime): string {
  const line = test.logger.infos().find((text) => text.startsWith('Making the cache mirror '));
  return /^Making the cache mirror (.+?) \(/.exec(line ?? '')?.[1] ?? '';
}

/** Every file below `dir`, relative to it. */
async function filesBelow(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await filesBelow(dir, relative)));
    else found.push(relative);
  }
  return found;
}

describe('runCloneStep with cache-path', () => {
  test('the clone borrows the mirror it made: summary "cloned with the cache", and the clone stands without the cache', async () => {
    const repository = await world.addRepository(`cached-${++count}`);
    const cache = path.join(world.root, `cache-${count}`);
    const { test, result, target } = await cloneWithCache(repository.name, cache);

    expect(result.outcomes[0]).toMatchObject({ ok: true, withCache: true, preparedness: 'cloned' });
    expect(summaryRows(result.summary)[1]?.at(-1)).toBe('cloned with the cache');
    expect(test.logger.infos()).toContain(
      `Checked out main at ${repository.headSha} in ${target} (cloned with the cache)`,
    );
    const mirror = mirrorMade(test);
    expect(mirror.startsWith(cache)).toBe(true);
    // git clone borrowed the mirror's objects and copied them in.
    const clone = test.started.find((started) => started.args[0] === 'clone');
    expect(clone?.args).toEqual(expect.arrayContaining([`--reference-if-able=${mirror}`, '--dissociate']));
    expect(existsSync(path.join(target, '.git', 'objects', 'info', 'alternates'))).toBe(false);
    expect(test.logger.warnings()).toEqual([]);
  });

  test('a corrupt mirror is a warning: it is removed and the clone is made without the cache', async () => {
    const repository = await world.addRepository(`cached-${++count}`);
    const cache = path.join(world.root, `cache-${count}`);
    const first = await cloneWithCache(repository.name, cache);
    const mirror = mirrorMade(first.test);
    // Every object of the mirror overwritten: what a failing disk leaves; git reads them as corrupt.
    const objects = path.join(mirror, 'objects');
    for (const file of await filesBelow(objects)) {
      if (!/^[0-9a-f]{2}\/|\.pack$/.test(file)) continue;
      await chmod(path.join(objects, file), 0o644);
      await writeFile(path.join(objects, file), 'not an object');
    }
    const next = await addCommit(repository.path, 'main', { 'src/next.txt': 'next' });

    const { test, result, target } = await cloneWithCache(repository.name, cache);
    expect(test.logger.warnings()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^cache-path: the mirror ${mirror.replace(/[\\.]/g, '\\$&')} is corrupt \\(.+\\); it was removed and is ` +
            'made again by the next clone: cloning without the cache\\.$',
          's',
        ),
      ),
    ]);
    expect(result.outcomes[0]).toMatchObject({ ok: true, withCache: false, preparedness: 'cloned' });
    expect(summaryRows(result.summary)[1]?.at(-1)).toBe('cloned');
    expect(existsSync(mirror)).toBe(false);
    expect(execFileSync('git', ['-C', target, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()).toBe(next);
  });
});
