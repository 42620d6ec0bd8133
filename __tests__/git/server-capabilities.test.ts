import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gitAuthorizationHeader } from '../../src/aws/git-authorization.js';
import type { Logger } from '../../src/core/logger.js';
import { cloneRepository } from '../../src/git/clone.js';
import { GitCommandError } from '../../src/git/git-process.js';
import { GitProcessRegistry } from '../../src/git/git-process-registry.js';
import { RepositoryGit, type RepositoryGitDependencies } from '../../src/git/repository-git.js';
import { isTraceLine, parseCapabilityTrace, withoutTraceLines } from '../../src/git/server-capabilities.js';
import { FakeAwsAccounts, type IssuedSession } from '../../test-support/fake-aws-accounts.js';
import { startFakeCodeCommit, type FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import { createFixtureRepository, isolatedGitEnvironment } from '../../test-support/fixture-repos.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';
import { examplePlan, httpsEndpoint } from '../plan-fixture.js';

/** A line of git's packet trace as git 2.39 writes it. */
const traced = (who: string, payload: string): string =>
  `03:35:14.157644 pkt-line.c:80           packet: ${who.padStart(12)}< ${payload}`;
const sent = (who: string, payload: string): string =>
  `03:35:14.157743 pkt-line.c:80           packet: ${who.padStart(12)}> ${payload}`;

const V2_ADVERTISEMENT = ['agent=git/2.39.5', 'ls-refs=unborn', 'server-option', 'object-format=sha1'];

/** An `ls-remote` over HTTP asking for v2, as traced: the remote helper, then ls-remote itself. */
function v2Trace(fetch: string | undefined): string {
  const advertisement = [
    'version 2',
    ...V2_ADVERTISEMENT.slice(0, 2),
    ...(fetch !== undefined ? [`fetch=${fetch}`] : []),
    ...V2_ADVERTISEMENT.slice(2),
    '0000',
  ];
  return [
    traced('git', 'version 2'),
    ...advertisement.map((line) => traced('git', line)),
    ...advertisement.map((line) => traced('ls-remote', line)),
    sent('ls-remote', 'command=ls-refs'),
    sent('ls-remote', '0000'),
    traced('ls-remote', `${'d'.repeat(40)} refs/heads/main`),
    traced('ls-remote', '0000'),
    '',
  ].join('\n');
}

/** A v0 answer as traced: the service line, a flush, the first ref with the capabilities after NUL. */
function v0Trace(capabilities: string[], firstRef = `${'d'.repeat(40)} HEAD`): string {
  return [
    traced('git', '# service=git-upload-pack'),
    traced('git', '0000'),
    traced('git', `${firstRef}\\0${capabilities.join(' ')}`),
    traced('git', `${'d'.repeat(40)} refs/heads/main`),
    traced('git', '0000'),
  ].join('\n');
}

const V0_BASE = [
  'multi_ack',
  'thin-pack',
  'side-band',
  'side-band-64k',
  'ofs-delta',
  'shallow',
  'deepen-since',
  'no-progress',
  'include-tag',
  'multi_ack_detailed',
  'no-done',
  'symref=HEAD:refs/heads/main',
  'object-format=sha1',
  'agent=git/2.39.5',
];

describe('the capability advertisement in a packet trace', () => {
  it('reads protocol v2 with filter: a partial clone, shallow, and any commit by SHA through fetch', () => {
    expect(parseCapabilityTrace(v2Trace('shallow wait-for-done filter'))).toEqual({
      protocol: 'v2',
      filter: true,
      shallow: true,
      commitBySha: 'any',
      commitByShaCapability: 'fetch',
      agent: 'git/2.39.5',
    });
  });

  it('reads protocol v2 without filter: no partial clone, the rest as before', () => {
    expect(parseCapabilityTrace(v2Trace('shallow wait-for-done'))).toMatchObject({
      protocol: 'v2',
      filter: false,
      shallow: true,
      commitBySha: 'any',
    });
  });

  it('reads a v2 server without the fetch command as serving no commit by SHA', () => {
    expect(parseCapabilityTrace(v2Trace(undefined))).toMatchObject({
      protocol: 'v2',
      filter: false,
      shallow: false,
      commitBySha: 'tips',
    });
  });

  it('reads a v0 answer to a v2 request: tips only without either *-sha1-in-want', () => {
    expect(parseCapabilityTrace(v0Trace(V0_BASE))).toEqual({
      protocol: 'v0',
      filter: false,
      shallow: true,
      commitBySha: 'tips',
      agent: 'git/2.39.5',
    });
  });

  it("reads v0's allow-reachable-sha1-in-want as any commit, allow-tip-sha1-in-want alone as hidden tips only", () => {
    expect(
      parseCapabilityTrace(
        v0Trace([...V0_BASE, 'allow-tip-sha1-in-want', 'allow-reachable-sha1-in-want', 'filter']),
      ),
    ).toMatchObject({
      protocol: 'v0',
      filter: true,
      commitBySha: 'any',
      commitByShaCapability: 'allow-reachable-sha1-in-want',
    });
    expect(parseCapabilityTrace(v0Trace([...V0_BASE, 'allow-tip-sha1-in-want']))).toMatchObject({
      commitBySha: 'hidden-tips',
      commitByShaCapability: 'allow-tip-sha1-in-want',
    });
  });

  it('reads the capabilities of an empty repository (v0) and a v1 answer as v0', () => {
    const empty = v0Trace(['shallow', 'filter'], `${'0'.repeat(40)} capabilities^{}`);
    expect(parseCapabilityTrace(empty)).toMatchObject({ protocol: 'v0', filter: true, shallow: true });
    const v1 = [traced('git', 'version 1'), v0Trace(V0_BASE)].join('\n');
    expect(parseCapabilityTrace(v1)).toMatchObject({ protocol: 'v0', commitBySha: 'tips' });
  });

  it("ignores git's own messages and the packets it sent; none read is no advertisement", () => {
    const noisy = [
      'warning: redirecting to https://elsewhere/',
      sent('ls-remote', 'version 2'),
      v2Trace('shallow filter'),
      'fatal: something after',
    ].join('\n');
    expect(parseCapabilityTrace(noisy)).toMatchObject({ protocol: 'v2', filter: true });
    expect(parseCapabilityTrace('fatal: unable to access: The requested URL returned error: 403\n')).toBe(
      undefined,
    );
    expect(parseCapabilityTrace('')).toBe(undefined);
  });

  it("tells trace lines from git's messages, and keeps only the messages", () => {
    expect(isTraceLine(traced('git', 'version 2'))).toBe(true);
    expect(isTraceLine('18:00:00.000001 run-command.c:654       trace: run_command: git-remote-https')).toBe(
      true,
    );
    expect(isTraceLine('fatal: repository not found')).toBe(false);
    expect(isTraceLine('remote: Counting objects: 100% (3/3), done.')).toBe(false);
    expect(withoutTraceLines(`${v2Trace('shallow')}fatal: the end\n`)).toBe('fatal: the end\n');
  });
});

describe('the signed path, against git http-backend', () => {
  const REGION = 'eu-west-1';
  const ROLE = 'arn:aws:iam::111111111111:role/SwitchRole';
  let dir: string;
  let pki: TestPki;
  let accounts: FakeAwsAccounts;
  let session: IssuedSession;
  let server: FakeCodeCommit;
  const lines: string[] = [];
  const logger: Logger = {
    info: (line) => lines.push(line),
    warning: (line) => lines.push(`warning: ${line}`),
  };
  const masked: string[] = [];
  const heads = new Map<string, string>();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'server-capabilities-'));
    pki = await createTestPki(path.join(dir, 'pki'), []);
    const projectRoot = path.join(dir, 'root');
    for (const name of ['filters-on', 'filters-off', 'tips-only'])
      heads.set(name, (await createFixtureRepository(projectRoot, name)).headSha);
    accounts = new FakeAwsAccounts();
    const role = accounts.addRole({ roleArn: ROLE, trustedPrincipalArns: [] });
    for (const name of ['filters-on', 'filters-off', 'tips-only']) accounts.allowRepository(name, ROLE);
    session = accounts.issueSession(role, 'capabilities', 3600);
    server = await startFakeCodeCommit({
      accounts,
      region: REGION,
      projectRoot,
      tls: { key: pki.keyPem, cert: pki.certPem },
    });
    server.serveAs('filters-on', { filter: true });
    server.serveAs('filters-off', { filter: false });
    server.serveAs('tips-only', { protocol: 'v0', filter: false, reachableShaInWant: false });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    lines.length = 0;
  });

  function depsFor(name: string, on: FakeCodeCommit = server): RepositoryGitDependencies {
    return {
      logger,
      inheritedEnv: { ...isolatedGitEnvironment(), GIT_SSL_CAINFO: pki.caCertPath },
      processes: new GitProcessRegistry(),
      authorizationHeader: () =>
        gitAuthorizationHeader(
          session,
          { host: on.host, path: `/v1/repos/${name}`, region: REGION },
          new Date(),
          (secret) => masked.push(secret),
        ),
    };
  }

  function gitFor(name: string, target: string, filter?: string, on: FakeCodeCommit = server): RepositoryGit {
    const repository = {
      name,
      git: httpsEndpoint(on.host),
      repositoryPath: `/v1/repos/${name}`,
      cloneUrl: on.repositoryUrl(name),
      targetPath: target,
    };
    const plan = examplePlan({
      region: REGION,
      repositories: [repository],
      fetchDepth: 0,
      maxAttempts: 1,
      ...(filter !== undefined ? { filter } : {}),
    });
    return new RepositoryGit(plan, repository, depsFor(name, on));
  }

  async function capabilitiesOf(name: string): Promise<{ stderr: string }> {
    const folder = await mkdtemp(path.join(dir, 'probe-'));
    const git = gitFor(name, folder);
    return git.network(
      ['-c', 'protocol.version=2', 'ls-remote', '--', server.repositoryUrl(name)],
      `reading what ${name} supports`,
      { tracePackets: true },
    );
  }

  it.each([
    ['filters-on', { protocol: 'v2', filter: true, shallow: true, commitBySha: 'any' }],
    ['filters-off', { protocol: 'v2', filter: false, shallow: true, commitBySha: 'any' }],
    ['tips-only', { protocol: 'v0', filter: false, shallow: true, commitBySha: 'tips' }],
  ])(
    '%s: the advertisement is read from the trace, which holds no Authorization header and never reaches the log',
    async (name, expected) => {
      const { stderr } = await capabilitiesOf(name);
      expect(parseCapabilityTrace(stderr)).toMatchObject(expected);
      expect(masked.length).toBeGreaterThan(0);
      for (const secret of [...masked, session.secretAccessKey, session.sessionToken])
        expect(stderr).not.toContain(secret);
      expect(stderr).not.toMatch(/Authorization|Basic [A-Za-z0-9+/]{20,}/i);
      expect(lines.filter(isTraceLine)).toEqual([]);
    },
  );

  it('a request that fails after the advertisement: the failure carries what git said, not its trace', async () => {
    const failing = await startFakeCodeCommit({
      accounts,
      region: REGION,
      projectRoot: path.join(dir, 'root'),
      tls: { key: pki.keyPem, cert: pki.certPem },
      failFirst: { count: 1, status: 500, on: 'upload-pack' },
    });
    try {
      const git = gitFor('filters-off', await mkdtemp(path.join(dir, 'probe-')), undefined, failing);
      const error = await git
        .network(['-c', 'protocol.version=2', 'ls-remote', '--', failing.repositoryUrl('filters-off')], 'x', {
          tracePackets: true,
        })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(GitCommandError);
      // The advertisement came (and was traced) before the ls-refs request failed.
      expect(failing.requests.map((request) => [request.method, request.status])).toEqual([
        ['GET', 200],
        ['POST', 500],
      ]);
      const { stderr } = error as GitCommandError;
      expect(stderr).toMatch(/500/);
      expect(stderr.split('\n').filter(isTraceLine)).toEqual([]);
      expect(lines.filter(isTraceLine)).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('a clone with a filter the server ignores says so in its result; one the server honours does not', async () => {
    await mkdir(path.join(dir, 'clone-off'));
    await mkdir(path.join(dir, 'clone-on'));
    const off = gitFor('filters-off', path.join(dir, 'clone-off'), 'blob:none');
    const offClone = await cloneRepository(off.plan, off.repository, depsFor('filters-off'));
    expect(offClone).toEqual({ commit: heads.get('filters-off'), ref: 'main', ignoredFilter: 'blob:none' });
    expect(lines).toContain('warning: filtering not recognized by server, ignoring');

    lines.length = 0;
    const on = gitFor('filters-on', path.join(dir, 'clone-on'), 'blob:none');
    const onClone = await cloneRepository(on.plan, on.repository, depsFor('filters-on'));
    expect(onClone).toEqual({ commit: heads.get('filters-on'), ref: 'main' });
    expect(lines.join('\n')).not.toMatch(/filtering not recognized/);
  });
});
