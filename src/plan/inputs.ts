/**
 * Turns the raw action inputs into a validated Plan. Pure: no environment, file system or clock.
 */
import { posix } from 'node:path';

import {
  ENDPOINT_EXAMPLES,
  endpointForHostname,
  isCodeCommitApiHostname,
  isValidRegion,
  parseEndpointUrl,
  partitionOfRegion,
  regionalGitHostname,
  regionalStsHostname,
  regionOfServiceHostname,
  type EndpointService,
} from './endpoints.js';
import {
  type Endpoint,
  INPUT_NAMES,
  InputError,
  type InputName,
  type Plan,
  type RawInputs,
  type RefSpec,
  type RunContext,
} from './plan.js';
import {
  isValidProfileName,
  parseRepositorySpec,
  REPOSITORY_EXAMPLE,
  type RepositorySpec,
} from './repository-spec.js';

const EXAMPLES: Readonly<Record<InputName, string>> = {
  repository: REPOSITORY_EXAMPLE,
  'aws-region': 'eu-west-1',
  'role-to-assume': 'arn:aws:iam::123456789012:role/SwitchRole',
  'aws-profile': 'source-account',
  'role-session-name': 'codecommit-clone-1234567890',
  'role-duration-seconds': '3600',
  'role-external-id': 'a1b2c3d4-shared-secret',
  'sts-endpoint': ENDPOINT_EXAMPLES['sts-endpoint'],
  'codecommit-endpoint': ENDPOINT_EXAMPLES['codecommit-endpoint'],
  ref: 'main, v1.2.0, refs/tags/v1.2.0 or a 40-hex-digit commit SHA',
  path: 'my-service or checkout/my-service',
  'fetch-depth': '1 (0 for full history)',
  'network-timeout-seconds': '30',
  'max-attempts': '3',
};

/** C0 and C1 controls, DEL and the Unicode line/paragraph separators. */
function hasControlCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

function trimmedInputs(raw: RawInputs): RawInputs {
  const inputs = { ...raw };
  for (const name of INPUT_NAMES) {
    const value = raw[name].trim();
    if (hasControlCharacter(value)) {
      throw new InputError(name, 'must be a single line without control characters', EXAMPLES[name]);
    }
    inputs[name] = value;
  }
  return inputs;
}

function parseWholeNumber(
  input: 'role-duration-seconds' | 'fetch-depth' | 'network-timeout-seconds' | 'max-attempts',
  text: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === '') return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new InputError(input, `'${text}' is not a whole number from ${min} to ${max}`, EXAMPLES[input]);
  }
  return value;
}

function parseRegion(text: string, repository: RepositorySpec): string {
  if (text !== '' && !isValidRegion(text)) {
    throw new InputError('aws-region', `'${text}' is not an AWS region name`, EXAMPLES['aws-region']);
  }
  if (text !== '' && repository.region !== undefined && text !== repository.region) {
    throw new InputError(
      'aws-region',
      `'${text}' differs from the region ${repository.region} named by the repository URL; give one or make them agree`,
      repository.region,
    );
  }
  const region = text !== '' ? text : repository.region;
  if (region === undefined) {
    throw new InputError(
      'aws-region',
      'is required unless the repository URL names the region (https://git-codecommit.<region>.… or codecommit::<region>://…)',
      EXAMPLES['aws-region'],
    );
  }
  return region;
}

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

function parseRoleToAssume(text: string, region: string): string | undefined {
  if (text === '') return undefined;
  const arn = ROLE_ARN.exec(text);
  if (arn === null || text.endsWith('/') || text.includes('//')) {
    throw new InputError(
      'role-to-assume',
      `'${text}' is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/[path/]<name>)`,
      EXAMPLES['role-to-assume'],
    );
  }
  const partition = partitionOfRegion(region);
  if (arn[1] !== partition) {
    throw new InputError(
      'role-to-assume',
      `the role is in partition ${arn[1]} but region ${region} is in partition ${partition}`,
      `arn:${partition}:iam::123456789012:role/SwitchRole`,
    );
  }
  return text;
}

function parseProfile(text: string, repository: RepositorySpec): string | undefined {
  if (text !== '' && !isValidProfileName(text)) {
    throw new InputError(
      'aws-profile',
      `'${text}' is not a profile name: 1-64 letters, digits, '.', '_' or '-', not starting with '-'`,
      EXAMPLES['aws-profile'],
    );
  }
  if (text !== '' && repository.profile !== undefined && text !== repository.profile) {
    throw new InputError(
      'aws-profile',
      `'${text}' differs from the profile ${repository.profile} in the codecommit:// URL; give one or make them agree`,
      repository.profile,
    );
  }
  return text !== '' ? text : repository.profile;
}

function parseRoleSessionName(text: string, runId: string): string {
  const requested = text !== '' ? text : runId !== '' ? `codecommit-clone-${runId}` : 'codecommit-clone';
  // STS accepts only [\w+=,.@-]{2,64}; anything else is replaced rather than rejected.
  const reduced = requested.replace(/[^\w+=,.@-]/gu, '-').slice(0, 64);
  if (reduced.length < 2) {
    throw new InputError(
      'role-session-name',
      `'${text}' is too short: STS needs 2-64 characters`,
      EXAMPLES['role-session-name'],
    );
  }
  return reduced;
}

function parseExternalId(text: string): string | undefined {
  if (text === '') return undefined;
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(text)) {
    throw new InputError(
      'role-external-id',
      'must be 2-1224 letters, digits or any of _+=,.@:/-',
      EXAMPLES['role-external-id'],
    );
  }
  return text;
}

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

