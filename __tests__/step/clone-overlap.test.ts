/**
 * runCloneStep's local work and the network: git's version and the targets are checked before any
 * request, and the runner's git config that every new clone's divert check reads is read once per step,
 * and only git version, that listing and git clone are started for a fresh clone. In process,
 * against the fakes on loopback, with a `git` on PATH whose `git version` is slow where that matters.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCloneStep } from '../../src/step/clone/clone-step.js';
import type { FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import { FakeClock, testRuntime } from '../../test-support/step-test-runtime.js';
import { startStepWorld, type StepWorld } from '../../test-support/step-world.js';

const clock = new FakeClock();
let world: StepWorld;
let git: FakeCodeCommit;
let count = 0;

beforeAll(async () => {
  world = await startStepWorld(() => clock.now());
  git = await world.startGit();
});
afterAll(() => world?.close());

/** A `git` first on PATH whose `git version` takes `delayMs` and writes when it ended (epoch ms). */
async function slowGitVersion(delayMs: number): Promise<{ binDir: string; endedAt: () => Promise<number> }> {
  const dir = path.join(world.root, `slow-git-${++count}`);
  const binDir = path.join(dir, 'bin');
  const ended = path.join(dir, 'version-ended');
  await mkdir(binDir, { recursive: true });
  const script = [
    '#!/bin/sh',
    'if [ "$1" = version ]; then',
    `  sleep ${delayMs / 1000}`,
    `  /usr/bin/git "$@"; status=$?`,
    `  node -e 'process.stdout.write(String(Date.now()))' > '${ended}'`,
    '  exit $status',
    'fi',
    'exec /usr/bin/git "$@"',
    '',
  ].join('\n');
  await writeFile(path.join(binDir, 'git'), script);
  await chmod(path.join(binDir, 'git'), 0o755);
  return { binDir, endedAt: async () => Number(await readFile(ended, 'utf8')) };
}

function withPathFirst(binDir: string): Record<string, string> {
  return { ...world.env, PATH: `${binDir}${path.delimiter}${world.env.PATH ?? ''}` };
}

describe('runCloneStep, local checks before the network', () => {
  test('sends nothing to STS until git version has answered: the AssumeRole reaches the fake after a slow git version ends', async () => {
    const repository = await world.addRepository(`after-version-${++count}`);
    const slow = await slowGitVersion(500);
    const asked = world.sts.requests.length;
    const test = testRuntime(withPathFirst(slow.binDir), clock, world.runtimeExtras());
    const result = await runCloneStep(
      world.inputs({ repository: repository.name, 'codecommit-endpoint': git.url }),
      world.context(await world.newWorkspace()),
      test.runtime,
    );
    expect(result.outcomes.map((outcome) => outcome.ok)).toEqual([true]);
    const assumeRole = world.sts.requests.slice(asked).find((request) => request.action === 'AssumeRole');
    expect(assumeRole?.time.getTime()).toBeGreaterThanOrEqual(await slow.endedAt());
  });

  test('a target that cannot be used fails the step with its own error, and STS is never asked', async () => {
    const repository = await world.addRepository(`bad-target-${++count}`);
    const workspace = await world.newWorkspace();
    await writeFile(path.join(workspace, repository.name), 'a file where the clone should go\n');
    const asked = world.sts.requests.length;
    const test = testRuntime(world.env, clock, world.runtimeExtras());
    await expect(
      runCloneStep(
        world.inputs({ repository: repository.name, 'codecommit-endpoint': git.url }),
        world.context(workspace),
        test.runtime,
      ),
    ).rejects.toThrow(/path/i);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.sts.requests.length).toBe(asked);
    expect(test.logger.text()).not.toMatch(/Source credentials:|Assumed /);
  });
});

describe("runCloneStep, the runner's git config", () => {
  test('three fresh clones read the git config for the divert check once, not once per clone', async () => {
    const names = await Promise.all(
      ['one', 'two', 'three'].map(
        async (name) => (await world.addRepository(`once-${name}-${++count}`)).name,
      ),
    );
    const test = testRuntime(world.env, clock, world.runtimeExtras());
    const result = await runCloneStep(
      world.inputs({ repository: names.join('\n'), 'codecommit-endpoint': git.url, concurrency: '3' }),
      world.context(await world.newWorkspace()),
      test.runtime,
    );
    expect(result.outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true]);
    const listings = test.started.filter(({ args }) => args[0] === 'config' && args[1] === '--list');
    expect(listings).toHaveLength(1);
  });

  test('a fresh clone starts three git processes: git version, the config listing, git clone', async () => {
    const repository = await world.addRepository(`three-${++count}`);
    const test = testRuntime(world.env, clock, world.runtimeExtras());
    const result = await runCloneStep(
      world.inputs({ repository: repository.name, 'codecommit-endpoint': git.url }),
      world.context(await world.newWorkspace()),
      test.runtime,
    );
    expect(result.outcomes.map((outcome) => (outcome.ok ? outcome.clone.commit : 'failed'))).toEqual([
      repository.headSha,
    ]);
    expect(test.started.map(({ args }) => args.slice(0, 2).join(' '))).toEqual([
      'version',
      'config --list',
      'clone --progress',
    ]);
  });

  test("the runner's global url.insteadOf that sends the git host elsewhere still refuses every new clone, naming the entry", async () => {
    const names = await Promise.all(
      ['a', 'b'].map(async (name) => (await world.addRepository(`diverted-${name}-${++count}`)).name),
    );
    const globalConfig = path.join(world.root, `diverting-${++count}.gitconfig`);
    await writeFile(globalConfig, `[url "https://elsewhere.example/"]\n\tinsteadOf = ${git.url}/\n`);
    const test = testRuntime({ ...world.env, GIT_CONFIG_GLOBAL: globalConfig }, clock, world.runtimeExtras());
    const result = await runCloneStep(
      world.inputs({ repository: names.join('\n'), 'codecommit-endpoint': git.url, concurrency: '2' }),
      world.context(await world.newWorkspace()),
      test.runtime,
    );
    expect(result.outcomes.map((outcome) => outcome.ok)).toEqual([false, false]);
    for (const outcome of result.outcomes) {
      expect(outcome.ok ? '' : JSON.stringify(outcome.failure)).toContain('insteadof');
    }
  });
});
