import {
  listRepositoryNames,
  RepositoryListingError,
  type CodeCommitApi,
  type RepositoryPage,
} from '../../src/aws/codecommit-api-client.js';
import { AwsOperationError } from '../../src/aws/aws-attempts.js';
import { examplePlan, httpsEndpoint } from '../plan-fixture.js';

const ROLE = 'arn:aws:sts::111111111111:assumed-role/SwitchRole/codecommit-clone-1';

function sdkError(name: string, status: number, message = `${name} said no`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

/** Answers each call with the next entry: a page, or an error to throw; records the tokens asked for. */
function scriptedApi(
  script: (RepositoryPage | Error | 'hang')[],
): CodeCommitApi & { tokens: (string | undefined)[] } {
  const tokens: (string | undefined)[] = [];
  return {
    tokens,
    listRepositoriesPage(nextToken) {
      tokens.push(nextToken);
      const next = script.shift();
      if (next === undefined) return Promise.reject(new Error('no more pages scripted'));
      if (next === 'hang') return new Promise<RepositoryPage>(() => undefined);
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    destroy: () => undefined,
  };
}

function deps() {
  const lines: string[] = [];
  const waits: number[] = [];
  return {
    lines,
    waits,
    logger: {
      info: (line: string) => lines.push(line),
      warning: (line: string) => lines.push(`warning: ${line}`),
    },
    sleep: (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    principal: ROLE,
  };
}

const plan = examplePlan({ repositoryPatterns: ['team-*'] });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('listRepositoryNames', () => {
  it('reads every page, passing each nextToken on, and keeps the names in order', async () => {
    const api = scriptedApi([
      { names: ['a', 'b'], nextToken: 't1' },
      { names: ['c'], nextToken: 't2' },
      { names: ['d'] },
    ]);
    const d = deps();
    expect(await listRepositoryNames(plan, api, d)).toEqual(['a', 'b', 'c', 'd']);
    expect(api.tokens).toEqual([undefined, 't1', 't2']);
    expect(d.lines).toEqual([
      'CodeCommit ListRepositories at codecommit.eu-west-1.amazonaws.com (attempt 1 of 3)',
      'CodeCommit ListRepositories (page 2) at codecommit.eu-west-1.amazonaws.com (attempt 1 of 3)',
      'CodeCommit ListRepositories (page 3) at codecommit.eu-west-1.amazonaws.com (attempt 1 of 3)',
    ]);
  });

  it('retries a throttled page with backoff and goes on from the same token', async () => {
    const api = scriptedApi([
      { names: ['a'], nextToken: 't1' },
      sdkError('ThrottlingException', 400, 'Rate exceeded'),
      { names: ['b'] },
    ]);
    const d = deps();
    expect(await listRepositoryNames(plan, api, d)).toEqual(['a', 'b']);
    expect(api.tokens).toEqual([undefined, 't1', 't1']);
    expect(d.waits).toEqual([250]);
    expect(d.lines.some((line) => line.startsWith('warning: ') && line.includes('ThrottlingException'))).toBe(
      true,
    );
  });

  it('explains AccessDeniedException with the IAM line on the role, without retrying', async () => {
    const api = scriptedApi([sdkError('AccessDeniedException', 400, 'not authorized')]);
    const error = await failureOf(listRepositoryNames(plan, api, deps()));
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(api.tokens).toHaveLength(1);
    expect(error.message).toMatch(
      /^CodeCommit ListRepositories at codecommit\.eu-west-1\.amazonaws\.com, to match the repository patterns 'team-\*', failed after 1 attempt\(s\): AccessDeniedException/,
    );
    expect(error.message).toContain(`The role ${ROLE} may not list repositories`);
    expect(error.message).toContain('"Action": "codecommit:ListRepositories" with "Resource": "*"');
    expect(error.message).toContain('in account 111111111111');
  });

  it('says the source credentials may not list when no role was assumed', async () => {
    const api = scriptedApi([sdkError('AccessDeniedException', 400)]);
    const withoutRole: Partial<ReturnType<typeof deps>> = deps();
    delete withoutRole.principal;
    const error = await failureOf(listRepositoryNames(plan, api, withoutRole as ReturnType<typeof deps>));
    expect(error.message).toContain('The source credentials may not list repositories');
  });

  it('gives up on a silent endpoint after the attempts, each bounded, naming the codecommit interface endpoint', async () => {
    const vpce = 'vpce-0a1b2c3d4e5f67890-api00001.codecommit.eu-west-1.vpce.amazonaws.com';
    const silentPlan = examplePlan({
      repositoryPatterns: ['team-*'],
      codecommitApi: httpsEndpoint(vpce),
      networkTimeoutSeconds: 1,
      maxAttempts: 2,
    });
    const api = scriptedApi(['hang', 'hang']);
    const started = Date.now();
    const error = await failureOf(listRepositoryNames(silentPlan, api, deps()));
    expect(Date.now() - started).toBeLessThan(4000);
    expect(api.tokens).toHaveLength(2);
    expect(error.message).toContain(`at ${vpce}`);
    expect(error.message).toContain('failed after 2 attempt(s): no answer within 1 s');
    expect(error.message).toContain(
      'an interface VPC endpoint for com.amazonaws.eu-west-1.codecommit exists',
    );
    expect(error.message).toContain(`${vpce} is that endpoint's DNS name`);
  });

  it('names codecommit-api-endpoint when the regional name is refused (private DNS off)', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const api = scriptedApi([refused, refused, refused]);
    const error = await failureOf(listRepositoryNames(plan, api, deps()));
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(
      "otherwise set 'codecommit-api-endpoint' to the endpoint's vpce DNS name",
    );
  });

  it('stops a listing whose nextToken comes back, rather than asking forever', async () => {
    const api = scriptedApi([
      { names: ['a'], nextToken: 'same' },
      { names: ['b'], nextToken: 'same' },
    ]);
    const error = await failureOf(listRepositoryNames(plan, api, deps()));
    expect(error).toBeInstanceOf(RepositoryListingError);
    expect(error.message).toMatch(/did not end: page 2 gave a nextToken it gave before/);
  });
});
