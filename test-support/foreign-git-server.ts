/**
 * A git server that is not CodeCommit (a company's own, or GitHub): smart HTTP over HTTPS served by
 * `git http-backend`, anonymous read access, at `https://<name>/<path>.git`. It records every request
 * with all its headers, so a test can tell what a client sent it (never, for one, CodeCommit credentials).
 */
import type { ChildProcess } from 'node:child_process';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import { serveWithGitHttpBackend } from './git-cgi.js';
import { listenTracked } from './server-lifecycle.js';

export interface ForeignGitRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface ForeignGitServer {
  /** `https://<name>` */
  url: string;
  requests: ForeignGitRequest[];
  close(): Promise<void>;
}

export interface ForeignGitServerOptions {
  /** Holds the bare repositories: `https://<name>/org/tool.git` is `<projectRoot>/org/tool.git`. */
  projectRoot: string;
  tls: { key: string; cert: string };
  address: string;
  name: string;
}

export async function startForeignGitServer(options: ForeignGitServerOptions): Promise<ForeignGitServer> {
  const requests: ForeignGitRequest[] = [];
  const children = new Set<ChildProcess>();
  const server = createServer(options.tls, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://placeholder.invalid');
    requests.push({ method: req.method ?? '', path: url.pathname, headers: { ...req.headers } });
    serveWithGitHttpBackend(
      req,
      res,
      { projectRoot: options.projectRoot, pathInfo: url.pathname, queryString: url.search.slice(1) },
      (child) => {
        children.add(child);
        child.once('close', () => children.delete(child));
      },
    ).catch(() => res.destroy());
  });
  const listening = await listenTracked(server, options.address, 443, {
    beforeClose: () => children.forEach((child) => child.kill('SIGKILL')),
  });
  return { url: `https://${options.name}`, requests, close: listening.close };
}
