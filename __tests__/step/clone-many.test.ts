/**
 * runCloneStep in process with several repositories at once: one failing among others, a git endpoint
 * that throttles, the heartbeat while clones run, and a cancel that stops every git the step started.
 * A gated relay in front of the fake CodeCommit keeps git connected and waiting for as long as a test
 * needs, without any wall-clock bound in what is asserted.
 */
import { failureText } from '../../src/core/failure-record.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { summaryRows, throttlingLine } from '../../src/core/job-summary.js';
import { readRecordedStep } from '../../src/core/step-state.js';
import { runCloneStep } from '../../src/step/clone/clone-step.js';
import type { FakeCodeCommitOptions } from '../../test-support/fake-codecommit.js';
import { startGatedRelay, type GatedRelay } from '../../test-support/gated-relay.js';
import { FakeClock, testRuntime, until } from '../../test-support/step-test-runtime.js';
import { startStepWorld, type StepWorld } from '../../test-support/step-world.js';

let clock = new FakeClock();
let world: StepWorld;
let relay: GatedRelay | undefined;
let count = 0;

beforeAll(async () => {
  world = await startStepWorld(() => clock.now());
});
afterAll(() => world?.close());
beforeEach(() => {
  clock = new FakeClock();
});
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

/** Repositories of their own for a test; those named in `denied` may not be pulled. */
async function repositories(names: string[], denied: string[] = []): Promise<string[]> {
  const n = ++count;
  const made: string[] = [];
  for (const name of names) {
    made.push((await world.addRepository(`${name}-${n}`, {}, !denied.includes(name))).name);
  }
  return made;
}

/** A git endpoint behind a relay that can hold connections. */
async function heldGitEndpoint(options: Partial<FakeCodeCommitOptions> = {}): Promise<string> {
  relay = await startGatedRelay();
  const git = await world.startGit({ expectedHost: relay.host, ...options });
  relay.forwardTo(git.port);
  return `https://${relay.host}`;
}

describe('runCloneStep with several repositories', () => {
  test('one that fails (403) among three: the others are cloned, its directory is removed, its row and record say failed', async () => {
    const git = await world.startGit();
    const [alpha, beta, gamma] = await repositories(['alpha', 'beta', 'gamma'], ['beta']);
    const workspace = await world.newWorkspace();
    const test = testRuntime(world.env, clock, world.runtimeExtras());

    const result = await runCloneStep(
      world.inputs({
        repository: [alpha, beta, gamma].join('\n'),
        'codecommit-endpoint': git.url,
        concurrency: '3',
      }),
      world.context(workspace),
      test.runtime,
    );
    expect(result.outcomes.map((outcome) => [outcome.repository.name, outcome.ok])).toEqual([
      [alpha, true],
      [beta, false],
      [gamma, true],
    ]);
    const failed = result.outcomes[1];
    expect(failed !== undefined && !failed.ok && failureText(failed.failure)).toMatch(/HTTP 403/);
    expect(existsSync(path.join(workspace, beta ?? ''))).toBe(false);
    expect(existsSync(path.join(workspace, alpha ?? '', '.git'))).toBe(true);
    expect(existsSync(path.join(workspace, gamma ?? '', '.git'))).toBe(true);
    expect(summaryRows(result.summary).map((row) => row[row.length - 1])).toEqual([
      'Result',
      'cloned',
      expect.stringMatching(/^failed: .*HTTP 403/),
      'cloned',
    ]);
    // What the post step reads: the failed clone already cleaned up, the others finished (recorded in
    // the order the parallel clones started, which is not the order of the inputs).
    const recorded = readRecordedStep(test.state).clones;
    expect(
      Object.fromEntries(recorded.map((clone) => [path.basename(clone.clonePath), clone.outcome])),
    ).toEqual({
      [alpha ?? '']: 'finished',
      [beta ?? '']: 'cleaned',
      [gamma ?? '']: 'finished',
    });
    // Each clone's lines as one group, named by its result.
    expect(test.logger.groups()).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^${beta}: failed \\(`))]),
    );
  });

  test('a git endpoint that answers 429 lowers how many clones run at once; retried after recorded waits, and the summary has the throttling line', async () => {
    const git = await world.startGit({ failFirst: { count: 2, status: 429 } });
    const names = await repositories(['one', 'two', 'three', 'four']);
    const workspace = await world.newWorkspace();
    const test = testRuntime(world.env, clock, world.runtimeExtras());

    const result = await runCloneStep(
      world.inputs({ repository: names.join('\n'), 'codecommit-endpoint': git.url, concurrency: '4' }),
      world.context(workspace),
      test.runtime,
    );
    expect(result.outcomes.every((outcome) => outcome.ok)).toBe(true);
    const throttling = result.summary.throttling;
    expect(throttling).toMatchObject({ throttledRequests: 2, concurrency: 4, lowestConcurrency: 2 });
    expect(test.logger.infos()).toContain(throttlingLine(throttling ?? ({} as never)));
    expect(test.logger.text()).toMatch(/was throttled/);
    // The retries waited on the step's clock, never on the wall clock.
    expect(clock.sleeps.filter((ms) => ms > 0)).toHaveLength(2);
  });

  test('the heartbeat names every clone still running, with the time on the step clock, and stops when they end', async () => {
    const endpoint = await heldGitEndpoint();
    const names = await repositories(['slow-a', 'slow-b']);
    const workspace = await world.newWorkspace();
    const test = testRuntime(world.env, clock, world.runtimeExtras());
    relay?.hold();

    const step = runCloneStep(
      world.inputs({ repository: names.join('\n'), 'codecommit-endpoint': endpoint, concurrency: '2' }),
      world.context(workspace),
      test.runtime,
    );
    await clock.timerStarted();
    await until(() => relay?.waiting() === 2, 'both clones to connect');
    const clones = test.started.filter((started) => started.args[0] === 'clone');
    expect(clones).toHaveLength(2);
    expect(test.processes.pids()).toEqual(expect.arrayContaining(clones.map((clone) => clone.pid)));

    clock.tick();
    expect(test.logger.infos()).toContain(`Still cloning: ${names[0]} (30 s), ${names[1]} (30 s)`);
    relay?.release();
    const result = await step;
    expect(result.outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(clock.runningTimers()).toBe(0);
    expect(test.processes.pids()).toEqual([]);
  });

  test('stopping every git the registry holds (a cancelled step) ends the running clone: the tree is gone and its target removed', async () => {
    const endpoint = await heldGitEndpoint();
    const [name] = await repositories(['cancelled']);
    const workspace = await world.newWorkspace();
    const test = testRuntime(world.env, clock, world.runtimeExtras());
    relay?.hold();

    const step = runCloneStep(
      world.inputs({ repository: name ?? '', 'codecommit-endpoint': endpoint, 'max-attempts': '1' }),
      world.context(workspace),
      test.runtime,
    );
    await until(() => relay?.waiting() === 1, 'the clone to connect');
    expect(test.processes.pids()).toHaveLength(1);
    // git-remote-https, the child of git clone, holds the connection: it closes when the tree is stopped.
    const [held] = relay?.connections ?? [];

    test.processes.stopAll();
    await until(() => held?.closed === true, 'the connection of the stopped tree to close');
    // The failure's probe of the endpoint then gets its answer.
    relay?.release();
    const result = await step;
    expect(result.outcomes[0]?.ok).toBe(false);
    expect(test.processes.pids()).toEqual([]);
    expect(existsSync(path.join(workspace, name ?? ''))).toBe(false);
  });
});
