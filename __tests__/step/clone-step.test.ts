/**
 * runCloneStep in process, against the fakes on loopback with real git: a fresh clone, a clone already
 * in the target updated in place, one that cannot be updated replaced by a fresh clone, and a
 * submodule that fails. The clock, the log, the state and the git process registry are the test's.
 */
import { failureText } from '../../src/core/failure-record.js';
import { execFileSync } from 'node:child_process';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { summaryRows } from '../../src/core/job-summary.js';
import { readRecordedGitProcesses } from '../../src/core/git-process-state.js';
import { runCloneStep } from '../../src/step/clone/clone-step.js';
import type { FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import { addCommit, gitmodulesFile } from '../../test-support/fixture-repos.js';
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

function run(): TestRuntime {
  return testRuntime(world.env, clock, world.runtimeExtras());
}

/** The Result column of the summary's row for each repository. */
function results(summary: Parameters<typeof summaryRows>[0]): string[] {
  return summaryRows(summary)
    .slice(1)
    .map((row) => row[row.length - 1] ?? '');
}

function headOf(clone: string): string {
  return execFileSync('git', ['-C', clone, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
}

async function cloneOnce(name: string, workspace: string, extra: Record<string, string> = {}) {
  const test = run();
  const result = await runCloneStep(
    world.inputs({ repository: name, 'codecommit-endpoint': git.url, ...extra }),
    world.context(workspace),
    test.runtime,
  );
  return { test, result };
}

describe('runCloneStep', () => {
  test('a fresh clone: checked out at the branch head, summary "cloned", every git registered and ended, no secret in the log', async () => {
    const repository = await world.addRepository(`fresh-${++count}`);
    const workspace = await world.newWorkspace();
    const { test, result } = await cloneOnce(repository.name, workspace);

    const target = path.join(workspace, repository.name);
    const [outcome] = result.outcomes;
    expect(outcome).toMatchObject({ ok: true, preparedness: 'cloned', withCache: false });
    expect(outcome?.ok && outcome.clone).toEqual({ ref: 'main', commit: repository.headSha });
    expect(headOf(target)).toBe(repository.headSha);
    expect(results(result.summary)).toEqual(['cloned']);
    expect(test.logger.infos()).toContain(`Checked out main at ${repository.headSha} in ${target}`);

    // git's version, then the clone by its URL, each registered while it ran and none left running.
    expect(test.started[0]?.args).toEqual(['version']);
    const clone = test.started.find((started) => started.args[0] === 'clone');
    expect(clone?.args.slice(-2)).toEqual([`${git.url}/v1/repos/${repository.name}`, target]);
    expect(test.processes.pids()).toEqual([]);
    expect(readRecordedGitProcesses(test.state)).toEqual([]);

    expect(test.masked.length).toBeGreaterThan(0);
    for (const secret of test.masked) expect(test.logger.text()).not.toContain(secret);
    expect(result.summary.seconds).toBeGreaterThanOrEqual(0);
  });

  test('a clone of the same repository already there is updated in place: summary "reused", at the new head', async () => {
    const repository = await world.addRepository(`reuse-${++count}`);
    const workspace = await world.newWorkspace();
    await cloneOnce(repository.name, workspace);
    const next = await addCommit(repository.path, 'main', { 'src/next.txt': 'next' });

    const { test, result } = await cloneOnce(repository.name, workspace);
    const target = path.join(workspace, repository.name);
    expect(result.outcomes[0]).toMatchObject({ ok: true, preparedness: 'reused' });
    expect(headOf(target)).toBe(next);
    expect(results(result.summary)).toEqual(['reused the clone in the workspace']);
    expect(test.logger.infos()).toEqual(
      expect.arrayContaining([
        `${target} holds a clone of ${repository.name}: updating it in place.`,
        `Updated the clone to main at ${next} in ${target}`,
      ]),
    );
    // Updated, not cloned again.
    expect(test.started.some((started) => started.args[0] === 'clone')).toBe(false);
    expect(test.logger.warnings()).toEqual([]);
  });

  test('a clone whose objects are corrupt cannot be updated: a warning, then emptied and cloned afresh, summary "replaced"', async () => {
    const repository = await world.addRepository(`corrupt-${++count}`);
    const workspace = await world.newWorkspace();
    await cloneOnce(repository.name, workspace);
    const next = await addCommit(repository.path, 'main', { 'src/next.txt': 'next' });
    const target = path.join(workspace, repository.name);
    // The pack zeroed behind its (valid) index: what a failing disk leaves; git reads it as corrupt.
    const packs = path.join(target, '.git', 'objects', 'pack');
    for (const pack of (await readdir(packs)).filter((name) => name.endsWith('.pack'))) {
      const file = path.join(packs, pack);
      const bytes = await readFile(file);
      bytes.fill(0, 12, bytes.length - 20);
      // git writes packs read-only.
      await chmod(file, 0o644);
      await writeFile(file, bytes);
    }

    const { test, result } = await cloneOnce(repository.name, workspace);
    expect(result.outcomes[0]).toMatchObject({ ok: true, preparedness: 'replaced' });
    expect(test.logger.warnings()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not update the clone in ${target} \\(.+\\); emptying it and cloning afresh\\.$`,
          's',
        ),
      ),
    ]);
    expect(test.logger.infos()).toContain(`Checked out main at ${next} in ${target}`);
    expect(headOf(target)).toBe(next);
    expect(results(result.summary)).toEqual(['emptied the target and cloned']);
  });

  test('a submodule that cannot be fetched (403) fails the clone naming the submodule and its URL, and the clone is removed', async () => {
    const n = ++count;
    const shared = await world.addRepository(`shared-${n}`);
    const denied = await world.addRepository(`denied-${n}`, {}, false);
    const app = await world.addRepository(`app-${n}`, {
      files: {
        'src/app.txt': 'app\n',
        '.gitmodules': gitmodulesFile([
          ['shared', 'libs/shared', `../${shared.name}`],
          ['denied', 'libs/denied', `../${denied.name}`],
        ]),
      },
      gitlinks: { 'libs/shared': shared.headSha, 'libs/denied': denied.headSha },
    });
    const workspace = await world.newWorkspace();

    const { result } = await cloneOnce(app.name, workspace, { submodules: 'true' });
    const [outcome] = result.outcomes;
    expect(outcome?.ok).toBe(false);
    const error = outcome !== undefined && !outcome.ok ? failureText(outcome.failure) : '';
    expect(error.split('\n')[0]).toMatch(
      new RegExp(
        `^Submodule libs/denied \\(\\.\\./${denied.name}\\): Checking out submodule libs/denied from ` +
          `${git.host.replace(/\./g, '\\.')} failed: HTTP 403 .*'${denied.name}'`,
      ),
    );
    expect(error).not.toContain('libs/shared');
    expect(results(result.summary)).toEqual([expect.stringMatching(/^failed: Submodule libs\/denied /)]);
    await expect(stat(path.join(workspace, app.name))).rejects.toThrow();
  });
});
