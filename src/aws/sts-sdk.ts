/**
 * The SDK's STS client, loaded on first use: only a step that assumes a role, exchanges a long-term key
 * or checks an identity pays for it, and the start (inputs read, the plan built or refused) never does.
 */
import type * as StsSdk from '@aws-sdk/client-sts';

let loading: Promise<typeof StsSdk> | undefined;

export function loadStsSdk(): Promise<typeof StsSdk> {
  return (loading ??= import('@aws-sdk/client-sts'));
}
