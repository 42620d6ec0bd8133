/**
 * ListRepositories against a CodeCommit API that throttles (the fake answers HTTP 400 ThrottlingException
 * as the API does), through the action's own client (createCodeCommitApi) in plain Node, where the
 * fake's test CA can be trusted as the runner trusts a CA: NODE_EXTRA_CA_CERTS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { backoffMilliseconds } from '../../src/aws/retry-policy.js';
import type { Plan } from '../../src/plan/plan.js';
import { FakeAwsAccounts, type LongTermKey } from '../../test-support/fake-aws-accounts.js';
import { startFakeCodeCommitApi, type FakeCodeCommitApi } from '../../test-support/fake-codecommit-api.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';
import { examplePlan, httpsEndpoint } from '../plan-fixture.js';
import { preparePlainNode, type PlainNode } from './plain-node.js';

const LISTER = 'arn:aws:iam::111111111111:user/lister';
const REPOSITORIES = ['team-c', 'team-a', 'team-b'];
const NOW = '2030-01-01T00:00:00.000Z';

interface ListingOutcome {
  names?: string[];
  error?: string;
  errorName?: string;
  attempts?: number;
  info: string[];
  warnings: string[];
  sleeps: number[];
}

/** The action's client and listing, with a scripted random draw and clock; prints what happened. */
const LISTING_PROBE = `
import { createCodeCommitApi, listRepositoryNames } from './src/aws/codecommit-api-client.js';
const [planJson, keyJson, randomsJson, now] = process.argv.slice(2);
const plan = JSON.parse(planJson);
const randoms = JSON.parse(randomsJson);
const info = [];
const warnings = [];
const sleeps = [];
let draws = 0;
const api = await createCodeCommitApi(plan, undefined, JSON.parse(keyJson));
try {
  const names = await listRepositoryNames(plan, api, {
    logger: { info: (line) => info.push(line), warning: (line) => warnings.push(line) },
    sleep: async (ms) => { sleeps.push(ms); },
    random: () => randoms[draws++ % randoms.length],
    now: () => new Date(now),
  });
  console.log(JSON.stringify({ names, info, warnings, sleeps }));
} catch (error) {
  console.log(JSON.stringify({ error: error.message, errorName: error.name, attempts: error.attempts, info, warnings, sleeps }));
} finally {
  api.destroy();
}
`;

let dir: string;
let pki: TestPki;
let accounts: FakeAwsAccounts;
let lister: LongTermKey;
let plain: PlainNode;
let api: FakeCodeCommitApi | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'listing-throttling-test-'));
  pki = await createTestPki(path.join(dir, 'pki'), []);
  accounts = new FakeAwsAccounts();
  lister = accounts.addSourceKey({ principalArn: LISTER });
  plain = await preparePlainNode();
});

afterEach(async () => {
  await api?.close();
  api = undefined;
});

afterAll(async () => {
  await plain?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function listAgainst(
  throttle: { times: number | 'always'; retryAfter?: string },
  overrides: Partial<Plan>,
  randoms: number[] = [0.5],
): Promise<{ outcome: ListingOutcome; api: FakeCodeCommitApi }> {
  const plan = examplePlan({ repositoryPatterns: ['team-*'], ...overrides });
  const fake = await startFakeCodeCommitApi({
    accounts,
    region: plan.region,
    tls: { key: pki.keyPem, cert: pki.certPem },
    repositories: REPOSITORIES,
    listers: [LISTER],
    throttle,
  });
  api = fake;
  plan.codecommitApi = httpsEndpoint(fake.host);
  const key = { accessKeyId: lister.accessKeyId, secretAccessKey: lister.secretAccessKey };
  const stdout = await plain.run(
    LISTING_PROBE,
    [JSON.stringify(plan), JSON.stringify(key), JSON.stringify(randoms), NOW],
    { NODE_EXTRA_CA_CERTS: pki.caCertPath },
  );
  return { outcome: JSON.parse(stdout) as ListingOutcome, api: fake };
}

describe('ListRepositories against a CodeCommit API that throttles', () => {
  it('throttled twice, then answering: every name listed, two throttled log lines, each wait a full-jitter draw within its bound', async () => {
    const randoms = [0.9, 0.35];
    const { outcome, api: fake } = await listAgainst({ times: 2 }, { maxAttempts: 5 }, randoms);
    expect(outcome.error).toBeUndefined();
    expect(outcome.names).toEqual(['team-a', 'team-b', 'team-c']);
    expect(fake.requests.map((r) => r.status)).toEqual([400, 400, 200, 200]);
    expect(outcome.sleeps).toEqual([backoffMilliseconds(1, 0.9), backoffMilliseconds(2, 0.35)]);
    outcome.sleeps.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(500 * 2 ** index);
    });
    expect(outcome.warnings).toEqual([
      `CodeCommit ListRepositories throttled by ${fake.host} (attempt 1 of 5), retrying in 450 ms ` +
        '(ThrottlingException, HTTP 400: Rate exceeded)',
      `CodeCommit ListRepositories throttled by ${fake.host} (attempt 2 of 5), retrying in 350 ms ` +
        '(ThrottlingException, HTTP 400: Rate exceeded)',
    ]);
  });

  it("waits what the API's Retry-After asks rather than the backoff", async () => {
    const { outcome, api: fake } = await listAgainst({ times: 2, retryAfter: '2' }, { maxAttempts: 5 });
    expect(outcome.names).toEqual(['team-a', 'team-b', 'team-c']);
    expect(outcome.sleeps).toEqual([2000, 2000]);
    expect(outcome.warnings[1]).toBe(
      `CodeCommit ListRepositories throttled by ${fake.host} (attempt 2 of 5), retrying in 2.0 s as its ` +
        'Retry-After asks (ThrottlingException, HTTP 400: Rate exceeded)',
    );
  });

  it('holds a Retry-After longer than the network timeout to the network timeout', async () => {
    const { outcome } = await listAgainst(
      { times: 1, retryAfter: '120' },
      { maxAttempts: 3, networkTimeoutSeconds: 3 },
    );
    expect(outcome.names).toEqual(['team-a', 'team-b', 'team-c']);
    expect(outcome.sleeps).toEqual([3000]);
  });

  it('throttled at every attempt: fails after max-attempts, saying the API throttled and what helps', async () => {
    const { outcome, api: fake } = await listAgainst({ times: 'always' }, { maxAttempts: 3 });
    expect(fake.requests).toHaveLength(3);
    expect(outcome.sleeps).toHaveLength(2);
    expect(outcome.errorName).toBe('AwsOperationError');
    expect(outcome.attempts).toBe(3);
    expect(outcome.error).toBe(
      `CodeCommit ListRepositories at ${fake.host}, to match the repository patterns 'team-*', failed after ` +
        '3 attempt(s): ThrottlingException, HTTP 400: Rate exceeded. ' +
        `${fake.host} throttled the requests (the account's request rate for this API is shared by every caller ` +
        "in the region). Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time.",
    );
  });
});
