/**
 * The CodeCommit API (not git): ListRepositories, every page, for the repository patterns. The SDK's
 * CodeCommit client is loaded only here, when a pattern is given, so a step without patterns does not
 * pay for it at start-up. Each page is one AWS operation, with the attempts, deadlines and backoff of
 * every other (aws-attempts.ts).
 */
import { vpcAdviceForUnreachable } from '../network/vpc-advice.js';
import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { sdkClientSettings } from './sdk-client-settings.js';
import { withAwsAttempts, type AttemptDependencies } from './aws-attempts.js';
import { awsFailureFacts, describeAwsFailure } from './aws-failure.js';

/** One page of ListRepositories: the names on it, and the token of the next page when there is one. */
export interface RepositoryPage {
  names: string[];
  nextToken?: string;
}

/** The CodeCommit API as the listing uses it; tests give their own. */
export interface CodeCommitApi {
  listRepositoriesPage(nextToken: string | undefined, signal: AbortSignal): Promise<RepositoryPage>;
  destroy(): void;
}

/** A CodeCommit API client of the plan's API endpoint, signing with `credentials`. */
export async function createCodeCommitApi(
  plan: Plan,
  proxy: URL | undefined,
  credentials: AwsCredentials,
): Promise<CodeCommitApi> {
  const { CodeCommitClient, ListRepositoriesCommand } = await import('@aws-sdk/client-codecommit');
  const client = new CodeCommitClient(await sdkClientSettings(plan, plan.codecommitApi, proxy, credentials));
  return {
    async listRepositoriesPage(nextToken, signal) {
      const command = new ListRepositoriesCommand({
        sortBy: 'repositoryName',
        order: 'ascending',
        ...(nextToken !== undefined ? { nextToken } : {}),
      });
      const output = await client.send(command, { abortSignal: signal });
      const names = (output.repositories ?? []).flatMap((repository) =>
        repository.repositoryName !== undefined ? [repository.repositoryName] : [],
      );
      return { names, ...(output.nextToken ? { nextToken: output.nextToken } : {}) };
    },
    destroy: () => client.destroy(),
  };
}

/** More pages than any account holds (ListRepositories gives up to 1,000 names a page). */
const MAX_PAGES = 1000;

export interface ListingDependencies extends AttemptDependencies {
  /** Whose credentials list: the assumed role's ARN, absent for the source credentials. */
  principal?: string;
}

/** A ListRepositories that never ends: a token seen before, or more pages than any account has. */
export class RepositoryListingError extends Error {
  override name = 'RepositoryListingError';
}

/**
 * Every repository name the credentials may list in the plan's region, page after page. Each page is
 * bounded and retried as every AWS operation is; a final failure says what to fix (the VPC endpoint, the
 * IAM permission, the rate when the API throttled).
 */
export async function listRepositoryNames(
  plan: Plan,
  api: CodeCommitApi,
  deps: ListingDependencies,
): Promise<string[]> {
  const names: string[] = [];
  const tokens = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 1; ; page++) {
    const token = nextToken;
    const result = await withAwsAttempts(
      plan,
      {
        what: `CodeCommit ListRepositories${page > 1 ? ` (page ${page})` : ''}`,
        host: plan.codecommitApi.host,
        attempt: (signal) => api.listRepositoriesPage(token, signal),
        explain: (error, attempts) => explainListingFailure(plan, deps.principal, page, error, attempts),
      },
      deps,
    );
    names.push(...result.names);
    nextToken = result.nextToken;
    if (nextToken === undefined) return names;
    if (tokens.has(nextToken) || page >= MAX_PAGES) {
      throw new RepositoryListingError(
        `CodeCommit ListRepositories at ${plan.codecommitApi.host} did not end: ` +
          (tokens.has(nextToken)
            ? `page ${page} gave a nextToken it gave before`
            : `more than ${MAX_PAGES} pages`) +
          `; is '${plan.codecommitApi.host}' the CodeCommit API endpoint?`,
      );
    }
    tokens.add(nextToken);
  }
}

const REFUSED_CREDENTIALS =
  /^(UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId|SignatureDoesNotMatch)(Exception)?$/;

export function explainListingFailure(
  plan: Plan,
  principal: string | undefined,
  page: number,
  error: unknown,
  attempts: number,
): string {
  const api = plan.codecommitApi;
  const facts = awsFailureFacts(error);
  const of = page > 1 ? ` (page ${page})` : '';
  const head =
    `CodeCommit ListRepositories${of} at ${api.host}, to match the repository patterns ` +
    `${plan.repositoryPatterns.map((pattern) => `'${pattern}'`).join(', ')}, failed after ${attempts} attempt(s): ` +
    `${describeAwsFailure(error)}.`;
  if (facts.timedOut || facts.errno !== undefined) {
    return `${head} ${vpcAdviceForUnreachable('codecommit-api', api.hostname, plan.region)}`;
  }
  const who = principal !== undefined ? `the role ${principal}` : 'the source credentials';
  if (facts.code === 'AccessDeniedException' || facts.code === 'AccessDenied') {
    return (
      `${head} ${who[0]?.toUpperCase() ?? ''}${who.slice(1)} may not list repositories: its IAM policy needs ` +
      `"Action": "codecommit:ListRepositories" with "Resource": "*" (the action has no resource of its own) ` +
      `in account ${accountOf(principal) ?? 'of the repositories'}, or name the repositories instead of patterns.`
    );
  }
  if (facts.code !== undefined && REFUSED_CREDENTIALS.test(facts.code)) {
    return `${head} CodeCommit refused the credentials of ${who}: check that ${api.host} is the CodeCommit API endpoint of ${plan.region}.`;
  }
  return head;
}

function accountOf(principal: string | undefined): string | undefined {
  return principal !== undefined ? /^arn:[^:]+:[^:]+::(\d{12}):/.exec(principal)?.[1] : undefined;
}
