/**
 * Before git-remote-codecommit hands the URL to `git remote-https`: the git endpoint's name looked up, a
 * TCP connection and a TLS handshake tried, each bounded by the network timeout. git's own low-speed
 * bound starts only once a connection is up; a handshake that never completes (an endpoint whose
 * security group lets TCP in and nothing answers, a middlebox) would hold git for curl's connect
 * timeout, five minutes. Only such silence stops the helper, with what to check in the VPC: an endpoint
 * that refuses, or whose certificate node does not trust (git may be given another CA), is left to git,
 * whose message says so. Not done when git reaches the endpoint through a proxy.
 */
import { describeDiagnosis, type EndpointDiagnosis } from '../network/endpoint-diagnosis.js';
import { lookupHostname } from '../network/endpoint-lookup.js';
import { probeEndpoint } from '../network/endpoint-probe.js';
import { vpcAdviceForUnreachable } from '../network/vpc-advice.js';
import type { Endpoint } from '../plan/plan.js';

/** Why git would wait on the endpoint, or undefined when it may go ahead. */
export async function silentGitEndpoint(
  endpoint: Endpoint,
  region: string,
  timeoutSeconds: number,
): Promise<string | undefined> {
  const lookup = await lookupHostname(endpoint.hostname, timeoutSeconds);
  const diagnosis: EndpointDiagnosis = { role: 'git', endpoint, lookup };
  const [address] = lookup.addresses;
  if (address !== undefined) {
    const port = new URL(endpoint.origin).port;
    diagnosis.probe = await probeEndpoint(
      address,
      port === '' ? 443 : Number(port),
      endpoint.hostname,
      timeoutSeconds,
    );
    const { tcp, tls } = diagnosis.probe;
    if (tcp.outcome !== 'no answer' && tls?.outcome !== 'no answer') return undefined;
  }
  return (
    `the git endpoint ${endpoint.host} does not answer (each wait bounded by ${timeoutSeconds} s): ` +
    `${describeDiagnosis(diagnosis)}. ${vpcAdviceForUnreachable('git', endpoint.hostname, region)}`
  );
}

/** Whether git's config sends https through a proxy (`http.proxy`, `http.<url>.proxy`). */
export function gitConfigProxy(gitConfig: ReadonlyMap<string, string>): boolean {
  return [...gitConfig].some(([key, value]) => /^http\.(.+\.)?proxy$/.test(key) && value.trim() !== '');
}
