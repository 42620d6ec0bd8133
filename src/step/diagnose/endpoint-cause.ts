/**
 * An endpoint's row: what was found, whether it works, and when it does not, the VPC cause decided from
 * what failed: a name that does not resolve or resolves to public addresses (no interface endpoint,
 * private DNS off), no TCP (security group), TCP but no TLS (a middlebox, or not the endpoint), a
 * certificate for another name or from an unknown CA (interception), a proxy that does not get through.
 * Pure.
 */
import { addressScope } from '../../network/endpoint-diagnosis.js';
import { SERVICE_OF_ROLE } from '../../network/vpc-advice.js';
import type { DiagnoseRow } from './diagnose-report.js';
import type { EndpointFindings } from './endpoint-findings.js';

const CERTIFICATE_NAME = /ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/i;
const CERTIFICATE_TRUST =
  /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED/i;

export function endpointRow(findings: EndpointFindings, region: string): DiagnoseRow {
  const { endpointService: service, input } = SERVICE_OF_ROLE[findings.role];
  const label = `${SERVICE_OF_ROLE[findings.role].label} endpoint`;
  const { endpoint, lookup, probe } = findings;
  const hostname = endpoint.hostname;
  const interfaceEndpoint = `com.amazonaws.${region}.${service}`;
  const found: string[] = [];
  const row = (status: 'ok' | 'failed', fix?: string): DiagnoseRow => ({
    check: label,
    subject: endpoint.host,
    status,
    found: found.join('; '),
    ...(fix !== undefined ? { fix } : {}),
    milliseconds: totalMilliseconds(findings),
  });

  const scope = addressScope(lookup.addresses);
  if (lookup.error !== undefined) {
    found.push(`DNS: ${hostname} does not resolve (${lookup.error}, ${lookup.milliseconds} ms)`);
  } else {
    found.push(`DNS: ${lookup.addresses.join(', ')} (${scope}) in ${lookup.milliseconds} ms`);
  }

  if (findings.proxy !== undefined) {
    const through = findings.proxied;
    const via = `through proxy ${findings.proxy} (HTTPS_PROXY; NO_PROXY does not exempt ${hostname})`;
    if (through?.outcome === 'answered') {
      found.push(`${via}: HTTP ${through.status ?? ''} in ${through.milliseconds} ms`);
      return row('ok');
    }
    found.push(
      `${via}: ${through?.detail ?? 'no answer'}${through ? ` after ${through.milliseconds} ms` : ''}`,
    );
    return row(
      'failed',
      `A proxy in the way: requests to ${hostname} go through ${findings.proxy}, which does not get them to ` +
        `the endpoint. Add the domain to NO_PROXY (e.g. amazonaws.com; a '*.domain' or 'host:port' entry ` +
        `exempts nothing) so that they go directly to the ${interfaceEndpoint} interface endpoint, or make the ` +
        'proxy reach it.',
    );
  }

  if (lookup.error !== undefined) {
    if (lookup.error === 'timeout') {
      return row(
        'failed',
        `The resolver gave no answer for ${hostname}: the VPC's DNS (AmazonProvidedDNS, enableDnsSupport) ` +
          'or the resolver in /etc/resolv.conf is not reachable from the runner.',
      );
    }
    if (!endpoint.custom) {
      return row(
        'failed',
        `Private DNS is off for the ${interfaceEndpoint} interface endpoint, or the VPC has none: enable ` +
          `private DNS on it (or create it), or set '${input}' to the endpoint's vpce DNS name ` +
          `(https://vpce-….${service}.${region}.vpce.amazonaws.com).`,
      );
    }
    return row(
      'failed',
      hostname.includes('.vpce.')
        ? `${hostname} is not a DNS name of an interface endpoint this runner's VPC knows: copy '${input}' from ` +
            `the DNS names of the ${interfaceEndpoint} endpoint (it may have been deleted, or belong to another VPC).`
        : `Check the host name in '${input}'.`,
    );
  }

  if (probe === undefined) return row('failed', 'Not probed.');
  const { tcp, tls, http } = probe;
  const port = new URL(endpoint.origin).port || '443';
  found.push(
    `TCP ${probe.address}:${port}: ${tcp.outcome} in ${tcp.milliseconds} ms${tcp.detail && tcp.outcome !== 'no answer' ? ` (${tcp.detail})` : ''}`,
  );
  const publicAddresses = scope === 'public' || scope === 'mixed';
  const publicCause =
    `${hostname} resolves to public addresses, which a subnet without internet cannot reach: the VPC has no ` +
    `${interfaceEndpoint} interface endpoint, or its private DNS is off (then set '${input}' to its vpce DNS name).`;
  if (tcp.outcome !== 'connected') {
    if (publicAddresses) return row('failed', publicCause);
    if (tcp.outcome === 'no answer') {
      return row(
        'failed',
        `Nothing answered TCP ${port} at ${probe.address} within the timeout: the security group of the ` +
          `${interfaceEndpoint} interface endpoint does not allow inbound TCP ${port} from the runner, or a ` +
          'network ACL drops it.',
      );
    }
    if (tcp.outcome === 'refused') {
      return row(
        'failed',
        `${probe.address} refused TCP ${port}: it is not the ${interfaceEndpoint} endpoint's address (a stale ` +
          `DNS record or hosts entry for ${hostname}), or a firewall rejects the connection.`,
      );
    }
    return row(
      'failed',
      `No route to ${probe.address}: the subnet's route table or a network ACL; the address should be one of the ` +
        `${interfaceEndpoint} endpoint's network interfaces.`,
    );
  }

  if (tls === undefined) return row('failed', 'TLS was not attempted.');
  found.push(
    tls.outcome === 'completed'
      ? `TLS in ${tls.milliseconds} ms, certificate valid for ${hostname}`
      : `TLS: ${tls.outcome} after ${tls.milliseconds} ms${tls.detail && tls.outcome === 'failed' ? ` (${tls.detail})` : ''}`,
  );
  if (tls.outcome === 'no answer') {
    return row(
      'failed',
      `TCP connects but the TLS handshake never completes: something accepts connections for ${probe.address} ` +
        `and stays silent. Check that ${hostname} is the DNS name of the ${interfaceEndpoint} interface ` +
        `endpoint, that its security group allows inbound TCP ${port} from the runner, and that no firewall, ` +
        'proxy or middlebox sits in the way.',
    );
  }
  if (tls.outcome === 'failed') {
    const detail = tls.detail ?? '';
    if (CERTIFICATE_NAME.test(detail)) {
      return row(
        'failed',
        `The certificate presented is not for ${hostname}: a proxy or middlebox intercepts HTTPS (TLS ` +
          `inspection), or the name leads to another service's endpoint. Exempt ${hostname} from inspection, ` +
          `or point '${input}' at the ${interfaceEndpoint} endpoint.`,
      );
    }
    if (CERTIFICATE_TRUST.test(detail)) {
      return row(
        'failed',
        `The certificate is not one the runner trusts (${detail}): a TLS-inspecting proxy or middlebox whose ` +
          'CA the runner lacks (NODE_EXTRA_CA_CERTS for STS, http.sslCAInfo for git), or not the AWS endpoint.',
      );
    }
    return row(
      'failed',
      `The TLS handshake failed (${detail}): a firewall, proxy or middlebox in the way resets it.`,
    );
  }

  if (http === undefined) return row('failed', 'No HTTP request was made.');
  if (http.outcome !== 'answered') {
    found.push(`HTTP: ${http.detail ?? http.outcome} after ${http.milliseconds} ms`);
    return row(
      'failed',
      `TLS completes but no HTTP answer comes: a middlebox in the way, or ${hostname} is not the ` +
        `${interfaceEndpoint} endpoint.`,
    );
  }
  found.push(`HTTP ${http.status ?? ''} in ${http.milliseconds} ms`);
  return row(
    'ok',
    publicAddresses
      ? `${hostname} resolves to public addresses: requests leave the VPC (through a NAT or internet gateway). ` +
          `A ${interfaceEndpoint} interface endpoint with private DNS keeps them inside.`
      : undefined,
  );
}

function totalMilliseconds(findings: EndpointFindings): number {
  const { lookup, probe, proxied } = findings;
  return (
    lookup.milliseconds +
    (probe?.tcp.milliseconds ?? 0) +
    (probe?.tls?.milliseconds ?? 0) +
    (probe?.http?.milliseconds ?? 0) +
    (proxied?.milliseconds ?? 0)
  );
}
