import type { Plan, RepositoryPlan } from '../plan/plan.js';
import {
  HOST_NOT_RESOLVED,
  MISSING_REF,
  MISSING_REPOSITORY,
  NO_CONNECTION,
  TLS_FAILURE,
  TRANSFER_BROKE_OFF,
} from './git-messages.js';
import { vpcAdviceForUnreachable } from '../network/vpc-advice.js';

/** What a failed git network command most likely means, with the fix, from git's own stderr. */
export function explainGitFailure(
  plan: Plan,
  repository: RepositoryPlan,
  stderr: string,
  timedOutAfterSeconds?: number,
): string {
  const host = repository.git.host;
  const unreachable = vpcAdviceForUnreachable('git', repository.git.hostname, plan.region);
  if (timedOutAfterSeconds !== undefined) {
    return `git got no answer from ${host} for ${timedOutAfterSeconds} s (connect, TLS handshake or transfer stalled). ${unreachable}`;
  }
  // What the server answered comes first: the URL in git's message may contain any word at all.
  if (/returned error: 403/i.test(stderr)) {
    return (
      `HTTP 403 from ${host}: the credentials were refused for repository '${repository.name}'. ` +
      `The assumed role needs codecommit:GitPull on arn:${plan.partition}:codecommit:${plan.region}:<account>:${repository.name}; ` +
      'check the repository name (case-sensitive) and that it lives in that region and account.'
    );
  }
  if (MISSING_REF.test(stderr)) {
    return `the ref was not found in '${repository.name}': check 'ref'.`;
  }
  if (MISSING_REPOSITORY.test(stderr)) {
    return `the repository '${repository.name}' was not found at ${host}: check its name (case-sensitive), region and account.`;
  }
  const serverError = /returned error: (5\d\d)/.exec(stderr)?.[1];
  if (serverError !== undefined) {
    return `HTTP ${serverError} from ${host}: the endpoint or a load balancer in front of it failed.`;
  }
  if (TRANSFER_BROKE_OFF.test(stderr)) {
    return `the transfer from ${host} broke off (connection reset or early EOF).`;
  }
  if (HOST_NOT_RESOLVED.test(stderr)) {
    return `DNS: ${repository.git.hostname} could not be resolved. ${unreachable}`;
  }
  if (NO_CONNECTION.test(stderr)) {
    return `connect: no TCP connection to ${host}. ${unreachable}`;
  }
  const tls = firstMatchingLine(stderr, TLS_FAILURE);
  if (tls !== '') {
    return `TLS: the handshake with ${host} failed (${tls}). A proxy or a middlebox may be intercepting HTTPS, or the runner lacks the CA that signed the endpoint's certificate.`;
  }
  return `git failed talking to ${host}.`;
}

function firstMatchingLine(text: string, pattern: RegExp): string {
  return (
    text
      .split(/\r?\n/)
      .find((line) => pattern.test(line))
      ?.trim() ?? ''
  );
}
