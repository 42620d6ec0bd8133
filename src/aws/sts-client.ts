import { STSClient } from '@aws-sdk/client-sts';
import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { sdkClientSettings } from './sdk-client-settings.js';

/**
 * The one STS client of a step: the plan's endpoint (regional or the given vpce name, never the global
 * one) with the settings of every SDK client of the step (sdk-client-settings.ts). With `credentials`
 * it signs with them (a hop of a role chain); otherwise with the source chain or `aws-profile`.
 */
export function createStsClient(plan: Plan, proxy?: URL, credentials?: AwsCredentials): STSClient {
  return new STSClient(sdkClientSettings(plan, plan.sts, proxy, credentials));
}
