import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { webIdentityParameters } from '../../src/aws/source-credentials.js';
import { decodeXmlText, readXmlFields, sessionOutputOf, StsServiceError } from '../../src/aws/sts-answer.js';
import { queryBody, stsQueryClient, type StsClient } from '../../src/aws/sts-query-client.js';
import { FakeAwsAccounts, type LongTermKey } from '../../test-support/fake-aws-accounts.js';
import { startFakeSts, type FakeSts } from '../../test-support/fake-sts.js';
import { PinnedAgent } from '../../test-support/pinned-agent.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';
import {
  assumeRoleOk,
  assumeRoleWithWebIdentityOk,
  getSessionTokenOk,
  localStsClient,
  startLocalSts,
  stsError,
  type LocalSts,
  type StsReply,
} from './local-sts-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const REGION = 'ap-northeast-1';
const STS_HOST = `sts.${REGION}.amazonaws.com`;
const VPCE_HOST = `vpce-0a1b2c3d4e5f-abcd1234.sts.${REGION}.vpce.amazonaws.com`;
const SOURCE_ARN = 'arn:aws:iam::222222222222:user/ci';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/SwitchRole';
const UNTRUSTING_ROLE_ARN = 'arn:aws:iam::111111111111:role/AdminRole';
const SIGNAL = new AbortController().signal;

