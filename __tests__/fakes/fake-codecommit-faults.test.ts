import aws4 from 'aws4';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeAwsAccounts, type IssuedSession } from '../../test-support/fake-aws-accounts.js';
import {
  startFakeCodeCommit,
  type FakeCodeCommit,
  type FakeCodeCommitOptions,
} from '../../test-support/fake-codecommit.js';
import {
  createFixtureRepository,
  isolatedGitEnvironment,
  type FixtureRepository,
} from '../../test-support/fixture-repos.js';
import { httpsRequest } from '../../test-support/https-request.js';
import { until } from '../../test-support/step-test-runtime.js';
import { runCommandResult, type RunResult } from '../../test-support/run-command.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';

const REGION = 'eu-west-1';
const READER_ROLE = 'arn:aws:iam::111111111111:role/SwitchRole';
const INFO_REFS = '/v1/repos/demo-repo/info/refs?service=git-upload-pack';
/** git (curl) gives up when under 1000 bytes/s for 1 s. */
const IMPATIENT = { 'http.lowSpeedLimit': '1000', 'http.lowSpeedTime': '1' };
const TOO_SLOW = /Operation too slow|Operation timed out/;

/** The CodeCommit git password, computed here with aws4 directly (independent of test-support). */
function authorizationFor(session: IssuedSession, host: string, repository: string): string {
  const signer = new aws4.RequestSigner(
    {
      service: 'codecommit',
      region: REGION,
      method: 'GIT',
      host,
      path: `/v1/repos/${repository}`,
      headers: {},
    },
    session,
  );
  signer.datetime = new Date().toISOString().replace(/[-:]|\.\d{3}Z$/g, '');
  const password = `${signer.datetime}Z${signer.signature()}`;
  const username = `${session.accessKeyId}%${session.sessionToken}`;
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** An HTTPS response read as it arrives: when the headers and each byte came, and how it ended. */
interface StreamedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Bytes received so far. */
  body(): Buffer;
  /** Resolves when the body ends ('end') or the connection breaks (the error's code or message). */
  ended: Promise<string>;
  /** Milliseconds from the headers to the end of the body. */
  elapsedAfterHeaders(): number;
  destroy(): void;
}

