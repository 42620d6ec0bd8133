/**
 * A local stand-in for the GitHub Actions OIDC token service: the URL a runner hands a job in
 * `ACTIONS_ID_TOKEN_REQUEST_URL`, answering `@actions/core`'s `getIDToken(audience)` the way the real
 * one does. `getIDToken` sends `GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=<aud>` (so the URL already
 * carries a query) with `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>` and reads `value`
 * from the JSON answer; every call gets a fresh RS256 JWT (iss, sub, aud, iat, nbf, exp, jti) signed
 * with a key pair made at start. Plain HTTP. It records what it was asked and what it issued, never
 * the tokens themselves.
 */
import {
  createHash,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify as verifySignature,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { authority, listenTracked } from './server-lifecycle.js';
import { constantTimeEqual, headerValue } from './sigv4-verifier.js';
import { decodeJwt } from './jwt.js';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
export const DEFAULT_OIDC_SUBJECT = 'repo:org/app:ref:refs/heads/main';
/** What GitHub's tokens live for. */
export const DEFAULT_ID_TOKEN_LIFETIME_SECONDS = 300;

export interface FakeOidcIssuerOptions {
  /** The secret a job presents (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`). */
  requestToken: string;
  /** Default '127.0.0.1'. */
  address?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** The tokens' `iss`; default {@link GITHUB_ACTIONS_ISSUER}. */
  issuer?: string;
  /** The tokens' `sub`; default {@link DEFAULT_OIDC_SUBJECT}. */
  subject?: string;
  /** `exp - iat`; default 300. */
  lifetimeSeconds?: number;
  /** The clock tokens are stamped with (e.g. `() => accounts.now()`); default the real clock. */
  now?: () => Date;
  /** Answer the first `count` requests with this HTTP status before looking at them (502/503/504 are retried by `getIDToken`). */
  failFirst?: { count: number; status: number };
}

export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  /** Seconds since the epoch. */
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  [claim: string]: unknown;
}

export type IdTokenVerdict = { ok: true; claims: IdTokenClaims } | { ok: false; error: string };

/** A token the endpoint handed out. */
export interface IssuedIdToken {
  audience: string;
  time: Date;
  jti: string;
  expiresAt: Date;
  /** The signed token itself: a secret of the job, for leak checks. */
  token: string;
}

export interface RecordedTokenRequest {
  time: Date;
  method: string;
  path: string;
  /** The `audience` query parameter, if any. */
  audience: string | undefined;
  /** Whether the bearer token was the job's request token. */
  authorized: boolean;
  userAgent: string | undefined;
  status: number;
  /** Set when `failFirst` answered it. */
  fault?: 'fail';
}

export interface FakeOidcIssuer {
  /** The value for `ACTIONS_ID_TOKEN_REQUEST_URL` (`http://…/idtoken?api-version=2.0`). */
  requestUrl: string;
  /** The value for `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
  requestToken: string;
  /** Both variables, ready for a step's environment. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  issuer: string;
  subject: string;
  address: string;
  port: number;
  /** The `kid` of the signing key (its RFC 7638 thumbprint). */
  keyId: string;
  publicKeyPem: string;
  /** The issuer's JWKS, as its `jwks_uri` would serve it (give it to `accounts.addOidcProvider`). */
  jwks: { keys: JsonWebKey[] };
  /** Tokens issued over HTTP, in order. */
  issued: IssuedIdToken[];
  /** Every HTTP request received, answered or not. */
  requests: RecordedTokenRequest[];
  /**
   * Signs a token with this issuer's key without any HTTP request (not recorded in `issued`): the
   * claims of a fresh token for `overrides.aud` (default the owner URL), with `overrides` applied.
   * For expired, not-yet-valid or otherwise odd tokens.
   */
  mint(overrides?: Partial<IdTokenClaims>): string;
  /** Checks signature, `iss`, `nbf`/`exp` against the issuer's clock and, if given, `aud`. */
  verify(token: string, expectedAudience?: string): IdTokenVerdict;
  close(): Promise<void>;
}

const TOKEN_PATH_PATTERN =
  /^\/_apis\/distributedtask\/hubs\/Actions\/plans\/[0-9a-f-]{36}\/jobs\/[0-9a-f-]{36}\/idtoken$/;
const CLOCK_LEEWAY_SECONDS = 60;

