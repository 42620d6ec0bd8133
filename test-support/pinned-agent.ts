import { Agent, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect } from 'node:tls';

/**
 * An HTTPS agent that connects every request to one local server, whatever host the client asked for,
 * keeping that name for SNI and trusting the test CA: a client of `sts.<region>.amazonaws.com` reaches
 * the fake without a resolver.
 */
export class PinnedAgent extends Agent {
  constructor(
    private readonly target: { address: string; port: number },
    private readonly caPem: string,
  ) {
    super({ keepAlive: false });
  }

  override createConnection(options: RequestOptions): Duplex {
    return connect({
      host: this.target.address,
      port: this.target.port,
      servername: options.servername ?? options.hostname ?? options.host ?? undefined,
      ca: this.caPem,
    });
  }
}
