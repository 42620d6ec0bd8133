/**
 * A local HTTPS stand-in for the CodeCommit API (JSON 1.1, `X-Amz-Target: CodeCommit_20150413.<op>`)
 * that answers ListRepositories only, in pages of `pageSize` with an opaque `nextToken`, to callers
 * whose SigV4 signature for service `codecommit` it verifies independently (aws4, against the shared
 * FakeAwsAccounts) and whose principal was allowed to list (others get AccessDeniedException). Can
 * stay silent instead (TCP accepted, TLS never answered), or throttle as the API does over its rate.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AwsError } from './aws-error.js';
import { principalArnsOf, type FakeAwsAccounts } from './fake-aws-accounts.js';
import { newRequestId } from './fake-aws-identifiers.js';
import { authority, listenTracked } from './server-lifecycle.js';
import { headerValue, verifySigV4 } from './sigv4-verifier.js';
import { startSilentListener } from './silent-listener.js';

export const CODECOMMIT_TARGET_PREFIX = 'CodeCommit_20150413.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface FakeCodeCommitApiOptions {
  accounts: FakeAwsAccounts;
  region: string;
  /** Server key and certificate (PEM). Not needed when `silent`. */
  tls?: { key: string; cert: string };
  address?: string;
  port?: number;
  /** The Host header clients must send (the regional or the vpce name). Default `<address>:<port>`. */
  expectedHost?: string;
  /** The repositories of the account and region; read on every request, so a test may change it. */
  repositories: string[];
  /** Principals (role, assumed-role or user ARNs) allowed codecommit:ListRepositories. */
  listers: string[];
  /** Names per page; default 2, so that a handful of repositories takes several pages. */
  pageSize?: number;
  /** Accept TCP connections and never complete the TLS handshake. */
  silent?: boolean;
  /**
   * Answer requests with HTTP 400 ThrottlingException (`Rate exceeded`) before looking at them, as the
   * API does over the account's rate: the first `times`, or every one (`'always'`). With `retryAfter`,
   * the answer carries that Retry-After header (delay-seconds or an HTTP date).
   */
  throttle?: { times: number | 'always'; retryAfter?: string };
}

export interface RecordedApiRequest {
  time: Date;
  /** The Host header as received. */
  host: string | undefined;
  /** The TLS server name (SNI) the client asked for. */
  serverName: string | undefined;
  target: string | undefined;
  contentType: string | undefined;
  callerAccessKeyId: string | undefined;
  /** The nextToken the request carried. */
  nextToken?: string;
  status: number;
  errorCode?: string;
  /** The names this answer held. */
  names?: string[];
  /** Answered with the injected ThrottlingException. */
  throttled?: boolean;
}

export interface FakeCodeCommitApi {
  url: string;
  host: string;
  address: string;
  port: number;
  requests: RecordedApiRequest[];
  /** Connections accepted (every one, TLS completed or not). */
  acceptedConnections(): number;
  close(): Promise<void>;
}

export async function startFakeCodeCommitApi(options: FakeCodeCommitApiOptions): Promise<FakeCodeCommitApi> {
  const address = options.address ?? '127.0.0.1';
  if (options.silent) {
    const listener = await startSilentListener(address, options.port ?? 0);
    const host = options.expectedHost ?? listener.host;
    return {
      url: `https://${host}`,
      host,
      address,
      port: listener.port,
      requests: [],
      acceptedConnections: () => listener.acceptedConnections(),
      close: listener.close,
    };
  }
  if (!options.tls) throw new Error('startFakeCodeCommitApi needs tls: { key, cert } unless silent');
  const requests: RecordedApiRequest[] = [];
  let accepted = 0;
  const server = createServer({ key: options.tls.key, cert: options.tls.cert });
  server.on('connection', () => (accepted += 1));
  const listening = await listenTracked(server, address, options.port ?? 0);
  const host = options.expectedHost ?? authority(address, listening.port);
  const tokens = new Map<string, number>();
  const throttle = options.throttle;
  let throttlesLeft = throttle === undefined ? 0 : throttle.times === 'always' ? Infinity : throttle.times;
  const takeThrottle = (): boolean => {
    if (throttlesLeft <= 0) return false;
    throttlesLeft -= 1;
    return true;
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, options, host, tokens, requests, takeThrottle).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, { status: 500, code: 'InternalFailure', message: String(error) });
      else res.destroy();
    });
  });
  return {
    url: `https://${host}`,
    host,
    address,
    port: listening.port,
    requests,
    acceptedConnections: () => accepted,
    close: listening.close,
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: FakeCodeCommitApiOptions,
  expectedHost: string,
  tokens: Map<string, number>,
  requests: RecordedApiRequest[],
  takeThrottle: () => boolean,
): Promise<void> {
  const body = await readBody(req);
  const record: RecordedApiRequest = {
    time: new Date(),
    host: headerValue(req.headers, 'host'),
    serverName: (req.socket as TLSSocket).servername || undefined,
    target: headerValue(req.headers, 'x-amz-target'),
    contentType: headerValue(req.headers, 'content-type'),
    callerAccessKeyId: /Credential=([^/]+)\//.exec(headerValue(req.headers, 'authorization') ?? '')?.[1],
    status: 0,
  };
  requests.push(record);
  if (takeThrottle()) {
    const retryAfter = options.throttle?.retryAfter;
    const error: AwsError = { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
    Object.assign(record, { status: error.status, errorCode: error.code, throttled: true });
    sendError(res, error, retryAfter !== undefined ? { 'retry-after': retryAfter } : {});
    return;
  }
  const answer = decide(req, body, options, expectedHost, tokens, record);
  record.status = 'error' in answer ? answer.error.status : 200;
  if ('error' in answer) {
    record.errorCode = answer.error.code;
    sendError(res, answer.error);
    return;
  }
  record.names = answer.names;
  const payload = JSON.stringify({
    repositories: answer.names.map((name) => ({ repositoryName: name, repositoryId: repositoryId(name) })),
    ...(answer.nextToken !== undefined ? { nextToken: answer.nextToken } : {}),
  });
  res.writeHead(200, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': newRequestId(),
  });
  res.end(payload);
}

