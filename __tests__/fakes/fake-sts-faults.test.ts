import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeAwsAccounts, type LongTermKey } from '../../test-support/fake-aws-accounts.js';
import { startFakeSts, type FakeSts, type FakeStsOptions } from '../../test-support/fake-sts.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';

const REGION = 'eu-central-1';
const STS_HOST = `sts.${REGION}.amazonaws.com`;
const SOURCE_ARN = 'arn:aws:iam::222222222222:user/ci';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/SwitchRole';

/** What a client saw: the status and headers, the body so far, and how and when it ended. */
interface Observed {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** 'end', or the error that ended it (a client timeout is 'timeout'). */
  outcome: string;
  /** Milliseconds from the response headers to the outcome. */
  afterHeadersMs: number;
}

function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
}

describe('fake STS fault injection', () => {
  let dir: string;
  let pki: TestPki;
  let accounts: FakeAwsAccounts;
  let source: LongTermKey;
  const servers: FakeSts[] = [];

  async function start(faults: Partial<FakeStsOptions>): Promise<FakeSts> {
    const server = await startFakeSts({
      accounts,
      region: REGION,
      tls: { key: pki.keyPem, cert: pki.certPem },
      expectedHost: STS_HOST,
      ...faults,
    });
    servers.push(server);
    return server;
  }

  /** A GetCallerIdentity POST signed with @smithy/signature-v4 (independent of the fake's aws4). */
  async function signedGetCallerIdentity(): Promise<{ headers: Record<string, string>; body: string }> {
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
    return { headers: signed.headers, body };
  }

  /**
   * Node https with an idle timeout (no byte for `idleTimeoutMs` ends it), reporting what arrived
   * instead of failing.
   */
  async function observe(server: FakeSts, idleTimeoutMs = 2000): Promise<Observed> {
    const signed = await signedGetCallerIdentity();
    return new Promise((resolve, reject) => {
      let settle: ((outcome: string) => void) | undefined;
      const req = request(
        {
          host: server.address,
          port: server.port,
          method: 'POST',
          path: '/',
          headers: signed.headers,
          ca: pki.caCertPem,
          servername: STS_HOST,
          agent: false,
          timeout: idleTimeoutMs,
        },
        (res) => {
          const headersAt = Date.now();
          const chunks: Buffer[] = [];
          let settled = false;
          settle = (outcome) => {
            if (settled) return;
            settled = true;
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              outcome,
              afterHeadersMs: Date.now() - headersAt,
            });
          };
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => settle?.('end'));
          res.on('error', (error: Error) => settle?.(error.message));
        },
      );
      req.on('timeout', () => {
        settle?.('timeout');
        req.destroy(new Error('timeout'));
      });
      req.on('error', (error) => (settle ? settle(error.message) : reject(error)));
      req.end(signed.body);
    });
  }

  function sdkClient(server: FakeSts, maxAttempts: number): STSClient {
    // The SDK warns once that it will need Node 22; on Node 20 that is expected noise here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    return new STSClient({
      region: REGION,
      endpoint: `https://127.0.0.1:${server.port}`,
      credentials: { accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey },
      requestHandler: { httpsAgent: new Agent({ ca: pki.caCertPem }) },
      maxAttempts,
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fake-sts-faults-'));
    pki = await createTestPki(path.join(dir, 'pki'), [STS_HOST]);
  });

  beforeEach(() => {
    accounts = new FakeAwsAccounts();
    source = accounts.addSourceKey({ principalArn: SOURCE_ARN });
    accounts.addRole({ roleArn: ROLE_ARN, trustedPrincipalArns: [SOURCE_ARN] });
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('failFirst', () => {
    const cases: Array<[number, string, 'Sender' | 'Receiver', string]> = [
      [400, 'Throttling', 'Sender', 'Rate exceeded'],
      [400, 'RequestLimitExceeded', 'Sender', 'Request limit exceeded.'],
      [
        500,
        'InternalFailure',
        'Receiver',
        'The request processing has failed because of an unknown error, exception or failure.',
      ],
      [
        503,
        'ServiceUnavailable',
        'Receiver',
        'The request has failed due to a temporary failure of the server.',
      ],
    ];
    it.each(cases)(
      'answers %i %s in the STS error XML for `count` requests, then answers normally',
      async (status, code, type, message) => {
        const flaky = await start({ failFirst: { count: 2, status, code } });
        for (let i = 0; i < 2; i += 1) {
          const failed = await observe(flaky);
          expect(failed.status).toBe(status);
          expect(failed.headers['content-type']).toBe('text/xml');
          expect(failed.body).toMatch(
            new RegExp(
              `^<ErrorResponse xmlns="https://sts\\.amazonaws\\.com/doc/2011-06-15/">\\s*<Error>\\s*<Type>${type}</Type>\\s*<Code>${code}</Code>\\s*<Message>${message.replace(/[.]/g, '\\.')}</Message>\\s*</Error>\\s*<RequestId>[0-9a-f-]{36}</RequestId>\\s*</ErrorResponse>\\s*$`,
            ),
          );
          expect(failed.headers['x-amzn-requestid']).toBe(xmlValue(failed.body, 'RequestId'));
        }
        const served = await observe(flaky);
        expect(served.status).toBe(200);
        expect(xmlValue(served.body, 'Arn')).toBe(SOURCE_ARN);
        expect(flaky.requests.map((r) => [r.fault, r.outcome, r.status, r.errorCode])).toEqual([
          ['fail', 'injected-failure', status, code],
          ['fail', 'injected-failure', status, code],
          [undefined, 'ok', 200, undefined],
        ]);
      },
    );

    it('keeps a given message', async () => {
      const flaky = await start({
        failFirst: { count: 1, status: 400, code: 'Throttling', message: 'Slow down' },
      });
      expect(xmlValue((await observe(flaky)).body, 'Message')).toBe('Slow down');
    });

    it('is recognised by the AWS SDK as throttling or a server fault, and retried', async () => {
      const cases = [
        { status: 400, code: 'Throttling', fault: 'client' },
        { status: 500, code: 'InternalFailure', fault: 'server' },
      ];
      for (const { status, code, fault } of cases) {
        const failFirst = { count: 1, status, code };
        const [first, second] = [
          await start({ failFirst, expectedHost: undefined }),
          await start({ failFirst, expectedHost: undefined }),
        ];
        const once = sdkClient(first, 1);
        const twice = sdkClient(second, 2);
        try {
          await expect(once.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
            name: code,
            $fault: fault,
            $metadata: { httpStatusCode: status },
          });
          const identity = await twice.send(new GetCallerIdentityCommand({}));
          expect(identity.Arn).toBe(SOURCE_ARN);
        } finally {
          once.destroy();
          twice.destroy();
        }
        expect(second.requests.map((r) => r.fault)).toEqual(['fail', undefined]);
      }
    });
  });

  describe('stallAfterHeaders', () => {
    it('sends headers and then nothing, for `count` requests only', async () => {
      const stalling = await start({ stallAfterHeaders: { count: 1 } });
      const stalled = await observe(stalling, 300);
      expect(stalled.status).toBe(200);
      expect(stalled.headers['content-length']).toBe('512');
      expect(stalled.body).toBe('');
      expect(stalled.outcome).toBe('timeout');
      expect((await observe(stalling, 300)).outcome).toBe('end');
      expect(stalling.requests.map((r) => [r.fault, r.outcome])).toEqual([
        ['stall', 'stalled'],
        [undefined, 'ok'],
      ]);
    });

    it('follows failFirst: faults with counts come one after another', async () => {
      const faulty = await start({
        failFirst: { count: 1, status: 400, code: 'Throttling' },
        stallAfterHeaders: { count: 1 },
        dripBytesPerSecond: 5000,
        drip: { count: 1 },
      });
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i += 1) outcomes.push(`${(await observe(faulty, 300)).status}`);
      expect(outcomes).toEqual(['400', '200', '200', '200']);
      expect(faulty.requests.map((r) => r.fault)).toEqual(['fail', 'stall', 'drip', undefined]);
    });
  });

  describe('drip', () => {
    it('sends the real XML at the given pace', async () => {
      const dripping = await start({ dripBytesPerSecond: 1000, drip: { count: 1 } });
      const dripped = await observe(dripping);
      const normal = await observe(dripping);
      expect(dripped.outcome).toBe('end');
      expect(dripped.status).toBe(200);
      expect(dripped.headers['content-length']).toBe(String(Buffer.byteLength(dripped.body)));
      expect(xmlValue(dripped.body, 'Arn')).toBe(SOURCE_ARN);
      expect(dripped.body.replace(/<RequestId>[^<]*/, '')).toBe(normal.body.replace(/<RequestId>[^<]*/, ''));
      // 1000 bytes/s is 20 bytes every 20 ms, the first at once.
      const length = Buffer.byteLength(dripped.body);
      expect(dripped.afterHeadersMs).toBeGreaterThanOrEqual(((length - 20) / 1000) * 1000 - 20);
      expect(normal.afterHeadersMs).toBeLessThan(dripped.afterHeadersMs / 2);
      expect(dripping.requests.map((r) => [r.fault, r.outcome, r.status])).toEqual([
        ['drip', 'ok', 200],
        [undefined, 'ok', 200],
      ]);
    });

    it('at 1 byte/s trips a client idle timeout after the headers, for `count` requests only', async () => {
      const dripping = await start({ dripBytesPerSecond: 1, drip: { count: 1 } });
      const slow = await observe(dripping, 300);
      expect(slow.status).toBe(200);
      expect(slow.outcome).toBe('timeout');
      expect(slow.body.length).toBeLessThanOrEqual(1);
      expect((await observe(dripping, 300)).outcome).toBe('end');
      expect(dripping.requests.map((r) => r.fault)).toEqual(['drip', undefined]);
    });

    it('drips every answer, refusals too, when only the pace is given', async () => {
      const dripping = await start({ dripBytesPerSecond: 5000, expectedHost: 'sts.amazonaws.com' });
      const refused = await observe(dripping);
      expect(refused.status).toBe(403);
      expect(xmlValue(refused.body, 'Code')).toBe('SignatureDoesNotMatch');
      expect((await observe(dripping)).outcome).toBe('end');
      expect(dripping.requests.map((r) => [r.fault, r.outcome])).toEqual([
        ['drip', 'rejected'],
        ['drip', 'rejected'],
      ]);
    });

    it('is ended by close()', async () => {
      const dripping = await start({ dripBytesPerSecond: 2, drip: true });
      const pending = observe(dripping, 5000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await dripping.close();
      expect(Date.now() - started).toBeLessThan(500);
      const cut = await pending;
      expect(cut.outcome).not.toBe('end');
      expect(cut.body.length).toBeLessThanOrEqual(2);
      expect(dripping.requests.map((r) => r.fault)).toEqual(['drip']);
    });
  });
});
