/**
 * The message of a session request STS finally refused or never answered: what was asked, of which role,
 * where, after how many attempts, STS's own words, then what to fix (aws-advice.ts, as diagnose gives it;
 * the VPC endpoint when STS did not answer).
 */
import { vpcAdviceForUnreachable } from '../network/vpc-advice.js';
import type { Plan } from '../plan/plan.js';
import { assumeRoleAdvice, regionDisabledAdvice } from './aws-advice.js';
import { awsFailureFacts, describeAwsFailure } from './aws-failure.js';
import { IdTokenError } from './github-id-token.js';
import type { FailureFacts } from './retry-policy.js';
import { messageOf } from '../core/text.js';

/** The hop `index` of `plan.roleChain`: AssumeRole with the source credentials or the session before. */
export function explainAssumeRoleFailure(
  plan: Plan,
  roleArn: string,
  index: number,
  error: unknown,
  attempts: number,
): string {
  const facts = awsFailureFacts(error);
  const hop =
    plan.roleChain.length > 1 ? ` (role ${index + 1} of ${plan.roleChain.length} in the chain)` : '';
  const head = `STS AssumeRole of ${roleArn}${hop} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeAwsFailure(error)}.`;
  const network = networkAdvice(plan, facts);
  if (network !== undefined) return `${head} ${network}`;
  const previous = index > 0 ? plan.roleChain[index - 1] : undefined;
  if (
    facts.code !== undefined &&
    /^(InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch)(Exception)?$/.test(facts.code)
  ) {
    const refused = previous === undefined ? 'The source credentials were' : `The session of ${previous} was`;
    return `${head} ${refused} refused: check that they are current and belong to the expected account.`;
  }
  const advice = assumeRoleAdvice({
    facts,
    message: messageOf(error),
    roleArn,
    // The clone asks no one who the source principal is; a later hop's caller is the role before it.
    callerArn: undefined,
    ...(previous !== undefined ? { callerRole: previous } : {}),
    externalIdGiven: index === plan.roleChain.length - 1 && plan.roleExternalId !== undefined,
    region: plan.region,
  });
  return advice !== undefined ? `${head} ${advice}` : head;
}

/** The first hop when the source is GitHub OIDC: AssumeRoleWithWebIdentity with the job's ID token. */
export function explainWebIdentityFailure(
  plan: Plan,
  roleArn: string,
  error: unknown,
  attempts: number,
): string {
  if (error instanceof IdTokenError) return error.message;
  const facts = awsFailureFacts(error);
  const head = `STS AssumeRoleWithWebIdentity of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeAwsFailure(error)}.`;
  const network = networkAdvice(plan, facts);
  if (network !== undefined) return `${head} ${network}`;
  // The SDK names some of these codes with an `Exception` suffix.
  const refused = /^(InvalidIdentityToken|IDPRejectedClaim|ExpiredToken)(Exception)?$|^AccessDenied$/;
  if (facts.code !== undefined && refused.test(facts.code)) {
    return (
      `${head} The trust policy of ${roleArn} must name the OIDC provider token.actions.githubusercontent.com as ` +
      `Federated principal and allow sts:AssumeRoleWithWebIdentity with conditions matching the token: ` +
      `aud = '${plan.audience}' (the 'audience' input) and sub = repo:<owner>/<repository>:… for this workflow.`
    );
  }
  const advice = assumeRoleAdvice({
    facts,
    message: messageOf(error),
    roleArn,
    callerArn: undefined,
    externalIdGiven: false,
    region: plan.region,
  });
  return advice !== undefined ? `${head} ${advice}` : head;
}

/**
 * A call the SDK's chain makes while resolving the runner's credentials (a profile's role_arn, a web
 * identity token file). Its role, duration and external ID come from the runner's files, not from the
 * inputs, so only the advice that holds for any STS call is given.
 */
export function explainChainFailure(
  plan: Plan,
  operation: 'AssumeRole' | 'AssumeRoleWithWebIdentity',
  roleArn: string,
  error: unknown,
  attempts: number,
): string {
  const facts = awsFailureFacts(error);
  const head = `STS ${operation} of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeAwsFailure(error)}.`;
  const advice =
    networkAdvice(plan, facts) ?? regionDisabledAdvice(facts, messageOf(error), plan.region, undefined);
  return advice !== undefined ? `${head} ${advice}` : head;
}

/** STS did not answer: what the VPC needs for its endpoint. */
export function networkAdvice(plan: Plan, facts: FailureFacts): string | undefined {
  return facts.timedOut || facts.errno !== undefined
    ? vpcAdviceForUnreachable('sts', plan.sts.hostname, plan.region)
    : undefined;
}
