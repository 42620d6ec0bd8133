import type { Plan } from '../plan/plan.js';
import { vpcAdviceForUnreachable } from './vpc-advice.js';

/** What a failed git network command most likely means, with the fix, from git's own stderr. */
export function explainGitFailure(plan: Plan, stderr: string, timedOutAfterSeconds?: number): string {
  const host = plan.git.host;
  const unreachable = vpcAdviceForUnreachable('git', plan.git.hostname, plan.region);
  if (timedOutAfterSeconds !== undefined) {
    return `git got no answer from ${host} for ${timedOutAfterSeconds} s (connect, TLS handshake or transfer stalled). ${unreachable}`;
  }
  if (/Could not resolve host/i.test(stderr)) {
    return `DNS: ${plan.git.hostname} could not be resolved. ${unreachable}`;
  }
  if (/Failed to connect|Connection refused|Connection timed out|Couldn't connect/i.test(stderr)) {
    return `connect: no TCP connection to ${host}. ${unreachable}`;
  }
  if (/SSL|TLS|certificate/i.test(stderr)) {
    return `TLS: the handshake with ${host} failed (${firstMatchingLine(stderr, /SSL|TLS|certificate/i)}). A proxy or a middlebox may be intercepting HTTPS, or the runner lacks the CA that signed the endpoint's certificate.`;
  }
  if (/error: 403|returned error: 403/i.test(stderr)) {
    return (
      `HTTP 403 from ${host}: the credentials were refused for repository '${plan.repositoryName}'. ` +
      `The assumed role needs codecommit:GitPull on arn:${plan.partition}:codecommit:${plan.region}:<account>:${plan.repositoryName}; ` +
      'check the repository name (case-sensitive) and that it lives in that region and account.'
    );
  }
  if (/error: 404|returned error: 404|not found|does not exist/i.test(stderr)) {
    return `the repository '${plan.repositoryName}' was not found at ${host}: check its name (case-sensitive), region and account.`;
  }
  if (/Remote branch .* not found|couldn't find remote ref|not our ref|unadvertised object/i.test(stderr)) {
    return `the ref was not found in '${plan.repositoryName}': check 'ref'.`;
  }
  if (/error: 5\d\d|returned error: 5\d\d|early EOF|Connection reset|RPC failed/i.test(stderr)) {
    return `the transfer from ${host} broke off (server error or connection reset).`;
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
