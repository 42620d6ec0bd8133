import type { Plan } from '../plan/plan.js';
import { proxyLabel } from '../aws/https-proxy.js';
import type { EndpointDiagnosis } from './endpoint-diagnosis.js';
import { lookupHostname } from './endpoint-lookup.js';
import { probeEndpoint } from './endpoint-probe.js';

/** A probe after a failure waits at most this long per phase, even with a long network timeout. */
const PROBE_SECONDS_CAP = 10;

export interface EndpointProxies {
  sts?: URL;
  git?: URL;
}

/** Resolves the STS and git host names in parallel (cheap, before any request), bounded in time. */
export async function lookupEndpoints(plan: Plan, proxies: EndpointProxies): Promise<EndpointDiagnosis[]> {
  const check = async (role: 'sts' | 'git'): Promise<EndpointDiagnosis> => {
    const endpoint = role === 'sts' ? plan.sts : plan.git;
    const proxy = proxies[role];
    return {
      role,
      endpoint,
      ...(proxy !== undefined ? { proxy: proxyLabel(proxy) } : {}),
      lookup: await lookupHostname(endpoint.hostname, plan.networkTimeoutSeconds),
    };
  };
  return Promise.all([check('sts'), check('git')]);
}

/**
 * After a network failure: TCP and TLS to the endpoint's first address, recorded in the diagnosis. Not
 * done through a proxy (the proxy, not the runner, connects then) or when the name did not resolve.
 */
export async function probeAfterFailure(diagnosis: EndpointDiagnosis, plan: Plan): Promise<void> {
  const address = diagnosis.lookup.addresses[0];
  if (address === undefined || diagnosis.proxy !== undefined || diagnosis.probe !== undefined) return;
  const port = portOf(diagnosis.endpoint.origin);
  const seconds = Math.min(plan.networkTimeoutSeconds, PROBE_SECONDS_CAP);
  diagnosis.probe = await probeEndpoint(address, port, diagnosis.endpoint.hostname, seconds);
}

function portOf(origin: string): number {
  const port = new URL(origin).port;
  return port === '' ? 443 : Number(port);
}
