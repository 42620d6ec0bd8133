/**
 * AWS host names per partition and the parsing of user-supplied HTTPS endpoint URLs. Pure: no I/O.
 */
import { isIPv4, isIPv6 } from 'node:net';

import { type Endpoint, InputError, type Partition } from './plan.js';

const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/;
const REGION_EXAMPLE = 'eu-west-1';

export function isValidRegion(region: string): boolean {
  return REGION_PATTERN.test(region);
}

export function partitionOfRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function dnsSuffix(partition: Partition): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

function requireValidRegion(region: string): void {
  if (!isValidRegion(region)) {
    throw new InputError('aws-region', `'${region}' is not an AWS region name`, REGION_EXAMPLE);
  }
}

/** `codecommit` is the CodeCommit API (ListRepositories), `git-codecommit` its git endpoint. */
export type EndpointService = 'sts' | 'git-codecommit' | 'codecommit';

/** Regions where both STS and CodeCommit's git endpoint have FIPS endpoints. */
export const FIPS_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'us-gov-east-1',
  'us-gov-west-1',
];

function requireFipsRegion(region: string): void {
  if (!FIPS_REGIONS.includes(region)) {
    throw new InputError(
      'use-fips',
      `region ${region} has no FIPS endpoints for STS and CodeCommit git (they exist in ${FIPS_REGIONS.join(', ')}); ` +
        "set use-fips: false, or give 'sts-endpoint' and 'codecommit-endpoint' (and, for patterns, " +
        "'codecommit-api-endpoint') explicitly",
      'false',
    );
  }
}

/**
 * `<service>[-fips].<region>.<DNS suffix of the region's partition>`. For STS this is the regional name,
 * never the global `sts.amazonaws.com`, which no VPC endpoint serves.
 */
export function serviceHostname(service: EndpointService, region: string, fips: boolean): string {
  requireValidRegion(region);
  if (fips) requireFipsRegion(region);
  return `${service}${fips ? '-fips' : ''}.${region}.${dnsSuffix(partitionOfRegion(region))}`;
}

export const regionalStsHostname = (region: string): string => serviceHostname('sts', region, false);
export const regionalGitHostname = (region: string): string =>
  serviceHostname('git-codecommit', region, false);
export const regionalCodeCommitApiHostname = (region: string): string =>
  serviceHostname('codecommit', region, false);

const VPCE_PATTERN =
  /^vpce-[a-z0-9]+-[a-z0-9]+(?:-[a-z]{2}(?:-gov)?-[a-z]+-\d{1,2}[a-z])?\.(sts|sts-fips|git-codecommit|git-codecommit-fips|codecommit|codecommit-fips)\.([a-z0-9-]+)\.vpce\.amazonaws\.com(\.cn)?$/;

/** The region of a VPC endpoint name for STS, git-codecommit or codecommit (regional or zonal), if it is one. */
export function vpceRegion(hostname: string): string | undefined {
  const region = VPCE_PATTERN.exec(hostname.toLowerCase())?.[2];
  return region !== undefined && isValidRegion(region) ? region : undefined;
}

/**
 * What an AWS-looking host name of `service` says about its region. `undefined` for names that do not
 * look like AWS names of that service (custom proxies, IP literals); `problem` when the name looks like
 * one but its region is malformed or does not belong to its DNS suffix.
 */
export function regionOfServiceHostname(
  service: EndpointService,
  hostname: string,
): { region: string } | { problem: string } | undefined {
  const name = hostname.toLowerCase();
  const regional = new RegExp(`^${service}(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$`).exec(name);
  const vpce = VPCE_PATTERN.exec(name);
  let region: string;
  let chinaSuffix: boolean;
  if (regional?.[1] !== undefined) {
    region = regional[1];
    chinaSuffix = regional[2] !== undefined;
  } else if (vpce?.[1]?.replace(/-fips$/, '') === service && vpce[2] !== undefined) {
    region = vpce[2];
    chinaSuffix = vpce[3] !== undefined;
  } else {
    return undefined;
  }
  if (!isValidRegion(region)) {
    return { problem: `host '${hostname}' names '${region}', which is not an AWS region` };
  }
  const expectedSuffix = dnsSuffix(partitionOfRegion(region));
  if (chinaSuffix !== (expectedSuffix === 'amazonaws.com.cn')) {
    return { problem: `host '${hostname}' names region ${region}, whose DNS names end in ${expectedSuffix}` };
  }
  return { region };
}

