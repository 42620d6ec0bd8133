/**
 * A local HTTPS stand-in for CodeCommit's git endpoint (`git-codecommit.<region>.amazonaws.com`):
 * smart HTTP at `/v1/repos/<name>/…` served by `git http-backend`, guarded by CodeCommit's Basic
 * authentication (verified independently with aws4 against the shared FakeAwsAccounts). It records
 * every request, without secrets.
 *
 * Faults can be injected into smart-HTTP requests (after they are recorded): a load balancer's 5xx
 * (`failFirst`), headers then silence (`stallAfterHeaders`), a body trickling in (`drip`), and a
 * connection reset part-way through the body (`resetMidBody`). `close()` ends all of them.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Socket } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { verifyGitCredentials, type GitAuthVerdict } from './codecommit-git-auth.js';
import {
  parseRepositoryRequestPath,
  repositoryDirectory,
  type RepositoryRequestPath,
} from './codecommit-layout.js';
import { callerArnOf, type FakeAwsAccounts, type RepositoryAccess } from './fake-aws-accounts.js';
import { serveWithGitHttpBackend } from './git-cgi.js';
import { authority, listenTracked } from './server-lifecycle.js';
import { headerValue } from './sigv4-verifier.js';

export interface FakeCodeCommitOptions {
  accounts: FakeAwsAccounts;
  /** The region whose git endpoint this is; passwords are signed for it. */
  region: string;
  /** Holds the bare repositories at `<projectRoot>/v1/repos/<name>` (see codecommit-layout.ts). */
  projectRoot: string;
  tls: { key: string; cert: string };
  /** Default '127.0.0.1'. */
  address?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /**
   * The Host header clients must send, which is also the host passwords are signed for, e.g.
   * `git-codecommit.ap-northeast-1.amazonaws.com`. Default: `<address>:<port>` (`<address>` alone on 443).
   */
  expectedHost?: string;
  /** Accept pushes (receive-pack) from principals with write grants. Default false. */
  allowPush?: boolean;
  /** Default 900 (CodeCommit's passwords last about 15 minutes). */
  maxPasswordAgeSeconds?: number;
  /** Default 300. */
  maxFutureSkewSeconds?: number;
  /** The realm of the 401 challenge. */
  realm?: string;
  /** Path of `git-http-backend`; default that of the git on PATH. */
  gitHttpBackend?: string;

  /*
   * Fault injection. Each request gets at most one fault, tried in this order: failFirst, then
   * stallAfterHeaders, resetMidBody, drip. A count-limited fault is used up only by the requests it
   * actually hits, so faults with counts follow one another (e.g. 2 failures, then 1 stall).
   * Requests that are not smart HTTP (404 paths) never get a fault.
   */

  /**
   * Answer the first `count` matching smart-HTTP requests with `status` and a short HTML body, like a
   * flaky load balancer in front of the service: decided before authentication, so anonymous
   * requests (a credential helper's first try) count too.
   */
  failFirst?: { count: number; status: number; on?: GitFaultTarget; body?: string };
  /**
   * For requests git would serve: send the real status and headers (200), then the first
   * `firstBytes` bytes of the real body (default 0), then nothing more; the connection stays open
   * until the client gives up or `close()`. `true`: every request.
   */
  stallAfterHeaders?: true | (GitFaultLimit & { firstBytes?: number });
  /** The pace of `drip`; default 1. Setting it without `drip` drips every request served. */
  dripBytesPerSecond?: number;
  /** For requests git would serve: send the real response, with its body at `dripBytesPerSecond`. */
  drip?: true | GitFaultLimit;
  /**
   * For requests git would serve: start the real response, then reset the TCP connection after
   * `afterBytes` bytes of body (default 64), or before the body's end if it is shorter.
   */
  resetMidBody?: true | (GitFaultLimit & { afterBytes?: number });
  /**
   * Throttling as CodeCommit's git endpoint does it under load: `429 Too Many Requests` (with
   * `Retry-After` when `retryAfterSeconds` is set) for a smart-HTTP request that arrives while more than
   * `whenInFlightAbove` others are being served, and/or for every `everyNth` smart-HTTP request matching `on`
   * (default any). Decided
   * before authentication and before `failFirst`. `setThrottle` changes it while the fake runs.
   */
  throttle?: GitThrottleRule;
}

