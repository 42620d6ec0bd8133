import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import aws4 from 'aws4';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { startConnectProxy, type ConnectProxy } from '../../test-support/connect-proxy.js';
import {
  FakeAwsAccounts,
  type IssuedSession,
  type LongTermKey,
} from '../../test-support/fake-aws-accounts.js';
import { startFakeCodeCommit, type FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import { startFakeSts, type FakeSts } from '../../test-support/fake-sts.js';
import {
  createFixtureRepository,
  isolatedGitEnvironment,
  type FixtureRepository,
} from '../../test-support/fixture-repos.js';
import { runCommandResult, type RunResult } from '../../test-support/run-command.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';

const REGION = 'us-west-2';
const STS_HOST = `sts.${REGION}.amazonaws.com`;
const SOURCE_ARN = 'arn:aws:iam::222222222222:user/ci';
const CREDENTIALS = { username: 'runner', password: 'pr0xy:s3cret' };

interface ConnectAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  socket: Socket;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Sends `CONNECT target` to the proxy with node's http client; resolves with the proxy's answer. */
function connectThrough(proxy: ConnectProxy, target: string, authorization?: string): Promise<ConnectAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...(authorization ? { 'proxy-authorization': authorization } : {}) },
      agent: false,
      timeout: 5000,
    });
    req.on('connect', (res, socket: Socket) => {
      socket.on('error', () => undefined);
      resolve({ status: res.statusCode ?? 0, headers: res.headers, socket });
    });
    req.on('timeout', () => req.destroy(new Error('the proxy did not answer')));
    req.on('error', reject);
    req.end();
  });
}

