/**
 * The `repository` input: a bare CodeCommit repository name, an HTTPS clone URL, or a
 * git-remote-codecommit URL (`codecommit://[profile@]name`, `codecommit::region://[profile@]name`).
 */
import {
  endpointForHostname,
  isValidRegion,
  parseHttpsUrl,
  regionalGitHostname,
  regionOfServiceHostname,
} from './endpoints.js';
import { type Endpoint, InputError } from './plan.js';

export interface RepositorySpec {
  name: string;
  /** From the URL's host or its `codecommit::<region>://` prefix. */
  region?: string;
  /** From `codecommit://<profile>@<name>`. */
  profile?: string;
  /** Hostname of an https URL (lower-cased; IPv6 without brackets). */
  gitHost?: string;
  /** Port of an https URL, when given and not 443. */
  gitPort?: number;
}

export const REPOSITORY_EXAMPLE =
  'my-service, https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service or codecommit::eu-west-1://my-service';
const ACCEPTED_FORMS =
  'use a repository name, https://<git-codecommit host>/v1/repos/<name>, codecommit://[profile@]<name> ' +
  'or codecommit::<region>://[profile@]<name>';
const REPOSITORY_NAME_RULES =
  "a repository name is 1-100 letters, digits, '.', '_' or '-', not starting with '-' or '.', " +
  "without '..' and not ending in '.git'";

export function isValidRepositoryName(name: string): boolean {
  return (
    /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/.test(name) &&
    !name.includes('..') &&
    !name.toLowerCase().endsWith('.git')
  );
}

export function isValidProfileName(name: string): boolean {
  return /^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}$/.test(name);
}

function fail(problem: string): never {
  throw new InputError('repository', problem, REPOSITORY_EXAMPLE);
}

function requireName(name: string, where: string): string {
  if (!isValidRepositoryName(name))
    fail(`'${name}' ${where}is not a valid repository name: ${REPOSITORY_NAME_RULES}`);
  return name;
}

function parseHttpsRepositoryUrl(text: string): RepositorySpec {
  const parsed = parseHttpsUrl(text);
  if (!parsed.ok) fail(`${parsed.problem}; ${ACCEPTED_FORMS}`);
  const { hostname, port, path } = parsed.url;
  const repoPath = /^\/v1\/repos\/([^/]*)\/?$/.exec(path);
  if (repoPath?.[1] === undefined) {
    fail(`the URL path must be /v1/repos/<name>, got '${path === '' ? '(none)' : path}'`);
  }
  const name = requireName(repoPath[1], 'in the URL ');
  const hostRegion = regionOfServiceHostname('git-codecommit', hostname);
  if (hostRegion !== undefined && 'problem' in hostRegion) fail(hostRegion.problem);
  return {
    name,
    gitHost: hostname,
    ...(port !== undefined && port !== 443 ? { gitPort: port } : {}),
    ...(hostRegion !== undefined ? { region: hostRegion.region } : {}),
  };
}

function parseCodeCommitUrl(region: string | undefined, rest: string): RepositorySpec {
  if (region !== undefined && !isValidRegion(region)) {
    fail(`'${region}' in codecommit::<region>:// is not an AWS region name such as eu-west-1`);
  }
  const parts = rest.split('@');
  if (parts.length > 2) fail(`'${rest}' has more than one '@'; the form is codecommit://[profile@]<name>`);
  const [profile, name] = parts.length === 2 ? [parts[0], parts[1]] : [undefined, parts[0]];
  if (profile !== undefined && !isValidProfileName(profile)) {
    fail(
      `'${profile}' is not a valid profile name: 1-64 letters, digits, '.', '_' or '-', not starting with '-'`,
    );
  }
  return {
    name: requireName(name ?? '', 'in the codecommit:// URL '),
    ...(region !== undefined ? { region } : {}),
    ...(profile !== undefined ? { profile } : {}),
  };
}

export function parseRepositorySpec(text: string): RepositorySpec {
  if (text === '') fail(`a repository is required; ${ACCEPTED_FORMS}`);
  const codecommit = /^codecommit(?:::([^/]*))?:\/\/(.*)$/s.exec(text);
  if (codecommit !== null) return parseCodeCommitUrl(codecommit[1], codecommit[2] ?? '');
  if (text.startsWith('codecommit:')) {
    fail(
      `'${text}' is not a codecommit URL: the forms are codecommit://[profile@]<name> and codecommit::<region>://[profile@]<name>`,
    );
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) return parseHttpsRepositoryUrl(text);
  if (/[:/@]/.test(text))
    fail(`'${text}' is neither a repository name nor a supported URL; ${ACCEPTED_FORMS}`);
  return { name: requireName(text, '') };
}

/**
 * The signed git password, with the access key id and session token beside it, may only go to CodeCommit:
 * a repository URL's host must be a git-codecommit host (regional, FIPS or vpce; its region was checked
 * against the step's when it was parsed) or exactly the host given as `codecommit-endpoint`.
 */
export function requireCodeCommitGitHost(
  spec: RepositorySpec,
  region: string,
  codecommitEndpoint: Endpoint | undefined,
): void {
  if (spec.gitHost === undefined) return;
  if (regionOfServiceHostname('git-codecommit', spec.gitHost) !== undefined) return;
  const { host } = endpointForHostname(spec.gitHost, spec.gitPort, true);
  if (codecommitEndpoint !== undefined && codecommitEndpoint.host === host) return;
  throw new InputError(
    'repository',
    `'${host}' is not a CodeCommit git host: the signed credentials go only to ` +
      'git-codecommit[-fips].<region>.amazonaws.com[.cn], a vpce-….git-codecommit.<region>.vpce.amazonaws.com[.cn] name, ' +
      "or the host given as 'codecommit-endpoint' (give a proxy or another name there, and the repository by name)",
    `https://${regionalGitHostname(region)}/v1/repos/${spec.name}`,
  );
}