export async function startFakeOidcIssuer(options: FakeOidcIssuerOptions): Promise<FakeOidcIssuer> {
  if (!options.requestToken) throw new Error('startFakeOidcIssuer needs a requestToken');
  const address = options.address ?? '127.0.0.1';
  const issuer = options.issuer ?? GITHUB_ACTIONS_ISSUER;
  const subject = options.subject ?? DEFAULT_OIDC_SUBJECT;
  const lifetimeSeconds = options.lifetimeSeconds ?? DEFAULT_ID_TOKEN_LIFETIME_SECONDS;
  const now = options.now ?? (() => new Date());
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' });
  const keyId = jwkThumbprint(publicJwk);
  const jwks = { keys: [{ ...publicJwk, kid: keyId, alg: 'RS256', use: 'sig' }] };
  const issued: IssuedIdToken[] = [];
  const requests: RecordedTokenRequest[] = [];
  let failuresLeft = options.failFirst?.count ?? 0;

  const claimsFor = (overrides: Partial<IdTokenClaims>): IdTokenClaims => {
    const iat = Math.floor(now().getTime() / 1000);
    return {
      jti: randomUUID(),
      sub: subject,
      aud: defaultAudience(subject),
      ...githubClaims(subject),
      iss: issuer,
      nbf: iat,
      exp: iat + lifetimeSeconds,
      iat,
      ...overrides,
    };
  };
  const signClaims = (claims: IdTokenClaims): string =>
    signJwt({ typ: 'JWT', alg: 'RS256', kid: keyId }, claims, privateKey);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://placeholder.invalid');
    const authorization = headerValue(req.headers, 'authorization') ?? '';
    const record: RecordedTokenRequest = {
      time: now(),
      method: req.method ?? '',
      path: url.pathname,
      audience: url.searchParams.get('audience') ?? undefined,
      authorized: constantTimeEqual(authorization, `Bearer ${options.requestToken}`),
      userAgent: headerValue(req.headers, 'user-agent'),
      status: 0,
    };
    requests.push(record);
    const answer = (status: number, body: unknown): void => {
      record.status = status;
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(text)),
      });
      res.end(text);
    };
    req.resume();
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      record.fault = 'fail';
      answer(options.failFirst?.status ?? 500, { message: 'Injected failure' });
    } else if (!TOKEN_PATH_PATTERN.test(url.pathname)) {
      answer(404, { message: `No token service at ${url.pathname}` });
    } else if (req.method !== 'GET') {
      answer(405, { message: `The requested resource does not support http method '${req.method ?? ''}'.` });
    } else if (!record.authorized) {
      answer(401, { message: 'Unauthorized: a valid ACTIONS_ID_TOKEN_REQUEST_TOKEN is required.' });
    } else {
      const claims = claimsFor({ aud: record.audience ?? defaultAudience(subject) });
      const token = signClaims(claims);
      issued.push({
        audience: claims.aud,
        time: record.time,
        jti: claims.jti,
        expiresAt: new Date(claims.exp * 1000),
        token,
      });
      answer(200, { value: token });
    }
  });
  const listening = await listenTracked(server, address, options.port ?? 0);
  const requestUrl =
    `http://${authority(address, listening.port)}/_apis/distributedtask/hubs/Actions/plans/` +
    `${randomUUID()}/jobs/${randomUUID()}/idtoken?api-version=2.0`;
  return {
    requestUrl,
    requestToken: options.requestToken,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: options.requestToken },
    issuer,
    subject,
    address,
    port: listening.port,
    keyId,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    jwks,
    issued,
    requests,
    mint: (overrides = {}) => signClaims(claimsFor(overrides)),
    verify: (token, expectedAudience) =>
      verifyIdToken(token, { issuer, publicKey, keyId, now: now(), audience: expectedAudience }),
    close: listening.close,
  };
}

/** GitHub's default audience: the URL of the repository owner. */
function defaultAudience(subject: string): string {
  const owner = /^repo:([^/:]+)\//.exec(subject)?.[1];
  return owner === undefined ? 'https://github.com' : `https://github.com/${owner}`;
}

/** A few of the claims GitHub adds, where the subject tells them (`repo:<owner>/<name>:ref:<ref>`). */
function githubClaims(subject: string): Record<string, string> {
  const match = /^repo:(([^/:]+)\/[^/:]+):(.*)$/.exec(subject);
  if (!match) return {};
  const [, repository = '', owner = '', context = ''] = match;
  const ref = /^ref:(.+)$/.exec(context)?.[1];
  return { repository, repository_owner: owner, ...(ref === undefined ? {} : { ref }) };
}

function signJwt(header: Record<string, string>, claims: IdTokenClaims, key: KeyObject): string {
  const input = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function verifyIdToken(
  token: string,
  expected: { issuer: string; publicKey: KeyObject; keyId: string; now: Date; audience?: string },
): IdTokenVerdict {
  const jwt = decodeJwt(token);
  if (!jwt) return { ok: false, error: 'not a JWT (three base64url parts holding JSON objects)' };
  if (jwt.header.alg !== 'RS256') return { ok: false, error: `unexpected alg ${String(jwt.header.alg)}` };
  if (jwt.header.kid !== expected.keyId) return { ok: false, error: `unknown kid ${String(jwt.header.kid)}` };
  if (!verifySignature('sha256', Buffer.from(jwt.signingInput), expected.publicKey, jwt.signature))
    return { ok: false, error: 'bad signature' };
  const claims = jwt.claims;
  for (const name of ['iss', 'sub', 'aud', 'jti'] as const) {
    if (typeof claims[name] !== 'string')
      return { ok: false, error: `claim ${name} missing or not a string` };
  }
  for (const name of ['iat', 'nbf', 'exp'] as const) {
    if (typeof claims[name] !== 'number')
      return { ok: false, error: `claim ${name} missing or not a number` };
  }
  const typed = claims as IdTokenClaims;
  const nowSeconds = expected.now.getTime() / 1000;
  if (typed.iss !== expected.issuer)
    return { ok: false, error: `issuer ${typed.iss}, not ${expected.issuer}` };
  if (typed.exp <= nowSeconds)
    return { ok: false, error: `expired at ${typed.exp} (now ${Math.floor(nowSeconds)})` };
  if (typed.nbf > nowSeconds + CLOCK_LEEWAY_SECONDS)
    return { ok: false, error: `not valid before ${typed.nbf} (now ${Math.floor(nowSeconds)})` };
  if (expected.audience !== undefined && typed.aud !== expected.audience)
    return { ok: false, error: `audience ${typed.aud}, not ${expected.audience}` };
  return { ok: true, claims: typed };
}

/** RFC 7638: SHA-256 of the required members in lexicographic order, base64url. */
function jwkThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}
