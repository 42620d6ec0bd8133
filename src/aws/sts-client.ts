import { Agent } from 'node:https';
import { STSClient } from '@aws-sdk/client-sts';
import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from './credentials.js';
import { proxyAgent } from './https-proxy.js';
import { boundedConnectLookup } from '../platform/host-lookup.js';

/**
 * The one STS client of a step: region always explicit, endpoint always explicit (regional or the given
 * vpce name, never the global one), SDK retries off because attempts are bounded and retried outside;
 * through the HTTPS proxy that the environment selects for the endpoint, if any. With `credentials` it
 * signs with them (a hop of a role chain); otherwise with the source chain or `aws-profile`. Direct
 * connections resolve the endpoint through platform/host-lookup.ts, bounded like every other wait.
 */
export function createStsClient(plan: Plan, proxy?: URL, credentials?: AwsCredentials): STSClient {
  const timeoutMs = plan.networkTimeoutSeconds * 1000;
  return new STSClient({
    region: plan.region,
    endpoint: plan.sts.origin,
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
          ? proxyAgent(proxy)
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
  });
}
