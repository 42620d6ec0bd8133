import { Agent } from 'node:https';
import type { Endpoint, Plan } from '../plan/plan.js';
import { boundedConnectLookup } from '../platform/host-lookup.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { proxyAgent } from '../network/https-proxy.js';

/**
 * The settings every AWS SDK client of a step shares (STS, the CodeCommit API): region and endpoint
 * always explicit, SDK retries off because attempts are bounded and retried outside (aws-attempts.ts),
 * connection and request timeouts of `network-timeout-seconds`, through the HTTPS proxy the environment
 * selects for the endpoint, if any. Direct connections resolve the endpoint through
 * platform/host-lookup.ts, bounded like every other wait. With `credentials` the client signs with
 * them; otherwise with the source chain or `aws-profile`. Async: the proxy's agent is loaded only when
 * a proxy is used.
 */
export async function sdkClientSettings(
  plan: Plan,
  endpoint: Endpoint,
  proxy: URL | undefined,
  credentials: AwsCredentials | undefined,
) {
  const timeoutMs = plan.networkTimeoutSeconds * 1000;
  return {
    region: plan.region,
    endpoint: endpoint.origin,
    maxAttempts: 1,
    // Settled by the plan: the endpoint already is the FIPS or standard name. Left unset, the SDK would
    // look them up in the environment and the shared config files on the first request, and refuse a
    // custom endpoint when AWS_USE_FIPS_ENDPOINT is set.
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // Direct: the endpoint's name resolved as the step's first lookup did, never by a getaddrinfo that
      // a silent resolver could hold past the deadline (see platform/host-lookup.ts).
      httpsAgent:
        proxy !== undefined
          ? await proxyAgent(proxy)
          : new Agent({
              keepAlive: true,
              maxSockets: 50,
              lookup: boundedConnectLookup(plan.networkTimeoutSeconds),
            }),
    },
    ...(credentials !== undefined
      ? { credentials }
      : plan.awsProfile !== undefined
        ? { profile: plan.awsProfile }
        : {}),
  };
}
