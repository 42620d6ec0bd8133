/**
 * A TCP relay on loopback that can hold connections: while it holds, each new connection is accepted and
 * kept waiting (what the client sends is kept, nothing is answered, so a TLS handshake does not even
 * get going) until `release()`; then every waiting connection, and every later one, is passed through to
 * the target as it is. For a test that needs git to be connected and waiting, for as long as the test
 * says, and then to go on. A waiting connection the client closes is seen closed.
 */
import { connect, createServer, type Socket } from 'node:net';
import { listenTracked } from './server-lifecycle.js';

export interface RelayedConnection {
  /** The client closed it (or it was passed through and has ended). */
  closed: boolean;
  /** It waited while the relay held. */
  held: boolean;
}

export interface GatedRelay {
  /** The relay's own port on 127.0.0.1. */
  port: number;
  /** `127.0.0.1:<port>`: the host clients reach through the relay. */
  host: string;
  /** Every connection accepted, in order. */
  connections: RelayedConnection[];
  /** Where connections are passed: the target's port on 127.0.0.1 (set before the first one passes). */
  forwardTo(port: number): void;
  /** From now on, new connections wait. */
  hold(): void;
  /** Passes every waiting connection through, and every later one at once. */
  release(): void;
  /** Connections accepted and waiting for `release()`, not closed. */
  waiting(): number;
  close(): Promise<void>;
}

const ADDRESS = '127.0.0.1';

export async function startGatedRelay(): Promise<GatedRelay> {
  let targetPort: number | undefined;
  let holding = false;
  const connections: RelayedConnection[] = [];
  const waiting = new Map<Socket, { record: RelayedConnection; sent: Buffer[] }>();
  const upstreams = new Set<Socket>();

  const pass = (client: Socket, sent: Buffer[] = []): void => {
    if (targetPort === undefined || client.destroyed) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: ADDRESS, port: targetPort });
    upstreams.add(upstream);
    upstream.once('close', () => {
      upstreams.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    for (const chunk of sent) upstream.write(chunk);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const server = createServer((client: Socket) => {
    const record: RelayedConnection = { closed: false, held: holding };
    connections.push(record);
    client.once('close', () => {
      record.closed = true;
      waiting.delete(client);
    });
    client.on('error', () => client.destroy());
    if (!holding) {
      pass(client);
      return;
    }
    const sent: Buffer[] = [];
    const keep = (chunk: Buffer): void => {
      sent.push(chunk);
    };
    client.on('data', keep);
    waiting.set(client, { record, sent });
    client.once('end', () => client.destroy());
  });
  const listening = await listenTracked(server, ADDRESS, 0, {
    beforeClose: () => upstreams.forEach((socket) => socket.destroy()),
  });
  return {
    port: listening.port,
    host: `${ADDRESS}:${listening.port}`,
    connections,
    forwardTo: (port) => {
      targetPort = port;
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const [client, { sent }] of [...waiting]) {
        waiting.delete(client);
        client.removeAllListeners('data');
        client.removeAllListeners('end');
        pass(client, sent);
      }
    },
    waiting: () => waiting.size,
    close: listening.close,
  };
}
