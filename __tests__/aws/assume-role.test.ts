import { obtainCloneCredentials, type StsDependencies } from '../../src/aws/assume-role.js';
import { SourceCredentialsError } from '../../src/aws/source-credentials.js';
import { AwsOperationError } from '../../src/aws/aws-attempts.js';
import { backoffMilliseconds } from '../../src/aws/retry-policy.js';
import { createStsClient } from '../../src/aws/sts-client.js';
import type { Plan } from '../../src/plan/plan.js';
import { examplePlan } from '../plan-fixture.js';
import {
  assumeRoleOk,
  localStsClient,
  refusedPort,
  SOURCE_CREDENTIALS,
  startLocalSts,
  stsError,
  type LocalSts,
  type StsReply,
} from './local-sts-server.js';
import { preparePlainNode, type PlainNode } from './plain-node.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROLE = 'arn:aws:iam::111122223333:role/clone-reader';
const ISSUED = {
  accessKeyId: 'ASIAISSUEDEXAMPLE001',
  secretAccessKey: 'issued/secret/EXAMPLEKEY',
  sessionToken: 'issued-session-token',
  expiration: '2030-01-01T00:00:00Z',
  assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/clone-reader/gha-42',
};
const THROTTLED = stsError(400, 'Throttling', 'Rate exceeded');
const RANDOM = 0.5;

/** A plan whose STS is plain HTTP on loopback: parsePlan only takes https endpoints, so it is built here. */
function planFor(port: number, overrides: Partial<Plan> = {}): Plan {
  const host = `127.0.0.1:${port}`;
  return examplePlan({
    roleChain: [ROLE],
    roleDurationSeconds: 900,
    roleExternalId: 'external-id-1',
    sts: { origin: `http://${host}`, host, hostname: '127.0.0.1', custom: true },
    networkTimeoutSeconds: 5,
    ...overrides,
  });
}

interface Harness {
  deps: StsDependencies;
  sleeps: number[];
  info: string[];
  warnings: string[];
}

function harness(origin: string): Harness {
  const sleeps: number[] = [];
  const info: string[] = [];
  const warnings: string[] = [];
  return {
    deps: {
      client: async (credentials) => localStsClient(origin, credentials),
      runnerCredentials: () => async () => ({ ...SOURCE_CREDENTIALS }),
      logger: { info: (line) => info.push(line), warning: (line) => warnings.push(line) },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => RANDOM,
      mask: () => undefined,
    },
    sleeps,
    info,
    warnings,
  };
}

