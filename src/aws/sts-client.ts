import type { STSClient } from '@aws-sdk/client-sts';
import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { sdkClientSettings } from './sdk-client-settings.js';
import { loadStsSdk } from './sts-sdk.js';

/**
 * The one STS client of a step: the plan's endpoint (regional or the given vpce name, never the global
 * one) with the settings of every SDK client of the step (sdk-client-settings.ts). With `credentials`
 * it signs with them (a hop of a role chain); otherwise with the source chain or `aws-profile`.
 */
export async function createStsClient(
  plan: Plan,
  proxy?: URL,
  credentials?: AwsCredentials,
): Promise<STSClient> {
  const [{ STSClient }, settings] = await Promise.all([
    loadStsSdk(),
    sdkClientSettings(plan, plan.sts, proxy, credentials),
  ]);
  return new STSClient(settings);
}

/**
 * The client of one STS operation, made when its first attempt needs it (so that loading the SDK is
 * within that attempt's deadline) and destroyed once the operation has ended.
 */
export interface OperationClient {
  get(): Promise<STSClient>;
  destroy(): void;
}

export function operationClient(make: () => Promise<STSClient>): OperationClient {
  let made: Promise<STSClient> | undefined;
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
