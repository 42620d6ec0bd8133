import { connect as tlsConnect } from 'node:tls';
import { connect as tcpConnect, type Socket } from 'node:net';
import type { EndpointProbe } from './endpoint-diagnosis.js';

/**
 * After a failure: can the runner open TCP to the endpoint's address, and does TLS complete? Each phase
 * bounded by `timeoutSeconds`. The answer tells a security group (no TCP) from a silent service or a
 * middlebox (TCP, no TLS) from an endpoint that works (the problem is then further up).
 */
export async function probeEndpoint(
  address: string,
  port: number,
  servername: string,
  timeoutSeconds: number,
): Promise<EndpointProbe> {
  const started = Date.now();
  const tcp = await openTcp(address, port, timeoutSeconds);
  const tcpMs = Date.now() - started;
  if (tcp.socket === undefined) {
    return {
      address,
      tcp: { outcome: tcp.outcome, milliseconds: tcpMs, ...(tcp.detail ? { detail: tcp.detail } : {}) },
    };
  }
  const tlsStarted = Date.now();
  const tls = await handshake(tcp.socket, servername, timeoutSeconds);
  return {
    address,
    tcp: { outcome: 'connected', milliseconds: tcpMs },
    tls: { ...tls, milliseconds: Date.now() - tlsStarted },
  };
}

type TcpOutcome =
  | { socket: Socket; outcome: 'connected'; detail?: undefined }
  | { socket?: undefined; outcome: 'refused' | 'no answer' | 'failed'; detail?: string };

function openTcp(address: string, port: number, timeoutSeconds: number): Promise<TcpOutcome> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ outcome: 'no answer', detail: `nothing within ${timeoutSeconds} s` });
    }, timeoutSeconds * 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ socket, outcome: 'connected' });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'failed',
        detail: error.code ?? error.message,
      });
    });
  });
}

function handshake(
  socket: Socket,
  servername: string,
  timeoutSeconds: number,
): Promise<{ outcome: 'completed' | 'no answer' | 'failed'; detail?: string }> {
  return new Promise((resolve) => {
    const secure = tlsConnect({ socket, servername, ALPNProtocols: ['http/1.1'] });
    const finish = (result: { outcome: 'completed' | 'no answer' | 'failed'; detail?: string }): void => {
      clearTimeout(timer);
      secure.destroy();
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ outcome: 'no answer', detail: `no handshake within ${timeoutSeconds} s` }),
      timeoutSeconds * 1000,
    );
    secure.once('secureConnect', () => finish({ outcome: 'completed' }));
    secure.once('error', (error: NodeJS.ErrnoException) =>
      finish({ outcome: 'failed', detail: error.code ?? error.message }),
    );
  });
}
