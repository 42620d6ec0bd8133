/**
 * STS throttling (`Throttling`, `RequestLimitExceeded`) is transient: retried with full-jitter backoff,
 * or after what a Retry-After asks, named as throttling in the log, and explained when it never ends.
 */
import { obtainCloneCredentials, type StsDependencies } from '../../src/aws/assume-role.js';
import { AwsOperationError } from '../../src/aws/aws-attempts.js';
import { backoffMilliseconds } from '../../src/aws/retry-policy.js';
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
const ISSUED = {
  accessKeyId: 'ASIAISSUEDEXAMPLE001',
  secretAccessKey: 'issued/secret/EXAMPLEKEY',
  sessionToken: 'issued-session-token',
  expiration: '2030-01-01T00:00:00Z',
  assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/clone-reader/gha-42',
};
const NOW = new Date('2030-01-01T00:00:00Z');

const throttled = (headers?: Record<string, string>): StsReply =>
  stsError(400, 'Throttling', 'Rate exceeded', headers);

function planFor(sts: LocalSts, overrides: Partial<Plan> = {}): Plan {
  return examplePlan({
    roleChain: [ROLE],
    sts: { origin: sts.origin, host: sts.host, hostname: '127.0.0.1', custom: true },
    networkTimeoutSeconds: 5,
    maxAttempts: 5,
    ...overrides,
  });
}

interface Harness {
  deps: StsDependencies;
  sleeps: number[];
  warnings: string[];
}

/** Draws `randoms` in turn; the clock stands at NOW unless `withClock` is false. */
function harness(sts: LocalSts, randoms: number[] = [0.5], withClock = true): Harness {
  const sleeps: number[] = [];
  const warnings: string[] = [];
  let draws = 0;
  return {
    deps: {
      client: async (credentials) => localStsClient(sts.origin, credentials),
      runnerCredentials: () => async () => ({ ...SOURCE_CREDENTIALS }),
      logger: { info: () => undefined, warning: (line) => warnings.push(line) },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => randoms[draws++ % randoms.length] ?? 0,
      ...(withClock ? { now: () => NOW } : {}),
      mask: () => undefined,
    },
    sleeps,
    warnings,
  };
}

describe('an STS that throttles', () => {
  let sts: LocalSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
  });

  it.each([
    ['Throttling', 'Rate exceeded'],
    ['RequestLimitExceeded', 'Request limit exceeded.'],
  ])(
    'answering %s twice, then the role: assumed, two throttled log lines, each wait a full-jitter draw within its bound',
    async (code, message) => {
      const server = await startLocalSts((index) =>
        index < 2 ? stsError(400, code, message) : assumeRoleOk(ISSUED),
      );
      sts = server;
      const h = harness(server, [0.9, 0.35]);
      const result = await obtainCloneCredentials(planFor(server), h.deps);
      expect(result.assumedRoleArn).toBe(ISSUED.assumedRoleArn);
      expect(server.requests).toHaveLength(3);
      expect(h.sleeps).toEqual([backoffMilliseconds(1, 0.9), backoffMilliseconds(2, 0.35)]);
      h.sleeps.forEach((wait, index) => {
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThan(500 * 2 ** index);
      });
      expect(h.warnings).toEqual([
        `STS AssumeRole ${ROLE} throttled by ${server.host} (attempt 1 of 5), retrying in 450 ms (${code}, HTTP 400: ${message})`,
        `STS AssumeRole ${ROLE} throttled by ${server.host} (attempt 2 of 5), retrying in 350 ms (${code}, HTTP 400: ${message})`,
      ]);
    },
  );

  it('names a wait of a second or more in seconds', async () => {
    const server = await startLocalSts((index) => (index < 3 ? throttled() : assumeRoleOk(ISSUED)));
    sts = server;
    const h = harness(server, [0, 0, 0.65]);
    await obtainCloneCredentials(planFor(server), h.deps);
    expect(h.sleeps).toEqual([0, 0, 1300]);
    expect(h.warnings[2]).toMatch(/ throttled by .* \(attempt 3 of 5\), retrying in 1\.3 s \(Throttling/);
  });

  it('waits what a Retry-After in seconds asks, and no longer than the network timeout', async () => {
    const server = await startLocalSts(
      (index) =>
        [throttled({ 'Retry-After': '2' }), throttled({ 'Retry-After': '30' })][index] ??
        assumeRoleOk(ISSUED),
    );
    sts = server;
    const h = harness(server);
    const result = await obtainCloneCredentials(planFor(server, { networkTimeoutSeconds: 4 }), h.deps);
    expect(result.assumedRoleArn).toBe(ISSUED.assumedRoleArn);
    expect(h.sleeps).toEqual([2000, 4000]);
    expect(h.warnings[0]).toBe(
      `STS AssumeRole ${ROLE} throttled by ${server.host} (attempt 1 of 5), retrying in 2.0 s as its ` +
        'Retry-After asks (Throttling, HTTP 400: Rate exceeded)',
    );
  });

  it("reads a Retry-After date against the step's clock; without a clock it keeps to the backoff", async () => {
    const date = { 'Retry-After': 'Tue, 01 Jan 2030 00:00:03 GMT' };
    const server = await startLocalSts((index) => (index % 2 === 0 ? throttled(date) : assumeRoleOk(ISSUED)));
    sts = server;
    const clocked = harness(server);
    await obtainCloneCredentials(planFor(server), clocked.deps);
    expect(clocked.sleeps).toEqual([3000]);
    const unclocked = harness(server, [0.5], false);
    await obtainCloneCredentials(planFor(server), unclocked.deps);
    expect(unclocked.sleeps).toEqual([backoffMilliseconds(1, 0.5)]);
  });

  it('throttling at every attempt: fails after max-attempts, saying STS throttled and what helps', async () => {
    const server = await startLocalSts(() => throttled());
    sts = server;
    const h = harness(server);
    const error = await obtainCloneCredentials(planFor(server, { maxAttempts: 3 }), h.deps).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AwsOperationError);
    expect((error as AwsOperationError).attempts).toBe(3);
    expect((error as Error).message).toBe(
      `STS AssumeRole of ${ROLE} at ${server.host} failed after 3 attempt(s): Throttling, HTTP 400: Rate exceeded. ` +
        `${server.host} throttled the requests (the account's request rate for this API is shared by every caller ` +
        "in the region). Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time.",
    );
    expect(server.requests).toHaveLength(3);
    expect(h.sleeps).toHaveLength(2);
    expect(h.warnings).toHaveLength(2);
  });

  it('a failure that is not throttling gets no throttling advice', async () => {
    const server = await startLocalSts(() => stsError(500, 'InternalFailure', 'internal failure'));
    sts = server;
    const h = harness(server);
    const error = await obtainCloneCredentials(planFor(server, { maxAttempts: 2 }), h.deps).catch(
      (caught: unknown) => caught as Error,
    );
    expect((error as Error).message).not.toMatch(/throttl/);
    expect(h.warnings[0]).toBe(
      `STS AssumeRole ${ROLE} at ${server.host} failed (InternalFailure, HTTP 500: internal failure); retrying in 250 ms`,
    );
  });
});
