/**
 * What the fake STS does for each supported action: validate the parameters like STS, decide, and
 * answer with XML or an error. AssumeRole and GetCallerIdentity need an authenticated caller;
 * AssumeRoleWithWebIdentity is unsigned and authenticated by its ID token, verified here against the
 * OIDC providers registered in FakeAwsAccounts.
 */
import { createPublicKey, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import { AwsErrors, awsError, type AwsError } from './aws-error.js';
import {
  ROLE_CHAINING_MAX_SECONDS,
  callerArnOf,
  parseArn,
  type CredentialRecord,
  type FakeAwsAccounts,
  type IssuedSession,
  type OidcProvider,
  type Role,
} from './fake-aws-accounts.js';
import {
  STS_XML_NAMESPACE,
  assumeRoleResponseXml,
  awsTimestamp,
  escapeXml,
  getCallerIdentityResponseXml,
  getSessionTokenResponseXml,
} from './sts-xml.js';
import { decodeJwt, type DecodedJwt } from './jwt.js';

export type StsParams = ReadonlyMap<string, string>;

export type StsActionResult =
  { ok: true; xml: string; issued?: IssuedSession } | { ok: false; error: AwsError };

export const STS_VERSION = '2011-06-15';
export const SUPPORTED_ACTIONS = [
  'AssumeRole',
  'GetCallerIdentity',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
] as const;
/** Actions STS serves without a signature (the caller proves itself otherwise). */
export const UNSIGNED_ACTIONS: ReadonlySet<string> = new Set(['AssumeRoleWithWebIdentity']);

const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
const MIN_DURATION_SECONDS = 900;
const DEFAULT_DURATION_SECONDS = 3600;
const MIN_WEB_IDENTITY_TOKEN_LENGTH = 4;
const MAX_WEB_IDENTITY_TOKEN_LENGTH = 20000;
/** How far a token's `nbf`/`iat` may be ahead of STS's clock. */
const ID_TOKEN_CLOCK_LEEWAY_SECONDS = 60;

export function runStsAction(
  action: string,
  params: StsParams,
  caller: CredentialRecord,
  accounts: FakeAwsAccounts,
  requestId: string,
): StsActionResult {
  switch (action) {
    case 'AssumeRole':
      return assumeRole(params, caller, accounts, requestId);
    case 'GetCallerIdentity':
      return { ok: true, xml: getCallerIdentityResponseXml(caller, requestId) };
    case 'AssumeRoleWithWebIdentity':
      // Also accepted signed (the signature then was checked as for any action).
      return assumeRoleWithWebIdentity(params, accounts, requestId);
    case 'GetSessionToken':
      return getSessionToken(params, caller, accounts, requestId);
    default:
      return { ok: false, error: AwsErrors.invalidAction(action, STS_VERSION) };
  }
}

function assumeRole(
  params: StsParams,
  caller: CredentialRecord,
  accounts: FakeAwsAccounts,
  requestId: string,
): StsActionResult {
  const invalid = validateAssumeRoleParams(params);
  if (invalid) return { ok: false, error: invalid };
  const roleArn = params.get('RoleArn') ?? '';
  const sessionName = params.get('RoleSessionName') ?? '';
  const role = accounts.findRole(roleArn);
  const denied = AwsErrors.accessDenied(
    `User: ${callerArnOf(caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
  if (!role || !accounts.trusts(role, caller)) return { ok: false, error: denied };
  if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId)
    return { ok: false, error: denied };

  const duration = Number(params.get('DurationSeconds') ?? DEFAULT_DURATION_SECONDS);
  const chaining = caller.kind === 'session' && caller.issuedBy !== 'GetSessionToken';
  const durationProblem = checkDuration(duration, role.maxSessionDurationSeconds, chaining);
  if (durationProblem) return { ok: false, error: durationProblem };

  const issued = accounts.issueSession(role, sessionName, duration, caller);
  return { ok: true, xml: assumeRoleResponseXml(issued, requestId), issued };
}

/** An IAM user's sessions last 900 s to 36 hours; 12 hours unless asked otherwise. */
const SESSION_TOKEN_SECONDS = { min: 900, max: 129600, default: 43200 } as const;

/**
 * GetSessionToken as STS does it for an IAM user's long-term key: a session that acts as the user. A
 * session (of a role or of GetSessionToken itself) may not call it. MFA (SerialNumber, TokenCode) is
 * not modelled and refused.
 */
function getSessionToken(
  params: StsParams,
  caller: CredentialRecord,
  accounts: FakeAwsAccounts,
  requestId: string,
): StsActionResult {
  const raw = params.get('DurationSeconds');
  if (raw !== undefined && !/^\d+$/.test(raw)) {
    return {
      ok: false,
      error: AwsErrors.validation(
        `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${SESSION_TOKEN_SECONDS.min}`,
      ),
    };
  }
  const duration = raw === undefined ? SESSION_TOKEN_SECONDS.default : Number(raw);
  if (duration < SESSION_TOKEN_SECONDS.min || duration > SESSION_TOKEN_SECONDS.max) {
    const bound =
      duration < SESSION_TOKEN_SECONDS.min
        ? `greater than or equal to ${SESSION_TOKEN_SECONDS.min}`
        : `less than or equal to ${SESSION_TOKEN_SECONDS.max}`;
    return {
      ok: false,
      error: AwsErrors.validation(
        `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${bound}`,
      ),
    };
  }
  if (params.has('SerialNumber') || params.has('TokenCode')) {
    return { ok: false, error: AwsErrors.accessDenied('MFA is not supported by this fake STS') };
  }
  if (caller.kind === 'session') {
    return {
      ok: false,
      error: AwsErrors.accessDenied('Cannot call GetSessionToken with session credentials'),
    };
  }
  const issued = accounts.issueUserSession(caller, duration);
  return { ok: true, xml: getSessionTokenResponseXml(issued, requestId), issued };
}

function validateAssumeRoleParams(params: StsParams, webIdentity = false): AwsError | undefined {
  const problems: string[] = [];
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const duration = params.get('DurationSeconds');
  const externalId = params.get('ExternalId');
  if (roleArn === undefined)
    problems.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  else if (roleArn.length < 20 || roleArn.length > 2048) {
    problems.push(
      `Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048`,
    );
  }
  if (sessionName === undefined) {
    problems.push("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  } else if (!ROLE_SESSION_NAME_PATTERN.test(sessionName)) {
    problems.push(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64`,
    );
  }
  if (duration !== undefined && (!/^\d+$/.test(duration) || Number(duration) < MIN_DURATION_SECONDS)) {
    problems.push(
      `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`,
    );
  }
  if (webIdentity) {
    const token = params.get('WebIdentityToken');
    if (token === undefined) {
      problems.push("Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
    } else if (token.length < MIN_WEB_IDENTITY_TOKEN_LENGTH || token.length > MAX_WEB_IDENTITY_TOKEN_LENGTH) {
      problems.push(
        `Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between ${MIN_WEB_IDENTITY_TOKEN_LENGTH} and ${MAX_WEB_IDENTITY_TOKEN_LENGTH}`,
      );
    }
  }
  if (!webIdentity && externalId !== undefined && !EXTERNAL_ID_PATTERN.test(externalId)) {
    problems.push(
      `Value '${externalId}' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*`,
    );
  }
  if (problems.length === 0) return undefined;
  const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
  return AwsErrors.validation(`${count} detected: ${problems.join('; ')}`);
}

function checkDuration(duration: number, roleMaximum: number, isRoleChaining: boolean): AwsError | undefined {
  if (isRoleChaining && duration > ROLE_CHAINING_MAX_SECONDS) {
    return AwsErrors.validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (duration > roleMaximum) {
    return AwsErrors.validation(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  return undefined;
}

/** What an AssumeRoleWithWebIdentity established, for the request record (never the token). */
export interface WebIdentityOutcome {
  issuer?: string;
  subject?: string;
  audience?: string;
  providerArn?: string;
}

export type WebIdentityResult = StsActionResult & { webIdentity: WebIdentityOutcome };

const WebIdentityErrors = {
  notAJwt: (): AwsError =>
    awsError(
      400,
      'InvalidIdentityToken',
      'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
    ),
  noProvider: (issuer: string): AwsError =>
    awsError(400, 'InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${issuer}`),
  badSignature: (): AwsError =>
    awsError(
      400,
      'InvalidIdentityToken',
      'The token signature could not be verified with the keys of its issuer',
    ),
  incorrectAudience: (): AwsError => awsError(400, 'InvalidIdentityToken', 'Incorrect token audience'),
  notYetValid: (): AwsError =>
    awsError(400, 'InvalidIdentityToken', 'The token is not yet valid (nbf or iat is in the future)'),
  expired: (now: number, exp: number): AwsError =>
    awsError(
      400,
      'ExpiredTokenException',
      `Token expired: current date/time ${now} must be before the expiration date/time ${exp}`,
    ),
  notAuthorized: (): AwsError =>
    AwsErrors.accessDenied('Not authorized to perform sts:AssumeRoleWithWebIdentity'),
} as const;

/**
 * AssumeRoleWithWebIdentity as STS does it for an OIDC ID token: find the OIDC provider for the
 * token's `iss` in the role's account, verify the RS256 signature with its keys, then `exp`/`nbf`,
 * the provider's audiences, and the role's trust (issuer, `aud`, `sub`); the session issued is not a
 * chained one.
 */
export function assumeRoleWithWebIdentity(
  params: StsParams,
  accounts: FakeAwsAccounts,
  requestId: string,
): WebIdentityResult {
  const outcome: WebIdentityOutcome = {};
  const fail = (error: AwsError): WebIdentityResult => ({ ok: false, error, webIdentity: outcome });
  const invalid = validateAssumeRoleParams(params, true);
  if (invalid) return fail(invalid);
  const roleArn = params.get('RoleArn') ?? '';
  const sessionName = params.get('RoleSessionName') ?? '';
  const jwt = decodeJwt(params.get('WebIdentityToken') ?? '');
  if (!jwt) return fail(WebIdentityErrors.notAJwt());
  const { claims } = jwt;
  outcome.issuer = stringClaim(claims, 'iss');
  outcome.subject = stringClaim(claims, 'sub');
  outcome.audience = audiencesOf(claims)[0];
  if (outcome.issuer === undefined) return fail(WebIdentityErrors.notAJwt());

  const roleAccount = accountOfRoleArn(roleArn);
  const provider =
    roleAccount === undefined ? undefined : accounts.findOidcProvider(roleAccount, outcome.issuer);
  if (!provider) return fail(WebIdentityErrors.noProvider(outcome.issuer));
  outcome.providerArn = provider.arn;
  if (!signatureVerifies(jwt, provider)) return fail(WebIdentityErrors.badSignature());

  const now = Math.floor(accounts.now().getTime() / 1000);
  const exp = claims.exp;
  if (typeof exp !== 'number') return fail(WebIdentityErrors.notAJwt());
  if (exp <= now) return fail(WebIdentityErrors.expired(now, exp));
  for (const name of ['nbf', 'iat']) {
    const value = claims[name];
    if (typeof value === 'number' && value > now + ID_TOKEN_CLOCK_LEEWAY_SECONDS)
      return fail(WebIdentityErrors.notYetValid());
  }
  const audiences = audiencesOf(claims);
  if (provider.clientIds && !audiences.some((audience) => provider.clientIds?.includes(audience)))
    return fail(WebIdentityErrors.incorrectAudience());

  const role = accounts.findRole(roleArn);
  if (!role || !trustsWebIdentity(role, provider, outcome.subject, audiences))
    return fail(WebIdentityErrors.notAuthorized());
  const duration = Number(params.get('DurationSeconds') ?? DEFAULT_DURATION_SECONDS);
  const durationProblem = checkDuration(duration, role.maxSessionDurationSeconds, false);
  if (durationProblem) return fail(durationProblem);

  const issued = accounts.issueSession(role, sessionName, duration, undefined, 'AssumeRoleWithWebIdentity');
  const audience = audiences.find((candidate) => candidate === role.trustedWebIdentity?.audience) ?? '';
  outcome.audience = audience;
  issued.webIdentity = { providerArn: provider.arn, subject: outcome.subject ?? '', audience };
  return {
    ok: true,
    xml: assumeRoleWithWebIdentityResponseXml(issued, requestId),
    issued,
    webIdentity: outcome,
  };
}

function trustsWebIdentity(
  role: Role,
  provider: OidcProvider,
  subject: string | undefined,
  audiences: string[],
): boolean {
  const trust = role.trustedWebIdentity;
  if (!trust || trust.issuer.replace(/\/$/, '') !== provider.issuer.replace(/\/$/, '')) return false;
  if (provider.accountId !== role.accountId) return false;
  if (!audiences.includes(trust.audience)) return false;
  return (
    trust.subjectPattern === undefined || (subject !== undefined && stringLike(trust.subjectPattern, subject))
  );
}

/** IAM's StringLike: `*` matches any run of characters, `?` exactly one; case-sensitive. */
function stringLike(pattern: string, value: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

function accountOfRoleArn(roleArn: string): string | undefined {
  try {
    return parseArn(roleArn).accountId;
  } catch {
    return undefined;
  }
}

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' ? value : undefined;
}

/** `aud` may be a string or an array of strings. */
function audiencesOf(claims: Record<string, unknown>): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((value): value is string => typeof value === 'string') : [];
}

/** RS256 only; the key named by `kid`, or the provider's only key when the token names none. */
function signatureVerifies(jwt: DecodedJwt, provider: OidcProvider): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  const kid = jwt.header.kid;
  const candidates: JsonWebKey[] =
    kid === undefined
      ? provider.jwks.keys.slice(0, provider.jwks.keys.length === 1 ? 1 : 0)
      : provider.jwks.keys.filter((key) => key.kid === kid);
  return candidates.some((jwk) => {
    if (jwk.kty !== 'RSA') return false;
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      return verifySignature('sha256', Buffer.from(jwt.signingInput), key, jwt.signature);
    } catch {
      return false;
    }
  });
}

function assumeRoleWithWebIdentityResponseXml(session: IssuedSession, requestId: string): string {
  const identity = session.webIdentity;
  return [
    `<AssumeRoleWithWebIdentityResponse xmlns="${STS_XML_NAMESPACE}">`,
    '  <AssumeRoleWithWebIdentityResult>',
    `    <SubjectFromWebIdentityToken>${escapeXml(identity?.subject ?? '')}</SubjectFromWebIdentityToken>`,
    `    <Audience>${escapeXml(identity?.audience ?? '')}</Audience>`,
    '    <AssumedRoleUser>',
    `      <Arn>${escapeXml(session.assumedRoleArn)}</Arn>`,
    `      <AssumedRoleId>${escapeXml(session.assumedRoleId)}</AssumedRoleId>`,
    '    </AssumedRoleUser>',
    '    <Credentials>',
    `      <SessionToken>${escapeXml(session.sessionToken)}</SessionToken>`,
    `      <SecretAccessKey>${escapeXml(session.secretAccessKey)}</SecretAccessKey>`,
    `      <Expiration>${awsTimestamp(session.expiration)}</Expiration>`,
    `      <AccessKeyId>${session.accessKeyId}</AccessKeyId>`,
    '    </Credentials>',
    `    <Provider>${escapeXml(identity?.providerArn ?? '')}</Provider>`,
    '  </AssumeRoleWithWebIdentityResult>',
    '  <ResponseMetadata>',
    `    <RequestId>${requestId}</RequestId>`,
    '  </ResponseMetadata>',
    '</AssumeRoleWithWebIdentityResponse>',
    '',
  ].join('\n');
}