describe('obtainCloneCredentials against a local STS', () => {
  let sts: LocalSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
  });

  async function start(script: (index: number) => StsReply): Promise<{ sts: LocalSts; h: Harness }> {
    sts = await startLocalSts(script);
    return { sts, h: harness(sts.origin) };
  }

  it('returns the assumed-role credentials and ARN, having sent the role, session, duration and external id', async () => {
    const { sts: server, h } = await start(() => assumeRoleOk(ISSUED));
    const result = await obtainCloneCredentials(planFor(server.port), h.deps);
    expect(result).toEqual({
      credentials: {
        accessKeyId: ISSUED.accessKeyId,
        secretAccessKey: ISSUED.secretAccessKey,
        sessionToken: ISSUED.sessionToken,
        expiration: new Date(ISSUED.expiration),
      },
      assumedRoleArn: ISSUED.assumedRoleArn,
    });
    expect(server.requests).toHaveLength(1);
    const params = server.requests[0]?.params;
    expect(params?.get('Action')).toBe('AssumeRole');
    expect(params?.get('RoleArn')).toBe(ROLE);
    expect(params?.get('RoleSessionName')).toBe('gha-42');
    expect(params?.get('DurationSeconds')).toBe('900');
    expect(params?.get('ExternalId')).toBe('external-id-1');
    expect(server.requests[0]?.authorization).toContain(`Credential=${SOURCE_CREDENTIALS.accessKeyId}/`);
    expect(h.sleeps).toEqual([]);
  });

  it('sends no ExternalId when the plan has none', async () => {
    const { sts: server, h } = await start(() => assumeRoleOk(ISSUED));
    const plan = planFor(server.port);
    delete plan.roleExternalId;
    await obtainCloneCredentials(plan, h.deps);
    expect(server.requests[0]?.params.has('ExternalId')).toBe(false);
  });

  it('retries Throttling twice and succeeds on the third attempt, sleeping the jittered backoff in between', async () => {
    const { sts: server, h } = await start((index) => (index < 2 ? THROTTLED : assumeRoleOk(ISSUED)));
    const result = await obtainCloneCredentials(planFor(server.port), h.deps);
    expect(result.assumedRoleArn).toBe(ISSUED.assumedRoleArn);
    expect(server.requests).toHaveLength(3);
    expect(h.sleeps).toEqual([backoffMilliseconds(1, RANDOM), backoffMilliseconds(2, RANDOM)]);
    expect(h.sleeps).toEqual([250, 500]);
    expect(h.warnings).toHaveLength(2);
    expect(h.warnings[0]).toContain('Throttling');
    expect(h.warnings[0]).toContain('retrying in 250 ms');
    expect(h.info.filter((line) => line.startsWith('STS AssumeRole'))).toEqual([
      `STS AssumeRole ${ROLE} at ${server.host} (attempt 1 of 3)`,
      `STS AssumeRole ${ROLE} at ${server.host} (attempt 2 of 3)`,
      `STS AssumeRole ${ROLE} at ${server.host} (attempt 3 of 3)`,
    ]);
  });

  it('stops after one attempt on AccessDenied and explains the trust policy and sts:AssumeRole', async () => {
    const { sts: server, h } = await start(() =>
      stsError(403, 'AccessDenied', 'User is not authorized to perform: sts:AssumeRole'),
    );
    const failure = obtainCloneCredentials(planFor(server.port), h.deps);
    await expect(failure).rejects.toThrow(/after 1 attempt\(s\): AccessDenied, HTTP 403/);
    await expect(failure).rejects.toThrow(/trust policy of arn:aws:iam::111122223333:role\/clone-reader/);
    await expect(failure).rejects.toThrow(
      /needs sts:AssumeRole on arn:aws:iam::111122223333:role\/clone-reader/,
    );
    expect(server.requests).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('stops after one attempt when the source credentials are refused, and says so', async () => {
    const { sts: server, h } = await start(() =>
      stsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
    );
    await expect(obtainCloneCredentials(planFor(server.port), h.deps)).rejects.toThrow(
      /InvalidClientTokenId.*The source credentials were refused/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after 3 attempts of HTTP 500, naming the STS host, and keeps the SDK error as cause', async () => {
    const { sts: server, h } = await start(() => stsError(500, 'InternalFailure', 'internal failure'));
    const error = await obtainCloneCredentials(planFor(server.port), h.deps).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`at ${server.host} failed after 3 attempt(s)`);
    expect(message).toContain('InternalFailure, HTTP 500');
    expect((error as Error).cause).toMatchObject({ name: 'InternalFailure' });
    expect(server.requests).toHaveLength(3);
    expect(h.sleeps).toEqual([250, 500]);
  });

  it('retries a silent STS until each attempt hits its deadline, then gives VPC advice', async () => {
    const { sts: server, h } = await start(() => 'no-answer');
    const plan = planFor(server.port, { networkTimeoutSeconds: 0.2 });
    const started = Date.now();
    const error = await obtainCloneCredentials(plan, h.deps).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(3000);
    const message = (error as Error).message;
    expect(message).toContain(`no answer within 0.2 s`);
    expect(message).toContain('failed after 3 attempt(s)');
    expect(message).toContain('com.amazonaws.eu-west-1.sts');
    expect(server.requests).toHaveLength(3);
  });

  it('returns the source credentials without any request when there is no role to assume', async () => {
    const { sts: server, h } = await start(() => assumeRoleOk(ISSUED));
    const plan = planFor(server.port);
    plan.roleChain = [];
    const result = await obtainCloneCredentials(plan, h.deps);
    expect(result).toEqual({ credentials: { ...SOURCE_CREDENTIALS } });
    expect(result.assumedRoleArn).toBeUndefined();
    expect(server.requests).toHaveLength(0);
    expect(h.info).toContain('No role-to-assume: using the source credentials directly.');
  });

  it('rejects an answer without credentials', async () => {
    const { sts: server, h } = await start(() => ({
      status: 200,
      body:
        '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
        '</AssumeRoleResult></AssumeRoleResponse>',
    }));
    await expect(obtainCloneCredentials(planFor(server.port), h.deps)).rejects.toThrow(
      `STS AssumeRole at ${server.host} answered without credentials`,
    );
  });

  it('chains roles: each hop signed by the session of the one before, external id on the last, 1 h cap', async () => {
    const SECOND = 'arn:aws:iam::444455556666:role/reader';
    const HOP = { ...ISSUED, accessKeyId: 'ASIAHOPEXAMPLE000001', sessionToken: 'hop-token' };
    const { sts: server, h } = await start((index) => assumeRoleOk(index === 0 ? HOP : ISSUED));
    const plan = { ...planFor(server.port), roleChain: [ROLE, SECOND], roleDurationSeconds: 7200 };
    const result = await obtainCloneCredentials(plan, h.deps);
    expect(result.credentials.accessKeyId).toBe(ISSUED.accessKeyId);
    expect(server.requests.map((r) => r.params.get('RoleArn'))).toEqual([ROLE, SECOND]);
    expect(server.requests[0]?.authorization).toContain(`Credential=${SOURCE_CREDENTIALS.accessKeyId}/`);
    expect(server.requests[1]?.authorization).toContain(`Credential=${HOP.accessKeyId}/`);
    expect(server.requests.map((r) => r.params.get('ExternalId'))).toEqual([null, 'external-id-1']);
    expect(server.requests.map((r) => r.params.get('DurationSeconds'))).toEqual(['3600', '3600']);
    expect(h.warnings.join('\n')).toMatch(/role-duration-seconds 7200 .*role chaining.*3600 s/);
  });

  it('names the hop and its caller when a chained AssumeRole is denied', async () => {
    const SECOND = 'arn:aws:iam::444455556666:role/reader';
    const { sts: server, h } = await start((index) =>
      index === 0 ? assumeRoleOk(ISSUED) : stsError(403, 'AccessDenied', 'not authorized'),
    );
    const plan = { ...planFor(server.port), roleChain: [ROLE, SECOND] };
    await expect(obtainCloneCredentials(plan, h.deps)).rejects.toThrow(
      new RegExp(`role 2 of 2 in the chain.*trust policy of ${SECOND} must allow the session of ${ROLE}`),
    );
  });

  it('with GitHub OIDC assumes the first role with a fresh ID token per attempt, unsigned', async () => {
    const tokens: string[] = [];
    const { sts: server, h } = await start((index) =>
      index === 0
        ? stsError(400, 'Throttling', 'Rate exceeded')
        : {
            status: 200,
            body:
              assumeRoleOk(ISSUED) === 'no-answer'
                ? ''
                : (assumeRoleOk(ISSUED) as { body: string }).body
                    .replace(/AssumeRoleResponse/g, 'AssumeRoleWithWebIdentityResponse')
                    .replace(/AssumeRoleResult/g, 'AssumeRoleWithWebIdentityResult'),
          },
    );
    const deps: StsDependencies = {
      ...h.deps,
      webIdentityToken: async (audience) => {
        tokens.push(audience);
        return `token-${tokens.length}`;
      },
    };
    const result = await obtainCloneCredentials(planFor(server.port), deps);
    expect(result.credentials.accessKeyId).toBe(ISSUED.accessKeyId);
    expect(tokens).toEqual(['sts.amazonaws.com', 'sts.amazonaws.com']);
    expect(server.requests.map((r) => r.params.get('Action'))).toEqual([
      'AssumeRoleWithWebIdentity',
      'AssumeRoleWithWebIdentity',
    ]);
    expect(server.requests.map((r) => r.params.get('WebIdentityToken'))).toEqual(['token-1', 'token-2']);
    expect(server.requests[1]?.authorization ?? '').toBe('');
  });

  it('says what the job needs when GitHub will not give an ID token', async () => {
    const { sts: server, h } = await start(() => assumeRoleOk(ISSUED));
    const deps: StsDependencies = {
      ...h.deps,
      webIdentityToken: async () => {
        throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
      },
    };
    await expect(obtainCloneCredentials(planFor(server.port), deps)).rejects.toThrow(/id-token: write/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("the STS calls of the runner's own chain", () => {
  let sts: LocalSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
  });

  const PROFILE_ROLE = 'arn:aws:iam::222222222222:role/runner-hop';

  /** A chain like a role_arn/source_profile profile: the keys of the source profile, then AssumeRole. */
  const profileChain: StsDependencies['runnerCredentials'] = (assumers) => () =>
    assumers.assumeRole(
      { ...SOURCE_CREDENTIALS },
      { RoleArn: PROFILE_ROLE, RoleSessionName: 'aws-sdk-js-1', DurationSeconds: 3600 },
    );

  it("go to the plan's STS endpoint with its attempts, logged like the action's own, and sign with the source", async () => {
    sts = await startLocalSts((index) => (index === 0 ? THROTTLED : assumeRoleOk(ISSUED)));
    const h = harness(sts.origin);
    const plan = planFor(sts.port, { roleChain: [] });
    const result = await obtainCloneCredentials(plan, { ...h.deps, runnerCredentials: profileChain });
    expect(result.credentials.accessKeyId).toBe(ISSUED.accessKeyId);
    expect(sts.requests.map((r) => r.params.get('RoleArn'))).toEqual([PROFILE_ROLE, PROFILE_ROLE]);
    expect(sts.requests[0]?.authorization).toContain(`Credential=${SOURCE_CREDENTIALS.accessKeyId}/`);
    expect(h.info).toContain(
      `STS AssumeRole ${PROFILE_ROLE} (source profile) at ${sts.host} (attempt 1 of 3)`,
    );
    expect(h.sleeps).toEqual([250]);
  });

  it('are not cut short by the deadline of the chain: each attempt has its own', async () => {
    sts = await startLocalSts((index) => (index < 2 ? 'no-answer' : assumeRoleOk(ISSUED)));
    const h = harness(sts.origin);
    const plan = planFor(sts.port, { roleChain: [], networkTimeoutSeconds: 0.3 });
    const result = await obtainCloneCredentials(plan, { ...h.deps, runnerCredentials: profileChain });
    expect(result.credentials.accessKeyId).toBe(ISSUED.accessKeyId);
    expect(sts.requests).toHaveLength(3);
  });

  it('when they fail, the error names the source, the role, the STS host and the VPC advice for it', async () => {
    sts = await startLocalSts(() => 'no-answer');
    const h = harness(sts.origin);
    const plan = planFor(sts.port, { roleChain: [ROLE], networkTimeoutSeconds: 0.2, maxAttempts: 2 });
    const error = await obtainCloneCredentials(plan, {
      ...h.deps,
      runnerCredentials: profileChain,
      runnerSource: { label: "profile 'hop' (aws-profile): …", steps: [] },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceCredentialsError);
    const message = (error as Error).message;
    expect(message).toContain("Could not resolve source AWS credentials from profile 'hop' (aws-profile)");
    expect(message).toContain(`STS AssumeRole of ${PROFILE_ROLE} at ${sts.host} failed after 2 attempt(s)`);
    expect(message).toContain('com.amazonaws.eu-west-1.sts');
    expect(stsOperationOf(error)).toBeInstanceOf(AwsOperationError);
  });

  it('a step of the chain that never answers is named, with its advice, after one network timeout', async () => {
    sts = await startLocalSts(() => assumeRoleOk(ISSUED));
    const h = harness(sts.origin);
    const plan = planFor(sts.port, { networkTimeoutSeconds: 0.2 });
    const started = Date.now();
    const error = await obtainCloneCredentials(plan, {
      ...h.deps,
      runnerCredentials: () => () => new Promise<never>(() => {}),
      runnerSource: {
        label: 'instance metadata at http://169.254.169.254',
        steps: [{ kind: 'instance-metadata', url: 'http://169.254.169.254' }],
      },
    }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(1500);
    const message = (error as Error).message;
    expect(message).toContain('Instance metadata at http://169.254.169.254 gave no answer within 0.2 s');
    expect(message).toContain('HttpPutResponseHopLimit');
    expect(message).not.toContain(sts.host);
    expect(stsOperationOf(error)).toBeUndefined();
    expect(sts.requests).toHaveLength(0);
  });
});

describe('the STS client of an operation', () => {
  let sts: LocalSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
  });

  it('is made within the first attempt: a client that is never ready is bounded like an answer that never comes', async () => {
    sts = await startLocalSts(() => assumeRoleOk(ISSUED));
    const plan = planFor(sts.port, { networkTimeoutSeconds: 0.2, maxAttempts: 2 });
    let made = 0;
    const started = Date.now();
    const error = await obtainCloneCredentials(plan, {
      ...harness(sts.origin).deps,
      client: () => {
        made += 1;
        return new Promise<never>(() => {});
      },
    }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(AwsOperationError);
    expect((error as AwsOperationError).attempts).toBe(2);
    expect((error as Error).message).toContain(
      `STS AssumeRole of ${ROLE} at ${sts.host} failed after 2 attempt(s)`,
    );
    expect(made).toBe(1);
    expect(sts.requests).toHaveLength(0);
  });

  it('is made once for all the attempts of an operation', async () => {
    sts = await startLocalSts((index) => (index === 0 ? THROTTLED : assumeRoleOk(ISSUED)));
    const h = harness(sts.origin);
    let made = 0;
    const result = await obtainCloneCredentials(planFor(sts.port), {
      ...h.deps,
      client: async (credentials) => {
        made += 1;
        return h.deps.client(credentials);
      },
    });
    expect(result.assumedRoleArn).toBe(ISSUED.assumedRoleArn);
    expect(sts.requests).toHaveLength(2);
    expect(made).toBe(1);
  });
});

/** The STS operation an error is or wraps. */
function stsOperationOf(error: unknown): AwsOperationError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof AwsOperationError) return current;
  }
  return undefined;
}

describe("the step's STS client", () => {
  const SWITCHES = ['AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT'] as const;
  let sts: LocalSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
    for (const name of SWITCHES) delete process.env[name];
  });

  it('calls the endpoint of the plan even when the environment asks the SDK for FIPS or dual-stack', async () => {
    // The plan already chose the FIPS or standard name (use-fips); the SDK refuses a custom endpoint
    // together with its own FIPS switch, which runners in regulated accounts often set for every tool.
    for (const name of SWITCHES) process.env[name] = 'true';
    sts = await startLocalSts(() => assumeRoleOk(ISSUED));
    const plan = planFor(sts.port);
    const result = await obtainCloneCredentials(plan, {
      ...harness(sts.origin).deps,
      client: (credentials) => createStsClient(plan, undefined, credentials ?? SOURCE_CREDENTIALS),
    });
    expect(result.assumedRoleArn).toBe(ISSUED.assumedRoleArn);
    expect(sts.requests).toHaveLength(1);
  });
});

