import { getIDToken } from '@actions/core';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type AssumeRoleWithWebIdentityCommandInput,
} from '@aws-sdk/client-sts';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeAwsAccounts, type LongTermKey } from '../../test-support/fake-aws-accounts.js';
import { startFakeOidcIssuer, type FakeOidcIssuer } from '../../test-support/fake-oidc-issuer.js';
import { startFakeSts, type FakeSts } from '../../test-support/fake-sts.js';
import { httpsRequest, type HttpsResponse } from '../../test-support/https-request.js';
import { PinnedAgent } from '../../test-support/pinned-agent.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';
import { capturingStdout } from '../capture-stdout.js';

const REGION = 'us-east-1';
/** What the SDK resolves with `useFipsEndpoint` in us-east-1. */
const STS_HOST = `sts-fips.${REGION}.amazonaws.com`;
const RUNNER_ARN = 'arn:aws:iam::222222222222:user/vpc-runner';
const OIDC_ROLE = 'arn:aws:iam::111111111111:role/GitHubActions';
const HOP_ROLE = 'arn:aws:iam::333333333333:role/Hop';
const CHAINED_ROLE = 'arn:aws:iam::111111111111:role/ChainedReader';
const AUDIENCE = 'sts.amazonaws.com';
const ENV_NAMES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Runs `action` with stdout kept out of the test output (`@actions/core` writes `::add-mask::` there). */
async function quietly<T>(action: () => Promise<T>): Promise<T> {
  return (await capturingStdout(action)).result;
}

function xmlValue(xml: string, tag: string): string {
  const value = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
  if (value === undefined) throw new Error(`no <${tag}> in ${xml}`);
  return value;
}

