import { STSClient } from '@aws-sdk/client-sts';
import type { Plan } from '../plan/plan.js';
import { proxyAgent } from './https-proxy.js';

/**
 * The one STS client of a step: region always explicit, endpoint always explicit (regional or the given
 * vpce name, never the global one), SDK retries off because attempts are bounded and retried outside;
 * through the HTTPS proxy that the environment selects for the endpoint, if any.
 */
export function createStsClient(plan: Plan, proxy?: URL): STSClient {
  const timeoutMs = plan.networkTimeoutSeconds * 1000;
  return new STSClient({
    region: plan.region,
    endpoint: plan.sts.origin,
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      ...(proxy !== undefined ? { httpsAgent: proxyAgent(proxy) } : {}),
    },
    ...(plan.awsProfile !== undefined ? { profile: plan.awsProfile } : {}),
  });
}