/** When the fake answers a smart-HTTP request with `429 Too Many Requests` (see `throttle`). */
export interface GitThrottleRule {
  whenInFlightAbove?: number;
  everyNth?: number;
  on?: GitFaultTarget;
  retryAfterSeconds?: number;
}

/**
 * Which smart-HTTP requests a fault applies to: `GET …/info/refs` (either service), `POST
 * …/git-upload-pack`, or any smart-HTTP request (receive-pack POSTs included).
 */
export type GitFaultTarget = 'info-refs' | 'upload-pack' | 'any';

/** The first `count` requests matching `on` (default 'any'). */
export interface GitFaultLimit {
  count: number;
  on?: GitFaultTarget;
}

export type CodeCommitFault = 'throttle' | 'fail' | 'stall' | 'drip' | 'reset';

export type CodeCommitAuthOutcome = 'anonymous' | 'accepted' | 'rejected' | 'not-checked';

export interface RecordedCodeCommitRequest {
  time: Date;
  /** When the response ended, sent in full or cut off (unset while it runs). */
  endTime?: Date;
  method: string;
  path: string;
  query: string;
  /** The Host header as received. */
  host: string | undefined;
  /** The TLS server name (SNI) the client asked for. */
  serverName: string | undefined;
  repository: string | undefined;
  /** The key id part of the username (never the token or password). */
  accessKeyId: string | undefined;
  /**
   * When the password says it was signed (`YYYYMMDDTHHMMSSZ`, its first part: no secret), for "a fresh
   * password at every call".
   */
  passwordSignedAt: Date | undefined;
  sessionTokenSent: boolean;
  auth: CodeCommitAuthOutcome;
  /** Why the request was refused, when it was. */
  reason?: string;
  /** The HTTP status sent, once the response has finished. */
  status: number;
  gitProtocol: string | undefined;
  /** The request body's Content-Encoding (git gzips larger requests). */
  contentEncoding: string | undefined;
  /** The fault injected into this request's answer, if any. */
  fault?: CodeCommitFault;
  /** Bytes the connection carried back for this request, headers included, once it has finished. */
  responseBytes: number;
}

export interface FakeCodeCommit {
  /** `https://<expected host>` */
  url: string;
  host: string;
  address: string;
  port: number;
  requests: RecordedCodeCommitRequest[];
  /** `<url>/v1/repos/<name>` */
  repositoryUrl(name: string): string;
  /**
   * From now on, serve every response body at this rate, as through a slow link (a fault injected into
   * a request takes precedence); undefined: full speed again.
   */
  setLinkRate(bytesPerSecond: number | undefined): void;
  /**
   * From now on, throttle by this rule (as the `throttle` option; `everyNth` counts from here);
   * undefined: never throttle again.
   */
  setThrottle(rule: GitThrottleRule | undefined): void;
  /**
   * From now on, serve `repository` as a server that gives out only the commits its refs point to: git
   * protocol v0 without `uploadpack.allowReachableSHA1InWant`, so a fetch of any other commit by its SHA
   * is refused ("not our ref"), as some servers do.
   */
  serveTipsOnly(repository: string): void;
  /**
   * From now on, serve `repository` as a server of this kind, whatever the repository's own config
   * says (see ServerKind); what the kind leaves out stays as it was.
   */
  serveAs(repository: string, kind: ServerKind): void;
  /** The most smart-HTTP requests it was serving at once (throttled ones included). */
  mostInFlight(): number;
  close(): Promise<void>;
}

const DEFAULT_REALM = 'git-codecommit';
const DEFAULT_RESET_AFTER_BYTES = 64;