describe('fake STS: AssumeRoleWithWebIdentity and role chaining', () => {
  let dir: string;
  let pki: TestPki;
  let accounts: FakeAwsAccounts;
  let runner: LongTermKey;
  let oidc: FakeOidcIssuer;
  let sts: FakeSts;
  const clients: STSClient[] = [];
  const extraIssuers: FakeOidcIssuer[] = [];
  const savedEnv = new Map<string, string | undefined>();

  /** A real STSClient with FIPS endpoints on, reaching the fake through a pinned agent. */
  function client(credentials?: Credentials): STSClient {
    const sdk = new STSClient({
      region: REGION,
      useFipsEndpoint: true,
      ...(credentials ? { credentials } : {}),
      requestHandler: { httpsAgent: new PinnedAgent(sts, pki.caCertPem) },
      maxAttempts: 1,
    });
    clients.push(sdk);
    return sdk;
  }

  /** A token fetched exactly as an action does: `getIDToken(audience)` with the runner's variables. */
  async function idToken(audience: string = AUDIENCE, issuer: FakeOidcIssuer = oidc): Promise<string> {
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = issuer.requestUrl;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = issuer.requestToken;
    return quietly(() => getIDToken(audience));
  }

  function webIdentity(token: string, extra: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) {
    return client().send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: OIDC_ROLE,
        RoleSessionName: 'gha-run-42',
        WebIdentityToken: token,
        ...extra,
      }),
    );
  }

  async function sessionFromOidc(roleArn = OIDC_ROLE, durationSeconds?: number): Promise<Credentials> {
    const answer = await webIdentity(await idToken(), { RoleArn: roleArn, DurationSeconds: durationSeconds });
    return toCredentials(answer.Credentials);
  }

  function toCredentials(
    issued: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined,
  ): Credentials {
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken)
      throw new Error('no credentials issued');
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
    };
  }

  async function assumeRole(credentials: Credentials, roleArn: string, durationSeconds?: number) {
    return client(credentials).send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'hop', DurationSeconds: durationSeconds }),
    );
  }

  /** An unsigned Query API POST, as the SDK sends AssumeRoleWithWebIdentity. */
  function unsignedPost(params: Record<string, string>): Promise<HttpsResponse> {
    return httpsRequest({
      address: sts.address,
      port: sts.port,
      method: 'POST',
      headers: { host: STS_HOST, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
      ca: pki.caCertPem,
    });
  }

  beforeAll(async () => {
    // The SDK warns once that it will need Node 22; on Node 20 that is expected noise here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    dir = await mkdtemp(path.join(tmpdir(), 'fake-sts-web-identity-'));
    pki = await createTestPki(path.join(dir, 'pki'), [STS_HOST]);
  });

  beforeEach(async () => {
    for (const name of ENV_NAMES) savedEnv.set(name, process.env[name]);
    accounts = new FakeAwsAccounts();
    runner = accounts.addSourceKey({ principalArn: RUNNER_ARN });
    oidc = await startFakeOidcIssuer({ requestToken: 'job-request-token', now: () => accounts.now() });
    const trust = { issuer: oidc.issuer, audience: AUDIENCE, subjectPattern: 'repo:org/app:*' };
    accounts.addOidcProvider({ accountId: '111111111111', issuer: oidc.issuer, jwks: oidc.jwks });
    accounts.addOidcProvider({ accountId: '333333333333', issuer: oidc.issuer, jwks: oidc.jwks });
    accounts.addRole({
      roleArn: OIDC_ROLE,
      trustedPrincipalArns: [],
      trustedWebIdentity: trust,
      maxSessionDurationSeconds: 43200,
    });
    accounts.addRole({ roleArn: HOP_ROLE, trustedPrincipalArns: [RUNNER_ARN], trustedWebIdentity: trust });
    accounts.addRole({
      roleArn: CHAINED_ROLE,
      trustedPrincipalArns: [HOP_ROLE],
      maxSessionDurationSeconds: 43200,
    });
    sts = await startFakeSts({
      accounts,
      region: REGION,
      tls: { key: pki.keyPem, cert: pki.certPem },
      expectedHost: STS_HOST,
    });
  });

  afterEach(async () => {
    for (const sdk of clients.splice(0)) sdk.destroy();
    await Promise.all([sts.close(), oidc.close(), ...extraIssuers.splice(0).map((issuer) => issuer.close())]);
    for (const name of ENV_NAMES) {
      const value = savedEnv.get(name);
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("exchanges getIDToken's token for a session with the SDK's AssumeRoleWithWebIdentityCommand", async () => {
    const token = await idToken();
    const answer = await webIdentity(token, { DurationSeconds: 7200 });

    expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(answer.Credentials?.SessionToken).toBe(accounts.issuedSessions()[0]?.sessionToken);
    const expiresIn = (answer.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    expect(Math.abs(expiresIn - 7200_000)).toBeLessThan(5000);
    expect(answer.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111111111111:assumed-role/GitHubActions/gha-run-42',
    );
    expect(answer.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:gha-run-42$/);
    expect(answer.SubjectFromWebIdentityToken).toBe('repo:org/app:ref:refs/heads/main');
    expect(answer.Audience).toBe(AUDIENCE);
    expect(answer.Provider).toBe(
      'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
    );

    expect(sts.requests).toEqual([
      expect.objectContaining({
        action: 'AssumeRoleWithWebIdentity',
        host: STS_HOST,
        serverName: STS_HOST,
        callerAccessKeyId: undefined,
        sessionTokenSent: false,
        outcome: 'ok',
        status: 200,
        issuedAccessKeyId: answer.Credentials?.AccessKeyId,
        webIdentity: {
          issuer: 'https://token.actions.githubusercontent.com',
          subject: 'repo:org/app:ref:refs/heads/main',
          audience: AUDIENCE,
          providerArn: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
        },
      }),
    ]);
    expect(sts.requests[0]?.params).toEqual(
      expect.objectContaining({
        RoleArn: OIDC_ROLE,
        RoleSessionName: 'gha-run-42',
        WebIdentityToken: '[redacted]',
      }),
    );
    expect(JSON.stringify(sts.requests)).not.toContain(token.split('.')[2]);

    // The session works for signed calls.
    const identity = await client(toCredentials(answer.Credentials)).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::111111111111:assumed-role/GitHubActions/gha-run-42');
    expect(sts.requests[1]).toEqual(
      expect.objectContaining({ action: 'GetCallerIdentity', sessionTokenSent: true, status: 200 }),
    );
  });

  it("answers in STS's AssumeRoleWithWebIdentityResponse XML", async () => {
    const response = await unsignedPost({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: OIDC_ROLE,
      RoleSessionName: 'raw',
      WebIdentityToken: await idToken(),
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatch(
      /^<AssumeRoleWithWebIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<AssumeRoleWithWebIdentityResult>\s*<SubjectFromWebIdentityToken>repo:org\/app:ref:refs\/heads\/main<\/SubjectFromWebIdentityToken>\s*<Audience>sts\.amazonaws\.com<\/Audience>\s*<AssumedRoleUser>/,
    );
    expect(xmlValue(response.body, 'Provider')).toBe(
      'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
    );
    expect(xmlValue(response.body, 'Expiration')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(xmlValue(response.body, 'RequestId')).toBe(response.headers['x-amzn-requestid']);
    // Only this action goes without a signature.
    const unsigned = await unsignedPost({ Action: 'AssumeRole', RoleArn: OIDC_ROLE, RoleSessionName: 'raw' });
    expect([unsigned.status, xmlValue(unsigned.body, 'Code')]).toEqual([403, 'MissingAuthenticationToken']);
  });

  describe('rejects', () => {
    /** `name` is the SDK's exception class (`InvalidIdentityTokenException` for code `InvalidIdentityToken`). */
    async function expectRejected(
      token: string,
      expected: { name: string; status: number; message?: string | RegExp },
      extra: Partial<AssumeRoleWithWebIdentityCommandInput> = {},
    ): Promise<void> {
      const failure = (await webIdentity(token, extra).then(
        () => undefined,
        (error: unknown) => error,
      )) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
      expect(failure).toBeDefined();
      expect({ name: failure?.name, status: failure?.$metadata?.httpStatusCode }).toEqual({
        name: expected.name,
        status: expected.status,
      });
      if (expected.message !== undefined) expect(failure?.message).toMatch(expected.message);
      const code = expected.name === 'InvalidIdentityTokenException' ? 'InvalidIdentityToken' : expected.name;
      expect(sts.requests.at(-1)).toEqual(
        expect.objectContaining({
          action: 'AssumeRoleWithWebIdentity',
          errorCode: code,
          outcome: 'rejected',
        }),
      );
      expect(sts.requests.at(-1)?.issuedAccessKeyId).toBeUndefined();
    }

    it('a tampered token, a token signed by another key, and what is no JWT', async () => {
      const token = await idToken();
      const [head = '', body = '', signature = ''] = token.split('.');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      const widened = Buffer.from(
        JSON.stringify({ ...claims, sub: 'repo:org/app:ref:refs/heads/evil' }),
      ).toString('base64url');
      await expectRejected(`${head}.${widened}.${signature}`, {
        name: 'InvalidIdentityTokenException',
        status: 400,
      });

      // Same issuer name and claims, someone else's key.
      const impostor = await startFakeOidcIssuer({ requestToken: 'x'.repeat(8) });
      extraIssuers.push(impostor);
      await expectRejected(impostor.mint({ aud: AUDIENCE }), {
        name: 'InvalidIdentityTokenException',
        status: 400,
      });

      // The provider's kid, signed with another key; and no signature at all.
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const withKid = (alg: string) =>
        Buffer.from(JSON.stringify({ typ: 'JWT', alg, kid: oidc.keyId })).toString('base64url');
      const forgedSignature = sign('sha256', Buffer.from(`${withKid('RS256')}.${body}`), privateKey);
      await expectRejected(`${withKid('RS256')}.${body}.${forgedSignature.toString('base64url')}`, {
        name: 'InvalidIdentityTokenException',
        status: 400,
      });
      await expectRejected(`${withKid('none')}.${body}.AAAA`, {
        name: 'InvalidIdentityTokenException',
        status: 400,
      });

      await expectRejected('not-a-jwt', {
        name: 'InvalidIdentityTokenException',
        status: 400,
        message:
          'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      });
      expect(sts.requests.map((r) => r.errorCode)).toEqual(Array(5).fill('InvalidIdentityToken'));
    });

    it('a token of an issuer with no OIDC provider in the role account', async () => {
      const stranger = await startFakeOidcIssuer({
        requestToken: 'stranger',
        issuer: 'https://oidc.example.test',
      });
      extraIssuers.push(stranger);
      await expectRejected(await idToken(AUDIENCE, stranger), {
        name: 'InvalidIdentityTokenException',
        status: 400,
        message: 'No OpenIDConnect provider found in your account for https://oidc.example.test',
      });
    });

    it('another audience or a subject the role does not trust', async () => {
      const notAuthorized = {
        name: 'AccessDenied',
        status: 403,
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      };
      await expectRejected(await idToken('api://AzureADTokenExchange'), notAuthorized);
      await expectRejected(await idToken('sts.amazonaws.com.evil'), notAuthorized);
      await expectRejected(
        oidc.mint({ aud: AUDIENCE, sub: 'repo:other/app:ref:refs/heads/main' }),
        notAuthorized,
      );
      // A role trusting no web identity, however good the token.
      await expectRejected(await idToken(), notAuthorized, { RoleArn: CHAINED_ROLE });
      await expectRejected(await idToken(), notAuthorized, { RoleArn: `${OIDC_ROLE}Typo` });
    });

    it("an audience the provider does not list, before the role's trust", async () => {
      accounts.addOidcProvider({
        accountId: '111111111111',
        issuer: oidc.issuer,
        jwks: oidc.jwks,
        clientIds: [AUDIENCE],
      });
      await expectRejected(await idToken('https://github.com/org'), {
        name: 'InvalidIdentityTokenException',
        status: 400,
        message: 'Incorrect token audience',
      });
      expect((await webIdentity(await idToken())).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    });

    it('an expired token', async () => {
      const token = await idToken();
      accounts.advanceClock(301_000);
      await expectRejected(token, {
        name: 'ExpiredTokenException',
        status: 400,
        message: /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/,
      });
      const now = Math.floor(accounts.now().getTime() / 1000);
      await expectRejected(oidc.mint({ aud: AUDIENCE, iat: now - 900, nbf: now - 900, exp: now - 600 }), {
        name: 'ExpiredTokenException',
        status: 400,
      });
      // A fresh one from the same (advanced) clock is fine.
      expect((await webIdentity(await idToken())).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    });

    it('invalid parameters', async () => {
      await expectRejected(
        await idToken(),
        { name: 'ValidationError', status: 400 },
        { DurationSeconds: 899 },
      );
      await expectRejected(
        await idToken(),
        { name: 'ValidationError', status: 400 },
        { RoleSessionName: 'a b' },
      );
      await expectRejected(
        await idToken(),
        { name: 'ValidationError', status: 400 },
        { DurationSeconds: 43201 },
      );
      const missing = await unsignedPost({
        Action: 'AssumeRoleWithWebIdentity',
        RoleArn: OIDC_ROLE,
        RoleSessionName: 'raw',
      });
      expect([missing.status, xmlValue(missing.body, 'Code')]).toEqual([400, 'ValidationError']);
      expect(xmlValue(missing.body, 'Message')).toContain("Value null at 'webIdentityToken'");
    });
  });

  describe('role chaining', () => {
    it("lets a runner key's session assume a role that trusts the first role, signed with its token", async () => {
      const hop = await assumeRole(runner, HOP_ROLE);
      const hopCredentials = toCredentials(hop.Credentials);
      const chained = await assumeRole(hopCredentials, CHAINED_ROLE, 3600);
      expect(chained.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111111111111:assumed-role/ChainedReader/hop');
      expect(sts.requests[1]).toEqual(
        expect.objectContaining({
          action: 'AssumeRole',
          callerAccessKeyId: hopCredentials.accessKeyId,
          sessionTokenSent: true,
          status: 200,
        }),
      );
      const identity = await client(toCredentials(chained.Credentials)).send(
        new GetCallerIdentityCommand({}),
      );
      expect(identity.Account).toBe('111111111111');
    });

    it('lets a session from a web identity chain on, and refuses the runner key the second role', async () => {
      const hop = await sessionFromOidc(HOP_ROLE);
      const chained = await assumeRole(hop, CHAINED_ROLE);
      expect(chained.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111111111111:assumed-role/ChainedReader/hop');

      await expect(assumeRole(runner, CHAINED_ROLE)).rejects.toMatchObject({
        name: 'AccessDenied',
        message: `User: ${RUNNER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${CHAINED_ROLE}`,
        $metadata: { httpStatusCode: 403 },
      });
      // The web identity role is not the first hop either.
      const oidcSession = await sessionFromOidc();
      await expect(assumeRole(oidcSession, CHAINED_ROLE)).rejects.toMatchObject({ name: 'AccessDenied' });
    });

    it('refuses a chained session over one hour, though the role allows twelve', async () => {
      for (const first of [
        toCredentials((await assumeRole(runner, HOP_ROLE)).Credentials),
        await sessionFromOidc(HOP_ROLE),
      ]) {
        await expect(assumeRole(first, CHAINED_ROLE, 3601)).rejects.toMatchObject({
          name: 'ValidationError',
          message:
            'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
          $metadata: { httpStatusCode: 400 },
        });
      }
      // Not chained: the runner key may ask the role's maximum of a role it is trusted by.
      accounts.addRole({
        roleArn: 'arn:aws:iam::111111111111:role/Long',
        trustedPrincipalArns: [RUNNER_ARN],
        maxSessionDurationSeconds: 43200,
      });
      const long = await assumeRole(runner, 'arn:aws:iam::111111111111:role/Long', 43200);
      expect(long.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    });

    it('refuses a session that does not send its token', async () => {
      const hop = await sessionFromOidc(HOP_ROLE);
      const withoutToken = { accessKeyId: hop.accessKeyId, secretAccessKey: hop.secretAccessKey };
      await expect(assumeRole(withoutToken, CHAINED_ROLE)).rejects.toMatchObject({
        name: 'InvalidClientTokenId',
        $metadata: { httpStatusCode: 403 },
      });
    });
  });
});
