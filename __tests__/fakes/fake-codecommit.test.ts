import aws4 from 'aws4';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeAwsAccounts, type IssuedSession, type Role } from '../../test-support/fake-aws-accounts.js';
import { startFakeCodeCommit, type FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import {
  createFixtureRepository,
  isolatedGitEnvironment,
  type FixtureRepository,
} from '../../test-support/fixture-repos.js';
import { httpsRequest, type HttpsResponse } from '../../test-support/https-request.js';
import { runCommand, runCommandResult, type RunResult } from '../../test-support/run-command.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';

const REGION = 'ap-northeast-1';
const READER_ROLE = 'arn:aws:iam::111111111111:role/SwitchRole';
const WILDCARD_ROLE = 'arn:aws:iam::111111111111:role/EverythingReader';
const WRITER_ROLE = 'arn:aws:iam::111111111111:role/Writer';

interface GitCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The CodeCommit git password, computed here with aws4 directly (independent of test-support). */
function gitPassword(
  credentials: GitCredentials,
  host: string,
  repository: string,
  at: Date = new Date(),
): string {
  const signer = new aws4.RequestSigner(
    {
      service: 'codecommit',
      region: REGION,
      method: 'GIT',
      host,
      path: `/v1/repos/${repository}`,
      headers: {},
    },
    credentials,
  );
  signer.datetime = at.toISOString().replace(/[-:]|\.\d{3}Z$/g, '');
  return `${signer.datetime}Z${signer.signature()}`;
}

function basicAuthorization(credentials: GitCredentials, password: string): string {
  const username = credentials.sessionToken
    ? `${credentials.accessKeyId}%${credentials.sessionToken}`
    : credentials.accessKeyId;
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describe('fake CodeCommit', () => {
  let dir: string;
  let projectRoot: string;
  let pki: TestPki;
  let accounts: FakeAwsAccounts;
  let reader: IssuedSession;
  let codecommit: FakeCodeCommit;
  let demo: FixtureRepository;
  let roles: Record<'reader' | 'wildcard' | 'writer', Role>;
  const servers: FakeCodeCommit[] = [];

  async function startCodeCommit(
    options: { allowPush?: boolean; expectedHost?: string } = {},
  ): Promise<FakeCodeCommit> {
    const server = await startFakeCodeCommit({
      accounts,
      region: REGION,
      projectRoot,
      tls: { key: pki.keyPem, cert: pki.certPem },
      ...options,
    });
    servers.push(server);
    return server;
  }

  function infoRefs(
    repository: string,
    authorization?: string,
    server: FakeCodeCommit = codecommit,
    hostHeader: string = server.host,
  ): Promise<HttpsResponse> {
    return httpsRequest({
      address: server.address,
      port: server.port,
      path: `/v1/repos/${repository}/info/refs?service=git-upload-pack`,
      headers: { host: hostHeader, ...(authorization ? { authorization } : {}) },
      ca: pki.caCertPem,
    });
  }

  function authFor(
    credentials: GitCredentials,
    repository = 'demo-repo',
    host = codecommit.host,
    at?: Date,
  ): string {
    return basicAuthorization(credentials, gitPassword(credentials, host, repository, at));
  }

  /** Runs git with no user config, trusting the test CA, with extra config passed through the environment. */
  function git(args: string[], config: Record<string, string> = {}, cwd?: string): Promise<RunResult> {
    const entries = Object.entries(config);
    const env: NodeJS.ProcessEnv = {
      ...isolatedGitEnvironment(),
      GIT_SSL_CAINFO: pki.caCertPath,
      GIT_CONFIG_COUNT: String(entries.length),
    };
    entries.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
    return runCommandResult('git', args, { env, cwd, timeoutMs: 30_000 });
  }

  function withAuthorization(
    credentials: GitCredentials,
    server: FakeCodeCommit = codecommit,
    repository = 'demo-repo',
  ): Record<string, string> {
    return { 'http.extraHeader': `Authorization: ${authFor(credentials, repository, server.host)}` };
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fake-codecommit-test-'));
    projectRoot = path.join(dir, 'root');
    pki = await createTestPki(path.join(dir, 'pki'), [`git-codecommit.${REGION}.amazonaws.com`]);
    demo = await createFixtureRepository(projectRoot, 'demo-repo', {
      branches: ['feature', 'release'],
      tags: ['v1.0.0'],
    });
    await createFixtureRepository(projectRoot, 'secret-repo');
  });

  beforeEach(async () => {
    accounts = new FakeAwsAccounts();
    roles = {
      reader: accounts.addRole({ roleArn: READER_ROLE, trustedPrincipalArns: [] }),
      wildcard: accounts.addRole({ roleArn: WILDCARD_ROLE, trustedPrincipalArns: [] }),
      writer: accounts.addRole({ roleArn: WRITER_ROLE, trustedPrincipalArns: [] }),
    };
    accounts.allowRepository('demo-repo', READER_ROLE);
    accounts.allowRepository('*', WILDCARD_ROLE);
    reader = accounts.issueSession(roles.reader, 'ci-build-42', 3600);
    codecommit = await startCodeCommit();
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds fixture repositories in the layout http-backend serves, with main, branches and tags', async () => {
    expect(demo.path).toBe(path.join(projectRoot, 'v1', 'repos', 'demo-repo'));
    expect(demo.headSha).toMatch(/^[0-9a-f]{40}$/);
    expect(demo.branchShas.main).toBe(demo.headSha);
    expect(Object.keys(demo.branchShas).sort()).toEqual(['feature', 'main', 'release']);
    expect(demo.tagShas['v1.0.0']).not.toBe(demo.headSha);
    expect(demo.tagObjectShas['v1.0.0']).not.toBe(demo.tagShas['v1.0.0']);
    const again = await createFixtureRepository(path.join(dir, 'other-root'), 'demo-repo', {
      branches: ['feature', 'release'],
    });
    expect(again.headSha).toBe(demo.headSha);
  });

  it('can add an incompressible payload of a given size', async () => {
    const large = await createFixtureRepository(path.join(dir, 'large-root'), 'large', {
      sizeBytes: 300_000,
    });
    const size = await runCommand(
      'git',
      ['--git-dir', large.path, 'cat-file', '-s', 'HEAD:data/payload.bin'],
      {
        env: isolatedGitEnvironment(),
      },
    );
    expect(size.stdout.trim()).toBe('300000');
  });

  it('answers an anonymous request with 401 and a Basic challenge', async () => {
    const response = await infoRefs('demo-repo');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Basic realm="[^"]+"$/);
    expect(codecommit.requests[0]).toEqual(
      expect.objectContaining({ auth: 'anonymous', status: 401, repository: 'demo-repo' }),
    );
  });

  it('answers a wrong password with a bare 403, without a challenge', async () => {
    const wrong = basicAuthorization(
      reader,
      gitPassword({ ...reader, secretAccessKey: 'wrong' }, codecommit.host, 'demo-repo'),
    );
    const response = await infoRefs('demo-repo', wrong);
    expect(response.status).toBe(403);
    expect(response.headers['www-authenticate']).toBeUndefined();
    const emptyPassword = `Basic ${Buffer.from(`${reader.accessKeyId}%${reader.sessionToken}:`).toString('base64')}`;
    expect((await infoRefs('demo-repo', emptyPassword)).status).toBe(403);
  });

  it('serves a real git clone authenticated through http.extraHeader, yielding the fixture history', async () => {
    const target = path.join(dir, 'clone-extraheader');
    const result = await git(
      ['clone', '--quiet', codecommit.repositoryUrl('demo-repo'), target],
      withAuthorization(reader),
    );
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const head = await runCommand(
      'git',
      ['-C', target, 'rev-parse', 'HEAD', 'origin/feature', 'v1.0.0^{commit}'],
      {
        env: isolatedGitEnvironment(),
      },
    );
    expect(head.stdout.trim().split('\n')).toEqual([
      demo.headSha,
      demo.branchShas.feature,
      demo.tagShas['v1.0.0'],
    ]);

    expect(codecommit.requests.length).toBeGreaterThanOrEqual(2);
    for (const request of codecommit.requests) {
      expect(request).toEqual(
        expect.objectContaining({
          auth: 'accepted',
          status: 200,
          accessKeyId: reader.accessKeyId,
          sessionTokenSent: true,
        }),
      );
    }
    expect(codecommit.requests[0]?.gitProtocol).toBe('version=2');
    const recorded = JSON.stringify(codecommit.requests);
    expect(recorded).not.toContain(reader.sessionToken);
    expect(recorded).not.toContain(reader.secretAccessKey);
  });

  it('serves gzip-compressed git requests, and long-term keys without a session token', async () => {
    const manyRefs = Array.from({ length: 60 }, (_, i) => `topic/branch-number-${i}`);
    const busy = await createFixtureRepository(projectRoot, 'busy-repo', { branches: manyRefs });
    const user = accounts.addSourceKey({ principalArn: 'arn:aws:iam::111111111111:user/maintainer' });
    accounts.allowRepository('busy-repo', user.principalArn);
    const target = path.join(dir, 'clone-busy');
    const result = await git(
      ['clone', '--quiet', '--mirror', codecommit.repositoryUrl('busy-repo'), target],
      withAuthorization(user, codecommit, 'busy-repo'),
    );
    expect(result.exitCode).toBe(0);
    expect(codecommit.requests.some((r) => r.contentEncoding === 'gzip' && r.status === 200)).toBe(true);
    expect(codecommit.requests.every((r) => r.accessKeyId === user.accessKeyId && !r.sessionTokenSent)).toBe(
      true,
    );
    const mirrored = await runCommand('git', ['--git-dir', target, 'rev-parse', 'topic/branch-number-59'], {
      env: isolatedGitEnvironment(),
    });
    expect(mirrored.stdout.trim()).toBe(busy.branchShas['topic/branch-number-59']);
  });

  it('serves git through a credential helper after the 401 challenge', async () => {
    const helper = path.join(dir, 'credential-helper.sh');
    const password = gitPassword(reader, codecommit.host, 'demo-repo');
    await writeFile(
      helper,
      `#!/bin/sh\n[ "$1" = get ] || exit 0\necho 'username=${reader.accessKeyId}%${reader.sessionToken}'\necho 'password=${password}'\n`,
      { mode: 0o700 },
    );
    const result = await git(['ls-remote', codecommit.repositoryUrl('demo-repo'), 'refs/heads/main'], {
      'credential.helper': helper,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${demo.headSha}\trefs/heads/main\n`);
    expect(codecommit.requests.map((r) => r.auth)).toEqual(['anonymous', 'accepted', 'accepted']);
  });

  it('makes git fail with 403 for a wrong password, and with 401 without credentials', async () => {
    const wrong = { ...reader, secretAccessKey: 'wrong' };
    const denied = await git(['ls-remote', codecommit.repositoryUrl('demo-repo')], withAuthorization(wrong));
    expect(denied.exitCode).not.toBe(0);
    expect(denied.stderr).toContain('403');
    const anonymous = await git(['ls-remote', codecommit.repositoryUrl('demo-repo')]);
    expect(anonymous.exitCode).not.toBe(0);
    expect(codecommit.requests.at(-1)?.status).toBe(401);
  });

  describe('rejects with 403', () => {
    const cases: Array<[string, () => string]> = [
      [
        'a password signed for another host',
        () => authFor(reader, 'demo-repo', `git-codecommit.${REGION}.amazonaws.com`),
      ],
      [
        'a password signed for another repository',
        () => basicAuthorization(reader, gitPassword(reader, codecommit.host, 'secret-repo')),
      ],
      [
        'a password older than 15 minutes',
        () => authFor(reader, 'demo-repo', codecommit.host, new Date(Date.now() - 16 * 60_000)),
      ],
      [
        'a password dated more than 5 minutes ahead',
        () => authFor(reader, 'demo-repo', codecommit.host, new Date(Date.now() + 6 * 60_000)),
      ],
      [
        'a temporary key without its session token',
        () => authFor({ accessKeyId: reader.accessKeyId, secretAccessKey: reader.secretAccessKey }),
      ],
      [
        'another session’s token',
        () =>
          authFor({
            ...reader,
            sessionToken: accounts.issueSession(roles.reader, 'other', 900).sessionToken,
          }),
      ],
      [
        'an unknown key',
        () => authFor({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) }),
      ],
      ['a password that is not a timestamp and signature', () => basicAuthorization(reader, 'hunter2')],
    ];
    it.each(cases)('%s', async (_name, authorization) => {
      const response = await infoRefs('demo-repo', authorization());
      expect(response.status).toBe(403);
      expect(response.headers['www-authenticate']).toBeUndefined();
      expect(codecommit.requests[0]).toEqual(expect.objectContaining({ auth: 'rejected', status: 403 }));
      expect(codecommit.requests[0]?.reason).toBeTruthy();
    });

    it('an expired session', async () => {
      const authorization = authFor(reader);
      expect((await infoRefs('demo-repo', authorization)).status).toBe(200);
      accounts.expireSession(reader.accessKeyId);
      expect((await infoRefs('demo-repo', authorization)).status).toBe(403);
      expect(codecommit.requests[1]?.reason).toBe('session expired');
    });

    it('a Host header other than the endpoint name, even with a password signed for it', async () => {
      const otherHost = `git-codecommit.${REGION}.amazonaws.com`;
      const response = await infoRefs(
        'demo-repo',
        authFor(reader, 'demo-repo', otherHost),
        codecommit,
        otherHost,
      );
      expect(response.status).toBe(403);
      expect(codecommit.requests[0]?.reason).toContain('Host');
    });

    it('a repository the principal may not read', async () => {
      const response = await infoRefs('secret-repo', authFor(reader, 'secret-repo'));
      expect(response.status).toBe(403);
      expect(codecommit.requests[0]?.reason).toContain('codecommit:GitPull');
    });
  });

  it('answers 404 for a repository that does not exist, to a principal allowed to read it', async () => {
    const everything = accounts.issueSession(roles.wildcard, 'wild', 900);
    const response = await infoRefs('no-such-repo', authFor(everything, 'no-such-repo'));
    expect(response.status).toBe(404);
    expect(response.body).toContain("repository 'no-such-repo' does not exist");
    expect((await infoRefs('secret-repo', authFor(everything, 'secret-repo'))).status).toBe(200);
  });

  it('accepts pushes only when enabled and granted', async () => {
    accounts.allowRepository('demo-repo', WRITER_ROLE, 'write');
    const writer = accounts.issueSession(roles.writer, 'writer', 900);
    const pushable = await startCodeCommit({ allowPush: true });
    const work = path.join(dir, 'push-work');
    const clone = await git(
      ['clone', '--quiet', pushable.repositoryUrl('demo-repo'), work],
      withAuthorization(writer, pushable),
    );
    expect(clone.exitCode).toBe(0);
    await writeFile(path.join(work, 'pushed.txt'), 'pushed\n');
    await runCommand('git', ['-C', work, 'add', 'pushed.txt'], { env: isolatedGitEnvironment() });
    await runCommand('git', ['-C', work, 'commit', '--quiet', '-m', 'Push test'], {
      env: isolatedGitEnvironment(),
    });
    const refspec = 'HEAD:refs/heads/pushed';

    const asWriter = await git(
      ['-C', work, 'push', '--quiet', 'origin', refspec],
      withAuthorization(writer, pushable),
    );
    expect(asWriter.stderr).toBe('');
    expect(asWriter.exitCode).toBe(0);
    const asReader = await git(
      ['-C', work, 'push', 'origin', 'HEAD:refs/heads/reader'],
      withAuthorization(reader, pushable),
    );
    expect(asReader.exitCode).not.toBe(0);
    const notEnabled = await git(
      ['-C', work, 'push', codecommit.repositoryUrl('demo-repo'), 'HEAD:refs/heads/x'],
      withAuthorization(writer),
    );
    expect(notEnabled.exitCode).not.toBe(0);
    expect(codecommit.requests.map((r) => r.reason)).toEqual([expect.stringContaining('allowPush')]);
    await runCommand('git', ['--git-dir', demo.path, 'update-ref', '-d', 'refs/heads/pushed'], {
      env: isolatedGitEnvironment(),
    });
  });
});