describe('fake CodeCommit fault injection', () => {
  let dir: string;
  let projectRoot: string;
  let pki: TestPki;
  let demo: FixtureRepository;
  let accounts: FakeAwsAccounts;
  let reader: IssuedSession;
  const servers: FakeCodeCommit[] = [];
  const openResponses: StreamedResponse[] = [];
  let clones = 0;

  async function start(faults: Partial<FakeCodeCommitOptions>): Promise<FakeCodeCommit> {
    const server = await startFakeCodeCommit({
      accounts,
      region: REGION,
      projectRoot,
      tls: { key: pki.keyPem, cert: pki.certPem },
      ...faults,
    });
    servers.push(server);
    return server;
  }

  /** Real git, no user config, trusting the test CA, authenticated through http.extraHeader. */
  function git(
    server: FakeCodeCommit,
    args: string[],
    config: Record<string, string> = {},
    repository = 'demo-repo',
  ): Promise<RunResult> {
    const entries = Object.entries({
      'http.extraHeader': `Authorization: ${authorizationFor(reader, server.host, repository)}`,
      ...config,
    });
    const env: NodeJS.ProcessEnv = {
      ...isolatedGitEnvironment(),
      GIT_SSL_CAINFO: pki.caCertPath,
      GIT_CONFIG_COUNT: String(entries.length),
    };
    entries.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
    return runCommandResult('git', args, { env, timeoutMs: 30_000 });
  }

  function lsRemote(server: FakeCodeCommit, config: Record<string, string> = {}): Promise<RunResult> {
    return git(server, ['ls-remote', server.repositoryUrl('demo-repo'), 'refs/heads/main'], config);
  }

  function cloneInto(
    server: FakeCodeCommit,
    config: Record<string, string> = {},
    repository = 'demo-repo',
  ): Promise<RunResult> {
    clones += 1;
    const target = path.join(dir, `clone-${clones}`);
    return git(server, ['clone', '--quiet', server.repositoryUrl(repository), target], config, repository);
  }

  async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
    const started = Date.now();
    const result = await work;
    return { result, ms: Date.now() - started };
  }

  /** GET info/refs (authenticated unless `anonymous`), resolving once the status and headers are in. */
  function openInfoRefs(server: FakeCodeCommit, anonymous = false): Promise<StreamedResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: server.address,
          port: server.port,
          path: INFO_REFS,
          headers: {
            host: server.host,
            ...(anonymous ? {} : { authorization: authorizationFor(reader, server.host, 'demo-repo') }),
          },
          ca: pki.caCertPem,
          agent: false,
        },
        (res) => {
          const headersAt = Date.now();
          let endedAt: number | undefined;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          const ended = new Promise<string>((settle) => {
            res.on('end', () => settle('end'));
            res.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
          }).finally(() => (endedAt = Date.now()));
          const streamed: StreamedResponse = {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: () => Buffer.concat(chunks),
            ended,
            elapsedAfterHeaders: () => (endedAt ?? Date.now()) - headersAt,
            destroy: () => req.destroy(),
          };
          openResponses.push(streamed);
          resolve(streamed);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  function nothingFor<T>(ms: number, promise: Promise<T>): Promise<T | 'nothing yet'> {
    return Promise.race([promise, new Promise<'nothing yet'>((r) => setTimeout(() => r('nothing yet'), ms))]);
  }

  /** The git http-backend processes this test process is running. */
  async function runningBackends(): Promise<string[]> {
    // -A and -o are POSIX (BSD ps on macOS has no --ppid): filter on the parent here.
    const ps = await runCommandResult('ps', ['-A', '-o', 'ppid=,pid=,stat=,args=']);
    return ps.stdout
      .split('\n')
      .filter((line) => /^\s*(\d+)\s+\d+\s+(?!Z)\S+\s/.exec(line)?.[1] === String(process.pid))
      .filter((line) => line.includes('git-http-backend'));
  }

  function faultsAndStatuses(server: FakeCodeCommit): Array<[string, string | undefined, number]> {
    return server.requests.map((r) => [
      `${r.method} ${r.path.replace('/v1/repos/demo-repo', '')}`,
      r.fault,
      r.status,
    ]);
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fake-codecommit-faults-'));
    projectRoot = path.join(dir, 'root');
    pki = await createTestPki(path.join(dir, 'pki'), []);
    demo = await createFixtureRepository(projectRoot, 'demo-repo');
    await createFixtureRepository(projectRoot, 'large-repo', { sizeBytes: 400_000 });
  });

  beforeEach(() => {
    accounts = new FakeAwsAccounts();
    const role = accounts.addRole({ roleArn: READER_ROLE, trustedPrincipalArns: [] });
    accounts.allowRepository('demo-repo', READER_ROLE);
    accounts.allowRepository('large-repo', READER_ROLE);
    reader = accounts.issueSession(role, 'faults', 3600);
  });

  afterEach(async () => {
    openResponses.splice(0).forEach((response) => response.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('failFirst', () => {
    it('answers the first `count` requests with the status, then serves git', async () => {
      const flaky = await start({ failFirst: { count: 2, status: 503 } });
      for (let i = 0; i < 2; i += 1) {
        const failed = await lsRemote(flaky);
        expect(failed.exitCode).not.toBe(0);
        expect(failed.stderr).toContain('The requested URL returned error: 503');
      }
      const served = await lsRemote(flaky);
      expect(served.exitCode).toBe(0);
      expect(served.stdout).toBe(`${demo.headSha}\trefs/heads/main\n`);
      expect(faultsAndStatuses(flaky)).toEqual([
        ['GET /info/refs', 'fail', 503],
        ['GET /info/refs', 'fail', 503],
        ['GET /info/refs', undefined, 200],
        ['POST /git-upload-pack', undefined, 200],
      ]);
    });

    it('sends a short HTML page like a load balancer, before any authentication', async () => {
      const flaky = await start({ failFirst: { count: 1, status: 502 } });
      const failed = await httpsRequest({
        address: flaky.address,
        port: flaky.port,
        path: INFO_REFS,
        headers: { host: flaky.host },
        ca: pki.caCertPem,
      });
      expect(failed.status).toBe(502);
      expect(failed.headers['content-type']).toBe('text/html');
      expect(failed.body).toContain('<title>502 Bad Gateway</title>');
      expect(failed.body.length).toBeLessThan(200);
      expect(flaky.requests[0]).toEqual(expect.objectContaining({ fault: 'fail', auth: 'not-checked' }));
      const anonymous = await openInfoRefs(flaky, true);
      expect(anonymous.status).toBe(401);
    });

    it('can hit only upload-pack requests', async () => {
      const flaky = await start({ failFirst: { count: 1, status: 500, on: 'upload-pack' } });
      const failed = await lsRemote(flaky);
      expect(failed.stderr).toContain('returned error: 500');
      expect((await lsRemote(flaky)).exitCode).toBe(0);
      expect(faultsAndStatuses(flaky)).toEqual([
        ['GET /info/refs', undefined, 200],
        ['POST /git-upload-pack', 'fail', 500],
        ['GET /info/refs', undefined, 200],
        ['POST /git-upload-pack', undefined, 200],
      ]);
    });
  });

  describe('stallAfterHeaders', () => {
    it('makes git give up on a low-speed limit, for `count` requests only', async () => {
      const stalling = await start({ stallAfterHeaders: { count: 1, on: 'info-refs' } });
      const { result: stalled, ms } = await timed(lsRemote(stalling, IMPATIENT));
      expect(stalled.exitCode).not.toBe(0);
      expect(stalled.stderr).toMatch(TOO_SLOW);
      expect(ms).toBeLessThan(6000);
      expect((await lsRemote(stalling, IMPATIENT)).exitCode).toBe(0);
      expect(faultsAndStatuses(stalling)).toEqual([
        ['GET /info/refs', 'stall', 200],
        ['GET /info/refs', undefined, 200],
        ['POST /git-upload-pack', undefined, 200],
      ]);
    });

    it('can stall upload-pack and leave info/refs alone', async () => {
      const stalling = await start({ stallAfterHeaders: { count: 1, on: 'upload-pack', firstBytes: 4 } });
      const stalled = await cloneInto(stalling, IMPATIENT);
      expect(stalled.exitCode).not.toBe(0);
      expect(stalled.stderr).toMatch(TOO_SLOW);
      expect(faultsAndStatuses(stalling)).toEqual([
        ['GET /info/refs', undefined, 200],
        ['POST /git-upload-pack', 'stall', 200],
      ]);
      expect((await cloneInto(stalling, IMPATIENT)).exitCode).toBe(0);
    });

    it('sends the real headers and `firstBytes` of the real body, then nothing until close()', async () => {
      const reference = await openInfoRefs(await start({}));
      await reference.ended;
      const stalling = await start({ stallAfterHeaders: { count: 1, firstBytes: 10 } });

      // A refused request is not served by git, so it is not stalled and does not use up the count.
      expect((await openInfoRefs(stalling, true)).status).toBe(401);
      const stalled = await openInfoRefs(stalling);
      expect(stalled.status).toBe(200);
      expect(stalled.headers['content-type']).toBe('application/x-git-upload-pack-advertisement');
      expect(await nothingFor(400, stalled.ended)).toBe('nothing yet');
      expect(stalled.body().toString('latin1')).toBe(reference.body().subarray(0, 10).toString('latin1'));
      expect(stalling.requests.map((r) => r.fault)).toEqual([undefined, 'stall']);

      const { ms } = await timed(stalling.close());
      expect(await stalled.ended).not.toBe('end');
      expect(ms).toBeLessThan(1000);
    });
  });

  describe('drip', () => {
    it('serves the real body at the given pace', async () => {
      const reference = await openInfoRefs(await start({}));
      await reference.ended;
      const bytes = reference.body().length;
      const dripping = await start({ dripBytesPerSecond: 500, drip: { count: 1, on: 'info-refs' } });

      const dripped = await openInfoRefs(dripping);
      expect(await dripped.ended).toBe('end');
      expect(dripped.body().equals(reference.body())).toBe(true);
      // 500 bytes/s is 10 bytes every 20 ms.
      expect(dripped.elapsedAfterHeaders()).toBeGreaterThanOrEqual(((bytes - 10) / 500) * 1000 - 20);
      const fast = await openInfoRefs(dripping);
      expect(await fast.ended).toBe('end');
      expect(fast.elapsedAfterHeaders()).toBeLessThan(dripped.elapsedAfterHeaders() / 2);
      expect(dripping.requests.map((r) => r.fault)).toEqual(['drip', undefined]);
    });

    it('setLinkRate paces every served response until it is set back to full speed', async () => {
      const reference = await openInfoRefs(await start({}));
      await reference.ended;
      const bytes = reference.body().length;
      const linked = await start({});
      linked.setLinkRate(500);
      const slow = await openInfoRefs(linked);
      expect(await slow.ended).toBe('end');
      expect(slow.body().equals(reference.body())).toBe(true);
      expect(slow.elapsedAfterHeaders()).toBeGreaterThanOrEqual(((bytes - 10) / 500) * 1000 - 20);
      linked.setLinkRate(undefined);
      const fast = await openInfoRefs(linked);
      expect(await fast.ended).toBe('end');
      expect(fast.elapsedAfterHeaders()).toBeLessThan(slow.elapsedAfterHeaders() / 2);
      expect(linked.requests.map((r) => r.fault)).toEqual(['drip', undefined]);
      expect(() => linked.setLinkRate(0)).toThrow(/above 0/);
    });

    it('lets git complete a slow but steady clone', async () => {
      const dripping = await start({ dripBytesPerSecond: 4000, drip: true });
      const cloned = await cloneInto(dripping, IMPATIENT);
      expect(cloned.exitCode).toBe(0);
      expect(dripping.requests.map((r) => r.fault)).toEqual(['drip', 'drip', 'drip']);
    });

    it('at 1 byte/s makes git give up on its low-speed limit, for `count` requests only', async () => {
      const dripping = await start({ dripBytesPerSecond: 1, drip: { count: 1 } });
      const { result: slow, ms } = await timed(lsRemote(dripping, IMPATIENT));
      expect(slow.exitCode).not.toBe(0);
      expect(slow.stderr).toMatch(TOO_SLOW);
      expect(ms).toBeLessThan(6000);
      expect((await lsRemote(dripping, IMPATIENT)).exitCode).toBe(0);
      expect(dripping.requests.map((r) => r.fault)).toEqual(['drip', undefined, undefined]);
    });
  });

  describe('throttle', () => {
    it('setThrottle throttles from then on, counting everyNth from there, until it is set back to undefined', async () => {
      const server = await start({ throttle: { everyNth: 2, on: 'info-refs' } });
      const statusOf = async (): Promise<number> => {
        const response = await openInfoRefs(server);
        expect(await response.ended).toBe('end');
        return response.status;
      };
      expect(await statusOf()).toBe(200);
      server.setThrottle({ everyNth: 2, on: 'info-refs' });
      expect([await statusOf(), await statusOf(), await statusOf()]).toEqual([200, 429, 200]);
      server.setThrottle({ whenInFlightAbove: 0, retryAfterSeconds: 2 });
      const throttled = await openInfoRefs(server);
      expect(await throttled.ended).toBe('end');
      expect([throttled.status, throttled.headers['retry-after']]).toEqual([429, '2']);
      server.setThrottle(undefined);
      expect(await statusOf()).toBe(200);
      // The server records a status once its side of the response has finished, which may come after
      // the client has read the whole answer.
      await until(() => server.requests.every((request) => request.status !== 0), 'every status recorded');
      expect(faultsAndStatuses(server).map(([, fault, status]) => [fault, status])).toEqual([
        [undefined, 200],
        [undefined, 200],
        ['throttle', 429],
        [undefined, 200],
        ['throttle', 429],
        [undefined, 200],
      ]);
    });
  });

  describe('resetMidBody', () => {
    it('resets the connection after `afterBytes` of the real body', async () => {
      const reference = await openInfoRefs(await start({}));
      await reference.ended;
      const resetting = await start({ resetMidBody: { count: 1, afterBytes: 20 } });
      const broken = await openInfoRefs(resetting);
      expect(broken.status).toBe(200);
      expect(await broken.ended).toBe('ECONNRESET');
      expect(broken.body().toString('latin1')).toBe(reference.body().subarray(0, 20).toString('latin1'));
      expect(await (await openInfoRefs(resetting)).ended).toBe('end');
      expect(resetting.requests.map((r) => r.fault)).toEqual(['reset', undefined]);
      expect(resetting.requests[0]?.status).toBe(200);
    });

    it('breaks a git clone part-way through the pack, for `count` requests only', async () => {
      const resetting = await start({ resetMidBody: { count: 1, on: 'upload-pack', afterBytes: 100_000 } });
      const config = { ...IMPATIENT, 'protocol.version': '1' };
      const broken = await cloneInto(resetting, config, 'large-repo');
      expect(broken.exitCode).not.toBe(0);
      expect(broken.stderr).toMatch(/early EOF|Connection reset|RPC failed/);
      expect((await cloneInto(resetting, config, 'large-repo')).exitCode).toBe(0);
      expect(resetting.requests.map((r) => [r.method, r.fault])).toEqual([
        ['GET', undefined],
        ['POST', 'reset'],
        ['GET', undefined],
        ['POST', undefined],
      ]);
    });

    it('breaks git under protocol v2 too, where the first upload-pack request lists refs', async () => {
      const resetting = await start({ resetMidBody: { count: 1, on: 'upload-pack' } });
      const broken = await cloneInto(resetting, IMPATIENT);
      expect(broken.exitCode).not.toBe(0);
      expect(broken.stderr).toMatch(/Connection reset|RPC failed|remote end hung up/);
      expect(faultsAndStatuses(resetting)).toEqual([
        ['GET /info/refs', undefined, 200],
        ['POST /git-upload-pack', 'reset', 200],
      ]);
    });
  });

  it('close() ends stalled and dripping responses and kills their git http-backend', async () => {
    const faulty = await start({
      dripBytesPerSecond: 2000,
      drip: { count: 2, on: 'upload-pack' },
      stallAfterHeaders: { count: 1, on: 'info-refs' },
    });
    const stalled = await openInfoRefs(faulty);
    // No low-speed limit: only close() can end this clone, dripping a 400 kB pack at 2 kB/s.
    const clone = cloneInto(faulty, {}, 'large-repo');
    const deadline = Date.now() + 10_000;
    while (
      faulty.requests.filter((r) => r.fault === 'drip').length < 2 ||
      (await runningBackends()).length === 0
    ) {
      if (Date.now() > deadline) throw new Error('the clone never reached its pack');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const { ms } = await timed(faulty.close());
    expect(ms).toBeLessThan(1000);
    expect(await stalled.ended).not.toBe('end');
    const { result: cloned, ms: cloneMs } = await timed(clone);
    expect(cloned.exitCode).not.toBe(0);
    expect(cloneMs).toBeLessThan(2000);
    expect(await runningBackends()).toEqual([]);
  });
});
