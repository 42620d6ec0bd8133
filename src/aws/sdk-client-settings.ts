import type { Endpoint, Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { endpointAgent } from '../network/endpoint-agent.js';

/**
 * The settings of the step's AWS SDK client (the CodeCommit API's): region and endpoint
 * always explicit, SDK retries off because attempts are bounded and retried outside (aws-attempts.ts),
 * connection and request timeouts of `network-timeout-seconds`, with the agent of every AWS request of
 * the step (network/endpoint-agent.ts), signing with `credentials`.
 */
export async function sdkClientSettings(
  plan: Plan,
  endpoint: Endpoint,
  proxy: URL | undefined,
  credentials: AwsCredentials,
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
      httpsAgent: await endpointAgent(endpoint.origin, plan.networkTimeoutSeconds, proxy),
    },
    credentials,
  };
}
