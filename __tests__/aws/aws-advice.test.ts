import {
  accountOfArn,
  assumeRoleAdvice,
  identityAdvice,
  regionDisabledAdvice,
  roleRefusalAdvice,
  throttlingAdvice,
  trustedPrincipalOf,
  type AssumeRoleRefusal,
  type RoleRefusal,
} from '../../src/aws/aws-advice.js';

const ROLE = 'arn:aws:iam::111111111111:role/SwitchRole';
const RUNNER = 'arn:aws:iam::222222222222:user/vpc-runner';

function refusal(code: string | undefined, more: Partial<RoleRefusal> = {}): RoleRefusal {
  return {
    facts: { timedOut: false, ...(code !== undefined ? { code } : {}) },
    message: 'refused',
    roleArn: ROLE,
    callerArn: RUNNER,
    externalIdGiven: false,
    region: 'eu-west-1',
    stsRow: 'STS endpoint',
    ...more,
  };
}

describe('ARNs', () => {
  it('reads the account of an IAM or STS ARN, nothing of anything else', () => {
    expect(accountOfArn(ROLE)).toBe('111111111111');
    expect(accountOfArn('arn:aws-cn:sts::333333333333:assumed-role/Hop/s')).toBe('333333333333');
    expect(accountOfArn('not-an-arn')).toBeUndefined();
  });

  it('names the role a trust policy admits for an assumed-role session', () => {
    expect(trustedPrincipalOf('arn:aws:sts::333333333333:assumed-role/Hop/codecommit-clone')).toBe(
      'arn:aws:iam::333333333333:role/Hop',
    );
    expect(trustedPrincipalOf(RUNNER)).toBe(RUNNER);
  });
});

describe('what to fix when a role is refused', () => {
  it('AccessDenied: the trust policy in the target account, the caller’s sts:AssumeRole in its own', () => {
    const advice = roleRefusalAdvice(refusal('AccessDenied'));
    expect(advice).toMatch(
      /^In account 111111111111: the trust policy of arn:aws:iam::111111111111:role\/SwitchRole must allow arn:aws:iam::222222222222:user\/vpc-runner to sts:AssumeRole/,
    );
    expect(advice).toMatch(/if it requires an external ID .* set 'role-external-id'/);
    expect(advice).toMatch(
      /In account 222222222222: arn:aws:iam::222222222222:user\/vpc-runner needs sts:AssumeRole on arn:aws:iam::111111111111:role\/SwitchRole/,
    );
  });

  it('AccessDenied with an external ID given: the value differs from the trust policy’s condition', () => {
    expect(roleRefusalAdvice(refusal('AccessDenied', { externalIdGiven: true }))).toMatch(
      /sts:ExternalId condition must equal 'role-external-id'/,
    );
  });

  it('AccessDenied for a later hop names the role before it as the principal to trust', () => {
    const advice = roleRefusalAdvice(
      refusal('AccessDenied', { callerArn: 'arn:aws:sts::333333333333:assumed-role/Hop/codecommit-clone' }),
    );
    expect(advice).toMatch(/must allow arn:aws:iam::333333333333:role\/Hop to sts:AssumeRole/);
    expect(advice).toMatch(
      /In account 333333333333: arn:aws:iam::333333333333:role\/Hop needs sts:AssumeRole/,
    );
  });

  it('refused web identity: the trust policy’s federated principal and the aud and sub of the token', () => {
    const advice = roleRefusalAdvice(
      refusal('InvalidIdentityTokenException', {
        message: 'Incorrect token audience',
        webIdentity: { audience: 'sts.amazonaws.com', subject: 'repo:org/app:ref:refs/heads/main' },
      }),
    );
    expect(advice).toMatch(
      /token\.actions\.githubusercontent\.com.*aud = sts\.amazonaws\.com.*sub = repo:org\/app:ref:refs\/heads\/main/,
    );
  });

  it('web identity with no OIDC provider in the account: create it', () => {
    expect(
      roleRefusalAdvice(
        refusal('InvalidIdentityToken', {
          message:
            'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
          webIdentity: { audience: 'sts.amazonaws.com' },
        }),
      ),
    ).toMatch(/^In account 111111111111: create the IAM OIDC identity provider/);
  });

  it('a duration the role does not allow: role-duration-seconds or the role’s maximum', () => {
    expect(
      roleRefusalAdvice(
        refusal('ValidationError', {
          message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        }),
      ),
    ).toMatch(/'role-duration-seconds' is longer than .* MaxSessionDuration in account 111111111111/);
  });

  it('refused caller credentials point at the Identity row; STS not activated names the account', () => {
    expect(roleRefusalAdvice(refusal('ExpiredToken'))).toMatch(/see the Identity row/);
    expect(roleRefusalAdvice(refusal('RegionDisabledException'))).toMatch(
      /STS is not activated for eu-west-1 in account 222222222222/,
    );
  });

  it('no answer points at the STS endpoint row rather than at IAM', () => {
    expect(roleRefusalAdvice(refusal(undefined, { facts: { timedOut: true } }))).toBe(
      'STS did not answer: see the STS endpoint row.',
    );
  });
});

