/**
 * Listening and closing for the fakes' servers: every accepted socket is tracked so that `close()`
 * ends keep-alive, stalled and half-open connections too, and leaves no open handle behind.
 */
import { isIPv6, type AddressInfo, type Server, type Socket } from 'node:net';

export interface ListeningServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Stops accepting, destroys every open connection, and resolves once the server is closed. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Called for each connection still open when closing, before sockets are destroyed. */
  beforeClose?: () => void;
}

export async function listenTracked(
  server: Server,
  address: string,
  port: number,
  options: ListenOptions = {},
): Promise<ListeningServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      options.beforeClose?.();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return { port: (server.address() as AddressInfo).port, close };
}

/** `host:port` as a client puts it in the Host header; the port is left out when it is 443. */
export function authority(address: string, port: number): string {
  const host = isIPv6(address) ? `[${address}]` : address;
  return port === 443 ? host : `${host}:${port}`;
}
