/**
 * What git hands git-remote-codecommit: `codecommit://[profile@]name` whole, or for
 * `codecommit::<region>://[profile@]name` the part after `codecommit::`. Mapped to the https clone URL
 * of the persisted session's git endpoint (its own region) or the regional endpoint of another region.
 * Pure: reuses the action's repository URL parsing.
 */
import { regionalGitHostname } from '../plan/endpoints.js';
import { parseRepositorySpec } from '../plan/repository-spec.js';

export interface RemoteTarget {
  name: string;
  region: string;
  /** `https://host[:port]` */
  origin: string;
  /** `host[:port]`, what the password is signed for. */
  host: string;
  httpsUrl: string;
}

export function parseRemoteAddress(address: string): { name: string; region?: string } {
  const text = address.startsWith('codecommit://') ? address : `codecommit::${address}`;
  const spec = parseRepositorySpec(text);
  return { name: spec.name, ...(spec.region !== undefined ? { region: spec.region } : {}) };
}

export function remoteTarget(address: string, session: { region: string; gitOrigin: string }): RemoteTarget {
  const { name, region = session.region } = parseRemoteAddress(address);
  const origin = region === session.region ? session.gitOrigin : `https://${regionalGitHostname(region)}`;
  return {
    name,
    region,
    origin,
    host: origin.replace(/^https:\/\//, ''),
    httpsUrl: `${origin}/v1/repos/${name}`,
  };
}