describe("the action's STS client against the fake STS (SigV4 checked with aws4)", () => {
  let dir: string;
  let pki: TestPki;
  let accounts: FakeAwsAccounts;
  let source: LongTermKey;
  const servers: FakeSts[] = [];
  const clients: StsClient[] = [];

  async function startSts(expectedHost = STS_HOST): Promise<FakeSts> {
    const server = await startFakeSts({
      accounts,
      region: REGION,
      tls: { key: pki.keyPem, cert: pki.certPem },
      expectedHost,
    });
    servers.push(server);
    return server;
  }

  function clientOf(
    server: FakeSts,
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = source,
    options: { region?: string; host?: string } = {},
  ): StsClient {
    const client = stsQueryClient({
      region: options.region ?? REGION,
      origin: `https://${options.host ?? STS_HOST}`,
      agent: new PinnedAgent(server, pki.caCertPem),
      credentials,
    });
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sts-query-client-test-'));
    pki = await createTestPki(path.join(dir, 'pki'), [STS_HOST, `*.sts.${REGION}.vpce.amazonaws.com`]);
  });

  beforeEach(() => {
    accounts = new FakeAwsAccounts();
    source = accounts.addSourceKey({ principalArn: SOURCE_ARN });
    accounts.addRole({ roleArn: ROLE_ARN, trustedPrincipalArns: [SOURCE_ARN] });
    accounts.addRole({
      roleArn: UNTRUSTING_ROLE_ARN,
      trustedPrincipalArns: ['arn:aws:iam::111111111111:user/admin'],
    });
  });

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('AssumeRole with a long-term key: the session the fake issued, its expiry as a Date, the role session ARN', async () => {
    const sts = await startSts();
    const output = await clientOf(sts).session(
      'AssumeRole',
      { RoleArn: ROLE_ARN, RoleSessionName: 'ci-build-42', DurationSeconds: 900 },
      SIGNAL,
    );
    const issued = accounts.issuedSessions()[0];
    expect(output.Credentials).toEqual({
      AccessKeyId: issued?.accessKeyId,
      SecretAccessKey: issued?.secretAccessKey,
      SessionToken: issued?.sessionToken,
      Expiration: expect.any(Date),
    });
    expect(output.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111111111111:assumed-role/SwitchRole/ci-build-42');
    expect(sts.requests.map((request) => [request.action, request.status])).toEqual([['AssumeRole', 200]]);
  });

  it('GetCallerIdentity signed with a session (its token sent and signed) names the assumed role', async () => {
    const sts = await startSts();
    const assumed = await clientOf(sts).session(
      'AssumeRole',
      { RoleArn: ROLE_ARN, RoleSessionName: 'who' },
      SIGNAL,
    );
    const session = {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: assumed.Credentials?.SessionToken ?? '',
    };
    const identity = await clientOf(sts, session).callerIdentity(SIGNAL);
    expect(identity).toEqual({
      Arn: 'arn:aws:sts::111111111111:assumed-role/SwitchRole/who',
      Account: '111111111111',
      UserId: expect.stringMatching(/^AROA[A-Z2-7]+:who$/),
    });
  });

  it("GetSessionToken with a long-term key gives a session of the key's user", async () => {
    const sts = await startSts();
    const output = await clientOf(sts).session('GetSessionToken', { DurationSeconds: 900 }, SIGNAL);
    expect(output.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(output.AssumedRoleUser).toBeUndefined();
  });

  it('signs for the host it sends to: a VPC endpoint name is accepted by an STS that expects it', async () => {
    const sts = await startSts(VPCE_HOST);
    const output = await clientOf(sts, source, { host: VPCE_HOST }).session(
      'AssumeRole',
      { RoleArn: ROLE_ARN, RoleSessionName: 'vpce' },
      SIGNAL,
    );
    expect(output.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(sts.requests[0]?.host).toBe(VPCE_HOST);
  });

  it("throws STS's refusal with its code as the name and the HTTP status: AccessDenied, 403", async () => {
    const sts = await startSts();
    const refused = clientOf(sts).session(
      'AssumeRole',
      { RoleArn: UNTRUSTING_ROLE_ARN, RoleSessionName: 'no' },
      SIGNAL,
    );
    await expect(refused).rejects.toBeInstanceOf(StsServiceError);
    await expect(refused).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${SOURCE_ARN} is not authorized to perform: sts:AssumeRole on resource: ${UNTRUSTING_ROLE_ARN}`,
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('scopes the signature to the region it is given (a client of another region is refused)', async () => {
    const sts = await startSts();
    const refused = clientOf(sts, source, { region: 'us-east-1' }).callerIdentity(SIGNAL);
    await expect(refused).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('is refused for a wrong secret, so the fake does check what the client signs', async () => {
    const sts = await startSts();
    const wrong = { accessKeyId: source.accessKeyId, secretAccessKey: 'x'.repeat(40) };
    await expect(clientOf(sts, wrong).callerIdentity(SIGNAL)).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });
});

describe("the action's STS client reads an answer as the SDK's STSClient reads it", () => {
  const ISSUED = {
    accessKeyId: 'ASIAEXAMPLEISSUED001',
    secretAccessKey: 'issued/secret&lt;with&amp;entities+/=',
    sessionToken: 'FwoGZXIvYXdzE&amp;token/with+slashes==',
    expiration: '2026-12-07T12:34:56Z',
    assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/clone-reader/s',
  };
  let sts: LocalSts;
  let reply: StsReply;
  const sdk = () =>
    new STSClient({
      region: 'eu-west-1',
      endpoint: sts.origin,
      credentials: { accessKeyId: 'AKIASOURCEEXAMPLE01', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });

  beforeAll(async () => {
    sts = await startLocalSts(() => reply);
  });
  afterAll(() => sts.close());

  async function both<T>(
    ours: (client: StsClient) => Promise<T>,
    theirs: (client: STSClient) => Promise<T>,
  ): Promise<[T | unknown, T | unknown]> {
    const client = localStsClient(sts.origin);
    const reference = sdk();
    try {
      return [await ours(client).catch((e: unknown) => e), await theirs(reference).catch((e: unknown) => e)];
    } finally {
      client.destroy();
      reference.destroy();
    }
  }

  it.each([
    ['AssumeRole', assumeRoleOk(ISSUED)],
    ['AssumeRoleWithWebIdentity', assumeRoleWithWebIdentityOk(ISSUED)],
    ['GetSessionToken', getSessionTokenOk(ISSUED)],
  ] as const)('%s: the same session, expiry and role ARN, entities decoded', async (action, answer) => {
    reply = answer;
    const params = { RoleArn: 'arn:aws:iam::111122223333:role/clone-reader', RoleSessionName: 's' };
    const [ours, theirs] = await both(
      (client) =>
        client.session(
          action,
          action === 'GetSessionToken' ? {} : { ...params, WebIdentityToken: 't' },
          SIGNAL,
        ),
      async (client) => {
        const output =
          action === 'AssumeRole'
            ? await client.send(new AssumeRoleCommand(params))
            : action === 'AssumeRoleWithWebIdentity'
              ? await client.send(new AssumeRoleWithWebIdentityCommand({ ...params, WebIdentityToken: 't' }))
              : await client.send(new GetSessionTokenCommand({}));
        return {
          Credentials: output.Credentials,
          ...('AssumedRoleUser' in output
            ? { AssumedRoleUser: { Arn: (output.AssumedRoleUser as { Arn?: string } | undefined)?.Arn } }
            : {}),
        };
      },
    );
    expect(ours).toEqual(theirs);
    expect((ours as { Credentials: { SecretAccessKey: string } }).Credentials.SecretAccessKey).toBe(
      'issued/secret<with&entities+/=',
    );
  });

  it('GetCallerIdentity: the same ARN, account and user id', async () => {
    reply = {
      status: 200,
      body:
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        '<Arn>arn:aws:iam::222222222222:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>222222222222</Account>' +
        '</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    };
    const [ours, theirs] = await both(
      (client) => client.callerIdentity(SIGNAL),
      async (client) => {
        const { Arn, Account, UserId } = await client.send(new GetCallerIdentityCommand({}));
        return { Arn, Account, UserId };
      },
    );
    expect(ours).toEqual(theirs);
  });

  it.each([
    [stsError(403, 'AccessDenied', 'User: x is not authorized &amp; denied')],
    [stsError(400, 'Throttling', 'Rate exceeded', { 'Retry-After': '2' })],
    [stsError(400, 'RegionDisabledException', 'STS is not activated in this region')],
    [stsError(400, 'ExpiredToken', 'The security token included in the request is expired')],
    [stsError(503, 'ServiceUnavailable', 'try later')],
  ])('a refusal: the same facts (code, status, Retry-After) and message: %#', async (answer) => {
    reply = answer;
    const [ours, theirs] = await both(
      (client) => client.callerIdentity(SIGNAL),
      (client) => client.send(new GetCallerIdentityCommand({})),
    );
    const { awsFailureFacts } = await import('../../src/aws/aws-failure.js');
    const stripped = (facts: ReturnType<typeof awsFailureFacts>) => ({
      ...facts,
      code: facts.code?.replace(/Exception$/, ''),
    });
    expect(stripped(awsFailureFacts(ours))).toEqual(stripped(awsFailureFacts(theirs)));
    expect((ours as Error).message).toBe((theirs as Error).message);
  });
});

describe("the action's STS client, its requests and the answers it refuses", () => {
  let sts: LocalSts;
  let reply: StsReply;

  beforeAll(async () => {
    sts = await startLocalSts(() => reply);
  });
  afterAll(() => sts.close());
  beforeEach(() => {
    sts.requests.splice(0);
  });

  /** Whatever session the scripted STS issues: these tests look at the requests. */
  const ANY_SESSION = {
    accessKeyId: 'ASIA1',
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: '2026-12-07T00:00:00Z',
    assumedRoleArn: 'arn',
  };

  async function call(run: (client: StsClient) => Promise<unknown>): Promise<unknown> {
    const client = localStsClient(sts.origin);
    try {
      return await run(client);
    } finally {
      client.destroy();
    }
  }

  it('sends every parameter intact, whatever its characters, with the action and version', async () => {
    reply = assumeRoleOk(ANY_SESSION);
    const externalId = "a+b=c/d!*'() é&x";
    await call((client) =>
      client.session(
        'AssumeRole',
        { RoleArn: ROLE_ARN, RoleSessionName: 'ci@build.42', ExternalId: externalId, DurationSeconds: 900 },
        SIGNAL,
      ),
    );
    const params = sts.requests[0]?.params;
    expect(Object.fromEntries(params ?? [])).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: ROLE_ARN,
      RoleSessionName: 'ci@build.42',
      ExternalId: externalId,
      DurationSeconds: '900',
    });
    expect(sts.requests[0]?.securityToken).toBe('source-session-token');
    expect(sts.requests[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIASOURCEEXAMPLE01\/\d{8}\/eu-west-1\/sts\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date/,
    );
  });

  it('encodes a body as SigV4 encodes (RFC 3986), so no character is left to the server to guess', () => {
    expect(queryBody('AssumeRole', { ExternalId: "a b!*'()~", Skipped: undefined })).toBe(
      'Action=AssumeRole&Version=2011-06-15&ExternalId=a%20b%21%2A%27%28%29~',
    );
  });

  it('sends AssumeRoleWithWebIdentity unsigned: no Authorization and no session token, even with credentials', async () => {
    reply = assumeRoleWithWebIdentityOk(ANY_SESSION);
    await call((client) =>
      client.session(
        'AssumeRoleWithWebIdentity',
        { RoleArn: ROLE_ARN, RoleSessionName: 'w', WebIdentityToken: 'jwt' },
        SIGNAL,
      ),
    );
    expect(sts.requests[0]?.authorization).toBeUndefined();
    expect(sts.requests[0]?.securityToken).toBeUndefined();
    expect(sts.requests[0]?.params.get('WebIdentityToken')).toBe('jwt');
  });

  it('refuses to send a signed action without credentials, and sends nothing', async () => {
    const client = stsQueryClient({
      region: 'eu-west-1',
      origin: sts.origin,
      agent: new (await import('node:http')).Agent(),
    });
    await expect(client.callerIdentity(SIGNAL)).rejects.toThrow(/needs credentials to sign with/);
    client.destroy();
    expect(sts.requests).toHaveLength(0);
  });

  it("names a non-STS answer by its status, host and start, with no code: a proxy's 502 page", async () => {
    reply = {
      status: 502,
      body: '<html><body>Bad Gateway</body></html>',
      headers: { 'content-type': 'text/html' },
    };
    const error = await call((client) => client.callerIdentity(SIGNAL)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'Error', $metadata: { httpStatusCode: 502 } });
    expect((error as Error).message).toBe(
      `${sts.host} answered HTTP 502 without an STS error (text/html: <html><body>Bad Gateway</body></html>)`,
    );
  });

  it('stops reading an answer over 256 KiB: no STS answer is that long', async () => {
    reply = { status: 200, body: `<x>${'a'.repeat(300 * 1024)}</x>` };
    await expect(call((client) => client.callerIdentity(SIGNAL))).rejects.toThrow(
      `${sts.host} answered more than 262144 bytes: not STS`,
    );
  });

  it('ends the request when its signal aborts, with no answer ever coming', async () => {
    reply = 'no-answer';
    const controller = new AbortController();
    const pending = call((client) => client.callerIdentity(controller.signal));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('the attempt ran out of time'));
    await expect(pending).rejects.toThrow('the attempt ran out of time');
  });
});

describe('reading STS XML', () => {
  it('takes the first element of each name, text only, with its references decoded', () => {
    const fields = readXmlFields(
      '<R><Arn>first</Arn><Inner><Arn>second</Arn></Inner><Code >A&amp;B&#60;&#x3E;</Code ><Empty></Empty></R>',
    );
    expect(Object.fromEntries(fields)).toEqual({ Arn: 'first', Code: 'A&B<>', Empty: '' });
  });

  it('leaves an unknown reference as written', () => {
    expect(decodeXmlText('&nbsp; &amp;amp; &#x110000;')).toBe('&nbsp; &amp; &#x110000;');
  });

  it('keeps no expiry that is not a date', () => {
    expect(
      sessionOutputOf(
        new Map([
          ['AccessKeyId', 'A'],
          ['Expiration', 'soon'],
        ]),
      ),
    ).toEqual({
      Credentials: { AccessKeyId: 'A' },
    });
  });
});

describe('the chain’s web identity request as STS names it', () => {
  it('flattens the policy ARNs into a member list and keeps the rest', () => {
    expect(
      webIdentityParameters({
        RoleArn: 'r',
        RoleSessionName: 's',
        WebIdentityToken: 't',
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/A' }, { arn: 'arn:aws:iam::aws:policy/B' }],
        DurationSeconds: 900,
      }),
    ).toEqual({
      RoleArn: 'r',
      RoleSessionName: 's',
      WebIdentityToken: 't',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/A',
      'PolicyArns.member.2.arn': 'arn:aws:iam::aws:policy/B',
      DurationSeconds: 900,
    });
  });
});
