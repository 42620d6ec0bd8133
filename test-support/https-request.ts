/**
 * A one-shot HTTPS request for tests: connect to an address and port, send any Host header and SNI,
 * trust a given CA, collect the whole answer. No keep-alive agent, so nothing stays open.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { isIP } from 'node:net';

export interface HttpsRequestOptions {
  address: string;
  port: number;
  method?: string;
  path?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** CA certificate(s) to trust (PEM). */
  ca: string;
  /** TLS server name; default the Host header's name when it is not an IP address. */
  servername?: string;
  timeoutMs?: number;
}

export interface HttpsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function httpsRequest(options: HttpsRequestOptions): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.address,
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
        ca: options.ca,
        servername: options.servername ?? defaultServerName(options.headers),
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer from ${options.address}:${options.port} in time`)),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function defaultServerName(headers: OutgoingHttpHeaders | undefined): string | undefined {
  const host = headers?.host ?? headers?.Host;
  if (typeof host !== 'string') return undefined;
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return isIP(name) === 0 ? name : undefined;
}
