/**
 * What the git server supports, said plainly, in the closed VPC: diagnose's capability row for a server
 * with filters on, one with filters off and one that answers in protocol v0 and serves tips only, each
 * read from the capability exchange alone (no pack downloaded); and a clone with `filter` that the
 * server ignores: a warning naming the filter in the log and the job summary, fresh and reused, and a
 * clone that is still correct. The git endpoint is the regional one; each repository is served as one
 * kind of server.
 */
import { runCommandResult } from '../../test-support/run-command.js';
import {
  NODES,
  prepareRunnerHost,
  runMain,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { HOSTS, PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import { startVpcWorld, SWITCH_ROLE, type VpcWorld } from '../../test-support/closed-vpc/world.js';
import {
  addCommit,
  createFixtureRepository,
  type FixtureRepository,
} from '../../test-support/fixture-repos.js';
import { expectNoSecretLeft } from './secret-checks.js';

/** What GitHub runs. */
const node = NODES[1].path;
const FILTERS_ON = 'served-with-filters';
const FILTERS_OFF = 'served-without-filters';
const V0_TIPS_ONLY = 'served-in-v0';
/** Incompressible, so that any pack sent would be larger than a capability exchange. */
const PAYLOAD_BYTES = 200_000;
const GIT_HOST = HOSTS.regionalGit.name;
let world: VpcWorld;
const fixtures = new Map<string, FixtureRepository>();

beforeAll(async () => {
  world = await startVpcWorld();
  for (const name of [FILTERS_ON, FILTERS_OFF, V0_TIPS_ONLY]) {
    fixtures.set(
      name,
      await createFixtureRepository(world.projectRoot, name, {
        files: { 'src/app.txt': `app of ${name}\n`, 'docs/guide.md': 'guide\n' },
        sizeBytes: PAYLOAD_BYTES,
      }),
    );
    world.accounts.allowRepository(name, SWITCH_ROLE);
  }
  world.regionalGit.serveAs(FILTERS_ON, { filter: true });
  world.regionalGit.serveAs(FILTERS_OFF, { filter: false });
  world.regionalGit.serveTipsOnly(V0_TIPS_ONLY);
});

afterAll(async () => {
  await world?.close();
});

const base = { 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };

interface Row {
  status: string;
  check: string;
  subject: string;
  found: string;
  note?: string;
}

/** The rows of diagnose's plain report in a log: `<status> <check>: <subject>`, what was found, the note. */
function reportRows(log: string): Row[] {
  const lines = log.split('\n');
  const start = lines.indexOf('Diagnosis, in the order a request travels:');
  const rows: Row[] = [];
  for (const line of start >= 0 ? lines.slice(start + 1) : []) {
    const head = /^(ok|FAILED|not checked) +([^:]+): (.*?)(?: \(\d+ ms\))?$/.exec(line);
    const detail = /^ {12}(?:(fix|note): )?(.*)$/.exec(line);
    const last = rows[rows.length - 1];
    if (head !== null)
      rows.push({ status: head[1] ?? '', check: head[2] ?? '', subject: head[3] ?? '', found: '' });
    else if (detail !== null && last !== undefined && detail[1] === undefined) last.found = detail[2] ?? '';
    else if (detail !== null && last !== undefined) last.note = detail[2] ?? '';
    else break;
  }
  return rows;
}

function capabilityRows(rows: Row[]): Row[] {
  return rows.filter((row) => row.check === 'git capabilities');
}

/** Bytes the git endpoint sent for `repository` since `before` requests. */
function bytesServed(repository: string, before: number): number {
  return world.regionalGit.requests
    .slice(before)
    .filter((request) => request.repository === repository)
    .reduce((sum, request) => sum + request.responseBytes, 0);
}

async function git(dir: string, args: string[]): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
  });
  return result.stdout.trim();
}

/** Objects the clone's history names that it does not hold: none unless a filter left them out. */
async function missingObjects(dir: string): Promise<string[]> {
  const listed = await git(dir, ['rev-list', '--objects', '--all', '--missing=print']);
  return listed.split('\n').filter((line) => line.startsWith('?'));
}

const SERVER_KINDS = [
  {
    label: 'v2 with filters on',
    repository: FILTERS_ON,
    found:
      /^protocol v2, git\/[\d.]+; filter: advertised \(partial clone\); shallow: advertised; a commit no ref points at: served by SHA \(fetch\); read from the capability advertisement of git ls-remote of served-with-filters \(no pack downloaded\)$/,
    notes: [
      "'filter' (e.g. blob:none) makes a partial clone",
      "'fetch-depth' makes a shallow clone.",
      "A 'ref' by SHA is fetched by itself, even a commit no branch or tag points at.",
    ],
  },
  {
    label: 'v2 with filters off',
    repository: FILTERS_OFF,
    found:
      /^protocol v2, git\/[\d.]+; filter: not advertised; shallow: advertised; a commit no ref points at: served by SHA \(fetch\); /,
    notes: [
      '\'filter\' is not honoured: git says "filtering not recognized by server, ignoring" and downloads the full history of blobs',
      "'fetch-depth' makes a shallow clone, which is what downloads less here.",
      "A 'ref' by SHA is fetched by itself",
    ],
  },
  {
    label: 'v0 serving tips only',
    repository: V0_TIPS_ONLY,
    found:
      /^protocol v0 \(v2 was asked for\), git\/[\d.]+; filter: not advertised; shallow: advertised; a commit no ref points at: not served \(neither allow-reachable-sha1-in-want nor allow-tip-sha1-in-want\); /,
    notes: [
      "'filter' is not honoured",
      "A 'ref' by SHA that is no branch or tag tip is not served by itself: the step then fetches every branch and tag in full",
    ],
  },
] as const;