const GLOBAL_STS_PATTERN = /^sts(?:-fips)?\.amazonaws\.com(?:\.cn)?$/;
const CODECOMMIT_API_PATTERN =
  /^(?:codecommit(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?|vpce-[a-z0-9-]+\.codecommit(?:-fips)?\.[a-z0-9-]+\.vpce\.amazonaws\.com(?:\.cn)?)$/;

export function isGlobalStsHostname(hostname: string): boolean {
  return GLOBAL_STS_PATTERN.test(hostname.toLowerCase());
}

/** The CodeCommit *API* endpoint, which does not serve git: a common mix-up with git-codecommit. */
export function isCodeCommitApiHostname(hostname: string): boolean {
  return CODECOMMIT_API_PATTERN.test(hostname.toLowerCase());
}

export function endpointForHostname(hostname: string, port: number | undefined, custom: boolean): Endpoint {
  const bracketed = hostname.includes(':') ? `[${hostname}]` : hostname;
  const host = port === undefined || port === 443 ? bracketed : `${bracketed}:${port}`;
  return { origin: `https://${host}`, host, hostname, custom };
}

export interface HttpsUrlParts {
  /** Lower-cased; IPv6 literals without brackets. */
  hostname: string;
  port?: number;
  /** Everything from the first `/` after the host; '' when there is none. */
  path: string;
}

export type HttpsUrlParse = { ok: true; url: HttpsUrlParts } | { ok: false; problem: string };

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function isDnsName(name: string): boolean {
  if (name.length > 253) return false;
  const labels = name.split('.');
  if (!labels.every((label) => DNS_LABEL.test(label))) return false;
  // A name whose last label is numeric would be read as an IPv4 address by URL parsers.
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

/**
 * Splits an `https://host[:port][/path]` URL without the leniency of WHATWG URL parsing (which
 * rewrites backslashes, strips tabs and reinterprets numeric hosts), so what is checked is what is used.
 */
export function parseHttpsUrl(text: string): HttpsUrlParse {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (scheme?.[1] === undefined) return { ok: false, problem: `'${text}' is not an https:// URL` };
  if (scheme[1].toLowerCase() !== 'https') {
    return { ok: false, problem: `'${scheme[1]}://' URLs are not accepted, only https://` };
  }
  if (/[?#]/.test(text))
    return { ok: false, problem: 'a URL with a query (?) or fragment (#) is not accepted' };
  const rest = text.slice(scheme[0].length);
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  if (authority.includes('@')) {
    return {
      ok: false,
      problem: 'credentials in the URL (user@host) are not accepted; the action signs its own',
    };
  }
  const hostAndPort = /^(\[[^\]]*\]|[^:]*)(?::([^:]*))?$/.exec(authority);
  if (hostAndPort?.[1] === undefined)
    return { ok: false, problem: `'${authority}' is not a valid host[:port]` };
  const rawHost = hostAndPort[1].toLowerCase();
  const rawPort = hostAndPort[2];
  let hostname: string;
  if (rawHost.startsWith('[')) {
    hostname = rawHost.slice(1, -1);
    if (hostname.includes('%') || !isIPv6(hostname)) {
      return { ok: false, problem: `'${rawHost}' is not a valid IPv6 address` };
    }
  } else if (/^[\d.]+$/.test(rawHost)) {
    hostname = rawHost;
    if (!isIPv4(hostname)) return { ok: false, problem: `'${rawHost}' is not a valid IPv4 address` };
  } else {
    hostname = rawHost;
    if (!isDnsName(hostname)) return { ok: false, problem: `'${rawHost}' is not a valid host name` };
    // URL parsers read a name whose last label is a number (`host.123`, `0x1f`) as an IPv4 address.
    if (/^(\d+|0x[\da-f]*)$/.test(hostname.replace(/\.$/, '').split('.').at(-1) ?? '')) {
      return {
        ok: false,
        problem: `'${rawHost}' is not a valid host name: its last label reads as a number`,
      };
    }
  }
  if (rawPort === undefined) return { ok: true, url: { hostname, path } };
  const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    return { ok: false, problem: `port '${rawPort}' is not a number from 1 to 65535` };
  }
  return { ok: true, url: { hostname, port, path } };
}

export type EndpointInput = 'sts-endpoint' | 'codecommit-endpoint' | 'codecommit-api-endpoint';

export const ENDPOINT_EXAMPLES: Record<EndpointInput, string> = {
  'sts-endpoint':
    'https://sts.eu-west-1.amazonaws.com or https://vpce-0123456789abcdef0-abcd1234.sts.eu-west-1.vpce.amazonaws.com',
  'codecommit-endpoint':
    'https://git-codecommit.eu-west-1.amazonaws.com or https://vpce-0123456789abcdef0-abcd1234.git-codecommit.eu-west-1.vpce.amazonaws.com',
  'codecommit-api-endpoint':
    'https://codecommit.eu-west-1.amazonaws.com or https://vpce-0123456789abcdef0-abcd1234.codecommit.eu-west-1.vpce.amazonaws.com',
};

/** Parses an endpoint input (`sts-endpoint`, `codecommit-endpoint` …): an https origin, nothing more. */
export function parseEndpointUrl(input: EndpointInput, text: string): Endpoint {
  const example = ENDPOINT_EXAMPLES[input];
  const parsed = parseHttpsUrl(text);
  if (!parsed.ok) throw new InputError(input, parsed.problem, example);
  const { hostname, port, path } = parsed.url;
  if (path !== '' && path !== '/') {
    throw new InputError(
      input,
      `the endpoint must be https://host[:port] without a path, got path '${path}'`,
      example,
    );
  }
  if (input === 'sts-endpoint' && isGlobalStsHostname(hostname)) {
    throw new InputError(
      input,
      `'${hostname}' is the global STS name, which no VPC endpoint serves (from a closed subnet it hangs); ` +
        'use the regional name https://sts.<region>.amazonaws.com or your STS VPC endpoint name',
      example,
    );
  }
  if (input === 'codecommit-endpoint' && isCodeCommitApiHostname(hostname)) {
    throw new InputError(
      input,
      `'${hostname}' is the CodeCommit API endpoint, which does not serve git; use the git-codecommit endpoint`,
      example,
    );
  }
  if (input === 'codecommit-api-endpoint') {
    const service = regionOfServiceHostname('git-codecommit', hostname)
      ? 'the git endpoint (git-codecommit)'
      : regionOfServiceHostname('sts', hostname) || isGlobalStsHostname(hostname)
        ? 'an STS endpoint'
        : undefined;
    if (service !== undefined) {
      throw new InputError(
        input,
        `'${hostname}' is ${service}, which does not answer ListRepositories; use the CodeCommit API endpoint ` +
          '(codecommit.<region>.amazonaws.com or the vpce name of the interface endpoint com.amazonaws.<region>.codecommit)',
        example,
      );
    }
  }
  return endpointForHostname(hostname, port, true);
}
