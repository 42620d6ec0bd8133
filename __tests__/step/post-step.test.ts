import { mkdir, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { CleanupIncompleteError, runPostStep } from '../../src/step/post/post-step.js';
import { PersistRecorder } from '../../src/core/persist-state.js';
import { GitProcessRecorder } from '../../src/core/git-process-state.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { runCommand, runCommandResult } from '../../test-support/run-command.js';
import {
  createCloneTarget,
  createParents,
  planCloneTarget,
  planParents,
} from '../../src/workspace/clone-target.js';
import { StepRecorder } from '../../src/core/step-state.js';
import { MemoryStateStore } from '../../test-support/memory-state-store.js';
import { makeTempWorkspace, type TempWorkspace } from '../../test-support/temp-workspace.js';

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

/** What main does before its clones: plan the missing parents, record them, create them. */
async function mainCreatedParents(recorder: StepRecorder, relatives: string[]): Promise<string[]> {
  const targets = relatives.map((relative) => temp.at(relative));
  const parents = await planParents(targets);
  recorder.parentsCreated(parents);
  await createParents(targets);
  return parents;
}

/** As main does it for one clone: plan, record as running, create, then git writes into it. */
async function mainStartedCloning(recorder: StepRecorder, relative: string): Promise<string> {
  const target = await planCloneTarget(temp.at(relative));
  recorder.cloneStarted(target.path, target.createdRoot);
  await createCloneTarget(target);
  await mkdir(temp.at(`${relative}/.git/objects/pack`), { recursive: true });
  await writeFile(temp.at(`${relative}/.git/objects/pack/tmp_pack_1`), 'partial');
  return target.path;
}

/** A clone main finished: files of the checkout are there and it is recorded as finished. */
async function mainFinishedCloning(recorder: StepRecorder, relative: string): Promise<string> {
  const path = await mainStartedCloning(recorder, relative);
  await writeFile(temp.at(`${relative}/README.md`), 'cloned');
  recorder.outcome(path, 'finished');
  return path;
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
    await mainFinishedCloning(new StepRecorder(store), 'checkout/my-service');
    const before = await temp.tree();

    const lines = await runPostStep(store);

    expect(lines).toEqual([`Kept the clone in ${temp.at('checkout/my-service')}.`]);
    expect(await temp.tree()).toEqual(before);
  });

  it("leaves a 'cleaned' target alone, even if something is there again", async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    const path = await mainStartedCloning(recorder, 'my-service');
    recorder.outcome(path, 'cleaned');
    const before = await temp.tree();

    const lines = await runPostStep(store);

    expect(lines).toEqual(['Nothing to clean up: the main step already removed what it made.']);
    expect(await temp.tree()).toEqual(before);
  });

  it('removes the created root of an interrupted clone and nothing else', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    await mainStartedCloning(recorder, 'checkout/deep/my-service');

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Removed the partial clone the interrupted main step left in ${temp.at('checkout/deep/my-service')}.`,
    ]);
    expect(await isDirectory(temp.at('checkout'))).toBe(false);
    expect(await temp.tree(temp.workspace)).toEqual(NEIGHBOURS);
    expect(await temp.tree(temp.outside)).toEqual(['outside/keep.txt']);
  });

  it('removes an interrupted clone and the parents main created for it', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    await mainCreatedParents(recorder, ['checkout/deep/my-service']);
    await mainStartedCloning(recorder, 'checkout/deep/my-service');

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Removed the partial clone the interrupted main step left in ${temp.at('checkout/deep/my-service')}.`,
      `Removed ${temp.at('checkout')}, which the main step created and left empty.`,
    ]);
    expect(await temp.tree(temp.workspace)).toEqual(NEIGHBOURS);
    expect(await temp.tree(temp.outside)).toEqual(['outside/keep.txt']);
  });

  it('empties a pre-existing target of an interrupted clone but keeps the directory', async () => {
    await mkdir(temp.at('my-service'));
    const store = new MemoryStateStore();
    await mainStartedCloning(new StepRecorder(store), 'my-service');

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
    const path = await mainStartedCloning(new StepRecorder(store), 'my-service');
    store.save(
      'clones',
      JSON.stringify({
        createdParents: [],
        clones: [{ clonePath: path, createdRoot: path, outcome: 'something-else' }],
      }),
    );

    await runPostStep(store);

    expect(await isDirectory(temp.at('my-service'))).toBe(false);
  });

  it('can run twice: the second run succeeds and touches nothing else', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    await mainCreatedParents(recorder, ['checkout/my-service']);
    await mainStartedCloning(recorder, 'checkout/my-service');

    await runPostStep(store);
    const afterFirst = await temp.tree();
    await expect(runPostStep(store)).resolves.toHaveLength(1);

    expect(await temp.tree()).toEqual(afterFirst);
    expect(await temp.tree(temp.workspace)).toEqual(NEIGHBOURS);
  });

  it('can run twice on a pre-existing target: it stays, empty', async () => {
    await mkdir(temp.at('my-service'));
    const store = new MemoryStateStore();
    await mainStartedCloning(new StepRecorder(store), 'my-service');

    await runPostStep(store);
    await runPostStep(store);

    expect(await readdir(temp.at('my-service'))).toEqual([]);
    expect(await temp.tree(temp.workspace)).toEqual([...NEIGHBOURS, 'workspace/my-service'].sort());
  });

  it('does not throw when the recorded paths are already gone', async () => {
    const withRoot = new MemoryStateStore();
    new StepRecorder(withRoot).cloneStarted(temp.at('never/made'), temp.at('never'));
    await expect(runPostStep(withRoot)).resolves.toHaveLength(1);

    const withoutRoot = new MemoryStateStore();
    new StepRecorder(withoutRoot).cloneStarted(temp.at('vanished'), undefined);
    await expect(runPostStep(withoutRoot)).resolves.toHaveLength(1);

    const parentGone = new MemoryStateStore();
    new StepRecorder(parentGone).parentsCreated([temp.at('gone')]);
    await expect(runPostStep(parentGone)).resolves.toEqual([
      'Nothing to clean up: the main step already removed what it made.',
    ]);

    expect(await temp.tree(temp.workspace)).toEqual(NEIGHBOURS);
  });
});