export async function startFakeCodeCommit(options: FakeCodeCommitOptions): Promise<FakeCodeCommit> {
  const address = options.address ?? '127.0.0.1';
  const requests: RecordedCodeCommitRequest[] = [];
  const children = new Set<ChildProcess>();
  const shaped = new Set<ShapedResponse>();
  const faults = new FaultPlan(options);
  const server = createServer({ key: options.tls.key, cert: options.tls.cert });
  const tcpSockets = new TcpSocketIndex();
  server.on('connection', (socket: Socket) => tcpSockets.add(socket));
  const listening = await listenTracked(server, address, options.port ?? 0, {
    beforeClose: () => {
      shaped.forEach((response) => response.destroy());
      children.forEach((child) => child.kill('SIGKILL'));
    },
  });
  const host = options.expectedHost ?? authority(address, listening.port);
  const tipsOnly = new Set<string>();
  const kinds = new Map<string, ServerKind>();
  const smartRequests = { seen: 0, inFlight: 0, mostInFlight: 0 };
  const throttle: { rule?: GitThrottleRule } = { rule: options.throttle };
  const handler = new GitRequestHandler(options, host, requests, {
    children,
    shaped,
    faults,
    tcpSockets,
    tipsOnly,
    kinds,
    smartRequests,
    throttle,
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handler.handle(req, res).catch(() => res.destroy());
  });
  const url = `https://${host}`;
  return {
    url,
    host,
    address,
    port: listening.port,
    requests,
    repositoryUrl: (name) => `${url}/v1/repos/${name}`,
    mostInFlight: () => smartRequests.mostInFlight,
    setLinkRate: (bytesPerSecond) => {
      if (bytesPerSecond !== undefined && !(bytesPerSecond > 0))
        throw new Error(`a link rate must be above 0, not ${bytesPerSecond}`);
      faults.linkRate = bytesPerSecond;
    },
    setThrottle: (rule) => {
      throttle.rule = rule;
      smartRequests.seen = 0;
    },
    serveTipsOnly: (repository) => {
      tipsOnly.add(repository);
    },
    serveAs: (repository, kind) => {
      kinds.set(repository, { ...kinds.get(repository), ...kind });
    },
    close: listening.close,
  };
}

/**
 * A kind of git server, as `git http-backend` can be made to act: which protocol it answers in and what
 * its upload-pack allows (uploadpack.* config given to the backend, above the repository's own).
 */
export interface ServerKind {
  /** `v0`: the Git-Protocol header is dropped, so the server answers in protocol v0 only. */
  protocol?: 'v0' | 'v2';
  /** uploadpack.allowFilter: whether `filter` (partial clone) is advertised and honoured. */
  filter?: boolean;
  /** uploadpack.allowReachableSHA1InWant: whether v0 serves a commit no ref points at. */
  reachableShaInWant?: boolean;
}

function uploadPackConfig(kind: ServerKind | undefined): [string, string][] {
  const config: [string, string][] = [];
  if (kind?.filter !== undefined) config.push(['uploadpack.allowFilter', String(kind.filter)]);
  if (kind?.reachableShaInWant !== undefined)
    config.push(['uploadpack.allowReachableSHA1InWant', String(kind.reachableShaInWant)]);
  return config;
}

type Refusal = { status: number; reason: string; challenge?: boolean };

/** What the handler shares with the server: live processes and responses, fault budgets, raw sockets. */
interface HandlerState {
  children: Set<ChildProcess>;
  shaped: Set<ShapedResponse>;
  faults: FaultPlan;
  tcpSockets: TcpSocketIndex;
  /** Repositories served with protocol v0 (the Git-Protocol header dropped): advertised tips only. */
  tipsOnly: Set<string>;
  /** Repositories served as another kind of server (serveAs). */
  kinds: Map<string, ServerKind>;
  /** Smart-HTTP requests seen, and those being served now (for `throttle`). */
  smartRequests: { seen: number; inFlight: number; mostInFlight: number };
  /** The throttle rule in force (the `throttle` option until `setThrottle`). */
  throttle: { rule?: GitThrottleRule };
}

