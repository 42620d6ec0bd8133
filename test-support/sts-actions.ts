/**
 * What the fake STS does for each supported action, given an authenticated caller: validate the
 * parameters like STS, decide, and answer with XML or an error.
 */
import { AwsErrors, type AwsError } from './aws-error.js';
import {
  ROLE_CHAINING_MAX_SECONDS,
  callerArnOf,
  type CredentialRecord,
  type FakeAwsAccounts,
  type IssuedSession,
} from './fake-aws-accounts.js';
import { assumeRoleResponseXml, getCallerIdentityResponseXml } from './sts-xml.js';

export type StsParams = ReadonlyMap<string, string>;

export type StsActionResult =
  { ok: true; xml: string; issued?: IssuedSession } | { ok: false; error: AwsError };

export const STS_VERSION = '2011-06-15';
export const SUPPORTED_ACTIONS = ['AssumeRole', 'GetCallerIdentity'] as const;

const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
const MIN_DURATION_SECONDS = 900;
const DEFAULT_DURATION_SECONDS = 3600;

export function runStsAction(
  action: string,
  params: StsParams,
  caller: CredentialRecord,
  accounts: FakeAwsAccounts,
  requestId: string,
): StsActionResult {
  switch (action) {
    case 'AssumeRole':
      return assumeRole(params, caller, accounts, requestId);
    case 'GetCallerIdentity':
      return { ok: true, xml: getCallerIdentityResponseXml(caller, requestId) };
    default:
      return { ok: false, error: AwsErrors.invalidAction(action, STS_VERSION) };
  }
}

function assumeRole(
  params: StsParams,
  caller: CredentialRecord,
  accounts: FakeAwsAccounts,
  requestId: string,
): StsActionResult {
  const invalid = validateAssumeRoleParams(params);
  if (invalid) return { ok: false, error: invalid };
  const roleArn = params.get('RoleArn') ?? '';
  const sessionName = params.get('RoleSessionName') ?? '';
  const role = accounts.findRole(roleArn);
  const denied = AwsErrors.accessDenied(
    `User: ${callerArnOf(caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );
  if (!role || !accounts.trusts(role, caller)) return { ok: false, error: denied };
  if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId)
    return { ok: false, error: denied };

  const duration = Number(params.get('DurationSeconds') ?? DEFAULT_DURATION_SECONDS);
  const durationProblem = checkDuration(duration, role.maxSessionDurationSeconds, caller.kind === 'session');
  if (durationProblem) return { ok: false, error: durationProblem };

  const issued = accounts.issueSession(role, sessionName, duration, caller);
  return { ok: true, xml: assumeRoleResponseXml(issued, requestId), issued };
}

function validateAssumeRoleParams(params: StsParams): AwsError | undefined {
  const problems: string[] = [];
  const roleArn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const duration = params.get('DurationSeconds');
  const externalId = params.get('ExternalId');
  if (roleArn === undefined)
    problems.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  else if (roleArn.length < 20 || roleArn.length > 2048) {
    problems.push(
      `Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048`,
    );
  }
  if (sessionName === undefined) {
    problems.push("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  } else if (!ROLE_SESSION_NAME_PATTERN.test(sessionName)) {
    problems.push(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64`,
    );
  }
  if (duration !== undefined && (!/^\d+$/.test(duration) || Number(duration) < MIN_DURATION_SECONDS)) {
    problems.push(
      `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`,
    );
  }
  if (externalId !== undefined && !EXTERNAL_ID_PATTERN.test(externalId)) {
    problems.push(
      `Value '${externalId}' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*`,
    );
  }
  if (problems.length === 0) return undefined;
  const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
  return AwsErrors.validation(`${count} detected: ${problems.join('; ')}`);
}

function checkDuration(duration: number, roleMaximum: number, isRoleChaining: boolean): AwsError | undefined {
  if (isRoleChaining && duration > ROLE_CHAINING_MAX_SECONDS) {
    return AwsErrors.validation(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (duration > roleMaximum) {
    return AwsErrors.validation(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  return undefined;
}
