/**
 * A local HTTPS stand-in for AWS STS (Query API, version 2011-06-15) that authenticates every request
 * independently (SigV4 verified with aws4 against the shared FakeAwsAccounts; for an unsigned
 * AssumeRoleWithWebIdentity, its ID token against the OIDC providers registered there), answers
 * AssumeRole, AssumeRoleWithWebIdentity and GetCallerIdentity with STS's XML, and records what it
 * received. Faults can be injected.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { AwsErrors, awsError, type AwsError } from './aws-error.js';
import type { FakeAwsAccounts } from './fake-aws-accounts.js';
import { newRequestId } from './fake-aws-identifiers.js';
import { authority, listenTracked } from './server-lifecycle.js';
import { headerValue, verifySigV4 } from './sigv4-verifier.js';
import { startSilentListener } from './silent-listener.js';
import {
  STS_VERSION,
  UNSIGNED_ACTIONS,
  assumeRoleWithWebIdentity,
  runStsAction,
  type StsActionResult,
  type WebIdentityOutcome,
} from './sts-actions.js';
import { errorResponseXml } from './sts-xml.js';

export interface FakeStsOptions {
  accounts: FakeAwsAccounts;
  /** The region this endpoint serves; the SigV4 scope must name it. */
  region: string;
  /** Server key and certificate (PEM). Not needed when `silent`. */
  tls?: { key: string; cert: string };
  /** Default '127.0.0.1'. */
  address?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /**
   * The name clients must reach this endpoint as (the Host header), e.g. `sts.ap-northeast-1.amazonaws.com`
   * or a VPC endpoint name. Default: `<address>:<port>` (`<address>` alone on 443).
   */
  expectedHost?: string;
  /** How far `x-amz-date` may be from the store's clock; default 300. */
  maxClockSkewSeconds?: number;
  /*
   * Fault injection. Each request gets at most one fault, tried in this order: failFirst, then
   * stallAfterHeaders, then drip. A count-limited fault is used up only by the requests it hits, so
   * faults with counts follow one another (e.g. 2 failures, then 1 stall, then normal answers).
   */

  /**
   * Answer the first `count` requests with this error before looking at them, in STS's error XML
   * (e.g. 400 Throttling, 400 RequestLimitExceeded, 500 InternalFailure, 503 ServiceUnavailable).
   * Without `message`, the known codes get AWS's wording and others `Injected <code>`.
   */
  failFirst?: { count: number; status: number; code: string; message?: string };
  /**
   * Like `failFirst`, counted for each `RoleSessionName` apart: the first `count` requests naming a
   * session get the error, whatever other callers do meanwhile (each job of a matrix throttled once).
   */
  failFirstPerSession?: { count: number; status: number; code: string; message?: string };
  /** Send the response headers and never the body: for every request (`true`) or the first `count`. */
  stallAfterHeaders?: true | { count: number };
  /** The pace of `drip`; default 1. Setting it without `drip` drips every answer. */
  dripBytesPerSecond?: number;
  /** Send the real answer (headers at once, with Content-Length), its body at `dripBytesPerSecond`. */
  drip?: true | { count: number };
  /** Accept TCP connections and never complete the TLS handshake (see silent-listener.ts). */
  silent?: boolean;
}

export type StsOutcome = 'ok' | 'rejected' | 'injected-failure' | 'stalled';

export interface RecordedStsRequest {
  time: Date;
  method: string;
  path: string;
  /** The Host header as received. */
  host: string | undefined;
  /** The TLS server name (SNI) the client asked for. */
  serverName: string | undefined;
  action: string | undefined;
  /** Query and form parameters, without signature fields or secrets. */
  params: Record<string, string>;
  /** The key id from the Authorization header, if any. */
  callerAccessKeyId: string | undefined;
  sessionTokenSent: boolean;
  outcome: StsOutcome;
  status: number;
  errorCode?: string;
  errorMessage?: string;
  /** The key id of credentials issued by this request. */
  issuedAccessKeyId?: string;
  /** For AssumeRoleWithWebIdentity: what the token said (as far as it was read) and its provider. */
  webIdentity?: WebIdentityOutcome;
  /** The fault injected into this request's answer, if any. */
  fault?: StsFault;
}

