import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { withDeadline } from '../aws/deadline.js';

export interface LookupResult {
  addresses: string[];
  /** The resolver's error code (ENOTFOUND, EAI_AGAIN …) or `timeout`. */
  error?: string;
  milliseconds: number;
}

/** Resolves a host name the way the clients will (getaddrinfo, hosts file included), bounded in time. */
export async function lookupHostname(hostname: string, timeoutSeconds: number): Promise<LookupResult> {
  const started = Date.now();
  if (isIP(hostname) !== 0) return { addresses: [hostname], milliseconds: 0 };
  try {
    const found = await withDeadline(timeoutSeconds, 'DNS lookup', hostname, () =>
      lookup(hostname, { all: true }),
    );
    return {
      addresses: [...new Set(found.map((entry) => entry.address))],
      milliseconds: Date.now() - started,
    };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      addresses: [],
      error: typeof code === 'string' ? code : 'timeout',
      milliseconds: Date.now() - started,
    };
  }
}
