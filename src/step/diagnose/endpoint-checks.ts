import { request, type Agent } from 'node:https';
import { withDeadline } from '../../core/deadline.js';
import { proxyAgent, proxyForUrl } from '../../network/https-proxy.js';
import { lookupEndpoints } from '../../network/endpoint-reachability.js';
import { probeEndpoint } from '../../network/endpoint-probe.js';
import type { Endpoint, Plan } from '../../plan/plan.js';
import type { EndpointFindings } from './endpoint-findings.js';

/**
 * Every endpoint the run would use, checked in parallel: the name resolved (bounded), then directly TCP,
 * TLS and an HTTP answer on its first address, each phase within network-timeout-seconds; or, when
 * HTTPS_PROXY applies to it as git and STS read it, one HTTP request through that proxy, as bounded.
 */
export async function checkEndpoints(
  plan: Plan,
  env: Readonly<Record<string, string | undefined>>,
): Promise<EndpointFindings[]> {
  const looked = await lookupEndpoints(plan, env);
  return Promise.all(
    looked.map(async (diagnosis): Promise<EndpointFindings> => {
      const findings: EndpointFindings = { ...diagnosis };
      const proxy = proxyForUrl(`${diagnosis.endpoint.origin}/`, env);
      if (proxy !== undefined) {
        findings.proxied = await requestThroughProxy(diagnosis.endpoint, proxy, plan.networkTimeoutSeconds);
        return findings;
      }
      const address = diagnosis.lookup.addresses[0];
      if (address === undefined) return findings;
      findings.probe = await probeEndpoint(
        address,
        portOf(diagnosis.endpoint),
        diagnosis.endpoint.hostname,
        plan.networkTimeoutSeconds,
        diagnosis.endpoint.host,
      );
      return findings;
    }),
  );
}

async function requestThroughProxy(
  endpoint: Endpoint,
  proxy: URL,
  timeoutSeconds: number,
): Promise<NonNullable<EndpointFindings['proxied']>> {
  const started = Date.now();
  try {
    const status = await withDeadline(timeoutSeconds, 'HTTPS request', endpoint.host, async (signal) =>
      httpStatus(endpoint, await proxyAgent(proxy), signal),
    );
    return { outcome: 'answered', status, milliseconds: Date.now() - started };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const timedOut = (error as { name?: unknown }).name === 'DeadlineError';
    return {
      outcome: timedOut ? 'no answer' : 'failed',
      milliseconds: Date.now() - started,
      detail: timedOut
        ? `no answer within ${timeoutSeconds} s`
        : typeof code === 'string'
          ? code
          : error instanceof Error
            ? error.message
            : String(error),
    };
  }
}

function httpStatus(endpoint: Endpoint, agent: Agent, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: endpoint.hostname,
        port: portOf(endpoint),
        path: '/',
        method: 'GET',
        servername: endpoint.hostname,
        agent,
        headers: { 'user-agent': 'codecommit-xaccount-clone-diagnose' },
        signal,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        outgoing.destroy();
      },
    );
    outgoing.once('error', reject);
    outgoing.end();
  });
}

function portOf(endpoint: Endpoint): number {
  const port = new URL(endpoint.origin).port;
  return port === '' ? 443 : Number(port);
}
