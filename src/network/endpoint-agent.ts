import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { boundedConnectLookup } from '../platform/host-lookup.js';
import { proxyAgent } from './https-proxy.js';

/**
 * The agent an AWS API request of the step (STS, the CodeCommit API) is sent with: through the HTTPS
 * proxy the environment selects for the endpoint, or direct with the endpoint's name resolved as the
 * step's first lookup did, never by a getaddrinfo that a silent resolver could hold past the deadline
 * (see platform/host-lookup.ts). Plain HTTP only for a loopback origin in tests. Async: the proxy's
 * agent is loaded only when a proxy is used.
 */
export async function endpointAgent(
  origin: string,
  networkTimeoutSeconds: number,
  proxy: URL | undefined,
): Promise<HttpAgent> {
  if (proxy !== undefined) return proxyAgent(proxy);
  const options = { keepAlive: true, maxSockets: 50, lookup: boundedConnectLookup(networkTimeoutSeconds) };
  return origin.startsWith('http:') ? new HttpAgent(options) : new HttpsAgent(options);
}
