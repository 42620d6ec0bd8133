/**
 * What to fix, and in which account, when STS refuses a diagnose check: the identity of the source
 * credentials (GetCallerIdentity) or a role of the chain (AssumeRole, AssumeRoleWithWebIdentity). From
 * the error code STS answers and its message. Pure.
 */
import type { FailureFacts } from './retry-policy.js';

/** `111111111111` of `arn:aws:iam::111111111111:role/X` (or of an sts assumed-role ARN). */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
}

/**
 * The principal a trust policy names for a caller: a role for an assumed-role session
 * (`arn:aws:sts::1:assumed-role/R/s` → `arn:aws:iam::1:role/R`), the ARN itself otherwise.
 */
export function trustedPrincipalOf(callerArn: string): string {
  const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (session === null) return callerArn;
  return `arn:${session[1] ?? 'aws'}:iam::${session[2] ?? ''}:role/${session[3] ?? ''}`;
}

/** Why the source credentials were refused by GetCallerIdentity, and what to do. */
export function identityAdvice(facts: FailureFacts, stsRow: string): string {
  if (facts.timedOut || facts.errno !== undefined) return `STS did not answer: see the ${stsRow} row.`;
  switch (stripException(facts.code)) {
    case 'InvalidClientTokenId':
      return (
        'AWS does not know the access key of the source credentials: it was deleted or deactivated, belongs to ' +
        'another partition, or the session token is missing. Give the runner current credentials.'
      );
    case 'SignatureDoesNotMatch':
      return 'The secret key does not belong to the access key id: the runner holds a mismatched pair.';
    case 'ExpiredToken':
      return "The source session has expired: refresh the runner's credentials (the earlier step or profile that set them).";
    default:
      return 'STS refused the source credentials.';
  }
}

export interface RoleRefusal {
  facts: FailureFacts;
  /** STS's own message. */
  message: string;
  roleArn: string;
  /** Who asked: the source principal, or the role of the hop before (its ARN). */
  callerArn: string | undefined;
  /** Whether role-external-id was passed to this hop. */
  externalIdGiven: boolean;
  /** AssumeRoleWithWebIdentity with the job's GitHub ID token. */
  webIdentity?: { audience: string; subject?: string };
  region: string;
  stsRow: string;
}

/** What to fix, in which account, for a role STS would not let the caller assume. */
export function roleRefusalAdvice(refusal: RoleRefusal): string {
  const { facts, roleArn, callerArn, region } = refusal;
  const target = accountOfArn(roleArn) ?? 'the role’s account';
  if (facts.timedOut || facts.errno !== undefined)
    return `STS did not answer: see the ${refusal.stsRow} row.`;
  const code = stripException(facts.code);
  if (refusal.webIdentity !== undefined) {
    if (code === 'InvalidIdentityToken' && /provider/i.test(refusal.message)) {
      return (
        `In account ${target}: create the IAM OIDC identity provider token.actions.githubusercontent.com ` +
        `(audience ${refusal.webIdentity.audience}); the trust policy of ${roleArn} names it as Federated principal.`
      );
    }
    if (['AccessDenied', 'InvalidIdentityToken', 'IDPRejectedClaim', 'ExpiredToken'].includes(code ?? '')) {
      const subject = refusal.webIdentity.subject;
      return (
        `In account ${target}: the trust policy of ${roleArn} must allow sts:AssumeRoleWithWebIdentity for the ` +
        `Federated principal token.actions.githubusercontent.com, with conditions matching this job's token: ` +
        `aud = ${refusal.webIdentity.audience} (the 'audience' input)` +
        `${subject !== undefined ? ` and sub = ${subject}` : ''}.`
      );
    }
  }
  if (code === 'AccessDenied') {
    const caller = callerArn !== undefined ? trustedPrincipalOf(callerArn) : 'the source principal';
    const source =
      callerArn !== undefined ? (accountOfArn(callerArn) ?? 'the caller’s account') : 'the source account';
    const externalId = refusal.externalIdGiven
      ? `, and its sts:ExternalId condition must equal 'role-external-id' (the value given differs, or the role requires none)`
      : `; if it requires an external ID (an sts:ExternalId condition), set 'role-external-id'`;
    return (
      `In account ${target}: the trust policy of ${roleArn} must allow ${caller} to sts:AssumeRole${externalId}. ` +
      `In account ${source}: ${caller} needs sts:AssumeRole on ${roleArn} in its permissions ` +
      '(and no SCP or permissions boundary that denies it).'
    );
  }
  if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch' || code === 'ExpiredToken') {
    return `The credentials that asked were refused (${code}): see the Identity row.`;
  }
  if (code === 'RegionDisabledException' || code === 'RegionDisabled') {
    return (
      `STS is not activated for ${region} in account ${callerArn !== undefined ? (accountOfArn(callerArn) ?? '') : ''}: ` +
      'activate it under IAM, Account settings, Security Token Service (STS) endpoints.'
    );
  }
  if (code === 'ValidationError' && /DurationSeconds|session duration|session limit/i.test(refusal.message)) {
    return (
      `'role-duration-seconds' is longer than ${roleArn} allows (its maximum session duration, or 3600 s for a ` +
      `role assumed by another role's session): lower it, or raise the role's MaxSessionDuration in account ${target}.`
    );
  }
  return `STS refused to let the caller assume ${roleArn}.`;
}

/** The SDK names some codes with an `Exception` suffix. */
function stripException(code: string | undefined): string | undefined {
  return code?.replace(/Exception$/, '');
}