class GitRequestHandler {
  constructor(
    private readonly options: FakeCodeCommitOptions,
    private readonly expectedHost: string,
    private readonly requests: RecordedCodeCommitRequest[],
    private readonly state: HandlerState,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://placeholder.invalid');
    const target = smartHttpTarget(url, req.method ?? 'GET');
    const record = newRecord(req, url, target);
    this.requests.push(record);
    const bytesBefore = req.socket.bytesWritten;
    res.on('finish', () => {
      record.status = res.statusCode;
      record.responseBytes = req.socket.bytesWritten - bytesBefore;
    });
    res.on('close', () => (record.endTime = new Date()));

    const throttle = this.state.throttle.rule;
    if (target !== undefined && this.throttles(res, target, throttle)) {
      record.fault = 'throttle';
      req.resume();
      failLikeLoadBalancer(res, {
        status: 429,
        ...(throttle?.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: throttle.retryAfterSeconds }
          : {}),
      });
      return;
    }
    const failure = target && this.state.faults.takeFailure(target);
    if (failure) {
      record.fault = 'fail';
      req.resume();
      failLikeLoadBalancer(res, failure);
      return;
    }
    const refusal = this.admit(req, target, record);
    if (refusal) {
      record.reason = refusal.reason;
      req.resume();
      refuse(res, refusal, this.options.realm ?? DEFAULT_REALM);
      return;
    }
    const kind = target !== undefined ? this.state.kinds.get(target.repository) : undefined;
    if (target !== undefined && (this.state.tipsOnly.has(target.repository) || kind?.protocol === 'v0'))
      delete req.headers['git-protocol'];
    const shape = target && this.state.faults.takeBodyShape(target);
    if (shape) record.fault = shape.fault;
    let child: ChildProcess | undefined;
    const out = shape ? this.shapedResponse(req, res, shape, record, () => child) : res;
    await serveWithGitHttpBackend(
      req,
      out,
      {
        projectRoot: this.options.projectRoot,
        pathInfo: `/v1/repos/${target?.repository ?? ''}${target?.rest ?? ''}`,
        queryString: url.search.slice(1),
        remoteUser: record.accessKeyId,
        backend: this.options.gitHttpBackend,
        config: uploadPackConfig(kind),
      },
      (spawned) => {
        child = spawned;
        this.state.children.add(spawned);
        spawned.once('close', () => this.state.children.delete(spawned));
      },
    );
  }

  /** Counts the smart-HTTP request `res` answers; whether `rule` says to refuse it. */
  private throttles(res: ServerResponse, target: GitTarget, rule: GitThrottleRule | undefined): boolean {
    const counts = this.state.smartRequests;
    const busy = counts.inFlight;
    counts.inFlight += 1;
    counts.mostInFlight = Math.max(counts.mostInFlight, counts.inFlight);
    res.once('close', () => (counts.inFlight -= 1));
    if (rule === undefined) return false;
    const counted = matches(rule.on ?? 'any', target);
    if (counted) counts.seen += 1;
    return (
      (rule.whenInFlightAbove !== undefined && busy >= rule.whenInFlightAbove) ||
      (rule.everyNth !== undefined && counted && counts.seen % rule.everyNth === 0)
    );
  }

  /**
   * A stand-in for `res` that git-cgi.ts writes the backend's answer to, shaping the body on its way
   * out. When the client goes away first, the backend is killed rather than left blocked on its pipe.
   */
  private shapedResponse(
    req: IncomingMessage,
    res: ServerResponse,
    shape: BodyShape,
    record: RecordedCodeCommitRequest,
    child: () => ChildProcess | undefined,
  ): ServerResponse {
    const reset = (): void => {
      const raw = this.state.tcpSockets.find(req.socket);
      if (raw && !raw.destroyed) raw.resetAndDestroy();
      else req.socket.destroy();
    };
    const shaped = new ShapedResponse(res, shape, reset, (status) => (record.status = status));
    this.state.shaped.add(shaped);
    res.once('close', () => {
      this.state.shaped.delete(shaped);
      if (res.writableFinished) return;
      shaped.destroy();
      const running = child();
      if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
    });
    // Only what git-cgi.ts uses of a ServerResponse: writeHead, headersSent, write, end, destroy, pipe.
    return shaped as unknown as ServerResponse;
  }

  /** Decides, in CodeCommit's order, whether the request may reach git; a refusal otherwise. */
  private admit(
    req: IncomingMessage,
    target: GitTarget | undefined,
    record: RecordedCodeCommitRequest,
  ): Refusal | undefined {
    const hostHeader = headerValue(req.headers, 'host');
    if (hostHeader !== this.expectedHost) {
      return {
        status: 403,
        reason: `Host '${hostHeader ?? ''}' is not this endpoint's name '${this.expectedHost}'`,
      };
    }
    if (!target) return { status: 404, reason: 'not a smart-HTTP path under /v1/repos/<name>' };
    const verdict = this.authenticate(req, target.repository);
    record.auth = verdict.kind;
    if (verdict.kind === 'anonymous') return { status: 401, reason: 'no credentials', challenge: true };
    if (verdict.kind === 'rejected') return { status: 403, reason: verdict.reason };
    return this.authorize(verdict, target);
  }

  private authenticate(req: IncomingMessage, repository: string): GitAuthVerdict {
    return verifyGitCredentials({
      authorization: headerValue(req.headers, 'authorization'),
      host: this.expectedHost,
      repository,
      region: this.options.region,
      accounts: this.options.accounts,
      maxPasswordAgeSeconds: this.options.maxPasswordAgeSeconds ?? 900,
      maxFutureSkewSeconds: this.options.maxFutureSkewSeconds ?? 300,
    });
  }

  private authorize(
    verdict: Extract<GitAuthVerdict, { kind: 'accepted' }>,
    target: GitTarget,
  ): Refusal | undefined {
    const caller = callerArnOf(verdict.credential);
    if (target.access === 'write' && !this.options.allowPush) {
      return { status: 403, reason: 'pushes are not enabled on this fake (allowPush)' };
    }
    if (!this.options.accounts.mayAccessRepository(verdict.credential, target.repository, target.access)) {
      const action = target.access === 'write' ? 'codecommit:GitPush' : 'codecommit:GitPull';
      return {
        status: 403,
        reason: `${caller} is not authorized to perform: ${action} on ${target.repository}`,
      };
    }
    if (!existsSync(path.join(repositoryDirectory(this.options.projectRoot, target.repository), 'HEAD'))) {
      return { status: 404, reason: `repository '${target.repository}' does not exist` };
    }
    return undefined;
  }
}