describe('runPostStep with several clones', () => {
  it('keeps the finished clones, removes the running ones and leaves the cleaned ones alone', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    const relatives = ['deps/alpha', 'deps/beta', 'deps/gamma', 'deps/delta'];
    await mainCreatedParents(recorder, relatives);
    const alpha = await mainFinishedCloning(recorder, 'deps/alpha');
    const beta = await mainStartedCloning(recorder, 'deps/beta');
    const gamma = await mainStartedCloning(recorder, 'deps/gamma');
    recorder.outcome(gamma, 'cleaned');
    const delta = await mainFinishedCloning(recorder, 'deps/delta');
    // What a cleaned clone has now is not the step's: a later step may have put it there.
    await writeFile(temp.at('deps/gamma/later.txt'), 'later');

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Kept the clone in ${alpha}.`,
      `Removed the partial clone the interrupted main step left in ${beta}.`,
      `Kept the clone in ${delta}.`,
    ]);
    expect(await readdir(temp.at('deps'))).toEqual(['alpha', 'delta', 'gamma']);
    expect(await readdir(alpha)).toEqual(['.git', 'README.md']);
    expect(await readdir(delta)).toEqual(['.git', 'README.md']);
    expect(await readdir(gamma)).toEqual(['.git', 'later.txt']);
    expect(await temp.tree(temp.outside)).toEqual(['outside/keep.txt']);
  });

  it('removes every interrupted clone and then the parent main created, now empty', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    const parents = await mainCreatedParents(recorder, ['deps/alpha', 'deps/beta', 'tools/x/gamma']);
    expect(parents).toEqual([temp.at('deps'), temp.at('tools')]);
    await mainStartedCloning(recorder, 'deps/alpha');
    await mainStartedCloning(recorder, 'deps/beta');
    await mainStartedCloning(recorder, 'tools/x/gamma');

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Removed the partial clone the interrupted main step left in ${temp.at('deps/alpha')}.`,
      `Removed the partial clone the interrupted main step left in ${temp.at('deps/beta')}.`,
      `Removed the partial clone the interrupted main step left in ${temp.at('tools/x/gamma')}.`,
      `Removed ${temp.at('deps')}, which the main step created and left empty.`,
      `Removed ${temp.at('tools')}, which the main step created and left empty.`,
    ]);
    expect(await temp.tree(temp.workspace)).toEqual(NEIGHBOURS);
  });

  it('keeps a created parent that still holds a finished clone', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    await mainCreatedParents(recorder, ['deps/alpha', 'deps/beta']);
    const alpha = await mainFinishedCloning(recorder, 'deps/alpha');
    await mainStartedCloning(recorder, 'deps/beta');
    const before = await readdir(alpha, { recursive: true });

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Kept the clone in ${alpha}.`,
      `Removed the partial clone the interrupted main step left in ${temp.at('deps/beta')}.`,
    ]);
    expect(await readdir(temp.at('deps'))).toEqual(['alpha']);
    expect(await readdir(alpha, { recursive: true })).toEqual(before);
  });

  // Checking whether a created parent is empty must not remove the empty folders it meets before the
  // first file, here `.cache/` of the finished clone (sorted before `.git`).
  it('leaves a finished clone in a created parent exactly as it was, empty folders included', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    await mainCreatedParents(recorder, ['deps/alpha', 'deps/beta']);
    const alpha = await mainFinishedCloning(recorder, 'deps/alpha');
    await mkdir(temp.at('deps/alpha/.cache'));
    await mainStartedCloning(recorder, 'deps/beta');
    const before = await readdir(alpha, { recursive: true });

    await runPostStep(store);

    expect(await readdir(alpha, { recursive: true })).toEqual(before);
  });

  it('never removes a file: a created parent where another step wrote a file stays, file and all', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    await mainCreatedParents(recorder, ['deps/sub/alpha']);
    await mainStartedCloning(recorder, 'deps/sub/alpha');
    await mkdir(temp.at('deps/sub/out'), { recursive: true });
    await writeFile(temp.at('deps/sub/out/report.txt'), 'someone else');

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Removed the partial clone the interrupted main step left in ${temp.at('deps/sub/alpha')}.`,
    ]);
    expect(await temp.tree(temp.workspace)).toEqual(
      [
        ...NEIGHBOURS,
        'workspace/deps',
        'workspace/deps/sub',
        'workspace/deps/sub/out',
        'workspace/deps/sub/out/report.txt',
      ].sort(),
    );
  });

  it('leaves a recorded parent that is now a file, or a symlink to an empty folder outside', async () => {
    await mkdir(temp.at('../outside/empty'));
    const store = new MemoryStateStore();
    new StepRecorder(store).parentsCreated([temp.at('now-a-file'), temp.at('now-a-link')]);
    await writeFile(temp.at('now-a-file'), 'a file');
    await symlink(temp.at('../outside/empty'), temp.at('now-a-link'));

    const lines = await runPostStep(store);

    expect(lines).toEqual(['Nothing to clean up: the main step already removed what it made.']);
    expect(await temp.tree()).toEqual(
      [
        ...NEIGHBOURS,
        'workspace/now-a-file',
        'workspace/now-a-link',
        'outside',
        'outside/empty',
        'outside/keep.txt',
        'workspace',
      ].sort(),
    );
  });

  it('says it removed nothing when every clone was finished or cleaned and no parent is empty', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    await mainCreatedParents(recorder, ['deps/alpha', 'deps/beta']);
    const alpha = await mainFinishedCloning(recorder, 'deps/alpha');
    const beta = await mainStartedCloning(recorder, 'deps/beta');
    recorder.outcome(beta, 'cleaned');

    expect(await runPostStep(store)).toEqual([`Kept the clone in ${alpha}.`]);
    expect(await isDirectory(temp.at('deps/beta'))).toBe(true);
  });
});