/** Resolves when the socket has closed. */
function closed(socket: Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

describe('CONNECT proxy', () => {
  let dir: string;
  let pki: TestPki;
  let accounts: FakeAwsAccounts;
  let source: LongTermKey;
  let sts: FakeSts;
  let proxy: ConnectProxy;
  const closers: Array<() => Promise<void>> = [];

  /** GetCallerIdentity over HTTPS inside an open tunnel, signed with @smithy/signature-v4. */
  async function getCallerIdentity(tunnel: Socket): Promise<{ status: number; body: string }> {
    const body = new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2011-06-15' }).toString();
    const signer = new SignatureV4({
      service: 'sts',
      region: REGION,
      credentials: source,
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname: STS_HOST,
      path: '/',
      query: {},
      headers: { host: STS_HOST, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          method: 'POST',
          path: '/',
          headers: signed.headers,
          createConnection: () => tlsConnect({ socket: tunnel, servername: STS_HOST, ca: pki.caCertPem }),
          timeout: 5000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer through the tunnel')));
      req.on('error', reject);
      req.end(body);
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'connect-proxy-test-'));
    pki = await createTestPki(path.join(dir, 'pki'), [STS_HOST]);
  });

  beforeEach(async () => {
    accounts = new FakeAwsAccounts();
    source = accounts.addSourceKey({ principalArn: SOURCE_ARN });
    sts = await startFakeSts({
      accounts,
      region: REGION,
      tls: { key: pki.keyPem, cert: pki.certPem },
      expectedHost: STS_HOST,
    });
    proxy = await startConnectProxy({ address: '127.0.0.1', port: 0, credentials: CREDENTIALS });
    closers.push(sts.close, proxy.close);
  });

  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('tunnels a real HTTPS request to a fake, with the right credentials', async () => {
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(proxy.host).toBe(`127.0.0.1:${proxy.port}`);
    const target = `127.0.0.1:${sts.port}`;
    const tunnel = await connectThrough(proxy, target, basic(CREDENTIALS.username, CREDENTIALS.password));
    expect(tunnel.status).toBe(200);
    const answer = await getCallerIdentity(tunnel.socket);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`<Arn>${SOURCE_ARN}</Arn>`);
    expect(sts.requests).toEqual([expect.objectContaining({ serverName: STS_HOST, outcome: 'ok' })]);
    expect(proxy.connects).toEqual([
      { target, authorized: true, time: expect.any(Date), status: 200, remoteAddress: '127.0.0.1' },
    ]);
    tunnel.socket.destroy();
  });

  it('refuses a CONNECT without or with wrong credentials: 407 with a Basic challenge, nothing forwarded', async () => {
    const target = `127.0.0.1:${sts.port}`;
    const attempts = [
      undefined,
      basic(CREDENTIALS.username, 'wrong'),
      basic('someone', CREDENTIALS.password),
      `Bearer ${CREDENTIALS.password}`,
    ];
    for (const authorization of attempts) {
      const refused = await connectThrough(proxy, target, authorization);
      expect(refused.status).toBe(407);
      expect(refused.headers['proxy-authenticate']).toBe('Basic realm="proxy"');
      await closed(refused.socket);
    }
    expect(proxy.connects.map((c) => [c.target, c.authorized, c.status])).toEqual(
      attempts.map(() => [target, false, 407]),
    );
    expect(sts.requests).toEqual([]);
    expect(proxy.openTunnels()).toBe(0);
  });

  it('tunnels to anyone without configured credentials', async () => {
    const open = await startConnectProxy({});
    closers.push(open.close);
    const tunnel = await connectThrough(open, `127.0.0.1:${sts.port}`);
    expect(tunnel.status).toBe(200);
    expect((await getCallerIdentity(tunnel.socket)).status).toBe(200);
    expect(open.connects[0]?.authorized).toBe(true);
    tunnel.socket.destroy();
  });

  it('resolves names with the normal resolver, and answers 502 for what it cannot reach', async () => {
    const byName = await connectThrough(proxy, `localhost:${sts.port}`, basic('runner', 'pr0xy:s3cret'));
    expect(byName.status).toBe(200);
    expect((await getCallerIdentity(byName.socket)).status).toBe(200);
    byName.socket.destroy();

    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const closedPort = (unused.address() as { port: number }).port;
    await new Promise((resolve) => unused.close(resolve));
    const auth = basic(CREDENTIALS.username, CREDENTIALS.password);
    for (const target of ['no-such-host.invalid:443', `127.0.0.1:${closedPort}`]) {
      const unreachable = await connectThrough(proxy, target, auth);
      expect(unreachable.status).toBe(502);
      await closed(unreachable.socket);
    }
    expect(proxy.connects.map((c) => [c.target, c.status, c.remoteAddress])).toEqual([
      [`localhost:${sts.port}`, 200, '127.0.0.1'],
      ['no-such-host.invalid:443', 502, undefined],
      [`127.0.0.1:${closedPort}`, 502, undefined],
    ]);
    expect(proxy.connects[2]?.error).toContain('ECONNREFUSED');
  });

  it('answers 400 to a target that is not host:port, and 405 to anything but CONNECT', async () => {
    const auth = basic(CREDENTIALS.username, CREDENTIALS.password);
    expect((await connectThrough(proxy, 'sts.amazonaws.com', auth)).status).toBe(400);
    const plain = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: proxy.port, path: `http://127.0.0.1:${sts.port}/`, agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(plain).toBe(405);
    expect(proxy.otherRequests).toEqual([
      { method: 'GET', url: `http://127.0.0.1:${sts.port}/`, time: expect.any(Date) },
    ]);
    expect(sts.requests).toEqual([]);
  });

  it('closes every tunnel on close()', async () => {
    const auth = basic(CREDENTIALS.username, CREDENTIALS.password);
    const tunnels = await Promise.all([
      connectThrough(proxy, `127.0.0.1:${sts.port}`, auth),
      connectThrough(proxy, `localhost:${sts.port}`, auth),
    ]);
    expect(tunnels.map((t) => t.status)).toEqual([200, 200]);
    expect(proxy.openTunnels()).toBe(2);
    const started = Date.now();
    await proxy.close();
    await Promise.all(tunnels.map((t) => closed(t.socket)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(proxy.openTunnels()).toBe(0);
  });

  describe('with git (curl) as the client', () => {
    let projectRoot: string;
    let repo: FixtureRepository;
    let codecommit: FakeCodeCommit;

    let session: IssuedSession;

    function git(args: string[], proxyUrl: string): Promise<RunResult> {
      const signer = new aws4.RequestSigner(
        {
          service: 'codecommit',
          region: REGION,
          method: 'GIT',
          host: codecommit.host,
          path: '/v1/repos/proxied',
          headers: {},
        },
        session,
      );
      signer.datetime = new Date().toISOString().replace(/[-:]|\.\d{3}Z$/g, '');
      const authorization = basic(
        `${session.accessKeyId}%${session.sessionToken}`,
        `${signer.datetime}Z${signer.signature()}`,
      );
      const config = { 'http.proxy': proxyUrl, 'http.extraHeader': `Authorization: ${authorization}` };
      const env: NodeJS.ProcessEnv = {
        ...isolatedGitEnvironment(),
        GIT_SSL_CAINFO: pki.caCertPath,
        GIT_CONFIG_COUNT: String(Object.keys(config).length),
      };
      Object.entries(config).forEach(([key, value], i) => {
        env[`GIT_CONFIG_KEY_${i}`] = key;
        env[`GIT_CONFIG_VALUE_${i}`] = value;
      });
      return runCommandResult('git', args, { env, timeoutMs: 30_000 });
    }

    beforeAll(async () => {
      projectRoot = path.join(dir, 'root');
      repo = await createFixtureRepository(projectRoot, 'proxied');
    });

    beforeEach(async () => {
      const role = accounts.addRole({
        roleArn: 'arn:aws:iam::111111111111:role/Reader',
        trustedPrincipalArns: [],
      });
      accounts.allowRepository('proxied', role.roleArn);
      session = accounts.issueSession(role, 'proxied', 900);
      codecommit = await startFakeCodeCommit({
        accounts,
        region: REGION,
        projectRoot,
        tls: { key: pki.keyPem, cert: pki.certPem },
      });
      closers.push(codecommit.close);
    });

    it('lets git reach the fake CodeCommit through the tunnel, with proxy credentials', async () => {
      const withCredentials = new URL(proxy.url);
      withCredentials.username = CREDENTIALS.username;
      withCredentials.password = encodeURIComponent(CREDENTIALS.password);
      const listed = await git(
        ['ls-remote', codecommit.repositoryUrl('proxied'), 'refs/heads/main'],
        withCredentials.href,
      );
      expect(listed.stderr).toBe('');
      expect(listed.stdout).toBe(`${repo.headSha}\trefs/heads/main\n`);
      const authorized = proxy.connects.filter((c) => c.authorized);
      expect(authorized.length).toBeGreaterThanOrEqual(1);
      expect(authorized.every((c) => c.target === codecommit.host && c.status === 200)).toBe(true);
      // git's default http.proxyAuthMethod (anyauth) first asks without credentials.
      expect(proxy.connects.every((c) => c.authorized || c.status === 407)).toBe(true);
      expect(codecommit.requests.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(proxy.connects)).not.toContain('s3cret');
    });

    it('makes git fail with 407 without proxy credentials', async () => {
      const refused = await git(['ls-remote', codecommit.repositoryUrl('proxied')], proxy.url);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain('407');
      expect(codecommit.requests).toEqual([]);
      expect(proxy.connects.map((c) => [c.target, c.authorized, c.status])).toEqual([
        [codecommit.host, false, 407],
      ]);
    });
  });
});