export type StsFault = 'fail' | 'stall' | 'drip';

export interface FakeSts {
  /** `https://<expected host>` */
  url: string;
  /** The Host header clients must send. */
  host: string;
  address: string;
  port: number;
  requests: RecordedStsRequest[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;
const REDACTED_PARAMS = new Set(['WebIdentityToken', 'SAMLAssertion', 'TokenCode']);
const DROPPED_PARAMS = new Set(['X-Amz-Security-Token', 'X-Amz-Signature', 'X-Amz-Credential']);
/** What AWS says with these codes. */
const DEFAULT_FAILURE_MESSAGES = new Map([
  ['Throttling', 'Rate exceeded'],
  ['RequestLimitExceeded', 'Request limit exceeded.'],
  ['InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.'],
  ['ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'],
]);

export async function startFakeSts(options: FakeStsOptions): Promise<FakeSts> {
  const address = options.address ?? '127.0.0.1';
  if (options.silent) return startSilentSts(address, options);
  if (!options.tls) throw new Error('startFakeSts needs tls: { key, cert } unless silent');
  const requests: RecordedStsRequest[] = [];
  const rate = options.dripBytesPerSecond;
  if (rate !== undefined && !(rate > 0)) throw new Error(`dripBytesPerSecond must be above 0, not ${rate}`);
  const server = createServer({ key: options.tls.key, cert: options.tls.cert });
  const drips = new Set<NodeJS.Timeout>();
  const listening = await listenTracked(server, address, options.port ?? 0, {
    beforeClose: () => drips.forEach((timer) => clearTimeout(timer)),
  });
  const host = options.expectedHost ?? authority(address, listening.port);
  const handler = new StsRequestHandler(options, host, requests, drips);
  attachHandler(server, handler);
  return { url: `https://${host}`, host, address, port: listening.port, requests, close: listening.close };
}

async function startSilentSts(address: string, options: FakeStsOptions): Promise<FakeSts> {
  const listener = await startSilentListener(address, options.port ?? 0);
  const host = options.expectedHost ?? listener.host;
  return { url: `https://${host}`, host, address, port: listener.port, requests: [], close: listener.close };
}

function attachHandler(server: Server, handler: StsRequestHandler): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handler.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, awsError(500, 'InternalFailure', String(error)), newRequestId());
      else res.destroy();
    });
  });
}

class StsRequestHandler {
  private injectedFailuresLeft: number;
  private readonly failuresBySession = new Map<string, number>();
  private stallsLeft: number;
  private dripsLeft: number;

  constructor(
    private readonly options: FakeStsOptions,
    private readonly expectedHost: string,
    private readonly requests: RecordedStsRequest[],
    private readonly drips: Set<NodeJS.Timeout>,
  ) {
    this.injectedFailuresLeft = options.failFirst?.count ?? 0;
    this.stallsLeft = budget(options.stallAfterHeaders);
    this.dripsLeft = budget(options.drip ?? (options.dripBytesPerSecond === undefined ? undefined : true));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const params = requestParams(req, body);
    const record = newRecord(req, params);
    this.requests.push(record);
    const requestId = newRequestId();

    const injected = this.takeInjectedFailure() ?? this.takeSessionFailure(params.get('RoleSessionName'));
    if (injected) {
      record.outcome = 'injected-failure';
      record.fault = 'fail';
      this.reply(res, record, { error: injected }, requestId);
      return;
    }
    if (this.stallsLeft > 0) {
      this.stallsLeft -= 1;
      record.fault = 'stall';
      this.stall(res, record, requestId);
      return;
    }
    let pace: number | undefined;
    if (this.dripsLeft > 0) {
      this.dripsLeft -= 1;
      record.fault = 'drip';
      pace = this.options.dripBytesPerSecond ?? 1;
    }
    this.reply(res, record, this.decide(req, body, params, record, requestId), requestId, pace);
  }

