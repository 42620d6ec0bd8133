/**
 * Verifies an AWS Signature Version 4 `Authorization` header the way an AWS endpoint does, with the
 * `aws4` package as the independent signer: rebuild the request from exactly the signed headers, sign
 * it with the caller's secret from the shared store, compare in constant time.
 */
import aws4 from 'aws4';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AwsErrors, type AwsError } from './aws-error.js';
import type { CredentialRecord, FakeAwsAccounts } from './fake-aws-accounts.js';

export interface ReceivedRequest {
  method: string;
  /** Path and raw query string, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Sigv4Expectations {
  service: string;
  region: string;
  /** How far `x-amz-date` may be from the store's clock, either way. */
  maxClockSkewSeconds: number;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

export type Sigv4Verdict =
  { ok: true; credential: CredentialRecord } | { ok: false; error: AwsError; accessKeyId?: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function verifySigV4(
  request: ReceivedRequest,
  expectations: Sigv4Expectations,
  accounts: FakeAwsAccounts,
): Sigv4Verdict {
  const header = headerValue(request.headers, 'authorization');
  if (header === undefined) return { ok: false, error: AwsErrors.missingAuthenticationToken() };
  const parsed = parseSigV4Authorization(header);
  if ('code' in parsed) return { ok: false, error: parsed };
  const fail = (error: AwsError): Sigv4Verdict => ({ ok: false, error, accessKeyId: parsed.accessKeyId });

  const amzDate = headerValue(request.headers, 'x-amz-date');
  const problem =
    checkSignedHeaders(parsed, amzDate) ??
    checkScope(parsed, expectations, amzDate ?? '') ??
    checkClock(amzDate ?? '', accounts.now(), expectations.maxClockSkewSeconds);
  if (problem) return fail(problem);

  const credential = accounts.findCredential(parsed.accessKeyId);
  if (!credential) return fail(AwsErrors.invalidClientTokenId());
  const tokenProblem = checkSessionToken(credential, securityToken(request), accounts);
  if (tokenProblem) return fail(tokenProblem);
  const payloadProblem = checkPayloadHash(request);
  if (payloadProblem) return fail(payloadProblem);

  const expected = computeSignature(request, parsed, credential.secretAccessKey, amzDate ?? '');
  if (!constantTimeEqual(expected, parsed.signature))
    return fail(AwsErrors.signatureDoesNotMatch(SIGNATURE_MISMATCH_MESSAGE));
  return { ok: true, credential };
}

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=…, Signature=…`. */
export function parseSigV4Authorization(header: string): ParsedAuthorization | AwsError {
  if (!header.startsWith(`${ALGORITHM} `)) {
    return AwsErrors.incompleteSignature(
      `Unsupported AWS 'algorithm': '${header.split(' ')[0] ?? ''}'. Expected ${ALGORITHM}.`,
    );
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields.get(name)) {
      return AwsErrors.incompleteSignature(
        `Authorization header requires '${name}' parameter. Authorization=${header}`,
      );
    }
  }
  const scope = (fields.get('Credential') ?? '').split('/');
  const [accessKeyId, date, region, service, terminator] = scope;
  if (scope.length !== 5 || !accessKeyId || !date || !region || !service || !terminator) {
    return AwsErrors.incompleteSignature(
      `Credential should have exactly 5 slash-separated parts (AKID/YYYYMMDD/region/service/aws4_request), got '${fields.get('Credential') ?? ''}'`,
    );
  }
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: (fields.get('SignedHeaders') ?? '').split(';'),
    signature: fields.get('Signature') ?? '',
  };
}

function checkSignedHeaders(parsed: ParsedAuthorization, amzDate: string | undefined): AwsError | undefined {
  if (!parsed.signedHeaders.includes('host')) {
    return AwsErrors.incompleteSignature(
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return AwsErrors.incompleteSignature(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (!parsed.signedHeaders.includes('x-amz-date')) {
    return AwsErrors.incompleteSignature("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return undefined;
}

function checkScope(
  parsed: ParsedAuthorization,
  expected: Sigv4Expectations,
  amzDate: string,
): AwsError | undefined {
  if (parsed.service !== expected.service) {
    return AwsErrors.signatureDoesNotMatch(
      `Credential should be scoped to correct service: '${expected.service}'. `,
    );
  }
  if (parsed.region !== expected.region) {
    return AwsErrors.signatureDoesNotMatch(
      `Credential should be scoped to a valid region. (this endpoint is in '${expected.region}', the request is scoped to '${parsed.region}')`,
    );
  }
  if (parsed.terminator !== 'aws4_request') {
    return AwsErrors.signatureDoesNotMatch(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${parsed.terminator}'.`,
    );
  }
  if (parsed.date !== amzDate.slice(0, 8)) {
    return AwsErrors.signatureDoesNotMatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  return undefined;
}