describe('what to fix when the source credentials are refused', () => {
  it.each([
    ['InvalidClientTokenId', /AWS does not know the access key/],
    ['SignatureDoesNotMatch', /secret key does not belong to the access key id/],
    ['ExpiredToken', /source session has expired/],
  ])('%s', (code, advice) => {
    expect(identityAdvice({ timedOut: false, code }, 'STS endpoint')).toMatch(advice);
  });

  it('a network failure points at the STS endpoint row', () => {
    expect(identityAdvice({ timedOut: false, errno: 'ECONNREFUSED' }, 'STS endpoint')).toBe(
      'STS did not answer: see the STS endpoint row.',
    );
  });
});

describe('what a failed clone is told, from the same advice', () => {
  /** A refusal as the clone path knows it: no diagnose row to point at, no caller ARN. */
  const cloneRefusal = (code: string, more: Partial<AssumeRoleRefusal> = {}): AssumeRoleRefusal => ({
    facts: { timedOut: false, code },
    message: 'refused',
    roleArn: ROLE,
    callerArn: undefined,
    externalIdGiven: false,
    region: 'eu-west-1',
    ...more,
  });

  it('AccessDenied with no caller ARN known: the source principal, in the source account', () => {
    expect(assumeRoleAdvice(cloneRefusal('AccessDenied'))).toBe(
      `In account 111111111111: the trust policy of ${ROLE} must allow the source principal to sts:AssumeRole; ` +
        "if it requires an external ID (an sts:ExternalId condition), set 'role-external-id'. In the source " +
        `account: the source principal needs sts:AssumeRole on ${ROLE} in its permissions (and no SCP or ` +
        'permissions boundary that denies it).',
    );
  });

  it('AccessDenied of a later hop: the session of the role before is trusted, the role itself permitted', () => {
    const advice = assumeRoleAdvice(
      cloneRefusal('AccessDenied', { callerRole: 'arn:aws:iam::333333333333:role/Hop' }),
    );
    expect(advice).toContain(
      `the trust policy of ${ROLE} must allow the session of arn:aws:iam::333333333333:role/Hop to sts:AssumeRole`,
    );
    expect(advice).toContain(
      `In account 333333333333: arn:aws:iam::333333333333:role/Hop needs sts:AssumeRole on ${ROLE}`,
    );
  });

  it('gives nothing for a refusal it cannot name a fix for', () => {
    expect(assumeRoleAdvice(cloneRefusal('MalformedPolicyDocument'))).toBeUndefined();
    expect(
      assumeRoleAdvice(cloneRefusal('ValidationError', { message: 'RoleSessionName is invalid' })),
    ).toBeUndefined();
  });

  it('STS not activated: the account STS names in its message, else the caller’s, else the one that asked', () => {
    const facts = { timedOut: false, code: 'RegionDisabledException' };
    expect(
      regionDisabledAdvice(facts, 'not activated for account:444444444444.', 'eu-west-1', '222222222222'),
    ).toMatch(/^STS is not activated for eu-west-1 in account 444444444444: activate it under IAM/);
    expect(regionDisabledAdvice(facts, 'not activated', 'eu-west-1', '222222222222')).toMatch(
      /in account 222222222222:/,
    );
    expect(regionDisabledAdvice(facts, 'not activated', 'eu-west-1', undefined)).toMatch(
      /in the account that asked:/,
    );
    expect(
      regionDisabledAdvice({ timedOut: false, code: 'AccessDenied' }, '', 'eu-west-1', undefined),
    ).toBeUndefined();
  });
});

describe('what to do when an endpoint throttles', () => {
  it('names the endpoint and what helps', () => {
    expect(throttlingAdvice('sts.eu-west-1.amazonaws.com')).toBe(
      "sts.eu-west-1.amazonaws.com throttled the requests (the account's request rate for this API is shared " +
        "by every caller in the region). Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time.",
    );
  });

  it("is diagnose's fix for a throttled Identity or Role row", () => {
    expect(identityAdvice({ timedOut: false, code: 'Throttling', status: 400 }, 'STS endpoint')).toBe(
      throttlingAdvice('STS'),
    );
    expect(roleRefusalAdvice(refusal('RequestLimitExceeded'))).toBe(throttlingAdvice('STS'));
  });
});
