/**
 * Where the submodule a `.gitmodules` entry names is fetched from, decided before git runs: a CodeCommit
 * repository of this step's region (fetched through the step's git endpoint, with a password signed for
 * that repository alone), a repository on another host (which never gets the CodeCommit credentials), or
 * an entry that is refused. Pure: no I/O.
 */
import {
  endpointForHostname,
  isCodeCommitApiHostname,
  isValidRegion,
  parseHttpsUrl,
  regionOfServiceHostname,
} from './endpoints.js';
import type { Endpoint } from './plan.js';
import { isValidProfileName, isValidRepositoryName } from './repository-spec.js';

export interface SubmoduleUrlContext {
  /**
   * The URL of the repository whose `.gitmodules` names the submodule, as its clone's `origin` has it:
   * the clean step URL of a CodeCommit repository, or the URL a foreign parent was fetched from.
   */
  parentUrl: string;
  /** The region the step signs for. */
  region: string;
  /** The step's git endpoint: every CodeCommit submodule is fetched through it. */
  git: Endpoint;
}

export type SubmoduleSource =
  /** A repository of the step's CodeCommit: `cloneUrl` is `<step git origin>/v1/repos/<name>`. */
  | { kind: 'codecommit'; name: string; repositoryPath: string; cloneUrl: string }
  /** Anywhere else: fetched from `url` with the runner's own git configuration, no CodeCommit credentials. */
  | { kind: 'foreign'; url: string; host: string }
  | { kind: 'invalid'; problem: string };

const CODECOMMIT_URL = /^codecommit(?:::([^/]*))?:\/\/(.*)$/s;
const SCHEME_URL = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)(.*)$/s;
/** git's scp-like form `[user@]host:path` (no slash before the colon). */
const SCP_LIKE_URL = /^(?:[^@/]*@)?(\[[^\]]*\]|[^:/[]+):(.*)$/s;
const REPOSITORY_PATH = /^\/?v1\/repos\/([^/]+?)(\.git)?\/?$/;

/** `url` of a `.gitmodules` entry, mapped as above; relative URLs resolve against `parentUrl` as git does. */
export function submoduleSource(url: string, context: SubmoduleUrlContext): SubmoduleSource {
  const textProblem = urlTextProblem(url);
  if (textProblem !== undefined) return { kind: 'invalid', problem: textProblem };
  if (isRelativeUrl(url)) {
    const resolved = resolveRelativeUrl(context.parentUrl, url);
    const source = absoluteSource(resolved, context);
    if (source.kind !== 'invalid') return source;
    return { kind: 'invalid', problem: `resolves to ${resolved}, and ${source.problem}${relativeHint(url)}` };
  }
  return absoluteSource(url, context);
}

/** `./…` and `../…`: relative to the parent's remote, as git reads them. */
export function isRelativeUrl(url: string): boolean {
  return url.startsWith('./') || url.startsWith('../');
}

/**
 * git's `relative_url`: every leading `../` removes the last path component of the parent's URL (or,
 * with none left, the part after a `:` of an scp-like URL), `./` is skipped, the rest is appended.
 * So `../lib` next to `https://host/v1/repos/app` is `https://host/v1/repos/lib`, and `./lib` is
 * `https://host/v1/repos/app/lib` (relative URLs resolve like directories).
 */
export function resolveRelativeUrl(parentUrl: string, url: string): string {
  let remote = parentUrl.endsWith('/') ? parentUrl.slice(0, -1) : parentUrl;
  let rest = url;
  let colon = false;
  for (;;) {
    if (rest.startsWith('../')) {
      rest = rest.slice(3);
      const slash = remote.lastIndexOf('/');
      const at = slash >= 0 ? slash : remote.lastIndexOf(':');
      if (at < 0) {
        remote = '.';
      } else {
        colon ||= slash < 0;
        remote = remote.slice(0, at);
      }
    } else if (rest.startsWith('./')) {
      rest = rest.slice(2);
    } else {
      break;
    }
  }
  const joined = `${remote}${colon ? ':' : '/'}${rest}`;
  return rest.endsWith('/') ? joined.slice(0, -1) : joined;
}

function urlTextProblem(url: string): string | undefined {
  if (url === '') return 'the URL is empty';
  if (url.startsWith('-')) return `'${url}' starts with '-', which git would read as an option`;
  // eslint-disable-next-line no-control-regex
  if (/[\s\x00-\x1f\x7f]/.test(url)) return 'the URL contains a space or a control character';
  return undefined;
}

function relativeHint(url: string): string {
  return url.startsWith('./')
    ? `; git resolves relative URLs like directories, so a repository next to this one is ../${url.slice(2)}`
    : '';
}

