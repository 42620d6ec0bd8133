/**
 * persist-credentials writes only temporary credentials. When the source is a long-term key (no session
 * token, `AKIA…`) and no role is assumed, the key is exchanged for a session of its own user with STS
 * GetSessionToken, through the step's STS endpoint, bounded and retried like AssumeRole.
 */
import { GetSessionTokenCommand, type STSClient } from '@aws-sdk/client-sts';
import { vpcAdviceForUnreachable } from '../network/vpc-advice.js';
import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { issuedCredentials } from './issued-credentials.js';
import { withStsAttempts, type AttemptDependencies } from './sts-attempts.js';
import { describeStsFailure, stsFailureFacts } from './sts-failure.js';

export interface SessionTokenDependencies extends AttemptDependencies {
  /** An STS client of the step's endpoint, signing with the given credentials. */
  client: (credentials: AwsCredentials) => STSClient;
  mask: (secret: string) => void;
}

/** Long-term: an access key without a session token (an IAM user's `AKIA…` key). */
export function isLongTermKey(credentials: AwsCredentials): boolean {
  return credentials.sessionToken === undefined;
}

/** A session of the key's user lasting `role-duration-seconds`, masked before it is returned. */
export async function sessionOfLongTermKey(
  plan: Plan,
  key: AwsCredentials,
  deps: SessionTokenDependencies,
): Promise<AwsCredentials> {
  const client = deps.client(key);
  try {
    const command = new GetSessionTokenCommand({ DurationSeconds: plan.roleDurationSeconds });
    const output = await withStsAttempts(
      plan,
      'STS GetSessionToken',
      deps,
      (signal) => client.send(command, { abortSignal: signal }),
      (error, attempts) => explainSessionTokenFailure(plan, error, attempts),
    );
    return issuedCredentials('GetSessionToken', output.Credentials, plan.sts.host, deps.mask);
  } finally {
    client.destroy();
  }
}

function explainSessionTokenFailure(plan: Plan, error: unknown, attempts: number): string {
  const facts = stsFailureFacts(error);
  const head =
    `STS GetSessionToken at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeStsFailure(error)}. ` +
    'persist-credentials exchanges long-term source keys for a session so that the key itself is never written.';
  if (facts.timedOut || facts.errno !== undefined)
    return `${head} ${vpcAdviceForUnreachable('sts', plan.sts.hostname, plan.region)}`;
  if (facts.code === 'AccessDenied') {
    return (
      `${head} A policy of the key's user denies sts:GetSessionToken (or requires MFA): allow it, or set ` +
      "'role-to-assume' so that a role session is kept instead."
    );
  }
  return head;
}
