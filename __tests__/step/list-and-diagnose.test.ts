/**
 * runListStep and runDiagnose in process, against the fakes on loopback: the names a pattern stands
 * for (ListRepositories through the given API endpoint), names listed without AWS, and diagnose's rows
 * for a repository the role may pull and one it may not (403).
 */
import { readdir } from 'node:fs/promises';
import { runDiagnose } from '../../src/step/diagnose/diagnose-step.js';
import { runListStep } from '../../src/step/list/list-step.js';
import type { FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import { FakeClock, testRuntime } from '../../test-support/step-test-runtime.js';
import { READER_ROLE, startStepWorld, type StepWorld } from '../../test-support/step-world.js';

let clock = new FakeClock();
let world: StepWorld;
let git: FakeCodeCommit;

beforeAll(async () => {
  world = await startStepWorld(() => clock.now());
  git = await world.startGit();
});
afterAll(() => world?.close());
beforeEach(() => {
  clock = new FakeClock();
});

describe('runListStep', () => {
  test('a pattern: the names ListRepositories gives that match it, in order, with the pattern in the summary', async () => {
    const api = await world.startApi(['billing', 'team-b', 'team-a', 'team-c-tools']);
    const test = testRuntime(world.env, clock, world.runtimeExtras());
    const result = await runListStep(
      world.inputs({
        repository: 'team-?\nbilling',
        mode: 'list',
        'codecommit-api-endpoint': api.url,
        'codecommit-endpoint': git.url,
      }),
      world.context(await world.newWorkspace()),
      test.runtime,
    );
    expect(result.names).toEqual(['team-a', 'team-b', 'billing']);
    expect(result.assumedRoleArn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/Reader\//);
    expect(result.summary).toMatchObject({
      apiEndpoint: api.host,
      repositories: [
        { repository: 'team-a', pattern: 'team-?' },
        { repository: 'team-b', pattern: 'team-?' },
        { repository: 'billing' },
      ],
    });
    expect(test.logger.infos()).toContain('Repositories (3): team-a, team-b, billing');
    expect(api.requests.length).toBeGreaterThan(0);
    // Listing runs no git.
    expect(test.started).toEqual([]);
  });

  test('names only: listed as given, without asking AWS', async () => {
    const stsRequests = world.sts.requests.length;
    const test = testRuntime(world.env, clock, world.runtimeExtras());
    const result = await runListStep(
      world.inputs({ repository: 'alpha\nbeta', mode: 'list' }),
      world.context(await world.newWorkspace()),
      test.runtime,
    );
    expect(result.names).toEqual(['alpha', 'beta']);
    expect(test.logger.infos()).toEqual([
      'No repository pattern: the names are listed as given, without asking AWS.',
      'Repositories (2): alpha, beta',
    ]);
    expect(world.sts.requests.length).toBe(stsRequests);
  });
});

describe('runDiagnose', () => {
  test('every row: endpoints, credentials, role and git ok; the repository it may pull ok, the other a 403 row with the fix', async () => {
    const allowed = await world.addRepository('diagnosed');
    const denied = await world.addRepository('diagnosed-denied', {}, false);
    const workspace = await world.newWorkspace();
    const test = testRuntime(world.env, clock, world.runtimeExtras());

    const result = await runDiagnose(
      world.inputs({
        repository: `${allowed.name}\n${denied.name}`,
        mode: 'diagnose',
        'codecommit-endpoint': git.url,
      }),
      world.context(workspace),
      test.runtime,
    );
    expect(result.ok).toBe(false);
    const rows = result.rows.map((row) => [row.check, row.subject, row.status]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['STS endpoint', world.sts.host, 'ok'],
        ['git endpoint', git.host, 'ok'],
        ['Source credentials', "the runner's", 'ok'],
        ['Identity', 'source credentials', 'ok'],
        ['Role', READER_ROLE, 'ok'],
        ['git', 'git on PATH', 'ok'],
      ]),
    );
    // Every row but the refused repository's is fine.
    expect(rows.filter(([, , status]) => status !== 'ok')).toEqual([['Repository', denied.name, 'failed']]);
    const repositoryRows = result.rows.filter((row) => row.check === 'Repository');
    expect(repositoryRows.map((row) => [row.subject, row.status])).toEqual([
      [allowed.name, 'ok'],
      [denied.name, 'failed'],
    ]);
    const [ok, refused] = repositoryRows;
    expect(ok?.found).toMatch(/codecommit:GitPull allowed/);
    expect(refused?.found).toMatch(/^git ls-remote failed: git: .*403/);
    expect(refused?.fix).toMatch(
      new RegExp(`allow codecommit:GitPull on arn:aws:codecommit:.*:${denied.name}`),
    );
    // The report is in the log too; nothing was written in the workspace.
    expect(test.logger.infos().join('\n')).toContain(denied.name);
    expect(await readdir(workspace)).toEqual([]);
    expect(test.started.map((started) => started.args[0])).toEqual(
      expect.arrayContaining(['version', 'ls-remote']),
    );
    expect(test.started.some((started) => ['clone', 'fetch'].includes(started.args[0] ?? ''))).toBe(false);
  });
});
