/**
 * The endpoint inputs: `sts-endpoint` (or AWS_ENDPOINT_URL_STS), `codecommit-endpoint` for git and
 * `codecommit-api-endpoint` for ListRepositories, each held to the region the requests are signed for,
 * or the regional (FIPS) name when not given. Pure.
 */
import {
  endpointForHostname,
  FIPS_REGIONS,
  isCodeCommitApiHostname,
  parseEndpointUrl,
  regionalCodeCommitApiHostname,
  regionalGitHostname,
  regionalStsHostname,
  regionOfServiceHostname,
  serviceHostname,
  type EndpointService,
} from './endpoints.js';
import { type Endpoint, InputError, type InputName } from './plan.js';
import { requireCodeCommitGitHost, type RepositorySpec } from './repository-spec.js';

/** Refuses an endpoint whose AWS name places it in another region than the one signed for. */
function requireEndpointInRegion(
  input: InputName,
  service: EndpointService,
  endpoint: Endpoint,
  region: string,
  example: string,
): void {
  const named = regionOfServiceHostname(service, endpoint.hostname);
  if (named === undefined) return;
  if ('problem' in named) throw new InputError(input, named.problem, example);
  if (named.region !== region) {
    throw new InputError(
      input,
      `host '${endpoint.hostname}' is in region ${named.region}, but the region is ${region}; requests would be signed for the wrong region`,
      example,
    );
  }
}

export function parseStsEndpoint(text: string, region: string, useFips: boolean): Endpoint {
  if (text === '') {
    return endpointForHostname(serviceHostname('sts', region, useFips), undefined, false);
  }
  const endpoint = parseEndpointUrl('sts-endpoint', text);
  requireEndpointInRegion('sts-endpoint', 'sts', endpoint, region, `https://${regionalStsHostname(region)}`);
  return endpoint;
}

/** AWS_ENDPOINT_URL_STS, held to the rules of sts-endpoint; an error says where the value came from. */
export function parseEnvironmentStsEndpoint(text: string, region: string): Endpoint {
  try {
    const endpoint = parseEndpointUrl('sts-endpoint', text);
    requireEndpointInRegion(
      'sts-endpoint',
      'sts',
      endpoint,
      region,
      `https://${regionalStsHostname(region)}`,
    );
    return endpoint;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      'sts-endpoint',
      `empty, so AWS_ENDPOINT_URL_STS of the environment is used, and it is not valid: ${error.problem}`,
      error.example,
    );
  }
}

/**
 * The CodeCommit API endpoint. Only patterns use it: without one, use-fips in a region without FIPS
 * endpoints (sts-endpoint and codecommit-endpoint given) is no reason to refuse the step.
 */
export function parseCodeCommitApiEndpoint(
  text: string,
  region: string,
  useFips: boolean,
  needed: boolean,
): Endpoint {
  if (text === '') {
    const fips = useFips && (needed || FIPS_REGIONS.includes(region));
    return endpointForHostname(serviceHostname('codecommit', region, fips), undefined, false);
  }
  const endpoint = parseEndpointUrl('codecommit-api-endpoint', text);
  requireEndpointInRegion(
    'codecommit-api-endpoint',
    'codecommit',
    endpoint,
    region,
    `https://${regionalCodeCommitApiHostname(region)}`,
  );
  return endpoint;
}

/** `codecommit-endpoint`, held to the region. */
function parseCodeCommitEndpoint(text: string, region: string): Endpoint {
  const endpoint = parseEndpointUrl('codecommit-endpoint', text);
  requireEndpointInRegion(
    'codecommit-endpoint',
    'git-codecommit',
    endpoint,
    region,
    `https://${regionalGitHostname(region)}`,
  );
  return endpoint;
}

/** Where git fetches a repository given by name alone: `codecommit-endpoint`, else the regional name. */
export function parseNamedGitEndpoint(text: string, region: string, useFips: boolean): Endpoint {
  if (text !== '') return parseCodeCommitEndpoint(text, region);
  return endpointForHostname(serviceHostname('git-codecommit', region, useFips), undefined, false);
}

/**
 * Where git fetches `repository`: `codecommit-endpoint` when given (a URL's host must then be a CodeCommit
 * git host or that one), else the host of its URL, else the regional name.
 */
export function parseGitEndpoint(
  text: string,
  repository: RepositorySpec,
  region: string,
  useFips: boolean,
): Endpoint {
  if (text !== '') {
    const endpoint = parseCodeCommitEndpoint(text, region);
    requireCodeCommitGitHost(repository, region, endpoint);
    return endpoint;
  }
  if (repository.gitHost === undefined) return parseNamedGitEndpoint(text, region, useFips);
  if (isCodeCommitApiHostname(repository.gitHost)) {
    throw new InputError(
      'repository',
      `'${repository.gitHost}' is the CodeCommit API endpoint, which does not serve git; use the git-codecommit host`,
      `https://${regionalGitHostname(region)}/v1/repos/${repository.name}`,
    );
  }
  requireCodeCommitGitHost(repository, region, undefined);
  return endpointForHostname(repository.gitHost, repository.gitPort, true);
}