interface RefusedOutcome {
  message: string;
  sleeps: number[];
  warnings: string[];
}

/** In plain Node (see plain-node.ts), where a refused connection's errno is as the action sees it. */
const REFUSED_PROBE = `
import { createStsClient } from './src/aws/sts-client.js';
import { obtainCloneCredentials } from './src/aws/assume-role.js';
const plan = JSON.parse(process.argv[2]);
const sleeps = [];
const warnings = [];
const client = (credentials) =>
  createStsClient(plan, undefined, credentials ?? { accessKeyId: 'AKIASOURCEEXAMPLE01', secretAccessKey: 'secret' });
try {
  await obtainCloneCredentials(plan, {
    client,
    runnerCredentials: () => async () => ({ accessKeyId: 'AKIASOURCEEXAMPLE01', secretAccessKey: 'secret' }),
    logger: { info() {}, warning: (line) => warnings.push(line) },
    sleep: async (ms) => { sleeps.push(ms); },
    random: () => 0.5,
    mask() {},
  });
  console.log(JSON.stringify({ message: 'no failure', sleeps, warnings }));
} catch (error) {
  console.log(JSON.stringify({ message: error.message, sleeps, warnings }));
}
`;

describe('obtainCloneCredentials when the STS port refuses connections (plain Node, as the action runs)', () => {
  let plain: PlainNode;
  let port: number;
  let outcome: RefusedOutcome;

  beforeAll(async () => {
    plain = await preparePlainNode();
    port = await refusedPort();
    outcome = JSON.parse(await plain.run(REFUSED_PROBE, [JSON.stringify(planFor(port))])) as RefusedOutcome;
  });
  afterAll(() => plain.cleanup());

  it('retries up to 3 attempts with the jittered backoff', () => {
    expect(outcome.message).toContain(`at 127.0.0.1:${port} failed after 3 attempt(s): ECONNREFUSED`);
    expect(outcome.sleeps).toEqual([250, 500]);
    expect(outcome.warnings).toHaveLength(2);
  });

  it('ends with the VPC advice for an unreachable STS', () => {
    expect(outcome.message).toContain('an interface VPC endpoint for com.amazonaws.eu-west-1.sts exists');
    expect(outcome.message).toContain("the endpoint's security group allows inbound TCP 443");
    expect(outcome.message).toContain("'sts-endpoint'");
  });
});
