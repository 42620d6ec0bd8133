/**
 * Whether a clone's `origin` URL names the repository a step wants, whatever host form it was cloned
 * through: a change of endpoint between runs (regional, FIPS, a VPC endpoint name, the
 * `codecommit-endpoint` host) must not force a full download. Pure: no I/O.
 */
import {
  endpointForHostname,
  partitionOfRegion,
  parseHttpsUrl,
  regionOfServiceHostname,
} from '../plan/endpoints.js';
import type { Partition, RepositoryPlan } from '../plan/plan.js';

export interface OriginIdentity {
  name: string;
  region: string;
  partition: Partition;
}

/**
 * The repository an `origin` URL names: `https://<git host>/v1/repos/<name>[.git][/]`, the host
 * compared without case. A host that is not a CodeCommit git name counts only when it is the step's own
 * git endpoint (`ownHost`), whose region is the step's.
 */
export function originIdentity(
  url: string,
  own: { host: string; region: string },
): OriginIdentity | undefined {
  const parsed = parseHttpsUrl(url.trim());
  if (!parsed.ok) return undefined;
  const { hostname, port, path } = parsed.url;
  const match = /^\/v1\/repos\/([^/]+?)(?:\.git)?\/?$/i.exec(path);
  if (match?.[1] === undefined) return undefined;
  const name = match[1];
  const fromHost = regionOfServiceHostname('git-codecommit', hostname);
  if (fromHost !== undefined && 'region' in fromHost) {
    return { name, region: fromHost.region, partition: partitionOfRegion(fromHost.region) };
  }
  if (endpointForHostname(hostname, port, false).host !== own.host.toLowerCase()) return undefined;
  return { name, region: own.region, partition: partitionOfRegion(own.region) };
}

/** True when `originUrl` is a clone URL of `repository` in `region`. */
export function isSameRepository(originUrl: string, repository: RepositoryPlan, region: string): boolean {
  const identity = originIdentity(originUrl, { host: repository.git.host, region });
  return (
    identity !== undefined &&
    identity.name === repository.name &&
    identity.region === region &&
    identity.partition === partitionOfRegion(region)
  );
}