function absoluteSource(url: string, context: SubmoduleUrlContext): SubmoduleSource {
  const codecommit = CODECOMMIT_URL.exec(url);
  if (codecommit !== null) return codecommitRemoteSource(codecommit[1], codecommit[2] ?? '', context);
  if (url.toLowerCase().startsWith('codecommit:')) {
    return {
      kind: 'invalid',
      problem: `'${url}' is not a codecommit URL: the forms are codecommit://[profile@]<name> and codecommit::<region>://[profile@]<name>`,
    };
  }
  const scheme = SCHEME_URL.exec(url);
  if (scheme !== null) {
    const [, name = '', authority = '', path = ''] = scheme;
    return hostSource(url, name.toLowerCase(), authority, path, context);
  }
  const scp = SCP_LIKE_URL.exec(url);
  // `C:/…` and `C:\…` are Windows paths, not hosts.
  if (scp !== null && !/^[A-Za-z]:[\\/]/.test(url)) {
    return hostSource(url, 'ssh', scp[1] ?? '', `/${scp[2] ?? ''}`, context);
  }
  return { kind: 'foreign', url, host: 'a local path' };
}

/** `codecommit://[profile@]name` and `codecommit::<region>://[profile@]name`, as git-remote-codecommit reads them. */
function codecommitRemoteSource(
  region: string | undefined,
  rest: string,
  context: SubmoduleUrlContext,
): SubmoduleSource {
  const form = 'the forms are codecommit://[profile@]<name> and codecommit::<region>://[profile@]<name>';
  if (region !== undefined && !isValidRegion(region)) {
    return { kind: 'invalid', problem: `'${region}' in codecommit::<region>:// is not an AWS region name` };
  }
  if (region !== undefined && region !== context.region) return otherRegion(region, context);
  const parts = rest.split('@');
  if (parts.length > 2) return { kind: 'invalid', problem: `'${rest}' has more than one '@'; ${form}` };
  const [profile, name = ''] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (profile !== undefined && !isValidProfileName(profile)) {
    return { kind: 'invalid', problem: `'${profile}' is not a profile name; ${form}` };
  }
  // The profile is the developer's; the step signs with its own credentials.
  return codecommitRepository(name, context);
}

function hostSource(
  url: string,
  scheme: string,
  authority: string,
  path: string,
  context: SubmoduleUrlContext,
): SubmoduleSource {
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostPort);
  const plain = /^([^:]*)(?::(\d*))?$/.exec(hostPort);
  const hostname = (bracketed?.[1] ?? plain?.[1] ?? hostPort).toLowerCase();
  const portText = bracketed?.[2] ?? plain?.[2];
  const port = portText !== undefined && portText !== '' ? Number(portText) : undefined;
  const named = regionOfServiceHostname('git-codecommit', hostname);
  const stepHost =
    scheme === 'https' && endpointForHostname(hostname, port, true).host === context.git.host.toLowerCase();
  if (isCodeCommitApiHostname(hostname)) {
    return {
      kind: 'invalid',
      problem: `'${hostname}' is the CodeCommit API endpoint, which does not serve git; name the git-codecommit host or use a relative URL (../<name>)`,
    };
  }
  if (named === undefined && !stepHost) {
    return { kind: 'foreign', url, host: hostname === '' ? authority : hostname };
  }
  if (named !== undefined && 'problem' in named) return { kind: 'invalid', problem: named.problem };
  if (scheme !== 'https' && scheme !== 'ssh') {
    return {
      kind: 'invalid',
      problem: `CodeCommit serves git over https (and ssh), not ${scheme}://; use https://${hostname}${path}`,
    };
  }
  if (named !== undefined && named.region !== context.region) return otherRegion(named.region, context);
  if (scheme === 'https') {
    // Checked strictly, as the repository input is: what is checked is what is used.
    const parsed = parseHttpsUrl(`https://${hostPort}${path}`);
    if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem };
  }
  const repository = REPOSITORY_PATH.exec(path);
  if (repository?.[1] === undefined) {
    return {
      kind: 'invalid',
      problem: `the path '${path === '' ? '(none)' : path}' is not /v1/repos/<name>, the only path CodeCommit serves a repository at`,
    };
  }
  return codecommitRepository(repository[1], context);
}

function codecommitRepository(name: string, context: SubmoduleUrlContext): SubmoduleSource {
  if (!isValidRepositoryName(name)) {
    return {
      kind: 'invalid',
      problem:
        `'${name}' is not a CodeCommit repository name: 1-100 letters, digits, '.', '_' or '-', ` +
        "not starting with '-' or '.', without '..' and not ending in '.git'",
    };
  }
  const repositoryPath = `/v1/repos/${name}`;
  return { kind: 'codecommit', name, repositoryPath, cloneUrl: `${context.git.origin}${repositoryPath}` };
}

/**
 * Another region's CodeCommit is refused rather than signed for: the step's credentials, endpoint and
 * role are those of one region, and a closed VPC rarely reaches another region's git endpoint at all.
 */
function otherRegion(region: string, context: SubmoduleUrlContext): SubmoduleSource {
  return {
    kind: 'invalid',
    problem:
      `it names CodeCommit in ${region}, but this step signs for ${context.region} only and fetches through ` +
      `${context.git.host}; check out that repository in a step of its own for ${region}`,
  };
}
