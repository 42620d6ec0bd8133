import fc from 'fast-check';

import {
  dnsSuffix,
  endpointForHostname,
  isCodeCommitApiHostname,
  isGlobalStsHostname,
  isValidRegion,
  parseEndpointUrl,
  parseHttpsUrl,
  partitionOfRegion,
  regionalGitHostname,
  regionalStsHostname,
  regionOfServiceHostname,
  vpceRegion,
} from '../../src/plan/endpoints.js';
import { InputError } from '../../src/plan/plan.js';
import { propertyOutcomes } from '../property-outcomes.js';

function inputErrorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('regions and partitions', () => {
  it.each([
    ['us-east-1', 'aws', 'amazonaws.com'],
    ['eu-west-1', 'aws', 'amazonaws.com'],
    ['ap-southeast-2', 'aws', 'amazonaws.com'],
    ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
    ['cn-northwest-1', 'aws-cn', 'amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
    ['us-gov-east-1', 'aws-us-gov', 'amazonaws.com'],
  ])('%s is in %s with suffix %s', (region, partition, suffix) => {
    expect(isValidRegion(region)).toBe(true);
    expect(partitionOfRegion(region)).toBe(partition);
    expect(dnsSuffix(partitionOfRegion(region))).toBe(suffix);
  });

  it.each([
    '',
    'us-east',
    'US-EAST-1',
    'us-east-123',
    'useast1',
    'us_east_1',
    ' us-east-1',
    'us-east-1a',
    'aws-global',
  ])('rejects region %p', (region) => {
    expect(isValidRegion(region)).toBe(false);
  });

  it.each([
    ['eu-west-1', 'sts.eu-west-1.amazonaws.com', 'git-codecommit.eu-west-1.amazonaws.com'],
    ['cn-north-1', 'sts.cn-north-1.amazonaws.com.cn', 'git-codecommit.cn-north-1.amazonaws.com.cn'],
    ['us-gov-west-1', 'sts.us-gov-west-1.amazonaws.com', 'git-codecommit.us-gov-west-1.amazonaws.com'],
  ])('regional names of %s', (region, sts, git) => {
    expect(regionalStsHostname(region)).toBe(sts);
    expect(regionalGitHostname(region)).toBe(git);
  });

  it('never builds a host name from an invalid region (no sts..amazonaws.com)', () => {
    for (const build of [regionalStsHostname, regionalGitHostname]) {
      const error = inputErrorOf(() => build(''));
      expect(error.input).toBe('aws-region');
      expect(error.message).toContain('Example: eu-west-1');
    }
  });

  it('never produces a global STS name from any region string', () => {
    const outcomes = propertyOutcomes();
    const regionLike = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[a-z]{2}(-[a-z]{1,9}){1,2}-\d{1,2}$/),
      fc.constantFrom('us-east-1', 'cn-north-1', 'us-gov-west-1', '', 'global', 'aws-global', 'us-east-1.'),
    );
    fc.assert(
      fc.property(regionLike, (region) => {
        let hostname: string;
        try {
          hostname = regionalStsHostname(region);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          outcomes.refused();
          return;
        }
        outcomes.accepted();
        expect(isGlobalStsHostname(hostname)).toBe(false);
      }),
      { numRuns: 1000 },
    );
    outcomes.expectBoth(0.02);
  });
});

