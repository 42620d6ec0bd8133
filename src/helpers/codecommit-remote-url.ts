/**
 * What git hands git-remote-codecommit: `codecommit://[profile@]name` whole, or for
 * `codecommit::<region>://[profile@]name` the part after `codecommit::`. Mapped to the https clone URL
 * of the persisted session's git endpoint (its own region) or the regional endpoint of another region.
 * Pure: the URL forms are read by remote-address.ts.
 */
import { regionalGitHostname } from '../plan/endpoints.js';
import { parseRemoteUrl } from './remote-address.js';

export interface RemoteTarget {
  name: string;
  region: string;
  /** `https://host[:port]` */
  origin: string;
  /** `host[:port]`, what the password is signed for. */
  host: string;
  httpsUrl: string;
}

/** The repository and region of the address; the profile is not used with the session's credentials. */
export function parseRemoteAddress(address: string): { name: string; region?: string } {
  const { repository, region } = parseRemoteUrl(address);
  return { name: repository, ...(region !== undefined ? { region } : {}) };
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
