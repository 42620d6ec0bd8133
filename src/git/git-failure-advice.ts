/**
 * What a failed git network command most likely means, with the fix: one text per kind of failure, for
 * the clone, the reuse, the cache, submodules and diagnose alike.
 */
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import { vpcAdviceForUnreachable } from '../network/vpc-advice.js';
import type { GitFailure } from './git-failure.js';
import { TLS_FAILURE } from './git-messages.js';

/** What the step knows of who made the request, for the policy a refusal names. */
export interface GitRequester {
  /** The account the repositories live in (the assumed role's). */
  account?: string;
  /** The principal git's requests were signed as. */
  principal?: string;
}

export function explainGitFailure(
  plan: Plan,
  repository: RepositoryPlan,
  failure: GitFailure,
  stderr: string,
  requester: GitRequester = {},
): string {
  const host = repository.git.host;
  const unreachable = (): string => vpcAdviceForUnreachable('git', repository.git.hostname, plan.region);
  switch (failure.kind) {
    case 'stalled':
      return `git got no answer from ${host} for ${failure.stalledSeconds} s (connect, TLS handshake or transfer stalled). ${unreachable()}`;
    case 'forbidden':
      return forbiddenAdvice(plan, repository, requester);
    case 'missing-ref':
      return `the ref was not found in '${repository.name}': check 'ref'.`;
    case 'missing-repository':
      return requester.account !== undefined
        ? `there is no repository '${repository.name}' at ${host} in ${plan.region} of account ${requester.account}: check its name (case-sensitive), 'aws-region' and the role's account.`
        : `the repository '${repository.name}' was not found at ${host}: check its name (case-sensitive), region and account.`;
    case 'throttled':
      return (
        `HTTP ${failure.httpStatus} from ${host}: the endpoint throttled the request (too many git requests at once). ` +
        "Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time."
      );
    case 'server-error':
      return `HTTP ${failure.httpStatus} from ${host}: the endpoint or a load balancer in front of it failed.`;
    case 'transfer-broke-off':
      return `the transfer from ${host} broke off (connection reset or early EOF).`;
    case 'dns':
      return `DNS: ${repository.git.hostname} could not be resolved. ${unreachable()}`;
    case 'connect':
      return `connect: no TCP connection to ${host}. ${unreachable()}`;
    case 'tls':
      return `TLS: the handshake with ${host} failed (${firstMatchingLine(stderr, TLS_FAILURE)}). A proxy or a middlebox may be intercepting HTTPS, or the runner lacks the CA that signed the endpoint's certificate.`;
    default:
      return `git failed talking to ${host}.`;
  }
}

/** A 403 names the policy the role needs, on the repository's ARN, in the account that grants it. */
function forbiddenAdvice(plan: Plan, repository: RepositoryPlan, requester: GitRequester): string {
  const refused = `HTTP 403 from ${repository.git.host}: the credentials were refused for repository '${repository.name}'.`;
  const { account, principal } = requester;
  const arn = `arn:${plan.partition}:codecommit:${plan.region}:${account ?? '<account>'}:${repository.name}`;
  if (account === undefined) {
    return (
      `${refused} The assumed role needs codecommit:GitPull on ${arn}; ` +
      'check the repository name (case-sensitive) and that it lives in that region and account.'
    );
  }
  return (
    `${refused} ${principal ?? 'The credentials'} may not pull '${repository.name}': in account ${account}, ` +
    `allow codecommit:GitPull on ${arn} in the role's permissions (and check that no SCP or permissions ` +
    'boundary denies it); the name is case-sensitive and must be in that region and account.'
  );
}

function firstMatchingLine(text: string, pattern: RegExp): string {
  return (
    text
      .split(/\r?\n/)
      .find((line) => pattern.test(line))
      ?.trim() ?? ''
  );
}
