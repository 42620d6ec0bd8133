/**
 * The SigV4 signer and its hash, loaded on first use: every signed request of the step (the git
 * password, each signed STS call) uses this one copy, and the start (inputs read, the plan built or
 * refused) never loads it.
 */
import type * as HashSdk from '@smithy/hash-node';
import type * as SignatureSdk from '@smithy/signature-v4';

let loading: Promise<[typeof HashSdk, typeof SignatureSdk]> | undefined;

export function loadSigning(): Promise<[typeof HashSdk, typeof SignatureSdk]> {
  return (loading ??= Promise.all([import('@smithy/hash-node'), import('@smithy/signature-v4')]));
}
