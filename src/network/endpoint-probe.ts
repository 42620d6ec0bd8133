import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { connect as tcpConnect, type Socket } from 'node:net';
import type { EndpointProbe } from './endpoint-diagnosis.js';

/**
 * Can the runner open TCP to the endpoint's address, and does TLS complete with a certificate for its
 * name? With `httpHost`, also: does an HTTP request over that connection get an answer (any status)?
 * Each phase bounded by `timeoutSeconds`. The answer tells a security group (no TCP) from a silent
 * service or a middlebox (TCP, no TLS) from an interception (a certificate for another name) from an
 * endpoint that works (the problem is then further up).
 */
export async function probeEndpoint(
  address: string,
  port: number,
  servername: string,
  timeoutSeconds: number,
  httpHost?: string,
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
  const probe: EndpointProbe = {
    address,
    tcp: { outcome: 'connected', milliseconds: tcpMs },
    tls: {
      outcome: tls.outcome,
      milliseconds: Date.now() - tlsStarted,
      ...(tls.detail ? { detail: tls.detail } : {}),
    },
  };
  if (tls.secure !== undefined && httpHost !== undefined) {
    const httpStarted = Date.now();
    const http = await firstAnswer(tls.secure, httpHost, timeoutSeconds);
    probe.http = { ...http, milliseconds: Date.now() - httpStarted };
  }
  tls.secure?.destroy();
  tcp.socket.destroy();
  return probe;
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

interface HandshakeOutcome {
  outcome: 'completed' | 'no answer' | 'failed';
  detail?: string;
  /** The open connection, when the handshake completed. */
  secure?: TLSSocket;
}

function handshake(socket: Socket, servername: string, timeoutSeconds: number): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    const secure = tlsConnect({ socket, servername, ALPNProtocols: ['http/1.1'] });
    const finish = (result: HandshakeOutcome): void => {
      clearTimeout(timer);
      if (result.secure === undefined) {
        secure.destroy();
        socket.destroy();
      }
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ outcome: 'no answer', detail: `no handshake within ${timeoutSeconds} s` }),
      timeoutSeconds * 1000,
    );
    secure.once('secureConnect', () => finish({ outcome: 'completed', secure }));
    secure.once('error', (error: NodeJS.ErrnoException) =>
      finish({ outcome: 'failed', detail: error.code ?? error.message }),
    );
  });
}

/** `GET /` and the status line of the answer; the rest of the answer is not read. */
function firstAnswer(
  secure: TLSSocket,
  host: string,
  timeoutSeconds: number,
): Promise<{ outcome: 'answered' | 'no answer' | 'failed'; status?: number; detail?: string }> {
  return new Promise((resolve) => {
    let received = '';
    const finish = (result: {
      outcome: 'answered' | 'no answer' | 'failed';
      status?: number;
      detail?: string;
    }) => {
      clearTimeout(timer);
      secure.removeAllListeners('data');
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ outcome: 'no answer', detail: `no HTTP answer within ${timeoutSeconds} s` }),
      timeoutSeconds * 1000,
    );
    secure.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const line = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(received);
      if (line !== null) finish({ outcome: 'answered', status: Number(line[1]) });
      else if (received.includes('\n') || received.length > 1024)
        finish({ outcome: 'failed', detail: 'not an HTTP answer' });
    });
    secure.once('error', (error: NodeJS.ErrnoException) =>
      finish({ outcome: 'failed', detail: error.code ?? error.message }),
    );
    secure.once('end', () => finish({ outcome: 'failed', detail: 'connection closed without an answer' }));
    secure.write(
      `GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: codecommit-xaccount-clone-diagnose\r\nConnection: close\r\n\r\n`,
    );
  });
}
