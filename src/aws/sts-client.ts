import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { endpointAgent } from '../network/endpoint-agent.js';
import { stsQueryClient, type StsClient } from './sts-query-client.js';

export type { StsClient } from './sts-query-client.js';

/**
 * The one kind of STS client of a step: the plan's endpoint (regional or the given vpce name, never the
 * global one) and region, the agent of every AWS request of the step (network/endpoint-agent.ts). With
 * `credentials` it signs with them (the source's, or the session of a hop before); without, it can only
 * send AssumeRoleWithWebIdentity, which STS takes unsigned.
 */
export async function createStsClient(
  plan: Plan,
  proxy?: URL,
  credentials?: AwsCredentials,
): Promise<StsClient> {
  return stsQueryClient({
    region: plan.region,
    origin: plan.sts.origin,
    agent: await endpointAgent(plan.sts.origin, plan.networkTimeoutSeconds, proxy),
    ...(credentials !== undefined ? { credentials } : {}),
  });
}

/**
 * The client of one STS operation, made when its first attempt needs it (so that making it is within
 * that attempt's deadline) and destroyed once the operation has ended.
 */
export interface OperationClient {
  get(): Promise<StsClient>;
  destroy(): void;
}

export function operationClient(make: () => Promise<StsClient>): OperationClient {
  let made: Promise<StsClient> | undefined;
  return {
    get: () => (made ??= make()),
    destroy: () => {
      void made?.then(
        (client) => client.destroy(),
        () => undefined,
      );
    },
  };
}
