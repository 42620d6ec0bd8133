/**
 * A TCP listener that accepts connections and never sends a byte: what a misrouted endpoint or a
 * broken middlebox looks like to a TLS client (the handshake never completes).
 */
import { createServer } from 'node:net';
import { authority, listenTracked } from './server-lifecycle.js';

export interface SilentListener {
  host: string;
  port: number;
  /** `https://<address>:<port>` */
  url: string;
  /** How many connections were accepted so far. */
  acceptedConnections(): number;
  close(): Promise<void>;
}

export async function startSilentListener(address: string, port: number): Promise<SilentListener> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    // Read and discard whatever the client sends (its ClientHello), so its writes never block.
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
  });
  const listening = await listenTracked(server, address, port);
  const host = authority(address, listening.port);
  return {
    host,
    port: listening.port,
    url: `https://${host}`,
    acceptedConnections: () => accepted,
    close: listening.close,
  };
}
