import { CodeCommitClient, ListRepositoriesCommand } from '@aws-sdk/client-codecommit';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeAwsAccounts, type LongTermKey } from '../../test-support/fake-aws-accounts.js';
import { startFakeCodeCommitApi, type FakeCodeCommitApi } from '../../test-support/fake-codecommit-api.js';
import { httpsRequest } from '../../test-support/https-request.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';

const REGION = 'ap-northeast-1';
const LISTER = 'arn:aws:iam::111111111111:user/lister';
const OUTSIDER = 'arn:aws:iam::111111111111:user/outsider';

let dir: string;
let pki: TestPki;
let accounts: FakeAwsAccounts;
let lister: LongTermKey;
let outsider: LongTermKey;
let api: FakeCodeCommitApi;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fake-codecommit-api-test-'));
  pki = await createTestPki(path.join(dir, 'pki'), []);
  accounts = new FakeAwsAccounts();
  lister = accounts.addSourceKey({ principalArn: LISTER });
  outsider = accounts.addSourceKey({ principalArn: OUTSIDER });
  api = await startFakeCodeCommitApi({
    accounts,
    region: REGION,
    tls: { key: pki.keyPem, cert: pki.certPem },
    repositories: ['team-c', 'team-a', 'other', 'team-b', 'svc'],
    listers: [LISTER],
    pageSize: 2,
  });
});

afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

function sdkClient(key: LongTermKey): CodeCommitClient {
  return new CodeCommitClient({
    region: REGION,
    endpoint: api.url,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    requestHandler: { httpsAgent: new Agent({ ca: pki.caCertPem }) },
    maxAttempts: 1,
  });
}

describe('the fake CodeCommit API', () => {
  test('pages ListRepositories for the SDK client with nextToken, sorted by name, JSON 1.1 with its target', async () => {
    const client = sdkClient(lister);
    const before = api.requests.length;
    const names: string[] = [];
    let nextToken: string | undefined;
    try {
      do {
        const page = await client.send(
          new ListRepositoriesCommand({ sortBy: 'repositoryName', order: 'ascending', nextToken }),
        );
        names.push(...(page.repositories ?? []).map((r) => r.repositoryName ?? ''));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
    } finally {
      client.destroy();
    }
    expect(names).toEqual(['other', 'svc', 'team-a', 'team-b', 'team-c']);
    const seen = api.requests.slice(before);
    expect(seen.map((r) => [r.target, r.contentType, r.status, r.names?.length])).toEqual([
      ['CodeCommit_20150413.ListRepositories', 'application/x-amz-json-1.1', 200, 2],
      ['CodeCommit_20150413.ListRepositories', 'application/x-amz-json-1.1', 200, 2],
      ['CodeCommit_20150413.ListRepositories', 'application/x-amz-json-1.1', 200, 1],
    ]);
    expect(seen[0]?.nextToken).toBeUndefined();
    expect(seen[1]?.nextToken).toMatch(/./);
  });

  test('answers AccessDeniedException to a principal not allowed to list, as the SDK reads it', async () => {
    const client = sdkClient(outsider);
    try {
      await expect(client.send(new ListRepositoriesCommand({}))).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining(
          `${OUTSIDER} is not authorized to perform: codecommit:ListRepositories`,
        ),
      });
    } finally {
      client.destroy();
    }
  });

  test('refuses a signature for another service and an unknown nextToken', async () => {
    const body = JSON.stringify({});
    const sign = (service: string, payload: string) =>
      new SignatureV4({
        service,
        region: REGION,
        credentials: { accessKeyId: lister.accessKeyId, secretAccessKey: lister.secretAccessKey },
        sha256: Hash.bind(null, 'sha256'),
      }).sign({
        method: 'POST',
        protocol: 'https:',
        hostname: api.host,
        path: '/',
        headers: {
          host: api.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'CodeCommit_20150413.ListRepositories',
        },
        body: payload,
      });
    const send = async (service: string, payload: string) => {
      const signed = await sign(service, payload);
      return httpsRequest({
        address: api.address,
        port: api.port,
        method: 'POST',
        headers: signed.headers,
        body: payload,
        ca: pki.caCertPem,
        servername: '127.0.0.1',
      });
    };
    const wrongService = await send('sts', body);
    expect(wrongService.status).toBe(403);
    expect(JSON.parse(wrongService.body)).toMatchObject({ __type: 'InvalidSignatureException' });
    expect(wrongService.body).toContain("scoped to correct service: 'codecommit'");
    const badToken = await send('codecommit', JSON.stringify({ nextToken: 'made-up' }));
    expect(badToken.status).toBe(400);
    expect(JSON.parse(badToken.body)).toMatchObject({ __type: 'InvalidContinuationTokenException' });
  });
});

describe('the fake CodeCommit API throttling', () => {
  let throttling: FakeCodeCommitApi | undefined;
  afterEach(async () => {
    await throttling?.close();
    throttling = undefined;
  });

  async function startThrottling(throttle: { times: number | 'always'; retryAfter?: string }) {
    throttling = await startFakeCodeCommitApi({
      accounts,
      region: REGION,
      tls: { key: pki.keyPem, cert: pki.certPem },
      repositories: ['team-a'],
      listers: [LISTER],
      throttle,
    });
    return new CodeCommitClient({
      region: REGION,
      endpoint: throttling.url,
      credentials: { accessKeyId: lister.accessKeyId, secretAccessKey: lister.secretAccessKey },
      requestHandler: { httpsAgent: new Agent({ ca: pki.caCertPem }) },
      maxAttempts: 1,
    });
  }

  test('answers the first N requests HTTP 400 ThrottlingException with its Retry-After, as the SDK reads it, then lists', async () => {
    const client = await startThrottling({ times: 2, retryAfter: '3' });
    const outcomes: unknown[] = [];
    try {
      for (let index = 0; index < 3; index++) {
        outcomes.push(
          await client.send(new ListRepositoriesCommand({})).then(
            (page) => page.repositories?.map((r) => r.repositoryName),
            (error: {
              name: string;
              $metadata: { httpStatusCode?: number };
              $response?: { headers: Record<string, string> };
            }) => ({
              name: error.name,
              status: error.$metadata.httpStatusCode,
              retryAfter: error.$response?.headers['retry-after'],
            }),
          ),
        );
      }
    } finally {
      client.destroy();
    }
    expect(outcomes).toEqual([
      { name: 'ThrottlingException', status: 400, retryAfter: '3' },
      { name: 'ThrottlingException', status: 400, retryAfter: '3' },
      ['team-a'],
    ]);
    expect(throttling?.requests.map((r) => [r.status, r.errorCode, r.throttled])).toEqual([
      [400, 'ThrottlingException', true],
      [400, 'ThrottlingException', true],
      [200, undefined, undefined],
    ]);
  });

  test("throttles every request with 'always', without a Retry-After unless one is given", async () => {
    const client = await startThrottling({ times: 'always' });
    try {
      for (let index = 0; index < 4; index++) {
        const error = (await client.send(new ListRepositoriesCommand({})).catch((e: unknown) => e)) as {
          name: string;
          message: string;
          $response?: { headers: Record<string, string> };
        };
        expect([error.name, error.message, error.$response?.headers['retry-after']]).toEqual([
          'ThrottlingException',
          'Rate exceeded',
          undefined,
        ]);
      }
    } finally {
      client.destroy();
    }
    expect(throttling?.requests.every((r) => r.throttled === true)).toBe(true);
  });
});
