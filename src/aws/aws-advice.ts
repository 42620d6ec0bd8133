/**
 * What to fix, and in which account, when AWS refuses the step: STS refusing the source credentials or a
 * role of the chain (read from the code STS answers and its message), or an endpoint throttling. A failed
 * clone's error and diagnose's rows give the same advice from here. Pure.
 */
import { isThrottling, type FailureFacts } from './retry-policy.js';

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

/**
 * What helps when an endpoint throttles: its request rate is the account's, shared by every job that
 * calls it, so fewer requests at once, more patience, or the jobs spread out.
 */
export function throttlingAdvice(endpoint: string): string {
  return (
    `${endpoint} throttled the requests (the account's request rate for this API is shared by every caller ` +
    "in the region). Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time."
  );
}

/** Why the source credentials were refused by GetCallerIdentity, and what to do. */
export function identityAdvice(facts: FailureFacts, stsRow: string): string {
  if (facts.timedOut || facts.errno !== undefined) return `STS did not answer: see the ${stsRow} row.`;
  if (isThrottling(facts)) return throttlingAdvice('STS');
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

/** A role STS would not let the caller assume, as far as a failed clone knows it. */
export interface AssumeRoleRefusal {
  facts: FailureFacts;
  /** STS's own message. */
  message: string;
  roleArn: string;
  /** Who asked: the source principal, or the session of the hop before (its ARN), when known. */
  callerArn: string | undefined;
  /** Without `callerArn`: the role of the hop before, whose session asked (absent: the source principal). */
  callerRole?: string;
  /** Whether role-external-id was passed to this hop. */
  externalIdGiven: boolean;
  region: string;
}

/** Diagnose knows more: the job's ID token for a web identity hop, and its rows to point at. */
export interface RoleRefusal extends AssumeRoleRefusal {
  /** AssumeRoleWithWebIdentity with the job's GitHub ID token. */
  webIdentity?: { audience: string; subject?: string };
  stsRow: string;
}

/** What to fix, in which account, for a role STS would not let the caller assume (diagnose's row). */
export function roleRefusalAdvice(refusal: RoleRefusal): string {
  const { facts, roleArn } = refusal;
  const target = accountOfArn(roleArn) ?? 'the role’s account';
  if (facts.timedOut || facts.errno !== undefined)
    return `STS did not answer: see the ${refusal.stsRow} row.`;
  if (isThrottling(facts)) return throttlingAdvice('STS');
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
  if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch' || code === 'ExpiredToken') {
    return `The credentials that asked were refused (${code}): see the Identity row.`;
  }
  return assumeRoleAdvice(refusal) ?? `STS refused to let the caller assume ${roleArn}.`;
}

/**
 * What to fix when STS refuses a role for a reason the step can name: the trust policy or the caller's
 * permission (with the external ID), STS not activated in the region, a session longer than the role
 * allows. Undefined for any other refusal.
 */
export function assumeRoleAdvice(refusal: AssumeRoleRefusal): string | undefined {
  const callerAccount = accountOfArn(refusal.callerArn ?? refusal.callerRole ?? '');
  return (
    trustAdvice(refusal, callerAccount) ??
    regionDisabledAdvice(refusal.facts, refusal.message, refusal.region, callerAccount) ??
    durationAdvice(refusal)
  );
}

function trustAdvice(refusal: AssumeRoleRefusal, callerAccount: string | undefined): string | undefined {
  if (stripException(refusal.facts.code) !== 'AccessDenied') return undefined;
  const { roleArn, callerArn, callerRole } = refusal;
  const trusted =
    callerArn !== undefined
      ? trustedPrincipalOf(callerArn)
      : callerRole !== undefined
        ? `the session of ${callerRole}`
        : 'the source principal';
  // A role's permissions are the role's own, not its session's.
  const permitted = callerArn !== undefined ? trusted : (callerRole ?? 'the source principal');
  const source =
    callerAccount !== undefined
      ? `account ${callerAccount}`
      : callerArn !== undefined || callerRole !== undefined
        ? 'the caller’s account'
        : 'the source account';
  const externalId = refusal.externalIdGiven
    ? `, and its sts:ExternalId condition must equal 'role-external-id' (the external ID given differs, or the role requires none)`
    : `; if it requires an external ID (an sts:ExternalId condition), set 'role-external-id'`;
  return (
    `In account ${accountOfArn(roleArn) ?? 'the role’s account'}: the trust policy of ${roleArn} must allow ${trusted} ` +
    `to sts:AssumeRole${externalId}. In ${source}: ${permitted} needs sts:AssumeRole on ${roleArn} in its ` +
    'permissions (and no SCP or permissions boundary that denies it).'
  );
}

/**
 * STS not activated in the step's region, which refuses any STS call there. STS names the account in
 * its message; otherwise the caller's is the one that asked.
 */
export function regionDisabledAdvice(
  facts: FailureFacts,
  message: string,
  region: string,
  callerAccount: string | undefined,
): string | undefined {
  if (stripException(facts.code) !== 'RegionDisabled') return undefined;
  const account = /account:?\s*(\d{12})/.exec(message)?.[1] ?? callerAccount;
  return (
    `STS is not activated for ${region} in ${account !== undefined ? `account ${account}` : 'the account that asked'}: ` +
    'activate it under IAM, Account settings, Security Token Service (STS) endpoints.'
  );
}

function durationAdvice(refusal: AssumeRoleRefusal): string | undefined {
  const { roleArn } = refusal;
  if (
    stripException(refusal.facts.code) !== 'ValidationError' ||
    !/DurationSeconds|session duration|session limit/i.test(refusal.message)
  )
    return undefined;
  return (
    `'role-duration-seconds' is longer than ${roleArn} allows (its maximum session duration, or 3600 s for a ` +
    `role assumed by another role's session): lower it, or raise the role's MaxSessionDuration in account ` +
    `${accountOfArn(roleArn) ?? 'the role’s account'}.`
  );
}

/** The SDK names some codes with an `Exception` suffix. */
function stripException(code: string | undefined): string | undefined {
  return code?.replace(/Exception$/, '');
}