describe('mode: diagnose says what the git server supports', () => {
  test.each(SERVER_KINDS)(
    '$label: one informational row for the git endpoint, from the capability exchange alone, no secret',
    async ({ repository, found, notes }) => {
      const host = await prepareRunnerHost(world);
      const before = world.regionalGit.requests.length;
      const run = await runMain(host, node, { ...base, mode: 'diagnose', repository });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      const rows = reportRows(run.stdout);
      expect(rows.map((row) => [row.status, row.check, row.subject]).slice(-2)).toEqual([
        ['ok', 'Repository', repository],
        ['ok', 'git capabilities', GIT_HOST],
      ]);
      const [row] = capabilityRows(rows);
      expect(row?.found).toMatch(found);
      for (const note of notes) expect(row?.note).toContain(note);
      expect(run.summary).toContain(`<td>git capabilities</td><td>${GIT_HOST}</td><td>ok</td>`);
      // No pack: every answer for the repository together is far smaller than its payload.
      expect(bytesServed(repository, before)).toBeLessThan(PAYLOAD_BYTES / 4);
      // The trace git wrote for the capability row stays out of the log.
      expect(run.stdout).not.toMatch(/packet: +\S+[<>]/);
      await expectNoSecretLeft(world, host, [run]);
    },
  );

  test('one row per git endpoint, not per repository: asked once, through the first repository', async () => {
    const host = await prepareRunnerHost(world);
    const run = await runMain(host, node, {
      ...base,
      mode: 'diagnose',
      repository: `${FILTERS_ON}\n${FILTERS_OFF}`,
    });
    expect(run.exitCode).toBe(0);
    const rows = capabilityRows(reportRows(run.stdout));
    expect(rows.map((row) => [row.status, row.subject])).toEqual([['ok', GIT_HOST]]);
    expect(rows[0]?.found).toContain(`git ls-remote of ${FILTERS_ON} (no pack downloaded)`);
    expect(
      (await host.recorder.invocations()).filter((argv) => argv.includes('protocol.version=2')),
    ).toHaveLength(1);
    await expectNoSecretLeft(world, host, [run]);
  });
});

/** The warning of a clone of `repository` whose server ignored `blob:none`, as the log says it. */
function ignoredFilterWarning(repository: string): string {
  return (
    `${repository}: the git endpoint ${GIT_HOST} did not honour filter 'blob:none' (git: "filtering not ` +
    'recognized by server, ignoring"), so the full history of blobs was downloaded: the clone is complete, ' +
    "but as large as one without a filter. 'mode: diagnose' shows what the server supports."
  );
}

function asHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

async function cloneWithFilter(host: RunnerHost, repository: string) {
  return runMain(host, node, { ...base, repository, filter: 'blob:none', 'fetch-depth': '0' });
}

describe('a clone with filter', () => {
  test('against a server with filters off: a warning in the log and the summary, fresh and reused, and a complete clone', async () => {
    const host = await prepareRunnerHost(world);
    const fixture = fixtures.get(FILTERS_OFF);
    const run = await cloneWithFilter(host, FILTERS_OFF);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.maskedLog).toContain('filtering not recognized by server, ignoring');
    expect(run.warnings).toEqual([ignoredFilterWarning(FILTERS_OFF)]);
    expect(run.summary).toContain(`<p>Warning: ${asHtml(ignoredFilterWarning(FILTERS_OFF))}</p>`);
    expect(run.summary).toContain('cloned; filter blob:none not honoured (every blob downloaded)');
    // Still the right clone, and every blob of its history is there.
    const clone = run.outputs.path ?? '';
    expect(run.outputs.commit).toBe(fixture?.headSha);
    expect(await git(clone, ['rev-parse', 'HEAD'])).toBe(fixture?.headSha);
    expect(await git(clone, ['status', '--porcelain'])).toBe('');
    expect(await missingObjects(clone)).toEqual([]);
    expect(await git(clone, ['fsck', '--no-progress'])).toBe('');

    // The next job reuses the clone: a new commit, fetched with the same filter, ignored again.
    const next = await addCommit(fixture?.path ?? '', 'main', { 'src/app.txt': 'app, changed\n' });
    const reused = await cloneWithFilter(host, FILTERS_OFF);
    expect(reused.exitCode).toBe(0);
    expect(reused.stdout).toContain('holds a clone of served-without-filters: updating it in place.');
    expect(reused.outputs.commit).toBe(next);
    expect(reused.warnings).toEqual([ignoredFilterWarning(FILTERS_OFF)]);
    expect(reused.summary).toContain(
      'reused the clone in the workspace; filter blob:none not honoured (every blob downloaded)',
    );
    expect(await missingObjects(clone)).toEqual([]);
    await expectNoSecretLeft(world, host, [run, reused]);
  });

  test('against a server with filters on: no warning, and the partial clone leaves the old blobs on the server', async () => {
    const host = await prepareRunnerHost(world);
    const run = await cloneWithFilter(host, FILTERS_ON);
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.warnings).toEqual([]);
    expect(run.maskedLog).not.toContain('filtering not recognized');
    expect(run.summary).not.toContain('Warning');
    expect(run.summary).not.toContain('not honoured');
    const clone = run.outputs.path ?? '';
    expect(run.outputs.commit).toBe(fixtures.get(FILTERS_ON)?.headSha);
    expect(await git(clone, ['status', '--porcelain'])).toBe('');
    expect((await missingObjects(clone)).length).toBeGreaterThan(0);
    await expectNoSecretLeft(world, host, [run]);
  });
});