interface GitTarget extends RepositoryRequestPath {
  access: RepositoryAccess;
}

/** How a served response's body is changed on its way out. */
type BodyShape =
  | { fault: 'stall'; firstBytes: number }
  | { fault: 'reset'; afterBytes: number }
  | { fault: 'drip'; bytesPerSecond: number };

/** One count-limited fault: how many matching requests it may still hit. */
class FaultBudget {
  private left: number;
  private readonly on: GitFaultTarget;

  constructor(limit: true | GitFaultLimit | undefined) {
    this.left = limit === undefined ? 0 : limit === true ? Number.POSITIVE_INFINITY : limit.count;
    this.on = limit === undefined || limit === true ? 'any' : (limit.on ?? 'any');
  }

  /** Uses one hit if the request matches and any are left. */
  take(target: GitTarget): boolean {
    if (this.left <= 0 || !matches(this.on, target)) return false;
    this.left -= 1;
    return true;
  }
}

class FaultPlan {
  linkRate: number | undefined;
  private readonly fail: FaultBudget;
  private readonly stall: FaultBudget;
  private readonly reset: FaultBudget;
  private readonly drip: FaultBudget;

  constructor(private readonly options: FakeCodeCommitOptions) {
    const rate = options.dripBytesPerSecond;
    if (rate !== undefined && !(rate > 0)) throw new Error(`dripBytesPerSecond must be above 0, not ${rate}`);
    this.fail = new FaultBudget(options.failFirst);
    this.stall = new FaultBudget(options.stallAfterHeaders);
    this.reset = new FaultBudget(options.resetMidBody);
    this.drip = new FaultBudget(options.drip ?? (rate === undefined ? undefined : true));
  }

  takeFailure(target: GitTarget): { status: number; body?: string } | undefined {
    const failFirst = this.options.failFirst;
    return failFirst && this.fail.take(target) ? failFirst : undefined;
  }

