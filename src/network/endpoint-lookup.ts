import { isIP } from 'node:net';
import { lookupHost } from '../platform/host-lookup.js';

export interface LookupResult {
  addresses: string[];
  /** The resolver's error code (ENOTFOUND, EAI_AGAIN …) or `timeout`. */
  error?: string;
  milliseconds: number;
}

/** Resolves a host name the way the clients will (getaddrinfo, hosts file included), bounded in time. */
export async function lookupHostname(hostname: string, timeoutSeconds: number): Promise<LookupResult> {
  // An address is its own answer: no lookup, so no time (the clock may still tick between two reads).
  if (isIP(hostname) !== 0) return { addresses: [hostname], milliseconds: 0 };
  const started = Date.now();
  const found = await lookupHost(hostname, timeoutSeconds);
  return { ...found, milliseconds: Date.now() - started };
}