  private decide(
    req: IncomingMessage,
    body: Buffer,
    params: URLSearchParams,
    record: RecordedStsRequest,
    requestId: string,
  ): { error: AwsError } | { xml: string } {
    const hostHeader = headerValue(req.headers, 'host');
    if (hostHeader !== this.expectedHost) {
      return {
        error: AwsErrors.signatureDoesNotMatch(
          `Host header '${hostHeader ?? ''}' does not name this endpoint; clients must reach it as '${this.expectedHost}'.`,
        ),
      };
    }
    const action = params.get('Action');
    if (
      action !== null &&
      UNSIGNED_ACTIONS.has(action) &&
      headerValue(req.headers, 'authorization') === undefined
    ) {
      const version = params.get('Version') ?? '';
      if (version !== STS_VERSION) return { error: AwsErrors.invalidAction(action, version) };
      return settle(assumeRoleWithWebIdentity(toMap(params), this.options.accounts, requestId), record);
    }
    const verdict = verifySigV4(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
      {
        service: 'sts',
        region: this.options.region,
        maxClockSkewSeconds: this.options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS,
      },
      this.options.accounts,
    );
    if (!verdict.ok) return { error: verdict.error };
    if (action === null) return { error: AwsErrors.missingAction() };
    const version = params.get('Version') ?? '';
    if (version !== STS_VERSION) return { error: AwsErrors.invalidAction(action, version) };
    const result = runStsAction(action, toMap(params), verdict.credential, this.options.accounts, requestId);
    return settle(result, record);
  }

  private takeInjectedFailure(): AwsError | undefined {
    const failFirst = this.options.failFirst;
    if (!failFirst || this.injectedFailuresLeft <= 0) return undefined;
    this.injectedFailuresLeft -= 1;
    const message =
      failFirst.message ?? DEFAULT_FAILURE_MESSAGES.get(failFirst.code) ?? `Injected ${failFirst.code}`;
    return awsError(failFirst.status, failFirst.code, message);
  }

  private takeSessionFailure(session: string | null): AwsError | undefined {
    const fault = this.options.failFirstPerSession;
    if (!fault || session === null) return undefined;
    const taken = this.failuresBySession.get(session) ?? 0;
    if (taken >= fault.count) return undefined;
    this.failuresBySession.set(session, taken + 1);
    const message = fault.message ?? DEFAULT_FAILURE_MESSAGES.get(fault.code) ?? `Injected ${fault.code}`;
    return awsError(fault.status, fault.code, message);
  }

  /** Sends the answer at once, or dripped at `bytesPerSecond`. */
  private reply(
    res: ServerResponse,
    record: RecordedStsRequest,
    answer: { error: AwsError } | { xml: string },
    requestId: string,
    bytesPerSecond?: number,
  ): void {
    let status = 200;
    let xml: string;
    if ('error' in answer) {
      if (record.outcome === 'ok') record.outcome = 'rejected';
      status = answer.error.status;
      record.errorCode = answer.error.code;
      record.errorMessage = answer.error.message;
      xml = errorResponseXml(answer.error, requestId);
    } else {
      xml = answer.xml;
    }
    record.status = status;
    if (bytesPerSecond === undefined) sendXml(res, status, xml, requestId);
    else this.dripXml(res, status, xml, requestId, bytesPerSecond);
  }

