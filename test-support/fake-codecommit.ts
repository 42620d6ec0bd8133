/**
 * A local HTTPS stand-in for CodeCommit's git endpoint (`git-codecommit.<region>.amazonaws.com`):
 * smart HTTP at `/v1/repos/<name>/…` served by `git http-backend`, guarded by CodeCommit's Basic
 * authentication (verified independently with aws4 against the shared FakeAwsAccounts). It records
 * every request, without secrets.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import path from 'node:path';
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
  /** Path of `git-http-backend`; default `/usr/lib/git-core/git-http-backend`. */
  gitHttpBackend?: string;
}

export type CodeCommitAuthOutcome = 'anonymous' | 'accepted' | 'rejected' | 'not-checked';

export interface RecordedCodeCommitRequest {
  time: Date;
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
  sessionTokenSent: boolean;
  auth: CodeCommitAuthOutcome;
  /** Why the request was refused, when it was. */
  reason?: string;
  /** The HTTP status sent, once the response has finished. */
  status: number;
  gitProtocol: string | undefined;
  /** The request body's Content-Encoding (git gzips larger requests). */
  contentEncoding: string | undefined;
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
  close(): Promise<void>;
}

const DEFAULT_REALM = 'git-codecommit';

export async function startFakeCodeCommit(options: FakeCodeCommitOptions): Promise<FakeCodeCommit> {
  const address = options.address ?? '127.0.0.1';
  const requests: RecordedCodeCommitRequest[] = [];
  const children = new Set<ChildProcess>();
  const server = createServer({ key: options.tls.key, cert: options.tls.cert });
  const listening = await listenTracked(server, address, options.port ?? 0, {
    beforeClose: () => children.forEach((child) => child.kill('SIGKILL')),
  });
  const host = options.expectedHost ?? authority(address, listening.port);
  const handler = new GitRequestHandler(options, host, requests, children);
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
    close: listening.close,
  };
}

type Refusal = { status: number; reason: string; challenge?: boolean };

class GitRequestHandler {
  constructor(
    private readonly options: FakeCodeCommitOptions,
    private readonly expectedHost: string,
    private readonly requests: RecordedCodeCommitRequest[],
    private readonly children: Set<ChildProcess>,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://placeholder.invalid');
    const target = smartHttpTarget(url, req.method ?? 'GET');
    const record = newRecord(req, url, target);
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));

    const refusal = this.admit(req, target, record);
    if (refusal) {
      record.reason = refusal.reason;
      req.resume();
      refuse(res, refusal, this.options.realm ?? DEFAULT_REALM);
      return;
    }
    await serveWithGitHttpBackend(
      req,
      res,
      {
        projectRoot: this.options.projectRoot,
        pathInfo: `/v1/repos/${target?.repository ?? ''}${target?.rest ?? ''}`,
        queryString: url.search.slice(1),
        remoteUser: record.accessKeyId,
        backend: this.options.gitHttpBackend,
      },
      (child) => {
        this.children.add(child);
        child.once('close', () => this.children.delete(child));
      },
    );
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
  const username = basicUsername(headerValue(req.headers, 'authorization'));
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
    sessionTokenSent: separator >= 0,
    auth: 'not-checked',
    status: 0,
    gitProtocol: headerValue(req.headers, 'git-protocol'),
    contentEncoding: headerValue(req.headers, 'content-encoding'),
  };
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

function refuse(res: ServerResponse, refusal: Refusal, realm: string): void {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (refusal.challenge) headers['WWW-Authenticate'] = `Basic realm="${realm}"`;
  res.writeHead(refusal.status, headers);
  res.end(`${refusal.status === 404 ? refusal.reason : statusText(refusal.status)}\n`);
}

function statusText(status: number): string {
  return status === 401 ? 'Unauthorized' : 'Forbidden';
}