function decide(
  req: IncomingMessage,
  body: Buffer,
  options: FakeCodeCommitApiOptions,
  expectedHost: string,
  tokens: Map<string, number>,
  record: RecordedApiRequest,
): { error: AwsError } | { names: string[]; nextToken?: string } {
  if (record.host !== expectedHost) {
    return {
      error: {
        status: 403,
        code: 'InvalidSignatureException',
        message: `Host header '${record.host ?? ''}' does not name this endpoint; clients must reach it as '${expectedHost}'.`,
      },
    };
  }
  if (req.method !== 'POST' || record.contentType?.split(';')[0]?.trim() !== JSON_CONTENT_TYPE) {
    return {
      error: {
        status: 400,
        code: 'SerializationException',
        message: `Expected a POST of ${JSON_CONTENT_TYPE}, got ${req.method ?? ''} ${record.contentType ?? '(no content type)'}`,
      },
    };
  }
  const verdict = verifySigV4(
    { method: 'POST', url: req.url ?? '/', headers: req.headers, body },
    { service: 'codecommit', region: options.region, maxClockSkewSeconds: 300 },
    options.accounts,
  );
  if (!verdict.ok) return { error: asJsonProtocolError(verdict.error) };
  const operation = record.target?.startsWith(CODECOMMIT_TARGET_PREFIX)
    ? record.target.slice(CODECOMMIT_TARGET_PREFIX.length)
    : undefined;
  if (operation !== 'ListRepositories') {
    return {
      error: {
        status: 400,
        code: 'UnknownOperationException',
        message: `X-Amz-Target '${record.target ?? ''}' is not an operation of this fake (only ${CODECOMMIT_TARGET_PREFIX}ListRepositories)`,
      },
    };
  }
  const callerArns = principalArnsOf(verdict.credential);
  if (!options.listers.some((arn) => callerArns.includes(arn))) {
    const caller = callerArns[0] ?? '';
    return {
      error: {
        status: 400,
        code: 'AccessDeniedException',
        message: `User: ${caller} is not authorized to perform: codecommit:ListRepositories because no identity-based policy allows the codecommit:ListRepositories action`,
      },
    };
  }
  let input: { nextToken?: unknown; sortBy?: unknown; order?: unknown };
  try {
    input = JSON.parse(body.toString('utf8') || '{}') as typeof input;
  } catch {
    return { error: { status: 400, code: 'SerializationException', message: 'The body is not JSON' } };
  }
  let offset = 0;
  if (input.nextToken !== undefined) {
    record.nextToken = String(input.nextToken);
    const known = tokens.get(record.nextToken);
    if (known === undefined) {
      return {
        error: {
          status: 400,
          code: 'InvalidContinuationTokenException',
          message: 'The specified continuation token is not valid.',
        },
      };
    }
    offset = known;
  }
  const names = [...options.repositories];
  if (input.sortBy === 'repositoryName') names.sort();
  if (input.order === 'descending') names.reverse();
  const pageSize = options.pageSize ?? 2;
  const page = names.slice(offset, offset + pageSize);
  if (offset + pageSize >= names.length) return { names: page };
  const nextToken = randomBytes(24).toString('base64');
  tokens.set(nextToken, offset + pageSize);
  return { names: page, nextToken };
}

/** The JSON services' names for what the Query services call SignatureDoesNotMatch and InvalidClientTokenId. */
function asJsonProtocolError(error: AwsError): AwsError {
  if (error.code === 'SignatureDoesNotMatch') return { ...error, code: 'InvalidSignatureException' };
  if (error.code === 'InvalidClientTokenId') {
    return { ...error, status: 403, code: 'UnrecognizedClientException' };
  }
  if (error.code === 'ExpiredToken') return { ...error, status: 403, code: 'ExpiredTokenException' };
  return error;
}

function sendError(res: ServerResponse, error: AwsError, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify({ __type: error.code, message: error.message });
  res.writeHead(error.status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-errortype': error.code,
    'x-amzn-requestid': newRequestId(),
    ...headers,
  });
  res.end(payload);
}

function repositoryId(name: string): string {
  const hex = Buffer.from(name.padEnd(16, '-').slice(0, 16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > 1024 * 1024) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
