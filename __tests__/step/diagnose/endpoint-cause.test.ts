import { endpointRow } from '../../../src/step/diagnose/endpoint-cause.js';
import type { EndpointFindings } from '../../../src/step/diagnose/endpoint-findings.js';
import type { EndpointProbe } from '../../../src/network/endpoint-diagnosis.js';

const REGION = 'eu-west-1';
const VPCE_GIT = 'vpce-0a1b2c3d4e5f67890-efgh5678.git-codecommit.eu-west-1.vpce.amazonaws.com';

function findings(
  role: 'sts' | 'git',
  hostname: string,
  lookup: EndpointFindings['lookup'],
  more: Partial<EndpointFindings> = {},
): EndpointFindings {
  return {
    role,
    endpoint: {
      origin: `https://${hostname}`,
      host: hostname,
      hostname,
      custom: hostname.includes('.vpce.'),
    },
    lookup,
    ...more,
  };
}

const resolved = (address: string) => ({ addresses: [address], milliseconds: 2 });
const connected = { outcome: 'connected', milliseconds: 1 } as const;
const handshake = { outcome: 'completed', milliseconds: 5 } as const;
function probe(address: string, rest: Partial<EndpointProbe>): EndpointProbe {
  return { address, tcp: connected, ...rest };
}

describe('an endpoint row says what was found and, when it fails, the VPC cause', () => {
  it('fine: every phase with its time, the certificate checked for the name, any HTTP status', () => {
    const row = endpointRow(
      findings('sts', 'sts.eu-west-1.amazonaws.com', resolved('10.0.1.5'), {
        probe: probe('10.0.1.5', {
          tls: handshake,
          http: { outcome: 'answered', status: 403, milliseconds: 3 },
        }),
      }),
      REGION,
    );
    expect(row).toEqual({
      check: 'STS endpoint',
      subject: 'sts.eu-west-1.amazonaws.com',
      status: 'ok',
      found:
        'DNS: 10.0.1.5 (private) in 2 ms; TCP 10.0.1.5:443: connected in 1 ms; ' +
        'TLS in 5 ms, certificate valid for sts.eu-west-1.amazonaws.com; HTTP 403 in 3 ms',
      milliseconds: 11,
    });
  });

  it('a regional name that does not resolve: private DNS off or no interface endpoint, and the input to set', () => {
    const row = endpointRow(
      findings('git', 'git-codecommit.eu-west-1.amazonaws.com', {
        addresses: [],
        error: 'ENOTFOUND',
        milliseconds: 1,
      }),
      REGION,
    );
    expect(row.status).toBe('failed');
    expect(row.found).toBe('DNS: git-codecommit.eu-west-1.amazonaws.com does not resolve (ENOTFOUND, 1 ms)');
    expect(row.fix).toMatch(
      /^Private DNS is off for the com\.amazonaws\.eu-west-1\.git-codecommit interface endpoint/,
    );
    expect(row.fix).toContain("set 'codecommit-endpoint' to the endpoint's vpce DNS name");
  });

  it('a vpce name that does not resolve: copy it from the endpoint (not "private DNS")', () => {
    const row = endpointRow(
      findings('git', VPCE_GIT, { addresses: [], error: 'ENOTFOUND', milliseconds: 1 }),
      REGION,
    );
    expect(row.fix).toMatch(/is not a DNS name of an interface endpoint .*copy 'codecommit-endpoint'/);
    expect(row.fix).not.toMatch(/Private DNS/);
  });

  it('a resolver that does not answer: the VPC DNS, not the endpoint', () => {
    const row = endpointRow(
      findings('sts', 'sts.eu-west-1.amazonaws.com', { addresses: [], error: 'timeout', milliseconds: 5000 }),
      REGION,
    );
    expect(row.fix).toMatch(/resolver gave no answer.*AmazonProvidedDNS/);
  });

  it('public addresses and no TCP: no interface endpoint or private DNS off', () => {
    const row = endpointRow(
      findings('sts', 'sts.eu-west-1.amazonaws.com', resolved('52.94.1.1'), {
        probe: { address: '52.94.1.1', tcp: { outcome: 'no answer', milliseconds: 5000, detail: 'nothing' } },
      }),
      REGION,
    );
    expect(row.found).toContain('52.94.1.1 (public)');
    expect(row.fix).toMatch(
      /resolves to public addresses.*no com\.amazonaws\.eu-west-1\.sts interface endpoint, or its private DNS is off.*'sts-endpoint'/,
    );
  });

  it('a private address that never answers TCP: the security group', () => {
    const row = endpointRow(
      findings('git', VPCE_GIT, resolved('10.0.1.7'), {
        probe: { address: '10.0.1.7', tcp: { outcome: 'no answer', milliseconds: 5000 } },
      }),
      REGION,
    );
    expect(row.fix).toMatch(
      /security group of the com\.amazonaws\.eu-west-1\.git-codecommit interface endpoint does not allow inbound TCP 443/,
    );
  });

  it('a refused connection: not the endpoint’s address', () => {
    const row = endpointRow(
      findings('sts', 'sts.eu-west-1.amazonaws.com', resolved('10.0.1.8'), {
        probe: { address: '10.0.1.8', tcp: { outcome: 'refused', milliseconds: 1, detail: 'ECONNREFUSED' } },
      }),
      REGION,
    );
    expect(row.found).toContain('refused in 1 ms (ECONNREFUSED)');
    expect(row.fix).toMatch(/refused TCP 443: it is not the .* endpoint's address/);
  });

  it('TCP but a TLS handshake that never completes: security group, endpoint name, a middlebox', () => {
    const row = endpointRow(
      findings('git', VPCE_GIT, resolved('10.0.1.9'), {
        probe: probe('10.0.1.9', {
          tls: { outcome: 'no answer', milliseconds: 2000, detail: 'no handshake' },
        }),
      }),
      REGION,
    );
    expect(row.status).toBe('failed');
    expect(row.found).toContain('TLS: no answer after 2000 ms');
    expect(row.fix).toMatch(/TLS handshake never completes/);
    expect(row.fix).toMatch(/interface endpoint, that its security group allows inbound TCP 443/);
  });

  it('a certificate for another name: HTTPS interception', () => {
    const row = endpointRow(
      findings('sts', 'sts.eu-west-1.amazonaws.com', resolved('10.0.1.5'), {
        probe: probe('10.0.1.5', {
          tls: { outcome: 'failed', milliseconds: 4, detail: 'ERR_TLS_CERT_ALTNAME_INVALID' },
        }),
      }),
      REGION,
    );
    expect(row.found).toContain('(ERR_TLS_CERT_ALTNAME_INVALID)');
    expect(row.fix).toMatch(/not for sts\.eu-west-1\.amazonaws\.com: a proxy or middlebox intercepts HTTPS/);
  });

  it('a certificate from a CA the runner does not trust: an inspecting proxy and where its CA goes', () => {
    const row = endpointRow(
      findings('git', VPCE_GIT, resolved('10.0.1.5'), {
        probe: probe('10.0.1.5', {
          tls: { outcome: 'failed', milliseconds: 4, detail: 'SELF_SIGNED_CERT_IN_CHAIN' },
        }),
      }),
      REGION,
    );
    expect(row.fix).toMatch(/not one the runner trusts.*NODE_EXTRA_CA_CERTS.*http\.sslCAInfo/);
  });

  it('TLS completes and no HTTP answer comes', () => {
    const row = endpointRow(
      findings('sts', 'sts.eu-west-1.amazonaws.com', resolved('10.0.1.5'), {
        probe: probe('10.0.1.5', {
          tls: handshake,
          http: { outcome: 'no answer', milliseconds: 2000, detail: 'no HTTP answer within 2 s' },
        }),
      }),
      REGION,
    );
    expect(row.status).toBe('failed');
    expect(row.fix).toMatch(/no HTTP answer comes/);
  });

  it('through a proxy that fails: a proxy in the way, and the NO_PROXY entry that would exempt it', () => {
    const row = endpointRow(
      findings('sts', 'sts.eu-west-1.amazonaws.com', resolved('10.0.1.5'), {
        proxy: '10.9.9.9:3128',
        proxied: { outcome: 'failed', milliseconds: 3, detail: 'ECONNREFUSED' },
      }),
      REGION,
    );
    expect(row.status).toBe('failed');
    expect(row.found).toContain(
      'through proxy 10.9.9.9:3128 (HTTPS_PROXY; NO_PROXY does not exempt sts.eu-west-1.amazonaws.com): ECONNREFUSED',
    );
    expect(row.fix).toMatch(/^A proxy in the way: .*NO_PROXY \(e\.g\. amazonaws\.com/);
  });

  it('through a proxy that gets an answer: fine', () => {
    const row = endpointRow(
      findings('sts', 'sts.eu-west-1.amazonaws.com', resolved('10.0.1.5'), {
        proxy: '10.9.9.9:3128',
        proxied: { outcome: 'answered', status: 403, milliseconds: 8 },
      }),
      REGION,
    );
    expect(row.status).toBe('ok');
    expect(row.found).toContain('through proxy 10.9.9.9:3128');
  });

  it('public addresses that answer: fine, with a note that requests leave the VPC', () => {
    const row = endpointRow(
      findings('git', 'git-codecommit.eu-west-1.amazonaws.com', resolved('52.94.1.2'), {
        probe: probe('52.94.1.2', {
          tls: handshake,
          http: { outcome: 'answered', status: 404, milliseconds: 3 },
        }),
      }),
      REGION,
    );
    expect(row.status).toBe('ok');
    expect(row.fix).toMatch(/requests leave the VPC/);
  });
});