describe('vpceRegion and regionOfServiceHostname', () => {
  it.each([
    ['vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com', 'us-east-1'],
    ['vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com', 'us-east-1'],
    ['vpce-0123-abcd.git-codecommit-fips.us-gov-west-1.vpce.amazonaws.com', 'us-gov-west-1'],
    ['vpce-0123-abcd.sts.eu-west-1.vpce.amazonaws.com', 'eu-west-1'],
    ['VPCE-0123-ABCD.STS.EU-WEST-1.VPCE.AMAZONAWS.COM', 'eu-west-1'],
    ['vpce-0123-abcd.sts.cn-north-1.vpce.amazonaws.com.cn', 'cn-north-1'],
    ['vpce-0123-abcd.codecommit.us-east-1.vpce.amazonaws.com', 'us-east-1'],
    ['vpce-0123-abcd.codecommit-fips.us-gov-west-1.vpce.amazonaws.com', 'us-gov-west-1'],
  ])('reads the region of %s', (hostname, region) => {
    expect(vpceRegion(hostname)).toBe(region);
  });

  it.each([
    'git-codecommit.us-east-1.amazonaws.com',
    'vpce-0123-abcd.s3.us-east-1.vpce.amazonaws.com',
    'vpce-0123-abcd.sts.nowhere.vpce.amazonaws.com',
    'example.com',
  ])('finds no sts/git-codecommit/codecommit VPC endpoint region in %s', (hostname) => {
    expect(vpceRegion(hostname)).toBeUndefined();
  });

  it.each([
    ['git-codecommit', 'git-codecommit.eu-west-1.amazonaws.com', 'eu-west-1'],
    ['git-codecommit', 'git-codecommit-fips.us-east-1.amazonaws.com', 'us-east-1'],
    ['git-codecommit', 'git-codecommit.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['git-codecommit', 'git-codecommit.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    [
      'git-codecommit',
      'vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com',
      'us-east-1',
    ],
    ['sts', 'sts.eu-west-1.amazonaws.com', 'eu-west-1'],
    ['sts', 'sts-fips.us-east-2.amazonaws.com', 'us-east-2'],
    ['sts', 'vpce-0123-abcd.sts.ap-south-1.vpce.amazonaws.com', 'ap-south-1'],
  ] as const)('%s host %s is in %s', (service, hostname, region) => {
    expect(regionOfServiceHostname(service, hostname)).toEqual({ region });
  });

  it.each([
    ['git-codecommit', 'sts.eu-west-1.amazonaws.com'],
    ['sts', 'git-codecommit.eu-west-1.amazonaws.com'],
    ['sts', 'vpce-0123-abcd.git-codecommit.eu-west-1.vpce.amazonaws.com'],
    ['git-codecommit', 'proxy.internal'],
    ['git-codecommit', '10.0.0.5'],
  ] as const)('%s: %s is not an AWS name of that service', (service, hostname) => {
    expect(regionOfServiceHostname(service, hostname)).toBeUndefined();
  });

  it.each([
    ['git-codecommit.nowhere.amazonaws.com', /not an AWS region/],
    ['git-codecommit.cn-north-1.amazonaws.com', /end in amazonaws\.com\.cn/],
    ['git-codecommit.eu-west-1.amazonaws.com.cn', /end in amazonaws\.com\b/],
    ['vpce-0123-abcd.git-codecommit.cn-north-1.vpce.amazonaws.com', /end in amazonaws\.com\.cn/],
  ])('reports an AWS-looking name with a wrong region: %s', (hostname, problem) => {
    const result = regionOfServiceHostname('git-codecommit', hostname);
    expect(result).toEqual({ problem: expect.stringMatching(problem) });
  });
});

describe('endpointForHostname', () => {
  it('leaves out port 443', () => {
    expect(endpointForHostname('sts.eu-west-1.amazonaws.com', 443, false)).toEqual({
      origin: 'https://sts.eu-west-1.amazonaws.com',
      host: 'sts.eu-west-1.amazonaws.com',
      hostname: 'sts.eu-west-1.amazonaws.com',
      custom: false,
    });
  });

  it('keeps another port in host and origin', () => {
    expect(endpointForHostname('proxy.internal', 8443, true)).toEqual({
      origin: 'https://proxy.internal:8443',
      host: 'proxy.internal:8443',
      hostname: 'proxy.internal',
      custom: true,
    });
  });

  it('brackets IPv6 literals in host and origin only', () => {
    expect(endpointForHostname('fd00::5', 8443, true)).toEqual({
      origin: 'https://[fd00::5]:8443',
      host: '[fd00::5]:8443',
      hostname: 'fd00::5',
      custom: true,
    });
  });
});

describe('parseEndpointUrl', () => {
  it.each([
    ['https://sts.eu-west-1.amazonaws.com', 'sts.eu-west-1.amazonaws.com', 'sts.eu-west-1.amazonaws.com'],
    ['https://sts.eu-west-1.amazonaws.com/', 'sts.eu-west-1.amazonaws.com', 'sts.eu-west-1.amazonaws.com'],
    ['HTTPS://STS.EU-WEST-1.AMAZONAWS.COM', 'sts.eu-west-1.amazonaws.com', 'sts.eu-west-1.amazonaws.com'],
    ['https://sts.eu-west-1.amazonaws.com:443', 'sts.eu-west-1.amazonaws.com', 'sts.eu-west-1.amazonaws.com'],
    [
      'https://sts-fips.us-east-1.amazonaws.com',
      'sts-fips.us-east-1.amazonaws.com',
      'sts-fips.us-east-1.amazonaws.com',
    ],
    [
      'https://sts.cn-north-1.amazonaws.com.cn',
      'sts.cn-north-1.amazonaws.com.cn',
      'sts.cn-north-1.amazonaws.com.cn',
    ],
    [
      'https://vpce-0123456789abcdef0-abcd1234.sts.eu-west-1.vpce.amazonaws.com',
      'vpce-0123456789abcdef0-abcd1234.sts.eu-west-1.vpce.amazonaws.com',
      'vpce-0123456789abcdef0-abcd1234.sts.eu-west-1.vpce.amazonaws.com',
    ],
    ['https://proxy.internal:8443', 'proxy.internal', 'proxy.internal:8443'],
    ['https://10.0.12.7', '10.0.12.7', '10.0.12.7'],
    ['https://10.0.12.7:8443/', '10.0.12.7', '10.0.12.7:8443'],
    ['https://[fd00::12:7]:8443', 'fd00::12:7', '[fd00::12:7]:8443'],
    ['https://[::1]', '::1', '[::1]'],
  ])('accepts %s', (text, hostname, host) => {
    expect(parseEndpointUrl('sts-endpoint', text)).toEqual({
      origin: `https://${host}`,
      host,
      hostname,
      custom: true,
    });
  });

  it('accepts git-codecommit hosts for codecommit-endpoint', () => {
    expect(
      parseEndpointUrl(
        'codecommit-endpoint',
        'https://vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com',
      ).host,
    ).toBe('vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com');
  });

  it.each([
    ['http://sts.eu-west-1.amazonaws.com', /'http:\/\/' URLs are not accepted/],
    ['sts.eu-west-1.amazonaws.com', /not an https:\/\/ URL/],
    ['', /not an https:\/\/ URL/],
    ['https://user:pw@sts.eu-west-1.amazonaws.com', /credentials in the URL/],
    ['https://@sts.eu-west-1.amazonaws.com', /credentials in the URL/],
    ['https://sts.eu-west-1.amazonaws.com/v1', /without a path/],
    ['https://sts.eu-west-1.amazonaws.com//', /without a path/],
    ['https://sts.eu-west-1.amazonaws.com?x=1', /query/],
    ['https://sts.eu-west-1.amazonaws.com/#top', /fragment/],
    ['https://sts.eu-west-1.amazonaws.com:0', /port '0'/],
    ['https://sts.eu-west-1.amazonaws.com:65536', /port '65536'/],
    ['https://sts.eu-west-1.amazonaws.com:', /port ''/],
    ['https://sts.eu-west-1.amazonaws.com:44a', /port '44a'/],
    ['https://sts.eu-west-1.amazonaws.com:-1', /port '-1'/],
    ['https://', /not a valid host name/],
    ['https://:443', /not a valid host name/],
    ['https://sts_eu.amazonaws.com', /not a valid host name/],
    ['https://-sts.amazonaws.com', /not a valid host name/],
    ['https://sts..amazonaws.com', /not a valid host name/],
    ['https://sts.eu-west-1.amazonaws.com.', /not a valid host name/],
    ['https://sts eu.amazonaws.com', /not a valid host name/],
    ['https://sts\\eu.amazonaws.com', /not a valid host name/],
    ['https://example.123', /not a valid host name/],
    [`https://${'a'.repeat(64)}.example.com`, /not a valid host name/],
    ['https://999.1.1.1', /not a valid IPv4/],
    ['https://1.2.3', /not a valid IPv4/],
    ['https://[fd00::zz]', /not a valid IPv6/],
    ['https://[fe80::1%25eth0]', /not a valid IPv6/],
    ['https://fd00::1', /not a valid host\[:port\]/],
  ])('rejects %p', (text, problem) => {
    const error = inputErrorOf(() => parseEndpointUrl('sts-endpoint', text));
    expect(error.input).toBe('sts-endpoint');
    expect(error.problem).toMatch(problem);
    expect(error.message).toMatch(
      /^Input 'sts-endpoint': .*Example: https:\/\/sts\.eu-west-1\.amazonaws\.com/,
    );
  });

  it.each([
    'https://sts.amazonaws.com',
    'https://sts.amazonaws.com/',
    'https://STS.AMAZONAWS.COM',
    'https://sts.amazonaws.com:443',
    'https://sts.amazonaws.com.cn',
    'https://sts-fips.amazonaws.com',
  ])('rejects the global STS name %s, pointing to regional and vpce names', (text) => {
    const error = inputErrorOf(() => parseEndpointUrl('sts-endpoint', text));
    expect(error.input).toBe('sts-endpoint');
    expect(error.problem).toContain('no VPC endpoint serves');
    expect(error.problem).toContain('https://sts.<region>.amazonaws.com');
    expect(error.example).toContain('vpce.amazonaws.com');
  });

  it.each([
    'https://codecommit.eu-west-1.amazonaws.com',
    'https://codecommit-fips.us-east-1.amazonaws.com',
    'https://vpce-0123-abcd.codecommit.eu-west-1.vpce.amazonaws.com',
  ])('rejects the CodeCommit API host %s as codecommit-endpoint', (text) => {
    const error = inputErrorOf(() => parseEndpointUrl('codecommit-endpoint', text));
    expect(error.input).toBe('codecommit-endpoint');
    expect(error.problem).toContain('does not serve git');
    expect(error.message).toContain('Example: https://git-codecommit.eu-west-1.amazonaws.com');
  });

  it('is not fooled by look-alikes of the global STS name', () => {
    expect(isGlobalStsHostname('sts.amazonaws.com.evil.example')).toBe(false);
    expect(isGlobalStsHostname('xsts.amazonaws.com')).toBe(false);
    expect(isCodeCommitApiHostname('git-codecommit.eu-west-1.amazonaws.com')).toBe(false);
  });

  it('throws only InputError, and whatever it accepts is a clean https origin', () => {
    const urlish = fc.oneof(
      fc.string(),
      fc.string().map((s) => `https://${s}`),
      fc
        .tuple(
          fc.domain(),
          fc.option(fc.integer({ min: -5, max: 70000 })),
          fc.constantFrom('', '/', '/x', '?', '#'),
        )
        .map(([d, p, tail]) => `https://${d}${p === null ? '' : `:${p}`}${tail}`),
      fc.webUrl(),
    );
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(
        fc.constantFrom('sts-endpoint' as const, 'codecommit-endpoint' as const),
        urlish,
        (input, text) => {
          let endpoint;
          try {
            endpoint = parseEndpointUrl(input, text);
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            outcomes.refused();
            return;
          }
          outcomes.accepted();
          expect(endpoint.origin).toBe(`https://${endpoint.host}`);
          expect(endpoint.host).not.toMatch(/[@/?#\s]/);
          expect(endpoint.host).not.toMatch(/:443$/);
          expect(isGlobalStsHostname(endpoint.hostname) && input === 'sts-endpoint').toBe(false);
          expect(new URL(endpoint.origin).host).toBe(endpoint.host);
        },
      ),
      { numRuns: 2000 },
    );
    outcomes.expectBoth(0.02);
  });
});

describe('parseHttpsUrl', () => {
  it.each(['https://0x', 'https://0X1f', 'https://git.0x7f', 'https://vpce.0x'])(
    'refuses %s, whose last label a URL parser reads as an IPv4 number',
    (text) => {
      expect(parseHttpsUrl(text)).toEqual({
        ok: false,
        problem: `'${text.slice('https://'.length).toLowerCase()}' is not a valid host name: its last label reads as a number`,
      });
    },
  );

  it('keeps names whose last label only starts like a number', () => {
    expect(parseHttpsUrl('https://git.0xray').ok).toBe(true);
    expect(parseHttpsUrl('https://git.123a').ok).toBe(true);
  });

  it('splits host, port and path', () => {
    expect(parseHttpsUrl('https://Git.Example:8443/v1/repos/X')).toEqual({
      ok: true,
      url: { hostname: 'git.example', port: 8443, path: '/v1/repos/X' },
    });
  });

  it('reports the scheme it refuses', () => {
    expect(parseHttpsUrl('ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x')).toEqual({
      ok: false,
      problem: "'ssh://' URLs are not accepted, only https://",
    });
  });
});
