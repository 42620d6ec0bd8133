/**
 * A clone whose STS call is refused says what to fix with the advice `mode: diagnose` gives for the same
 * refusal (aws-advice.ts): STS not activated in the region, a session longer than the role allows, the
 * external ID given or missing.
 */
import { obtainCloneCredentials, type StsDependencies } from '../../src/aws/assume-role.js';
import { roleRefusalAdvice, type RoleRefusal } from '../../src/aws/aws-advice.js';
import type { Plan } from '../../src/plan/plan.js';
import { examplePlan } from '../plan-fixture.js';
import {
  assumeRoleOk,
  localStsClient,
  SOURCE_CREDENTIALS,
  startLocalSts,
  stsError,
  type LocalSts,
  type StsReply,
} from './local-sts-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROLE = 'arn:aws:iam::111122223333:role/clone-reader';
const HOP = 'arn:aws:iam::444455556666:role/hop';
const ISSUED = {
  accessKeyId: 'ASIAISSUEDEXAMPLE001',
  secretAccessKey: 'issued/secret/EXAMPLEKEY',
  sessionToken: 'issued-session-token',
  expiration: '2030-01-01T00:00:00Z',
  assumedRoleArn: 'arn:aws:sts::444455556666:assumed-role/hop/gha-42',
};
const REGION_DISABLED = {
  code: 'RegionDisabledException',
  message:
    'STS is not activated in this region for account:111122223333. Your account administrator can activate ' +
    'STS in this region using the IAM Console.',
};
const TOO_LONG = {
  code: 'ValidationError',
  message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
};
const DENIED = {
  code: 'AccessDenied',
  message: 'User: arn:aws:iam::222222222222:user/vpc-runner is not authorized to perform: sts:AssumeRole',
};

function planFor(sts: LocalSts, overrides: Partial<Plan> = {}): Plan {
  return examplePlan({
    roleChain: [ROLE],
    roleDurationSeconds: 7200,
    sts: { origin: sts.origin, host: sts.host, hostname: '127.0.0.1', custom: true },
    networkTimeoutSeconds: 5,
    ...overrides,
  });
}

function depsFor(sts: LocalSts): StsDependencies {
  return {
    client: async (credentials) => localStsClient(sts.origin, credentials),
    runnerCredentials: () => async () => ({ accessKeyId: 'AKIASOURCEEXAMPLE01', secretAccessKey: 'secret' }),
    logger: { info: () => undefined, warning: () => undefined },
    sleep: async () => undefined,
    random: () => 0.5,
    mask: () => undefined,
  };
}

/** What diagnose's Role row advises for the same refusal, knowing what the clone knows of the caller. */
function diagnoseFix(
  refused: { code: string; message: string; status: number },
  more: Partial<RoleRefusal> = {},
): string {
  return roleRefusalAdvice({
    facts: { timedOut: false, code: refused.code, status: refused.status },
    message: refused.message,
    roleArn: ROLE,
    callerArn: undefined,
    externalIdGiven: false,
    region: 'eu-west-1',
    stsRow: 'STS endpoint',
    ...more,
  });
}

