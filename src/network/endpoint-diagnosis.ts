import type { Endpoint } from '../plan/plan.js';
import { isPrivateAddress } from './address-class.js';
import { SERVICE_OF_ROLE, type EndpointRole } from './vpc-advice.js';

/** What the runner found out about one endpoint: how its name resolved and, after a failure, a probe. */
export interface EndpointDiagnosis {
  role: EndpointRole;
  endpoint: Endpoint;
  /** The proxy that requests to it go through, when HTTPS_PROXY applies (`host:port`). */
  proxy?: string;
  lookup: { addresses: string[]; error?: string; milliseconds: number };
  probe?: EndpointProbe;
  /** The probe under way, so that concurrent failures wait for one probe instead of starting several. */
  probing?: Promise<void>;
}

export interface EndpointProbe {
  address: string;
  /** TCP connect: how it ended and how long it took. */
  tcp: { outcome: 'connected' | 'refused' | 'no answer' | 'failed'; milliseconds: number; detail?: string };
  /** TLS handshake, when TCP connected; the certificate is checked for the endpoint's name. */
  tls?: { outcome: 'completed' | 'no answer' | 'failed'; milliseconds: number; detail?: string };
  /** An HTTP request over that TLS connection, when asked for: any status proves the service answers. */
  http?: {
    outcome: 'answered' | 'no answer' | 'failed';
    milliseconds: number;
    status?: number;
    detail?: string;
  };
}

export type AddressScope = 'private' | 'public' | 'mixed' | 'unresolved';

export function addressScope(addresses: readonly string[]): AddressScope {
  if (addresses.length === 0) return 'unresolved';
  const privateCount = addresses.filter(isPrivateAddress).length;
  if (privateCount === addresses.length) return 'private';
  return privateCount === 0 ? 'public' : 'mixed';
}

/**
 * Regional names that resolve to public addresses while the runner is evidently meant to reach AWS
 * privately (another endpoint resolves privately, or a vpce name was given): private DNS is off for that
 * service, or it has no interface endpoint. One warning per such endpoint.
 */
export function publicAddressWarnings(diagnoses: readonly EndpointDiagnosis[]): string[] {
  const expectsPrivate = diagnoses.some(
    (d) => d.endpoint.custom || addressScope(d.lookup.addresses) === 'private',
  );
  if (!expectsPrivate) return [];
  return diagnoses
    .filter((d) => !d.endpoint.custom && d.proxy === undefined)
    .filter((d) => ['public', 'mixed'].includes(addressScope(d.lookup.addresses)))
    .map(
      (d) =>
        `${d.endpoint.hostname} resolves to public addresses (${d.lookup.addresses.join(', ')}) although this runner ` +
        `reaches AWS privately: the ${SERVICE_OF_ROLE[d.role].endpointService} interface endpoint is missing or has ` +
        `private DNS off. Create it, enable private DNS, or set '${SERVICE_OF_ROLE[d.role].input}' ` +
        'to its vpce DNS name.',
    );
}

/** One line on what is known of an endpoint, for a failure message. */
export function describeDiagnosis(d: EndpointDiagnosis): string {
  const parts: string[] = [];
  if (d.proxy !== undefined) parts.push(`through proxy ${d.proxy}`);
  if (d.lookup.error !== undefined) {
    parts.push(`DNS: ${d.endpoint.hostname} did not resolve (${d.lookup.error})`);
  } else {
    parts.push(
      `${d.endpoint.hostname} resolved to ${d.lookup.addresses.join(', ')} (${addressScope(d.lookup.addresses)})`,
    );
  }
  if (d.probe !== undefined) {
    const { tcp, tls } = d.probe;
    parts.push(
      `TCP connect to ${d.probe.address}: ${tcp.outcome} after ${tcp.milliseconds} ms${tcp.detail ? ` (${tcp.detail})` : ''}`,
    );
    if (tls !== undefined) {
      parts.push(
        `TLS handshake: ${tls.outcome} after ${tls.milliseconds} ms${tls.detail ? ` (${tls.detail})` : ''}`,
      );
    }
  }
  return parts.join('; ');
}

/** The job summary's diagnosis table: a header row, then one row per endpoint. */
export function diagnosisRows(diagnoses: readonly EndpointDiagnosis[]): string[][] {
  return [
    ['Endpoint', 'Role', 'Addresses', 'Private or public', 'Reachable'],
    ...diagnoses.map((d) => [
      d.endpoint.host + (d.proxy !== undefined ? ` (via proxy ${d.proxy})` : ''),
      SERVICE_OF_ROLE[d.role].label,
      d.lookup.error !== undefined ? `does not resolve (${d.lookup.error})` : d.lookup.addresses.join(', '),
      addressScope(d.lookup.addresses),
      reachability(d),
    ]),
  ];
}

function reachability(d: EndpointDiagnosis): string {
  if (d.probe === undefined) return 'not probed';
  const { tcp, tls } = d.probe;
  if (tcp.outcome !== 'connected') return `TCP ${tcp.outcome} (${tcp.milliseconds} ms)`;
  if (tls === undefined) return `TCP connected in ${tcp.milliseconds} ms`;
  if (tls.outcome === 'completed') return `yes: TCP ${tcp.milliseconds} ms, TLS ${tls.milliseconds} ms`;
  return `TCP connected in ${tcp.milliseconds} ms, TLS ${tls.outcome} (${tls.milliseconds} ms)`;
}