  takeBodyShape(target: GitTarget): BodyShape | undefined {
    const { stallAfterHeaders: stall, resetMidBody: reset } = this.options;
    if (this.stall.take(target)) {
      return { fault: 'stall', firstBytes: (stall === true ? undefined : stall?.firstBytes) ?? 0 };
    }
    if (this.reset.take(target)) {
      const afterBytes = (reset === true ? undefined : reset?.afterBytes) ?? DEFAULT_RESET_AFTER_BYTES;
      return { fault: 'reset', afterBytes };
    }
    if (this.drip.take(target))
      return { fault: 'drip', bytesPerSecond: this.options.dripBytesPerSecond ?? 1 };
    if (this.linkRate !== undefined) return { fault: 'drip', bytesPerSecond: this.linkRate };
    return undefined;
  }
}

function matches(on: GitFaultTarget, target: GitTarget): boolean {
  if (on === 'info-refs') return target.rest === '/info/refs';
  if (on === 'upload-pack') return target.rest === '/git-upload-pack';
  return true;
}

/**
 * Finds the TCP socket under a TLS socket (matched by the client's address and port), so a reset can
 * be a real RST: a TLS socket itself cannot send one.
 */
class TcpSocketIndex {
  private readonly sockets = new Map<string, Socket>();

  add(socket: Socket): void {
    const key = socketKey(socket);
    this.sockets.set(key, socket);
    socket.once('close', () => {
      if (this.sockets.get(key) === socket) this.sockets.delete(key);
    });
  }

  find(tlsSocket: Socket): Socket | undefined {
    return this.sockets.get(socketKey(tlsSocket));
  }
}

