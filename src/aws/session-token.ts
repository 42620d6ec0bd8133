/**
 * persist-credentials writes only temporary credentials. When the source is a long-term key (no session
 * token, `AKIA…`) and no role is assumed, the key is exchanged for a session of its own user with STS
 * GetSessionToken, through the step's STS endpoint, bounded and retried like AssumeRole.
 */
import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { regionDisabledAdvice } from './aws-advice.js';
import { awsFailureFacts, describeAwsFailure } from './aws-failure.js';
import { networkAdvice } from './session-failure.js';
import type { StsClient } from './sts-client.js';
import { requestSession, type SessionDependencies } from './sts-session.js';
import { messageOf } from '../core/text.js';

export interface SessionTokenDependencies extends SessionDependencies {
  /** An STS client of the step's endpoint, signing with the given credentials. */
  client: (credentials: AwsCredentials) => Promise<StsClient>;
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
  const session = await requestSession(
    plan,
    {
      operation: 'GetSessionToken',
      what: 'STS GetSessionToken',
      client: () => deps.client(key),
      send: (client, signal) =>
        client.session('GetSessionToken', { DurationSeconds: plan.roleDurationSeconds }, signal),
      explain: (error, attempts) => explainSessionTokenFailure(plan, error, attempts),
    },
    deps,
  );
  return session.credentials;
}

function explainSessionTokenFailure(plan: Plan, error: unknown, attempts: number): string {
  const facts = awsFailureFacts(error);
  const head =
    `STS GetSessionToken at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeAwsFailure(error)}. ` +
    'persist-credentials exchanges long-term source keys for a session so that the key itself is never written.';
  const network = networkAdvice(plan, facts);
  if (network !== undefined) return `${head} ${network}`;
  if (facts.code === 'AccessDenied') {
    return (
      `${head} A policy of the key's user denies sts:GetSessionToken (or requires MFA): allow it, or set ` +
      "'role-to-assume' so that a role session is kept instead."
    );
  }
  const region = regionDisabledAdvice(facts, messageOf(error), plan.region, undefined);
  return region !== undefined ? `${head} ${region}` : head;
}