describe('runPostStep attempts every cleanup whatever failed before it', () => {
  /** As persist-credentials leaves it: a private folder with the session, helper entries in clones. */
  async function persisted(store: MemoryStateStore, clones: string[]): Promise<string> {
    const recorder = new PersistRecorder(store);
    const directory = temp.at('../outside/codecommit-session-x');
    await mkdir(directory);
    recorder.directoryCreated(directory);
    await writeFile(path.join(directory, 'credentials.json'), '{"secretAccessKey":"s3cret"}');
    for (const clone of clones) {
      const keys = [`credential.https://git.example/v1/repos/${path.basename(clone)}.helper`];
      await runCommand('git', ['init', '-q', clone]);
      await runCommand('git', ['-C', clone, 'config', '--local', keys[0] ?? '', '!helper']);
      recorder.configWritten(clone, keys);
    }
    return directory;
  }

  it('a clone whose .git a later step deleted: nothing to unset there, the session and the rest still go', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    const gone = await mainFinishedCloning(recorder, 'gone');
    const kept = await mainFinishedCloning(recorder, 'kept');
    await rm(gone, { recursive: true, force: true });
    await mkdir(gone);
    const directory = await persisted(store, [temp.at('gone'), temp.at('kept')]);
    await rm(path.join(gone, '.git'), { recursive: true, force: true });
    const partial = await mainStartedCloning(recorder, 'partial');

    const lines = await runPostStep(store);

    expect(lines).toEqual([
      `Removed the persisted session and git-remote-codecommit (${directory}).`,
      `Removed the credential helper from ${kept}.`,
      `Kept the clone in ${gone}.`,
      `Kept the clone in ${kept}.`,
      `Removed the partial clone the interrupted main step left in ${partial}.`,
    ]);
    expect(await isDirectory(directory)).toBe(false);
    expect(await isDirectory(partial)).toBe(false);
    const config = await runCommandResult('git', ['-C', kept, 'config', '--local', '--list']);
    expect(config.stdout).not.toContain('helper');
  });

  it('a config git cannot read fails that part only: every later part is done, all failures reported together', async () => {
    const store = new MemoryStateStore();
    const recorder = new StepRecorder(store);
    const broken = temp.at('broken');
    const fine = temp.at('fine');
    const directory = await persisted(store, [broken, fine]);
    await writeFile(path.join(broken, '.git', 'config'), '[core\n\tthis is no config\n');
    const partial = await mainStartedCloning(recorder, 'partial');
    const otherPartial = await mainStartedCloning(recorder, 'other-partial');

    const error = await runPostStep(store).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CleanupIncompleteError);
    const { done, failures } = error as CleanupIncompleteError;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(new RegExp(`^removing the credential helper from ${broken}: `));
    expect((error as Error).message).toMatch(
      /^Cleanup was not complete \(1 of its parts failed\):\n- removing/,
    );
    expect(done).toEqual([
      `Removed the persisted session and git-remote-codecommit (${directory}).`,
      `Removed the credential helper from ${fine}.`,
      `Removed the partial clone the interrupted main step left in ${partial}.`,
      `Removed the partial clone the interrupted main step left in ${otherPartial}.`,
    ]);
    expect(await isDirectory(directory)).toBe(false);
    expect(await isDirectory(partial)).toBe(false);
    expect(await isDirectory(otherPartial)).toBe(false);
  });

  it('state it cannot read is one failure; what the other record says is still undone', async () => {
    const store = new MemoryStateStore();
    const partial = await mainStartedCloning(new StepRecorder(store), 'partial');
    store.save('persisted', '{ not json');

    const error = await runPostStep(store).catch((caught: unknown) => caught);

    expect((error as CleanupIncompleteError).failures).toEqual([
      expect.stringMatching(/^reading what persist-credentials recorded: /),
    ]);
    expect(await isDirectory(partial)).toBe(false);
  });
});

describe('runPostStep stops git that a hard-killed main step left running', () => {
  it('stops the recorded git before removing its partial clone, and leaves a reused pid alone', async () => {
    const store = new MemoryStateStore();
    const partial = await mainStartedCloning(new StepRecorder(store), 'partial');
    // What a SIGKILLed main leaves: git, leading its own group, still at work in the clone.
    const git = spawn('git', ['hash-object', '--stdin'], {
      cwd: partial,
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const other = spawn('cat', [], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    const gitExited = new Promise((resolve) => git.once('exit', (_code, signal) => resolve(signal)));
    try {
      await Promise.all([once(git, 'spawn'), once(other, 'spawn')]);
      new GitProcessRecorder(store).running([git.pid ?? 0, other.pid ?? 0]);

      const lines = await runPostStep(store);

      expect(lines).toEqual([
        `Stopped git (pid ${git.pid}) and its children, which the killed main step left running.`,
        `Removed the partial clone the interrupted main step left in ${partial}.`,
      ]);
      expect(await gitExited).toBe('SIGKILL');
      expect(other.exitCode).toBeNull();
      expect(other.signalCode).toBeNull();
      expect(await isDirectory(partial)).toBe(false);
    } finally {
      git.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });
});