function parseStsEndpoint(text: string, region: string): Endpoint {
  if (text === '') return endpointForHostname(regionalStsHostname(region), undefined, false);
  const endpoint = parseEndpointUrl('sts-endpoint', text);
  requireEndpointInRegion('sts-endpoint', 'sts', endpoint, region, `https://${regionalStsHostname(region)}`);
  return endpoint;
}

function parseGitEndpoint(text: string, repository: RepositorySpec, region: string): Endpoint {
  if (text !== '') {
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
  if (repository.gitHost === undefined) {
    return endpointForHostname(regionalGitHostname(region), undefined, false);
  }
  if (isCodeCommitApiHostname(repository.gitHost)) {
    throw new InputError(
      'repository',
      `'${repository.gitHost}' is the CodeCommit API endpoint, which does not serve git; use the git-codecommit host`,
      `https://${regionalGitHostname(region)}/v1/repos/${repository.name}`,
    );
  }
  return endpointForHostname(repository.gitHost, repository.gitPort, true);
}

const FULL_SHA = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;

/** Why `name` is not a ref git would accept (git check-ref-format, stricter on leading '-'), or undefined. */
function refNameProblem(name: string): string | undefined {
  if (hasControlCharacter(name) || /[ ~^:?*[\\]/.test(name)) {
    return 'contains a space, a control character or one of ~^:?*[\\';
  }
  if (name === '@') return "is '@', which git reserves";
  if (name.includes('@{')) return "contains '@{'";
  if (name.includes('..')) return "contains '..'";
  if (name.endsWith('.')) return "ends with '.'";
  if (name.startsWith('refs/') && !/^refs\/(heads|tags)\//.test(name)) {
    return 'is a full ref outside refs/heads/ and refs/tags/';
  }
  for (const component of name.split('/')) {
    if (component === '') return "has an empty path component (leading, trailing or double '/')";
    if (component.startsWith('.')) return "has a component starting with '.'";
    if (component.startsWith('-')) return "has a component starting with '-'";
    if (component.endsWith('.lock')) return "has a component ending with '.lock'";
  }
  return undefined;
}

function parseRef(text: string): RefSpec {
  if (text === '') return { kind: 'default' };
  if (FULL_SHA.test(text)) return { kind: 'sha', sha: text.toLowerCase() };
  const problem = refNameProblem(text);
  if (problem !== undefined) {
    throw new InputError('ref', `'${text}' is not a valid branch or tag name: it ${problem}`, EXAMPLES.ref);
  }
  return { kind: 'name', name: text };
}

function parseTargetPath(text: string, repositoryName: string, workspaceInput: string): string {
  if (!posix.isAbsolute(workspaceInput)) {
    throw new Error(`The workspace '${workspaceInput}' is not an absolute POSIX path`);
  }
  const workspace = posix.normalize(workspaceInput).replace(/(?<=.)\/+$/, '');
  const requested = text !== '' ? text : repositoryName;
  const target = posix.normalize(posix.isAbsolute(requested) ? requested : posix.join(workspace, requested));
  const resolved = target.length > 1 ? target.replace(/\/+$/, '') : target;
  const prefix = workspace === '/' ? '/' : `${workspace}/`;
  if (resolved === workspace || !resolved.startsWith(prefix)) {
    throw new InputError(
      'path',
      `'${requested}' resolves to ${resolved}, which is not a directory inside the workspace ${workspace}`,
      EXAMPLES.path,
    );
  }
  return resolved;
}

export function parsePlan(raw: RawInputs, ctx: RunContext): Plan {
  const inputs = trimmedInputs(raw);
  const repository = parseRepositorySpec(inputs.repository);
  const region = parseRegion(inputs['aws-region'], repository);
  const roleToAssume = parseRoleToAssume(inputs['role-to-assume'], region);
  const awsProfile = parseProfile(inputs['aws-profile'], repository);
  const roleExternalId = parseExternalId(inputs['role-external-id']);
  const git = parseGitEndpoint(inputs['codecommit-endpoint'], repository, region);
  const repositoryPath = `/v1/repos/${repository.name}`;
  return {
    repositoryName: repository.name,
    region,
    partition: partitionOfRegion(region),
    ...(roleToAssume !== undefined ? { roleToAssume } : {}),
    ...(awsProfile !== undefined ? { awsProfile } : {}),
    roleSessionName: parseRoleSessionName(inputs['role-session-name'], ctx.runId),
    roleDurationSeconds: parseWholeNumber(
      'role-duration-seconds',
      inputs['role-duration-seconds'],
      3600,
      900,
      43200,
    ),
    ...(roleExternalId !== undefined ? { roleExternalId } : {}),
    sts: parseStsEndpoint(inputs['sts-endpoint'], region),
    git,
    repositoryPath,
    cloneUrl: `${git.origin}${repositoryPath}`,
    ref: parseRef(inputs.ref),
    targetPath: parseTargetPath(inputs.path, repository.name, ctx.workspace),
    fetchDepth: parseWholeNumber('fetch-depth', inputs['fetch-depth'], 1, 0, 2147483647),
    networkTimeoutSeconds: parseWholeNumber(
      'network-timeout-seconds',
      inputs['network-timeout-seconds'],
      30,
      1,
      3600,
    ),
    maxAttempts: parseWholeNumber('max-attempts', inputs['max-attempts'], 3, 1, 10),
  };
}