function socketKey(socket: Socket): string {
  return `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;
}

/**
 * Passes the backend's status and headers through at once (flushed), and its body according to the
 * shape: the first bytes then silence (stall), N bytes a second (drip), or a reset after some bytes.
 */
class ShapedResponse extends Writable {
  private sent = 0;
  private didReset = false;
  private resetDone = false;
  private unflushedWrites = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextWriteAt = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly shape: BodyShape,
    private readonly resetConnection: () => void,
    private readonly onHead: (status: number) => void,
  ) {
    // Finishing must not destroy the real response: a stall keeps it open after the backend is done.
    super({ autoDestroy: false });
  }

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  writeHead(status: number, headers: OutgoingHttpHeaders): this {
    this.res.writeHead(status, headers);
    this.res.flushHeaders();
    this.onHead(status);
    return this;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.res.destroyed || this.didReset) {
      callback();
      return;
    }
    if (this.shape.fault === 'drip') {
      this.dripOut(chunk, this.shape.bytesPerSecond, callback);
      return;
    }
    const limit = this.shape.fault === 'stall' ? this.shape.firstBytes : this.shape.afterBytes;
    const room = Math.max(0, limit - this.sent);
    const piece = chunk.subarray(0, room);
    if (piece.length > 0) this.send(piece);
    this.sent += piece.length;
    if (this.shape.fault === 'reset' && chunk.length >= room) this.reset();
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.shape.fault === 'drip') this.res.end();
    // A reset happens before the body's last byte, however short the body.
    if (this.shape.fault === 'reset') this.reset();
    // A stall never ends its response.
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.timer);
    if (!this.res.writableFinished) this.res.destroy();
    callback(error);
  }

  /** Writes a piece of body, keeping count of what has not reached the socket yet. */
  private send(piece: Buffer): void {
    this.unflushedWrites += 1;
    this.res.write(piece, () => {
      this.unflushedWrites -= 1;
      this.resetIfDue();
    });
  }

  /** Resets once every byte written so far has reached the socket (a reset drops what has not). */
  private reset(): void {
    this.didReset = true;
    this.resetIfDue();
  }

  private resetIfDue(): void {
    if (!this.didReset || this.unflushedWrites > 0 || this.resetDone) return;
    this.resetDone = true;
    setImmediate(this.resetConnection);
  }

  /** Writes the chunk a few bytes at a time, paced across chunks so the rate holds overall. */
  private dripOut(chunk: Buffer, bytesPerSecond: number, callback: (error?: Error | null) => void): void {
    const tickMs = Math.max(20, 1000 / bytesPerSecond);
    const bytesPerTick = Math.max(1, Math.round((bytesPerSecond * tickMs) / 1000));
    let offset = 0;
    const step = (): void => {
      this.timer = undefined;
      if (this.res.destroyed) return;
      const piece = chunk.subarray(offset, offset + bytesPerTick);
      offset += piece.length;
      this.res.write(piece);
      this.nextWriteAt = Date.now() + tickMs;
      if (offset >= chunk.length) callback();
      else this.timer = setTimeout(step, tickMs);
    };
    this.timer = setTimeout(step, Math.max(0, this.nextWriteAt - Date.now()));
  }
}

/** The repository and git service of a smart-HTTP request; undefined for anything else. */
function smartHttpTarget(url: URL, method: string): GitTarget | undefined {
  const parsed = parseRepositoryRequestPath(url.pathname);
  if (!parsed) return undefined;
  const rest = parsed.rest.replace(/\/{2,}/g, '/');
  const service = url.searchParams.get('service');
  const isAdvertisement = method === 'GET' && rest === '/info/refs';
  const isRpc = method === 'POST' && (rest === '/git-upload-pack' || rest === '/git-receive-pack');
  if (isAdvertisement && (service === 'git-upload-pack' || service === 'git-receive-pack')) {
    return { repository: parsed.repository, rest, access: service === 'git-receive-pack' ? 'write' : 'read' };
  }
  if (isRpc)
    return { repository: parsed.repository, rest, access: rest === '/git-receive-pack' ? 'write' : 'read' };
  return undefined;
}

function newRecord(req: IncomingMessage, url: URL, target: GitTarget | undefined): RecordedCodeCommitRequest {
  const authorization = headerValue(req.headers, 'authorization');
  const username = basicUsername(authorization);
  const separator = username?.indexOf('%') ?? -1;
  return {
    time: new Date(),
    method: req.method ?? '',
    path: url.pathname,
    query: url.search,
    host: headerValue(req.headers, 'host'),
    serverName: serverNameOf(req),
    repository: target?.repository ?? parseRepositoryRequestPath(url.pathname)?.repository,
    accessKeyId: username === undefined ? undefined : separator < 0 ? username : username.slice(0, separator),
    passwordSignedAt: passwordSigningTime(authorization),
    sessionTokenSent: separator >= 0,
    auth: 'not-checked',
    status: 0,
    responseBytes: 0,
    gitProtocol: headerValue(req.headers, 'git-protocol'),
    contentEncoding: headerValue(req.headers, 'content-encoding'),
  };
}

function passwordSigningTime(authorization: string | undefined): Date | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const stamp = /:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z[0-9a-f]{64}$/.exec(decoded);
  if (!stamp) return undefined;
  const [, year, month, day, hour, minute, second] = stamp;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}

function basicUsername(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(0, colon);
}

function serverNameOf(req: IncomingMessage): string | undefined {
  const servername = (req.socket as TLSSocket).servername;
  return typeof servername === 'string' ? servername : undefined;
}

/** A load balancer's error page, sent without asking the backend. */
function failLikeLoadBalancer(
  res: ServerResponse,
  failure: { status: number; body?: string; retryAfterSeconds?: number },
): void {
  const title = `${failure.status} ${STATUS_CODES[failure.status] ?? 'Error'}`;
  const body =
    failure.body ??
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(failure.status, {
    'Content-Type': 'text/html',
    'Content-Length': String(Buffer.byteLength(body)),
    ...(failure.retryAfterSeconds !== undefined ? { 'Retry-After': String(failure.retryAfterSeconds) } : {}),
  });
  res.end(body);
}

function refuse(res: ServerResponse, refusal: Refusal, realm: string): void {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (refusal.challenge) headers['WWW-Authenticate'] = `Basic realm="${realm}"`;
  res.writeHead(refusal.status, headers);
  res.end(`${refusal.status === 404 ? refusal.reason : statusText(refusal.status)}\n`);
}

function statusText(status: number): string {
  return status === 401 ? 'Unauthorized' : 'Forbidden';
}
