/**
 * Serves one HTTP request through `git http-backend` (CGI): builds the CGI environment, streams the
 * request body in, parses the CGI `Status:` and headers, and streams the body out.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { headerValue } from './sigv4-verifier.js';

/**
 * `git-http-backend` of the git on PATH, found in its exec path: /usr/lib/git-core on Debian, elsewhere
 * with Homebrew or Xcode on macOS and with Git for Windows.
 */
export const GIT_HTTP_BACKEND = path.join(
  execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(),
  'git-http-backend',
);

export interface GitCgiRequest {
  projectRoot: string;
  /** The URL path, e.g. `/v1/repos/demo/info/refs`. */
  pathInfo: string;
  queryString: string;
  /** Set only for authenticated requests; http-backend allows receive-pack only when it is set. */
  remoteUser?: string;
  /** Path of the backend; default GIT_HTTP_BACKEND. */
  backend?: string;
  /** Config for the backend and the upload-pack it runs, above the repository's own (command scope). */
  config?: readonly (readonly [key: string, value: string])[];
}

const HEADER_END = /\r?\n\r?\n/;

/** Runs the backend for the request; `onChild` lets the caller kill it when shutting down. */
export function serveWithGitHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  cgi: GitCgiRequest,
  onChild: (child: ChildProcess) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(cgi.backend ?? GIT_HTTP_BACKEND, [], {
      env: cgiEnvironment(req, cgi),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    onChild(child);
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => undefined);
    req.pipe(child.stdin);
    relayCgiOutput(child, res);
    child.on('error', (error) => failResponse(res, `cannot run git http-backend: ${error.message}`));
    child.on('close', () => {
      if (!res.headersSent)
        failResponse(res, `git http-backend wrote no response: ${Buffer.concat(stderr).toString()}`);
      resolve();
    });
  });
}

function cgiEnvironment(req: IncomingMessage, cgi: GitCgiRequest): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: cgi.projectRoot,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: cgi.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: cgi.pathInfo,
    QUERY_STRING: cgi.queryString,
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
  };
  // Windows programs need SystemRoot to start reliably.
  if (process.env.SystemRoot !== undefined) env.SystemRoot = process.env.SystemRoot;
  const optional: Record<string, string | undefined> = {
    CONTENT_TYPE: headerValue(req.headers, 'content-type'),
    CONTENT_LENGTH: headerValue(req.headers, 'content-length'),
    GIT_PROTOCOL: headerValue(req.headers, 'git-protocol'),
    HTTP_CONTENT_ENCODING: headerValue(req.headers, 'content-encoding'),
    REMOTE_USER: cgi.remoteUser,
  };
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) env[name] = value;
  const config = cgi.config ?? [];
  if (config.length > 0) env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}

/** Reads the CGI header block, then forwards status, headers and the rest of stdout. */
function relayCgiOutput(child: ChildProcess, res: ServerResponse): void {
  const stdout = child.stdout;
  if (!stdout) return;
  let pending = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    pending = Buffer.concat([pending, chunk]);
    const text = pending.toString('latin1');
    const end = HEADER_END.exec(text);
    if (!end) return;
    stdout.off('data', onData);
    const head = parseCgiHead(text.slice(0, end.index));
    res.writeHead(head.status, head.headers);
    res.write(pending.subarray(end.index + end[0].length));
    stdout.pipe(res);
  };
  stdout.on('data', onData);
}

export interface CgiHead {
  status: number;
  headers: Record<string, string>;
}

export function parseCgiHead(head: string): CgiHead {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}

function failResponse(res: ServerResponse, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'Content-Type': 'text/plain' });
  res.end(`${message}\n`);
}