describe("a clone's STS refusal carries diagnose's advice", () => {
  let sts: LocalSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
  });

  async function failedClone(script: (index: number) => StsReply, overrides: Partial<Plan> = {}) {
    sts = await startLocalSts(script);
    const error = await failureOf(obtainCloneCredentials(planFor(sts, overrides), depsFor(sts)));
    return { message: error.message, sts };
  }

  it('RegionDisabledException: STS is to be activated in the region, in the account STS names', async () => {
    const { message, sts: server } = await failedClone(() =>
      stsError(403, REGION_DISABLED.code, REGION_DISABLED.message),
    );
    const fix = diagnoseFix(
      { ...REGION_DISABLED, status: 403 },
      { callerArn: 'arn:aws:iam::999999999999:user/x' },
    );
    expect(fix).toBe(
      'STS is not activated for eu-west-1 in account 111122223333: activate it under IAM, Account settings, ' +
        'Security Token Service (STS) endpoints.',
    );
    expect(message).toBe(
      `STS AssumeRole of ${ROLE} at ${server.host} failed after 1 attempt(s): ` +
        `RegionDisabledException, HTTP 403: ${REGION_DISABLED.message}. ${fix}`,
    );
  });

  it("a DurationSeconds above the role's maximum: lower role-duration-seconds or raise MaxSessionDuration", async () => {
    const { message } = await failedClone(() => stsError(400, TOO_LONG.code, TOO_LONG.message));
    const fix = diagnoseFix({ ...TOO_LONG, status: 400 });
    expect(fix).toMatch(
      /^'role-duration-seconds' is longer than .*MaxSessionDuration in account 111122223333\.$/,
    );
    expect(message).toContain(`: ValidationError, HTTP 400: ${TOO_LONG.message}. ${fix}`);
  });

  it('AccessDenied with role-external-id given: the sts:ExternalId condition must equal it', async () => {
    const { message, sts: server } = await failedClone(() => stsError(403, DENIED.code, DENIED.message), {
      roleExternalId: 'partner-id-1',
    });
    expect(server.requests[0]?.params.get('ExternalId')).toBe('partner-id-1');
    const fix = diagnoseFix({ ...DENIED, status: 403 }, { externalIdGiven: true });
    expect(fix).toContain(
      "its sts:ExternalId condition must equal 'role-external-id' (the external ID given differs, or the role requires none)",
    );
    expect(message).toContain(`: AccessDenied, HTTP 403: ${DENIED.message}. ${fix}`);
  });

  it('AccessDenied without role-external-id: set it if the trust policy requires an external ID', async () => {
    const { message, sts: server } = await failedClone(() => stsError(403, DENIED.code, DENIED.message));
    expect(server.requests[0]?.params.has('ExternalId')).toBe(false);
    const fix = diagnoseFix({ ...DENIED, status: 403 });
    expect(fix).toContain(
      "if it requires an external ID (an sts:ExternalId condition), set 'role-external-id'",
    );
    expect(message).toContain(`: AccessDenied, HTTP 403: ${DENIED.message}. ${fix}`);
  });

  it('AccessDenied of a later hop: the external ID goes with the last role, the caller is the role before', async () => {
    const { message } = await failedClone(
      (index) => (index === 0 ? assumeRoleOk(ISSUED) : stsError(403, DENIED.code, DENIED.message)),
      { roleChain: [HOP, ROLE], roleExternalId: 'partner-id-1' },
    );
    expect(message).toContain('(role 2 of 2 in the chain)');
    expect(message).toContain(
      `In account 111122223333: the trust policy of ${ROLE} must allow the session of ${HOP} to sts:AssumeRole, ` +
        "and its sts:ExternalId condition must equal 'role-external-id'",
    );
    expect(message).toContain(`In account 444455556666: ${HOP} needs sts:AssumeRole on ${ROLE}`);
  });

  it('RegionDisabledException for the first hop with GitHub OIDC gives the same advice', async () => {
    sts = await startLocalSts(() => stsError(403, REGION_DISABLED.code, REGION_DISABLED.message));
    const error = await failureOf(
      obtainCloneCredentials(planFor(sts), { ...depsFor(sts), webIdentityToken: async () => 'id-token' }),
    );
    expect(error.message).toMatch(/^STS AssumeRoleWithWebIdentity of .* failed after 1 attempt\(s\)/);
    expect(error.message).toContain(
      diagnoseFix({ ...REGION_DISABLED, status: 403 }, { webIdentity: { audience: 'sts.amazonaws.com' } }),
    );
  });

  it("RegionDisabledException for the runner's own chain (a role_arn profile) gives the same advice", async () => {
    sts = await startLocalSts(() => stsError(403, REGION_DISABLED.code, REGION_DISABLED.message));
    const error = await failureOf(
      obtainCloneCredentials(planFor(sts, { roleChain: [] }), {
        ...depsFor(sts),
        runnerCredentials: (assumers) => () =>
          assumers.assumeRole({ ...SOURCE_CREDENTIALS }, { RoleArn: HOP, RoleSessionName: 'aws-sdk-js-1' }),
      }),
    );
    expect(error.message).toMatch(/^Could not resolve source AWS credentials/);
    expect(error.message).toContain(diagnoseFix({ ...REGION_DISABLED, status: 403 }));
  });
});

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a failure, got ${String(outcome)}`);
  return outcome;
}