  /** Headers at once, then the body a few bytes at a time; stops when the client or `close()` ends it. */
  private dripXml(
    res: ServerResponse,
    status: number,
    xml: string,
    requestId: string,
    bytesPerSecond: number,
  ): void {
    const body = Buffer.from(xml, 'utf8');
    res.writeHead(status, xmlHeaders(body, requestId));
    res.flushHeaders();
    const tickMs = Math.max(20, 1000 / bytesPerSecond);
    const bytesPerTick = Math.max(1, Math.round((bytesPerSecond * tickMs) / 1000));
    let offset = 0;
    let timer: NodeJS.Timeout | undefined;
    const step = (): void => {
      if (timer) this.drips.delete(timer);
      if (res.destroyed) return;
      const piece = body.subarray(offset, offset + bytesPerTick);
      offset += piece.length;
      if (offset >= body.length) {
        res.end(piece);
        return;
      }
      res.write(piece);
      timer = setTimeout(step, tickMs);
      this.drips.add(timer);
    };
    res.once('close', () => {
      if (timer) {
        clearTimeout(timer);
        this.drips.delete(timer);
      }
    });
    step();
  }

  private stall(res: ServerResponse, record: RecordedStsRequest, requestId: string): void {
    record.outcome = 'stalled';
    record.status = 200;
    res.writeHead(200, {
      'Content-Type': 'text/xml',
      'x-amzn-RequestId': requestId,
      'Content-Length': '512',
    });
    res.flushHeaders();
  }
}

/** Notes in the record what the action issued and established, and gives its answer. */
function settle(
  result: StsActionResult & { webIdentity?: WebIdentityOutcome },
  record: RecordedStsRequest,
): { error: AwsError } | { xml: string } {
  if (result.webIdentity) record.webIdentity = result.webIdentity;
  if (!result.ok) return { error: result.error };
  record.issuedAccessKeyId = result.issued?.accessKeyId;
  return { xml: result.xml };
}

function newRecord(req: IncomingMessage, params: URLSearchParams): RecordedStsRequest {
  const authorization = headerValue(req.headers, 'authorization') ?? '';
  return {
    time: new Date(),
    method: req.method ?? '',
    path: new URL(req.url ?? '/', 'https://placeholder.invalid').pathname,
    host: headerValue(req.headers, 'host'),
    serverName: serverNameOf(req),
    action: params.get('Action') ?? undefined,
    params: recordableParams(params),
    callerAccessKeyId: /Credential=([^/,\s]+)\//.exec(authorization)?.[1],
    sessionTokenSent:
      headerValue(req.headers, 'x-amz-security-token') !== undefined || params.has('X-Amz-Security-Token'),
    outcome: 'ok',
    status: 0,
  };
}

function serverNameOf(req: IncomingMessage): string | undefined {
  const servername = (req.socket as TLSSocket).servername;
  return typeof servername === 'string' ? servername : undefined;
}

/** Query parameters, plus the form body of a urlencoded POST. */
function requestParams(req: IncomingMessage, body: Buffer): URLSearchParams {
  const params = new URL(req.url ?? '/', 'https://placeholder.invalid').searchParams;
  const contentType = headerValue(req.headers, 'content-type') ?? '';
  if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.append(name, value);
  }
  return params;
}

function recordableParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) {
    if (DROPPED_PARAMS.has(name)) continue;
    out[name] = REDACTED_PARAMS.has(name) ? '[redacted]' : value;
  }
  return out;
}

function toMap(params: URLSearchParams): Map<string, string> {
  return new Map(params.entries());
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error(`request body over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `true`: every request; `{ count }`: that many; unset: none. */
function budget(limit: true | { count: number } | undefined): number {
  return limit === undefined ? 0 : limit === true ? Number.POSITIVE_INFINITY : limit.count;
}

function sendError(res: ServerResponse, error: AwsError, requestId: string): void {
  sendXml(res, error.status, errorResponseXml(error, requestId), requestId);
}

function sendXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, xmlHeaders(body, requestId));
  res.end(body);
}

function xmlHeaders(body: Buffer, requestId: string): Record<string, string> {
  return {
    'Content-Type': 'text/xml',
    'Content-Length': String(body.length),
    'x-amzn-RequestId': requestId,
  };
}