function checkClock(amzDate: string, now: Date, maxSkewSeconds: number): AwsError | undefined {
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt.getTime()))
    return AwsErrors.incompleteSignature(`Invalid X-Amz-Date: '${amzDate}'`);
  const skewMs = maxSkewSeconds * 1000;
  const minutes = `${maxSkewSeconds / 60} min.`;
  if (signedAt.getTime() < now.getTime() - skewMs) {
    return AwsErrors.signatureDoesNotMatch(
      `Signature expired: ${amzDate} is now earlier than ${amzFormat(new Date(now.getTime() - skewMs))} (${amzFormat(now)} - ${minutes})`,
    );
  }
  if (signedAt.getTime() > now.getTime() + skewMs) {
    return AwsErrors.signatureDoesNotMatch(
      `Signature not yet current: ${amzDate} is still later than ${amzFormat(new Date(now.getTime() + skewMs))} (${amzFormat(now)} + ${minutes})`,
    );
  }
  return undefined;
}

function checkSessionToken(
  credential: CredentialRecord,
  token: string | undefined,
  accounts: FakeAwsAccounts,
): AwsError | undefined {
  if (credential.kind === 'long-term')
    return token === undefined ? undefined : AwsErrors.invalidClientTokenId();
  if (token === undefined || !constantTimeEqual(token, credential.sessionToken))
    return AwsErrors.invalidClientTokenId();
  if (accounts.isExpired(credential)) return AwsErrors.expiredToken();
  return undefined;
}

function checkPayloadHash(request: ReceivedRequest): AwsError | undefined {
  const declared = headerValue(request.headers, 'x-amz-content-sha256');
  if (declared === undefined || declared === 'UNSIGNED-PAYLOAD') return undefined;
  const actual = createHash('sha256').update(request.body).digest('hex');
  return declared === actual ? undefined : AwsErrors.contentSha256Mismatch();
}

type Aws4RequestWithIncludes = aws4.Request & { extraHeadersToInclude: Record<string, boolean> };

/** Signs a copy of the request holding exactly the signed headers, with aws4. */
function computeSignature(
  request: ReceivedRequest,
  parsed: ParsedAuthorization,
  secret: string,
  amzDate: string,
): string {
  const headers: Record<string, string> = {};
  const include: Record<string, boolean> = {};
  for (const name of parsed.signedHeaders) {
    headers[name] = headerValue(request.headers, name) ?? '';
    include[name] = true;
  }
  const rebuilt: Aws4RequestWithIncludes = {
    method: request.method,
    path: request.url,
    host: headers.host,
    headers,
    body: request.body,
    service: parsed.service,
    region: parsed.region,
    doNotModifyHeaders: true,
    extraHeadersToInclude: include,
  };
  const signer = new aws4.RequestSigner(rebuilt, {
    accessKeyId: parsed.accessKeyId,
    secretAccessKey: secret,
  });
  signer.datetime = amzDate;
  return signer.signature();
}

function securityToken(request: ReceivedRequest): string | undefined {
  const fromHeader = headerValue(request.headers, 'x-amz-security-token');
  if (fromHeader !== undefined) return fromHeader;
  const query = new URL(request.url, 'https://placeholder.invalid').searchParams;
  return query.get('X-Amz-Security-Token') ?? undefined;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function parseAmzDate(amzDate: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/.exec(amzDate);
  if (!m) return new Date(Number.NaN);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

/** `YYYYMMDDTHHMMSSZ` */
export function amzFormat(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}
