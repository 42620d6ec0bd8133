import type { Endpoint, Plan } from '../plan/plan.js';
import { proxyForUrl, proxyLabel } from './https-proxy.js';
import type { EndpointDiagnosis } from './endpoint-diagnosis.js';
import { lookupHostname } from './endpoint-lookup.js';
import { probeEndpoint } from './endpoint-probe.js';
import type { EndpointRole } from './vpc-advice.js';

/** A probe after a failure waits at most this long per phase, even with a long network timeout. */
const PROBE_SECONDS_CAP = 10;

/**
 * Resolves the STS host, every distinct git host and, when patterns are to be listed, the CodeCommit API
 * host in parallel (cheap, before any request), bounded in time; notes the proxy HTTPS_PROXY/NO_PROXY
 * select for each.
 */
export async function lookupEndpoints(
  plan: Plan,
  env: Readonly<Record<string, string | undefined>>,
): Promise<EndpointDiagnosis[]> {
  const gitEndpoints = new Map<string, Endpoint>();
  // A listing contacts no git endpoint.
  const cloned = plan.mode === 'list' ? [] : plan.repositories;
  for (const repository of cloned) gitEndpoints.set(repository.git.host, repository.git);
  const check = async (role: EndpointRole, endpoint: Endpoint): Promise<EndpointDiagnosis> => {
    const proxy = proxyForUrl(`${endpoint.origin}/`, env);
    return {
      role,
      endpoint,
      ...(proxy !== undefined ? { proxy: proxyLabel(proxy) } : {}),
      lookup: await lookupHostname(endpoint.hostname, plan.networkTimeoutSeconds),
    };
  };
  return Promise.all([
    check('sts', plan.sts),
    ...[...gitEndpoints.values()].map((endpoint) => check('git', endpoint)),
    ...(plan.repositoryPatterns.length > 0 ? [check('codecommit-api', plan.codecommitApi)] : []),
  ]);
}

/**
 * After a network failure: TCP and TLS to the endpoint's first address, recorded in the diagnosis. Not
 * done through a proxy (the proxy, not the runner, connects then) or when the name did not resolve.
 * Several clones failing against one endpoint share one probe.
 */
export async function probeAfterFailure(diagnosis: EndpointDiagnosis, plan: Plan): Promise<void> {
  const address = diagnosis.lookup.addresses[0];
  if (address === undefined || diagnosis.proxy !== undefined) return;
  diagnosis.probing ??= (async () => {
    const seconds = Math.min(plan.networkTimeoutSeconds, PROBE_SECONDS_CAP);
    diagnosis.probe = await probeEndpoint(
      address,
      portOf(diagnosis.endpoint.origin),
      diagnosis.endpoint.hostname,
      seconds,
    );
  })();
  await diagnosis.probing;
}

function portOf(origin: string): number {
  const port = new URL(origin).port;
  return port === '' ? 443 : Number(port);
}
