/**
 * A local HTTP proxy that only tunnels: `CONNECT host:port`, what HTTPS clients (git's curl, Node
 * agents, the AWS SDK) send to a proxy. The target is resolved by the normal resolver, so inside the
 * simulated VPC it follows its hosts file. Optional Basic proxy authentication; every CONNECT is
 * recorded (target and whether it was authorized, never the password); `close()` ends every tunnel.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, isIPv6, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { listenTracked } from './server-lifecycle.js';

export interface ConnectProxyOptions {
  /** Default '127.0.0.1'. */
  address?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Require `Proxy-Authorization: Basic` with these; without them, anyone may tunnel. */
  credentials?: { username: string; password: string };
}

export interface RecordedConnect {
  /** `host:port` as the client asked for it. */
  target: string;
  /** Whether the request passed the credentials check (always true when none is configured). */
  authorized: boolean;
  time: Date;
  /**
   * What the proxy answered: 200 (tunnel open), 400 (not `host:port`), 407 (no or wrong credentials),
   * 502 (the target could not be resolved or reached). 0 while connecting.
   */
  status: number;
  /** The address the tunnel was opened to, once it is open. */
  remoteAddress?: string;
  /** Why the tunnel could not be opened, for 400 and 502. */
  error?: string;
}

export interface ConnectProxy {
  /** `http://<address>:<port>`, for `HTTPS_PROXY` or git's `http.proxy`. */
  url: string;
  /** `<address>:<port>` */
  host: string;
  port: number;
  connects: RecordedConnect[];
  /** Requests other than CONNECT (answered 405, never forwarded). */
  otherRequests: { method: string; url: string; time: Date }[];
  /** Tunnels open right now. */
  openTunnels(): number;
  close(): Promise<void>;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const address = options.address ?? '127.0.0.1';
  const connects: RecordedConnect[] = [];
  const otherRequests: ConnectProxy['otherRequests'] = [];
  const upstreams = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    otherRequests.push({ method: req.method ?? '', url: req.url ?? '', time: new Date() });
    req.resume();
    res.writeHead(405, { Allow: 'CONNECT', 'Content-Type': 'text/plain' });
    res.end('This proxy only tunnels: CONNECT host:port\n');
  });
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const record: RecordedConnect = {
      target: req.url ?? '',
      authorized: isAuthorized(req, options.credentials),
      time: new Date(),
      status: 0,
    };
    connects.push(record);
    client.on('error', () => undefined);
    if (!record.authorized) {
      record.status = 407;
      answer(client, 407, { 'Proxy-Authenticate': 'Basic realm="proxy"' });
      return;
    }
    const target = parseTarget(record.target);
    if (!target) {
      record.status = 400;
      record.error = 'not host:port';
      answer(client, 400);
      return;
    }
    openTunnel(client, head, target, record, upstreams);
  });
  const listening = await listenTracked(server, address, options.port ?? 0, {
    beforeClose: () => upstreams.forEach((socket) => socket.destroy()),
  });
  const host = `${isIPv6(address) ? `[${address}]` : address}:${listening.port}`;
  return {
    url: `http://${host}`,
    host,
    port: listening.port,
    connects,
    otherRequests,
    openTunnels: () => upstreams.size,
    close: listening.close,
  };
}

function openTunnel(
  client: Duplex,
  head: Buffer,
  target: { host: string; port: number },
  record: RecordedConnect,
  upstreams: Set<Socket>,
): void {
  // A host name goes through dns.lookup (getaddrinfo), which reads the hosts file.
  const upstream = connect({ host: target.host, port: target.port });
  upstreams.add(upstream);
  upstream.once('close', () => {
    upstreams.delete(upstream);
    client.destroy();
  });
  client.once('close', () => upstream.destroy());
  upstream.once('error', (error: Error) => {
    if (record.status !== 0) return;
    record.status = 502;
    record.error = error.message;
    answer(client, 502);
  });
  upstream.once('connect', () => {
    record.status = 200;
    record.remoteAddress = upstream.remoteAddress;
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
}

function isAuthorized(req: IncomingMessage, credentials: ConnectProxyOptions['credentials']): boolean {
  if (!credentials) return true;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers['proxy-authorization'] ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return (
    decoded.slice(0, colon) === credentials.username && decoded.slice(colon + 1) === credentials.password
  );
}

/** `host:port` or `[v6]:port`; undefined for anything else. */
function parseTarget(target: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/]+)):(\d{1,5})$/.exec(target);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !(port >= 1 && port <= 65535)) return undefined;
  return { host, port };
}

function answer(client: Duplex, status: number, headers: Record<string, string> = {}): void {
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Content-Length: 0',
    'Connection: close',
  ];
  client.end(`${lines.join('\r\n')}\r\n\r\n`);
}
