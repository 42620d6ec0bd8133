import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  FakeAwsAccounts,
  type IssuedSession,
  type LongTermKey,
} from '../../test-support/fake-aws-accounts.js';
import { startFakeSts, type FakeSts, type FakeStsOptions } from '../../test-support/fake-sts.js';
import { httpsRequest, type HttpsResponse } from '../../test-support/https-request.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';

const REGION = 'ap-northeast-1';
const STS_HOST = `sts.${REGION}.amazonaws.com`;
const SOURCE_ARN = 'arn:aws:iam::222222222222:user/ci';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/SwitchRole';
const UNTRUSTING_ROLE_ARN = 'arn:aws:iam::111111111111:role/AdminRole';
const EXTERNAL_ID = 'partner-4711';

interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface SignOptions {
  region?: string;
  host?: string;
  signingDate?: Date;
}

/** Signs a Query API POST with @smithy/signature-v4, a signer independent of the fake's aws4. */
async function signedStsPost(
  params: Record<string, string>,
  credentials: SigningCredentials,
  options: SignOptions = {},
): Promise<{ headers: Record<string, string>; body: string }> {
  const body = new URLSearchParams({ Version: '2011-06-15', ...params }).toString();
  const signer = new SignatureV4({
    service: 'sts',
    region: options.region ?? REGION,
    credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: options.host ?? STS_HOST,
      path: '/',
      query: {},
      headers: {
        host: options.host ?? STS_HOST,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body,
    },
    { signingDate: options.signingDate ?? new Date() },
  );
  return { headers: signed.headers, body };
}

describe('fake STS', () => {
  let dir: string;
  let pki: TestPki;
  let accounts: FakeAwsAccounts;
  let source: LongTermKey;
  let sts: FakeSts;
  const extraServers: FakeSts[] = [];

  async function startSts(options: Partial<FakeStsOptions> = {}): Promise<FakeSts> {
    const server = await startFakeSts({
      accounts,
      region: REGION,
      tls: { key: pki.keyPem, cert: pki.certPem },
      expectedHost: STS_HOST,
      ...options,
    });
    extraServers.push(server);
    return server;
  }

  async function send(
    signed: { headers: Record<string, string>; body: string },
    server: FakeSts = sts,
  ): Promise<HttpsResponse> {
    return httpsRequest({
      address: server.address,
      port: server.port,
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
      ca: pki.caCertPem,
      servername: STS_HOST,
    });
  }

  async function assumeRole(
    params: Record<string, string>,
    credentials: SigningCredentials = source,
    options: SignOptions = {},
  ): Promise<HttpsResponse> {
    return send(await signedStsPost({ Action: 'AssumeRole', ...params }, credentials, options));
  }

  const validAssume = { RoleArn: ROLE_ARN, RoleSessionName: 'ci-build-42', ExternalId: EXTERNAL_ID };

  function xmlValue(xml: string, tag: string): string {
    const value = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
    if (value === undefined) throw new Error(`no <${tag}> in ${xml}`);
    return value;
  }

  function sessionFrom(xml: string): SigningCredentials {
    return {
      accessKeyId: xmlValue(xml, 'AccessKeyId'),
      secretAccessKey: xmlValue(xml, 'SecretAccessKey'),
      sessionToken: xmlValue(xml, 'SessionToken'),
    };
  }

  function expectAwsError(response: HttpsResponse, status: number, code: string): void {
    expect({ status: response.status, code: xmlValue(response.body, 'Code') }).toEqual({ status, code });
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fake-sts-test-'));
    pki = await createTestPki(path.join(dir, 'pki'), [STS_HOST, `*.sts.${REGION}.vpce.amazonaws.com`]);
  });

  beforeEach(async () => {
    accounts = new FakeAwsAccounts();
    source = accounts.addSourceKey({ principalArn: SOURCE_ARN });
    accounts.addRole({
      roleArn: ROLE_ARN,
      externalId: EXTERNAL_ID,
      trustedPrincipalArns: [SOURCE_ARN],
      maxSessionDurationSeconds: 7200,
    });
    accounts.addRole({
      roleArn: UNTRUSTING_ROLE_ARN,
      trustedPrincipalArns: ['arn:aws:iam::111111111111:user/admin'],
    });
    sts = await startSts();
  });

  afterEach(async () => {
    await Promise.all(extraServers.splice(0).map((server) => server.close()));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('issues role credentials for an AssumeRole signed by an independent SigV4 signer', async () => {
    const response = await assumeRole({ ...validAssume, DurationSeconds: '1800' });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/xml');
    expect(response.body).toContain('<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    expect(xmlValue(response.body, 'Arn')).toBe(
      'arn:aws:sts::111111111111:assumed-role/SwitchRole/ci-build-42',
    );
    expect(xmlValue(response.body, 'AssumedRoleId')).toMatch(/^AROA[A-Z2-7]{17}:ci-build-42$/);
    expect(xmlValue(response.body, 'RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    const issued = sessionFrom(response.body);
    expect(issued.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(issued.secretAccessKey).toHaveLength(40);
    const expiration = Date.parse(xmlValue(response.body, 'Expiration'));
    expect(Math.abs(expiration - Date.now() - 1800_000)).toBeLessThan(5000);
    expect(xmlValue(response.body, 'Expiration')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    expect(sts.requests).toEqual([
      expect.objectContaining({
        action: 'AssumeRole',
        host: STS_HOST,
        serverName: STS_HOST,
        callerAccessKeyId: source.accessKeyId,
        outcome: 'ok',
        status: 200,
        issuedAccessKeyId: issued.accessKeyId,
        params: {
          Version: '2011-06-15',
          Action: 'AssumeRole',
          ...validAssume,
          DurationSeconds: '1800',
        },
      }),
    ]);
  });

  it('issues realistic session tokens: ~800 base64 characters with +, / and =', async () => {
    const role = accounts.findRole(ROLE_ARN);
    if (!role) throw new Error('role missing');
    const tokens = [1, 2, 3].map(() => accounts.issueSession(role, 's1', 900).sessionToken);
    const fromSts = sessionFrom((await assumeRole(validAssume)).body).sessionToken ?? '';
    for (const token of [...tokens, fromSts]) {
      expect(token.length).toBeGreaterThanOrEqual(700);
      expect(token.length).toBeLessThanOrEqual(1000);
      expect(token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(token).toContain('+');
      expect(token).toContain('/');
      expect(token).toContain('=');
    }
  });

  it('answers GetCallerIdentity for the issued session, which must send its token', async () => {
    const issued = sessionFrom((await assumeRole(validAssume)).body);
    const identity = await send(await signedStsPost({ Action: 'GetCallerIdentity' }, issued));
    expect(identity.status).toBe(200);
    expect(xmlValue(identity.body, 'Arn')).toBe(
      'arn:aws:sts::111111111111:assumed-role/SwitchRole/ci-build-42',
    );
    expect(xmlValue(identity.body, 'Account')).toBe('111111111111');
    expect(sts.requests[1]?.sessionTokenSent).toBe(true);

    const withoutToken = { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey };
    expectAwsError(
      await send(await signedStsPost({ Action: 'GetCallerIdentity' }, withoutToken)),
      403,
      'InvalidClientTokenId',
    );
    const wrongToken = { ...issued, sessionToken: `${issued.sessionToken?.slice(0, -4) ?? ''}AAA=` };
    expectAwsError(
      await send(await signedStsPost({ Action: 'GetCallerIdentity' }, wrongToken)),
      403,
      'InvalidClientTokenId',
    );
  });

  it('answers GetSessionToken signed with a long-term key by an independent signer: a session acting as the user', async () => {
    const response = await send(
      await signedStsPost({ Action: 'GetSessionToken', DurationSeconds: '1800' }, source),
    );
    expect(response.status).toBe(200);
    expect(response.body).toContain(
      '<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    );
    const issued = sessionFrom(response.body);
    expect(issued.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const expiration = Date.parse(xmlValue(response.body, 'Expiration'));
    expect(Math.abs(expiration - Date.now() - 1800_000)).toBeLessThan(5000);
    expect(sts.requests[0]).toEqual(
      expect.objectContaining({
        action: 'GetSessionToken',
        callerAccessKeyId: source.accessKeyId,
        issuedAccessKeyId: issued.accessKeyId,
        outcome: 'ok',
      }),
    );

    const identity = await send(await signedStsPost({ Action: 'GetCallerIdentity' }, issued));
    expect(xmlValue(identity.body, 'Arn')).toBe(SOURCE_ARN);
    // The user's session may assume what the user may, and that is no role chaining.
    const assumed = await assumeRole({ ...validAssume, DurationSeconds: '7200' }, issued);
    expect(assumed.status).toBe(200);
  });

  it('refuses GetSessionToken with session credentials, a bad signature and out-of-range durations', async () => {
    const roleSession = sessionFrom((await assumeRole(validAssume)).body);
    expectAwsError(
      await send(await signedStsPost({ Action: 'GetSessionToken' }, roleSession)),
      403,
      'AccessDenied',
    );
    const userSession = sessionFrom(
      (await send(await signedStsPost({ Action: 'GetSessionToken' }, source))).body,
    );
    expectAwsError(
      await send(await signedStsPost({ Action: 'GetSessionToken' }, userSession)),
      403,
      'AccessDenied',
    );
    const wrongSecret = { accessKeyId: source.accessKeyId, secretAccessKey: 'x'.repeat(40) };
    expectAwsError(
      await send(await signedStsPost({ Action: 'GetSessionToken' }, wrongSecret)),
      403,
      'SignatureDoesNotMatch',
    );
    for (const duration of ['899', '129601', 'soon'])
      expectAwsError(
        await send(await signedStsPost({ Action: 'GetSessionToken', DurationSeconds: duration }, source)),
        400,
        'ValidationError',
      );
  });

  it('answers errors in the STS error XML shape', async () => {
    const response = await assumeRole({ ...validAssume, RoleArn: UNTRUSTING_ROLE_ARN });
    expect(response.status).toBe(403);
    expect(response.body).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>AccessDenied<\/Code>\s*<Message>User: arn:aws:iam::222222222222:user\/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role\/AdminRole<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>\s*$/,
    );
    expect(response.headers['x-amzn-requestid']).toBe(xmlValue(response.body, 'RequestId'));
  });

  it("is understood by the AWS SDK's STSClient, answers and errors alike", async () => {
    // The SDK warns once that it will need Node 22; on Node 20 that is expected noise here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const direct = await startSts({ expectedHost: undefined });
    const client = new STSClient({
      region: REGION,
      endpoint: direct.url,
      credentials: { accessKeyId: source.accessKeyId, secretAccessKey: source.secretAccessKey },
      requestHandler: { httpsAgent: new Agent({ ca: pki.caCertPem }) },
      maxAttempts: 1,
    });
    try {
      const assumed = await client.send(new AssumeRoleCommand({ ...validAssume, DurationSeconds: 900 }));
      expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(assumed.Credentials?.SessionToken).toBe(accounts.issuedSessions()[0]?.sessionToken);
      expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
      expect(assumed.AssumedRoleUser?.Arn).toBe(
        'arn:aws:sts::111111111111:assumed-role/SwitchRole/ci-build-42',
      );

      const denied = client.send(new AssumeRoleCommand({ ...validAssume, RoleArn: UNTRUSTING_ROLE_ARN }));
      await expect(denied).rejects.toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      client.destroy();
    }
    expect(direct.requests.map((r) => [r.host, r.action, r.status])).toEqual([
      [direct.host, 'AssumeRole', 200],
      [direct.host, 'AssumeRole', 403],
    ]);
  });

  describe('rejects', () => {
    it('a signature made with the wrong secret', async () => {
      const response = await assumeRole(validAssume, {
        ...source,
        secretAccessKey: `${source.secretAccessKey}x`,
      });
      expectAwsError(response, 403, 'SignatureDoesNotMatch');
      expect(sts.requests[0]).toEqual(
        expect.objectContaining({ outcome: 'rejected', errorCode: 'SignatureDoesNotMatch' }),
      );
    });

    it('a body changed after signing, with or without a matching x-amz-content-sha256', async () => {
      const signed = await signedStsPost({ Action: 'AssumeRole', ...validAssume }, source);
      const body = signed.body.replace('ci-build-42', 'ci-build-43');
      expect(signed.headers['x-amz-content-sha256']).toBeDefined();
      expectAwsError(await send({ ...signed, body }), 400, 'XAmzContentSHA256Mismatch');
      const contentSha256 = createHash('sha256').update(body).digest('hex');
      const rehashed = { headers: { ...signed.headers, 'x-amz-content-sha256': contentSha256 }, body };
      expectAwsError(await send(rehashed), 403, 'SignatureDoesNotMatch');
    });

    it('a request signed for another region', async () => {
      const response = await assumeRole(validAssume, source, { region: 'us-east-1' });
      expectAwsError(response, 403, 'SignatureDoesNotMatch');
      expect(xmlValue(response.body, 'Message')).toContain('Credential should be scoped to a valid region');
    });

    it('a request for another host name (the global endpoint)', async () => {
      const response = await assumeRole(validAssume, source, { host: 'sts.amazonaws.com' });
      expectAwsError(response, 403, 'SignatureDoesNotMatch');
      expect(xmlValue(response.body, 'Message')).toContain(`'${STS_HOST}'`);
    });

    it('a request signed more than 5 minutes ago, or 5 minutes ahead', async () => {
      const old = await assumeRole(validAssume, source, { signingDate: new Date(Date.now() - 6 * 60_000) });
      expectAwsError(old, 403, 'SignatureDoesNotMatch');
      expect(xmlValue(old.body, 'Message')).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
      const future = await assumeRole(validAssume, source, {
        signingDate: new Date(Date.now() + 6 * 60_000),
      });
      expectAwsError(future, 403, 'SignatureDoesNotMatch');
    });

    it('an unknown access key', async () => {
      const response = await assumeRole(validAssume, {
        accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
        secretAccessKey: 'x'.repeat(40),
      });
      expectAwsError(response, 403, 'InvalidClientTokenId');
    });

    it('a request without credentials', async () => {
      const response = await send({
        headers: { host: STS_HOST, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });
      expectAwsError(response, 403, 'MissingAuthenticationToken');
    });

    it('a wrong or missing ExternalId', async () => {
      expectAwsError(await assumeRole({ ...validAssume, ExternalId: 'partner-4712' }), 403, 'AccessDenied');
      const withoutExternalId = {
        RoleArn: validAssume.RoleArn,
        RoleSessionName: validAssume.RoleSessionName,
      };
      expectAwsError(await assumeRole(withoutExternalId), 403, 'AccessDenied');
    });

    it('a role whose trust policy does not name the caller, and a role that does not exist', async () => {
      expectAwsError(await assumeRole({ ...validAssume, RoleArn: UNTRUSTING_ROLE_ARN }), 403, 'AccessDenied');
      expectAwsError(await assumeRole({ ...validAssume, RoleArn: `${ROLE_ARN}Typo` }), 403, 'AccessDenied');
    });

    it('invalid RoleSessionName and DurationSeconds', async () => {
      const invalid: Array<Record<string, string>> = [
        { RoleSessionName: 'has space' },
        { RoleSessionName: 'x' },
        { RoleSessionName: 'a'.repeat(65) },
        { DurationSeconds: '899' },
        { DurationSeconds: '7201' },
      ];
      for (const params of invalid) {
        expectAwsError(await assumeRole({ ...validAssume, ...params }), 400, 'ValidationError');
      }
      expect(sts.requests.every((request) => request.issuedAccessKeyId === undefined)).toBe(true);
    });

    it('role chaining beyond one hour', async () => {
      accounts.addRole({
        roleArn: 'arn:aws:iam::111111111111:role/Chained',
        trustedPrincipalArns: [ROLE_ARN],
        maxSessionDurationSeconds: 7200,
      });
      const issued = sessionFrom((await assumeRole(validAssume)).body);
      const chained = { RoleArn: 'arn:aws:iam::111111111111:role/Chained', RoleSessionName: 'chained' };
      expectAwsError(
        await assumeRole({ ...chained, DurationSeconds: '3601' }, issued),
        400,
        'ValidationError',
      );
      expect((await assumeRole({ ...chained, DurationSeconds: '3600' }, issued)).status).toBe(200);
    });

    it('an expired session token', async () => {
      const role = accounts.findRole(ROLE_ARN);
      if (!role) throw new Error('role missing');
      const session: IssuedSession = accounts.issueSession(role, 'short', 900);
      accounts.advanceClock(901_000);
      const signed = await signedStsPost({ Action: 'GetCallerIdentity' }, session, {
        signingDate: accounts.now(),
      });
      expectAwsError(await send(signed), 400, 'ExpiredToken');
    });
  });

  describe('fault injection', () => {
    it('fails the first requests with the configured error, then serves normally', async () => {
      const flaky = await startSts({
        failFirst: { count: 2, status: 400, code: 'Throttling', message: 'Rate exceeded' },
      });
      const request = async (): Promise<HttpsResponse> =>
        send(await signedStsPost({ Action: 'AssumeRole', ...validAssume }, source), flaky);
      expectAwsError(await request(), 400, 'Throttling');
      expectAwsError(await request(), 400, 'Throttling');
      expect((await request()).status).toBe(200);
      expect(flaky.requests.map((r) => r.outcome)).toEqual(['injected-failure', 'injected-failure', 'ok']);

      const broken = await startSts({ failFirst: { count: 1, status: 500, code: 'InternalFailure' } });
      const failure = await send(await signedStsPost({ Action: 'GetCallerIdentity' }, source), broken);
      expectAwsError(failure, 500, 'InternalFailure');
      expect(xmlValue(failure.body, 'Type')).toBe('Receiver');
    });

    it('can send headers and then never the body', async () => {
      const stalling = await startSts({ stallAfterHeaders: true });
      const signed = await signedStsPost({ Action: 'GetCallerIdentity' }, source);
      const outcome = send(signed, stalling).then(
        () => 'completed',
        (error: Error) => error.message,
      );
      const winner = await Promise.race([
        outcome,
        new Promise((resolve) => setTimeout(() => resolve('stalled'), 300)),
      ]);
      expect(winner).toBe('stalled');
      expect(stalling.requests[0]?.outcome).toBe('stalled');
      await stalling.close();
      expect(await outcome).not.toBe('completed');
    });

    it('can accept TCP connections and never complete the TLS handshake', async () => {
      const silent = await startSts({ silent: true });
      const socket = connect({
        host: silent.address,
        port: silent.port,
        servername: STS_HOST,
        ca: pki.caCertPem,
      });
      socket.on('error', () => undefined);
      const handshake = new Promise((resolve) => socket.once('secureConnect', () => resolve('handshake')));
      const winner = await Promise.race([
        handshake,
        new Promise((resolve) => setTimeout(() => resolve('silent'), 300)),
      ]);
      expect(winner).toBe('silent');
      socket.destroy();
      await silent.close();
    });
  });
});
