import type { Plan } from '../plan/plan.js';
import { withAwsAttempts, type AttemptDependencies } from './aws-attempts.js';
import { describeAwsFailure } from './aws-failure.js';
import { operationClient, type StsClient } from './sts-client.js';

/** Who a set of credentials is, as STS says: the principal's ARN and its account. */
export interface CallerIdentity {
  arn: string;
  account: string;
}

/**
 * STS GetCallerIdentity with the credentials of the client `makeClient` makes (within the first
 * attempt, destroyed at the end), through the step's STS endpoint, bounded and retried like AssumeRole.
 * It needs no permission: any valid credentials may call it.
 */
export async function callerIdentity(
  plan: Plan,
  makeClient: () => Promise<StsClient>,
  deps: AttemptDependencies,
): Promise<CallerIdentity> {
  const client = operationClient(makeClient);
  try {
    const output = await withAwsAttempts(
      plan,
      {
        what: 'STS GetCallerIdentity',
        host: plan.sts.host,
        attempt: async (signal) => (await client.get()).callerIdentity(signal),
        explain: (error, attempts) =>
          `STS GetCallerIdentity at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeAwsFailure(error)}.`,
      },
      deps,
    );
    return { arn: output.Arn ?? '', account: output.Account ?? '' };
  } finally {
    client.destroy();
  }
}
