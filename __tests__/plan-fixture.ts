/**
 * A plan as parsePlan makes it for `repository: <name>` and `aws-region: eu-west-1` in the workspace
 * /home/runner/work/app/app, for unit tests of what comes after parsing; tests change what they need.
 */
import type { Endpoint, Plan, RepositoryPlan } from '../src/plan/plan.js';

export const EXAMPLE_REGION = 'eu-west-1';
export const EXAMPLE_GIT_HOST = `git-codecommit.${EXAMPLE_REGION}.amazonaws.com`;
export const EXAMPLE_STS_HOST = `sts.${EXAMPLE_REGION}.amazonaws.com`;
export const EXAMPLE_API_HOST = `codecommit.${EXAMPLE_REGION}.amazonaws.com`;

/** `host` may carry a port; `custom` unless it is the regional git host. */
export function httpsEndpoint(host: string, custom = true): Endpoint {
  return { origin: `https://${host}`, host, hostname: host.replace(/:\d+$/, ''), custom };
}

export function exampleRepository(name: string, gitHost = EXAMPLE_GIT_HOST): RepositoryPlan {
  return {
    name,
    git: httpsEndpoint(gitHost, gitHost !== EXAMPLE_GIT_HOST),
    repositoryPath: `/v1/repos/${name}`,
    cloneUrl: `https://${gitHost}/v1/repos/${name}`,
    targetPath: `/home/runner/work/app/app/${name}`,
  };
}

export function examplePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    mode: 'clone',
    repositories: [exampleRepository('my-service')],
    repositoryPatterns: [],
    codecommitApi: httpsEndpoint(EXAMPLE_API_HOST, false),
    region: EXAMPLE_REGION,
    partition: 'aws',
    roleChain: [],
    audience: 'sts.amazonaws.com',
    useFips: false,
    persistCredentials: false,
    sourceCredentials: 'auto',
    roleSessionName: 'gha-42',
    roleDurationSeconds: 3600,
    sts: httpsEndpoint(EXAMPLE_STS_HOST, false),
    ref: { kind: 'default' },
    fetchDepth: 1,
    submodules: 'none',
    sparseCheckout: [],
    networkTimeoutSeconds: 30,
    maxAttempts: 3,
    concurrency: 4,
    clean: true,
    ...overrides,
  };
}
