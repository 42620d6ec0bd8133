import { getIDToken } from '@actions/core';
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { request } from 'node:http';
import {
  DEFAULT_OIDC_SUBJECT,
  GITHUB_ACTIONS_ISSUER,
  startFakeOidcIssuer,
  type FakeOidcIssuer,
  type FakeOidcIssuerOptions,
} from '../../test-support/fake-oidc-issuer.js';
import { capturingStdout } from '../capture-stdout.js';

const REQUEST_TOKEN = 'runner-request-token-5f1c';
const ENV_NAMES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const;

/** The three parts of a JWT, header and claims decoded. */
function decode(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header = '', claims = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

/** `getIDToken` from `@actions/core`, as an action calls it on a runner, for this issuer. */
async function fetchToken(
  issuer: FakeOidcIssuer,
  audience?: string,
  requestToken = issuer.requestToken,
): Promise<{ result: string; stdout: string }> {
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = issuer.requestUrl;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = requestToken;
  return capturingStdout(() => getIDToken(audience));
}

function plainRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('fake OIDC issuer', () => {
  const issuers: FakeOidcIssuer[] = [];
  const savedEnv = new Map<string, string | undefined>();

  async function start(options: Partial<FakeOidcIssuerOptions> = {}): Promise<FakeOidcIssuer> {
    const issuer = await startFakeOidcIssuer({ requestToken: REQUEST_TOKEN, ...options });
    issuers.push(issuer);
    return issuer;
  }

  beforeEach(() => {
    for (const name of ENV_NAMES) savedEnv.set(name, process.env[name]);
  });

  afterEach(async () => {
    for (const name of ENV_NAMES) {
      const value = savedEnv.get(name);
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
  });

  it("answers @actions/core's getIDToken with a fresh RS256 JWT per call", async () => {
    const issuer = await start();
    expect(issuer.requestUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/_apis\/distributedtask\/hubs\/Actions\/plans\/[0-9a-f-]{36}\/jobs\/[0-9a-f-]{36}\/idtoken\?api-version=2\.0$/,
    );
    const before = Math.floor(Date.now() / 1000);
    const first = await fetchToken(issuer, 'sts.amazonaws.com');
    const second = await fetchToken(issuer, 'sts.amazonaws.com');
    const token = first.result;

    expect(token.split('.')).toHaveLength(3);
    const { header, claims } = decode(token);
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', kid: issuer.keyId });
    expect(claims).toEqual(
      expect.objectContaining({
        iss: GITHUB_ACTIONS_ISSUER,
        sub: DEFAULT_OIDC_SUBJECT,
        aud: 'sts.amazonaws.com',
        repository: 'org/app',
        repository_owner: 'org',
        ref: 'refs/heads/main',
      }),
    );
    const iat = claims.iat as number;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(claims.nbf).toBe(iat);
    expect(claims.exp).toBe(iat + 300);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(decode(second.result).claims.jti).not.toBe(claims.jti);
    expect(second.result).not.toBe(token);

    // The signature checks out with the published key, by node:crypto alone.
    const [head = '', body = '', signature = ''] = token.split('.');
    const fromPem = createPublicKey(issuer.publicKeyPem);
    expect(
      verify('sha256', Buffer.from(`${head}.${body}`), fromPem, Buffer.from(signature, 'base64url')),
    ).toBe(true);
    const jwk = issuer.jwks.keys[0];
    expect(jwk).toEqual(expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: issuer.keyId }));
    const fromJwk = createPublicKey({ key: jwk ?? {}, format: 'jwk' });
    expect(
      verify('sha256', Buffer.from(`${head}.${body}`), fromJwk, Buffer.from(signature, 'base64url')),
    ).toBe(true);
    expect(issuer.verify(token, 'sts.amazonaws.com')).toEqual({ ok: true, claims });

    // What getIDToken sent, and that it masked the token.
    expect(issuer.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        audience: 'sts.amazonaws.com',
        authorized: true,
        userAgent: 'actions/oidc-client',
        status: 200,
      }),
      expect.objectContaining({ audience: 'sts.amazonaws.com', authorized: true, status: 200 }),
    ]);
    expect(issuer.issued).toEqual([
      {
        audience: 'sts.amazonaws.com',
        time: expect.any(Date),
        jti: claims.jti,
        expiresAt: new Date((iat + 300) * 1000),
        token,
      },
      expect.objectContaining({ audience: 'sts.amazonaws.com' }),
    ]);
    expect(first.stdout).toContain(`::add-mask::${token}`);
    expect(JSON.stringify(issuer.requests)).not.toContain(token);
  });

  it("uses the owner's URL as audience when none is asked, and the configured issuer and subject", async () => {
    const issuer = await start({
      issuer: 'https://oidc.example.test',
      subject: 'repo:acme/tools:environment:prod',
    });
    const token = (await fetchToken(issuer)).result;
    expect(decode(token).claims).toEqual(
      expect.objectContaining({
        iss: 'https://oidc.example.test',
        sub: 'repo:acme/tools:environment:prod',
        aud: 'https://github.com/acme',
        repository: 'acme/tools',
      }),
    );
    expect(issuer.requests[0]?.audience).toBeUndefined();
    expect(issuer.issued.map((issued) => issued.audience)).toEqual(['https://github.com/acme']);
  });

  it('stamps tokens with the given clock and lifetime', async () => {
    const now = new Date('2030-01-02T03:04:05Z');
    const issuer = await start({ now: () => now, lifetimeSeconds: 120 });
    const { claims } = decode((await fetchToken(issuer, 'x')).result);
    expect(claims).toEqual(expect.objectContaining({ iat: 1893553445, nbf: 1893553445, exp: 1893553565 }));
  });

  it('refuses a wrong or missing bearer token with 401, and other paths and methods', async () => {
    const issuer = await start();
    await expect(fetchToken(issuer, 'sts.amazonaws.com', 'not-the-token')).rejects.toThrow(/401/);
    const url = `${issuer.requestUrl}&audience=sts.amazonaws.com`;
    expect((await plainRequest(url)).status).toBe(401);
    expect((await plainRequest(url, { headers: { Authorization: `Basic ${REQUEST_TOKEN}` } })).status).toBe(
      401,
    );
    expect((await plainRequest(url, { headers: { Authorization: `Bearer ${REQUEST_TOKEN}x` } })).status).toBe(
      401,
    );
    const authorized = { Authorization: `Bearer ${REQUEST_TOKEN}` };
    expect((await plainRequest(url, { method: 'POST', headers: authorized })).status).toBe(405);
    const elsewhere = new URL(issuer.requestUrl);
    elsewhere.pathname = '/_apis/other';
    expect((await plainRequest(elsewhere.href, { headers: authorized })).status).toBe(404);
    expect(issuer.issued).toEqual([]);
    expect(issuer.requests.map((r) => [r.authorized, r.status])).toEqual([
      [false, 401],
      [false, 401],
      [false, 401],
      [false, 401],
      [true, 405],
      [true, 404],
    ]);

    const answered = await plainRequest(url, { headers: authorized });
    expect(answered.status).toBe(200);
    expect(Object.keys(JSON.parse(answered.body) as object)).toEqual(['value']);
  });

  it('can fail the first requests: getIDToken retries 503 and gives up on 500', async () => {
    const flaky = await start({ failFirst: { count: 2, status: 503 } });
    const token = (await fetchToken(flaky, 'sts.amazonaws.com')).result;
    expect(flaky.verify(token, 'sts.amazonaws.com').ok).toBe(true);
    expect(flaky.requests.map((r) => [r.status, r.fault])).toEqual([
      [503, 'fail'],
      [503, 'fail'],
      [200, undefined],
    ]);

    const broken = await start({ failFirst: { count: 1, status: 500 } });
    await expect(fetchToken(broken, 'sts.amazonaws.com')).rejects.toThrow(/500/);
    expect(broken.requests).toHaveLength(1);
    expect(broken.issued).toEqual([]);
  });

  describe('verify rejects', () => {
    it('a token whose claims were changed after signing', async () => {
      const issuer = await start();
      const token = (await fetchToken(issuer, 'sts.amazonaws.com')).result;
      const [head = '', body = '', signature = ''] = token.split('.');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      const forged = Buffer.from(
        JSON.stringify({ ...claims, sub: 'repo:evil/app:ref:refs/heads/main' }),
      ).toString('base64url');
      expect(issuer.verify(`${head}.${forged}.${signature}`, 'sts.amazonaws.com')).toEqual({
        ok: false,
        error: 'bad signature',
      });
      expect(issuer.verify(`${head}.${body}.${signature.slice(0, -4)}AAAA`)).toEqual({
        ok: false,
        error: 'bad signature',
      });
      expect(issuer.verify('not.a-jwt')).toEqual(expect.objectContaining({ ok: false }));
    });

    it('another audience, an expired or not yet valid token, another issuer or key, alg none', async () => {
      const issuer = await start();
      const token = (await fetchToken(issuer, 'sts.amazonaws.com')).result;
      expect(issuer.verify(token, 'sts.amazonaws.com').ok).toBe(true);
      expect(issuer.verify(token, 'api://AzureADTokenExchange')).toEqual({
        ok: false,
        error: 'audience sts.amazonaws.com, not api://AzureADTokenExchange',
      });

      const now = Math.floor(Date.now() / 1000);
      expect(issuer.verify(issuer.mint({ iat: now - 600, nbf: now - 600, exp: now - 300 }))).toEqual(
        expect.objectContaining({ ok: false, error: expect.stringMatching(/^expired at /) }),
      );
      expect(issuer.verify(issuer.mint({ nbf: now + 3600 }))).toEqual(
        expect.objectContaining({ ok: false, error: expect.stringMatching(/^not valid before /) }),
      );
      expect(issuer.verify(issuer.mint({ iss: 'https://evil.example' }))).toEqual(
        expect.objectContaining({
          ok: false,
          error: expect.stringMatching(/^issuer https:\/\/evil\.example/),
        }),
      );

      const other = await start();
      expect(issuer.verify(other.mint())).toEqual(
        expect.objectContaining({ ok: false, error: expect.stringMatching(/^unknown kid /) }),
      );
      // The right kid, the wrong key.
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const header = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: issuer.keyId })).toString(
        'base64url',
      );
      const body = token.split('.')[1] ?? '';
      const wrongKey = sign('sha256', Buffer.from(`${header}.${body}`), privateKey).toString('base64url');
      expect(issuer.verify(`${header}.${body}.${wrongKey}`)).toEqual({ ok: false, error: 'bad signature' });

      const none = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'none' })).toString('base64url');
      expect(issuer.verify(`${none}.${body}.AAAA`)).toEqual({ ok: false, error: 'unexpected alg none' });
    });
  });
});
