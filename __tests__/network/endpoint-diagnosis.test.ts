import { isPrivateAddress } from '../../src/network/address-class.js';
import {
  addressScope,
  describeDiagnosis,
  diagnosisRows,
  publicAddressWarnings,
  type EndpointDiagnosis,
} from '../../src/network/endpoint-diagnosis.js';

function diagnosis(
  role: 'sts' | 'git',
  hostname: string,
  addresses: string[],
  extra: Partial<EndpointDiagnosis> & { custom?: boolean } = {},
): EndpointDiagnosis {
  const { custom = false, ...rest } = extra;
  return {
    role,
    endpoint: { origin: `https://${hostname}`, host: hostname, hostname, custom },
    lookup: { addresses, milliseconds: 1 },
    ...rest,
  };
}

describe('isPrivateAddress', () => {
  it.each([
    '10.0.1.5',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '127.0.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.1.2.3',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each([
    '52.94.0.10',
    '172.32.0.1',
    '172.15.0.1',
    '8.8.8.8',
    '2600:1f18::1',
    '::ffff:52.1.2.3',
    'not-an-ip',
  ])('%s is not private', (address) => expect(isPrivateAddress(address)).toBe(false));
});

describe('addressScope', () => {
  it('tells private, public, mixed and unresolved apart', () => {
    expect(addressScope(['10.0.0.1', '10.0.0.2'])).toBe('private');
    expect(addressScope(['52.94.0.1'])).toBe('public');
    expect(addressScope(['10.0.0.1', '52.94.0.1'])).toBe('mixed');
    expect(addressScope([])).toBe('unresolved');
  });
});

describe('publicAddressWarnings', () => {
  it('warns about a regional name resolving publicly when the other endpoint is private', () => {
    const warnings = publicAddressWarnings([
      diagnosis('sts', 'sts.eu-west-1.amazonaws.com', ['52.94.0.10']),
      diagnosis('git', 'git-codecommit.eu-west-1.amazonaws.com', ['10.0.1.7']),
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /sts\.eu-west-1\.amazonaws\.com resolves to public addresses \(52\.94\.0\.10\)/,
    );
    expect(warnings[0]).toMatch(/private DNS off/);
    expect(warnings[0]).toMatch(/'sts-endpoint'/);
  });

  it('warns when a vpce name was given for one service and the other resolves publicly', () => {
    const warnings = publicAddressWarnings([
      diagnosis('sts', 'vpce-0a1-b.sts.eu-west-1.vpce.amazonaws.com', ['52.1.1.1'], { custom: true }),
      diagnosis('git', 'git-codecommit.eu-west-1.amazonaws.com', ['52.2.2.2']),
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/git-codecommit\.eu-west-1\.amazonaws\.com/);
    expect(warnings[0]).toMatch(/'codecommit-endpoint'/);
  });

  it('says nothing on a runner that reaches AWS publicly, or through a proxy, or when all is private', () => {
    expect(
      publicAddressWarnings([
        diagnosis('sts', 'sts.eu-west-1.amazonaws.com', ['52.94.0.10']),
        diagnosis('git', 'git-codecommit.eu-west-1.amazonaws.com', ['52.94.0.11']),
      ]),
    ).toEqual([]);
    expect(
      publicAddressWarnings([
        diagnosis('sts', 'sts.eu-west-1.amazonaws.com', ['52.94.0.10'], { proxy: 'proxy:3128' }),
        diagnosis('git', 'git-codecommit.eu-west-1.amazonaws.com', ['10.0.0.1']),
      ]),
    ).toEqual([]);
    expect(
      publicAddressWarnings([
        diagnosis('sts', 'sts.eu-west-1.amazonaws.com', ['10.0.0.2']),
        diagnosis('git', 'git-codecommit.eu-west-1.amazonaws.com', ['10.0.0.1']),
      ]),
    ).toEqual([]);
  });
});

describe('describeDiagnosis and diagnosisRows', () => {
  const silent = diagnosis('sts', 'vpce-1.sts.eu-west-1.vpce.amazonaws.com', ['10.0.0.9'], {
    custom: true,
    probe: {
      address: '10.0.0.9',
      tcp: { outcome: 'connected', milliseconds: 2 },
      tls: { outcome: 'no answer', milliseconds: 5003, detail: 'no handshake within 5 s' },
    },
  });
  const unresolved: EndpointDiagnosis = {
    ...diagnosis('git', 'git-codecommit.eu-west-1.amazonaws.com', []),
    lookup: { addresses: [], error: 'ENOTFOUND', milliseconds: 3 },
  };
  const refused = diagnosis('git', 'git-codecommit.eu-west-1.amazonaws.com', ['10.0.0.4'], {
    probe: { address: '10.0.0.4', tcp: { outcome: 'refused', milliseconds: 1, detail: 'ECONNREFUSED' } },
  });

  it('names the addresses, their scope and each probed phase', () => {
    expect(describeDiagnosis(silent)).toBe(
      'vpce-1.sts.eu-west-1.vpce.amazonaws.com resolved to 10.0.0.9 (private); TCP connect to 10.0.0.9: connected after 2 ms; ' +
        'TLS handshake: no answer after 5003 ms (no handshake within 5 s)',
    );
    expect(describeDiagnosis(unresolved)).toBe(
      'DNS: git-codecommit.eu-west-1.amazonaws.com did not resolve (ENOTFOUND)',
    );
    expect(describeDiagnosis(refused)).toContain(
      'TCP connect to 10.0.0.4: refused after 1 ms (ECONNREFUSED)',
    );
  });

  it('gives one summary row per endpoint', () => {
    expect(diagnosisRows([silent, unresolved, refused])).toEqual([
      ['Endpoint', 'Role', 'Addresses', 'Private or public', 'Reachable'],
      [
        'vpce-1.sts.eu-west-1.vpce.amazonaws.com',
        'STS',
        '10.0.0.9',
        'private',
        'TCP connected in 2 ms, TLS no answer (5003 ms)',
      ],
      [
        'git-codecommit.eu-west-1.amazonaws.com',
        'git',
        'does not resolve (ENOTFOUND)',
        'unresolved',
        'not probed',
      ],
      ['git-codecommit.eu-west-1.amazonaws.com', 'git', '10.0.0.4', 'private', 'TCP refused (1 ms)'],
    ]);
  });
});
