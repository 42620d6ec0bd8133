/**
 * Turns the raw action inputs into a validated Plan. Pure: no environment, file system or clock.
 */
import {
  ENDPOINT_EXAMPLES,
  endpointForHostname,
  FIPS_REGIONS,
  isCodeCommitApiHostname,
  isValidRegion,
  parseEndpointUrl,
  partitionOfRegion,
  regionalCodeCommitApiHostname,
  regionalGitHostname,
  regionalStsHostname,
  regionOfServiceHostname,
  serviceHostname,
  type EndpointService,
} from './endpoints.js';
import {
  type Endpoint,
  INPUT_NAMES,
  InputError,
  MULTI_LINE_INPUTS,
  type InputName,
  type Plan,
  type RawInputs,
  type RefSpec,
  type RunContext,
  type SourceCredentialsMode,
  type StepMode,
  type SubmoduleMode,
} from './plan.js';
import {
  isRepositoryPattern,
  repositoryPatternProblem,
  resolveRepositoryLines,
  type RepositoryLineEntry,
} from './repository-pattern.js';
import {
  isValidProfileName,
  parseRepositorySpec,
  REPOSITORY_EXAMPLE,
  requireCodeCommitGitHost,
  type RepositorySpec,
} from './repository-spec.js';
import type { OsFamily } from '../platform/os-family.js';
import {
  isPathInside,
  isSamePath,
  pathFlavour,
  resolveAgainst,
  windowsNameProblem,
  workspaceRoot,
} from '../platform/workspace-path.js';

const EXAMPLES: Readonly<Record<InputName, string>> = {
  repository: REPOSITORY_EXAMPLE,
  mode: 'clone, list or diagnose',
  'aws-region': 'eu-west-1',
  'role-to-assume': 'arn:aws:iam::123456789012:role/SwitchRole',
  'aws-profile': 'source-account',
  'source-credentials': 'auto, runner or github-oidc',
  'role-session-name': 'codecommit-clone-1234567890',
  'role-duration-seconds': '3600',
  'role-external-id': 'a1b2c3d4-shared-secret',
  'sts-endpoint': ENDPOINT_EXAMPLES['sts-endpoint'],
  'codecommit-endpoint': ENDPOINT_EXAMPLES['codecommit-endpoint'],
  'codecommit-api-endpoint': ENDPOINT_EXAMPLES['codecommit-api-endpoint'],
  ref: 'main, v1.2.0, refs/tags/v1.2.0 or a 40-hex-digit commit SHA',
  path: 'my-service or checkout/my-service',
  'fetch-depth': '1 (0 for full history)',
  submodules: 'false, true or recursive',
  'network-timeout-seconds': '30',
  'max-attempts': '3',
  concurrency: '4',
  filter: 'blob:none',
  'sparse-checkout': 'src/\ndocs/',
  audience: 'sts.amazonaws.com',
  'use-fips': 'true or false',
  'persist-credentials': 'true or false',
  clean: 'true or false',
  'cache-path': '/opt/hostedtoolcache/codecommit (in a workflow: ${{ runner.tool_cache }}/codecommit)',
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
    const lines = MULTI_LINE_INPUTS.includes(name)
      ? value.split(/\r?\n/).map((line) => line.trim())
      : [value];
    if (lines.some(hasControlCharacter)) {
      const problem = MULTI_LINE_INPUTS.includes(name)
        ? 'must not contain control characters'
        : 'must be a single line without control characters';
      throw new InputError(name, problem, EXAMPLES[name]);
    }
    inputs[name] = value;
  }
  return inputs;
}

/** The items of a multi-line input: trimmed lines, without blank lines and `#` comments. */
function listItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function parseWholeNumber(
  input: 'role-duration-seconds' | 'fetch-depth' | 'network-timeout-seconds' | 'max-attempts' | 'concurrency',
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

function parseRegion(text: string, repositories: RepositorySpec[]): string {
  if (text !== '' && !isValidRegion(text)) {
    throw new InputError('aws-region', `'${text}' is not an AWS region name`, EXAMPLES['aws-region']);
  }
  const named = [...new Set(repositories.flatMap((r) => (r.region !== undefined ? [r.region] : [])))];
  if (named.length > 1) {
    throw new InputError(
      'repository',
      `the repository URLs name several regions (${named.join(', ')}); one step clones from one region: use a step per region`,
      REPOSITORY_EXAMPLE,
    );
  }
  const [urlRegion] = named;
  if (text !== '' && urlRegion !== undefined && text !== urlRegion) {
    throw new InputError(
      'aws-region',
      `'${text}' differs from the region ${urlRegion} named by the repository URL; give one or make them agree`,
      urlRegion,
    );
  }
  const region = text !== '' ? text : urlRegion;
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

function parseRoleChain(text: string, region: string): string[] {
  return listItems(text).map((arnText) => {
    const arn = ROLE_ARN.exec(arnText);
    if (arn === null || arnText.endsWith('/') || arnText.includes('//')) {
      throw new InputError(
        'role-to-assume',
        `'${arnText}' is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/[path/]<name>; several chain, one per line)`,
        EXAMPLES['role-to-assume'],
      );
    }
    const partition = partitionOfRegion(region);
    if (arn[1] !== partition) {
      throw new InputError(
        'role-to-assume',
        `the role ${arnText} is in partition ${arn[1]} but region ${region} is in partition ${partition}`,
        `arn:${partition}:iam::123456789012:role/SwitchRole`,
      );
    }
    return arnText;
  });
}

function parseBoolean(
  input: 'use-fips' | 'persist-credentials' | 'clean',
  text: string,
  absent = false,
): boolean {
  if (text === '') return absent;
  if (/^false$/i.test(text)) return false;
  if (/^true$/i.test(text)) return true;
  throw new InputError(input, `'${text}' is not a boolean`, EXAMPLES[input]);
}

function parseSubmodules(text: string): SubmoduleMode {
  if (text === '' || /^false$/i.test(text)) return 'none';
  if (/^true$/i.test(text)) return 'top-level';
  if (/^recursive$/i.test(text)) return 'recursive';
  throw new InputError(
    'submodules',
    `'${text}' is not false, true (the repository's own submodules) or recursive (their submodules too)`,
    EXAMPLES.submodules,
  );
}

function parseAudience(text: string): string {
  if (text === '') return 'sts.amazonaws.com';
  if (!/^[\x21-\x7e]{1,255}$/.test(text)) {
    throw new InputError('audience', 'must be 1-255 printable characters without spaces', EXAMPLES.audience);
  }
  return text;
}

function parseProfile(text: string, repositories: RepositorySpec[]): string | undefined {
  if (text !== '' && !isValidProfileName(text)) {
    throw new InputError(
      'aws-profile',
      `'${text}' is not a profile name: 1-64 letters, digits, '.', '_' or '-', not starting with '-'`,
      EXAMPLES['aws-profile'],
    );
  }
  const named = [...new Set(repositories.flatMap((r) => (r.profile !== undefined ? [r.profile] : [])))];
  if (named.length > 1) {
    throw new InputError(
      'repository',
      `the codecommit:// URLs name several profiles (${named.join(', ')}); one step uses one set of credentials`,
      REPOSITORY_EXAMPLE,
    );
  }
  const [urlProfile] = named;
  if (text !== '' && urlProfile !== undefined && text !== urlProfile) {
    throw new InputError(
      'aws-profile',
      `'${text}' differs from the profile ${urlProfile} in the codecommit:// URL; give one or make them agree`,
      urlProfile,
    );
  }
  return text !== '' ? text : urlProfile;
}

function parseSourceCredentials(
  text: string,
  awsProfile: string | undefined,
  roleChain: string[],
): SourceCredentialsMode {
  const mode = text === '' ? 'auto' : text.toLowerCase();
  if (mode !== 'auto' && mode !== 'runner' && mode !== 'github-oidc') {
    throw new InputError(
      'source-credentials',
      `'${text}' is not a source: auto, runner or github-oidc`,
      EXAMPLES['source-credentials'],
    );
  }
  if (mode === 'github-oidc' && awsProfile !== undefined) {
    throw new InputError(
      'source-credentials',
      `github-oidc uses the job's ID token, not the profile '${awsProfile}'; drop aws-profile (and any profile of a codecommit:// URL) or choose runner`,
      'runner',
    );
  }
  if (mode === 'github-oidc' && roleChain.length === 0) {
    throw new InputError(
      'role-to-assume',
      'source-credentials github-oidc gives no AWS credentials by itself: name the role that trusts token.actions.githubusercontent.com',
      EXAMPLES['role-to-assume'],
    );
  }
  return mode;
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

function parseStsEndpoint(text: string, region: string, useFips: boolean): Endpoint {
  if (text === '') {
    return endpointForHostname(serviceHostname('sts', region, useFips), undefined, false);
  }
  const endpoint = parseEndpointUrl('sts-endpoint', text);
  requireEndpointInRegion('sts-endpoint', 'sts', endpoint, region, `https://${regionalStsHostname(region)}`);
  return endpoint;
}

/** AWS_ENDPOINT_URL_STS, held to the rules of sts-endpoint; an error says where the value came from. */
function parseEnvironmentStsEndpoint(text: string, region: string): Endpoint {
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

/** The values of `mode`, the default first. */
export const STEP_MODES: readonly StepMode[] = ['clone', 'list', 'diagnose'];

export function parseMode(text: string): StepMode {
  const mode = text.trim().toLowerCase();
  if (mode === '') return 'clone';
  const known = STEP_MODES.find((candidate) => candidate === mode);
  if (known === undefined) {
    throw new InputError('mode', `'${text.trim()}' is not a mode: ${STEP_MODES.join(', ')}`, EXAMPLES.mode);
  }
  return known;
}

/**
 * The CodeCommit API endpoint. Only patterns use it: without one, use-fips in a region without FIPS
 * endpoints (sts-endpoint and codecommit-endpoint given) is no reason to refuse the step.
 */
function parseCodeCommitApiEndpoint(
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

function parseGitEndpoint(
  text: string,
  repository: RepositorySpec,
  region: string,
  useFips: boolean,
): Endpoint {
  if (text !== '') {
    const endpoint = parseEndpointUrl('codecommit-endpoint', text);
    requireEndpointInRegion(
      'codecommit-endpoint',
      'git-codecommit',
      endpoint,
      region,
      `https://${regionalGitHostname(region)}`,
    );
    requireCodeCommitGitHost(repository, region, endpoint);
    return endpoint;
  }
  if (repository.gitHost === undefined) {
    return endpointForHostname(serviceHostname('git-codecommit', region, useFips), undefined, false);
  }
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

/**
 * `text` as an absolute path lexically inside the workspace; `allowWorkspace`: the workspace itself too.
 * Paths are of the runner's system: POSIX, or Windows (drive letters, UNC, either slash, any case).
 */
function pathInWorkspace(
  text: string,
  workspaceInput: string,
  allowWorkspace: boolean,
  family: OsFamily,
): string {
  const workspace = workspaceRoot(family, workspaceInput);
  if (workspace === undefined) {
    const expected =
      family === 'windows' ? 'C:\\actions-runner\\_work\\app\\app' : '/home/runner/work/app/app';
    throw new Error(`The workspace '${workspaceInput}' is not an absolute path (expected like ${expected})`);
  }
  const problem = family === 'windows' ? windowsNameProblem(text) : undefined;
  if (problem !== undefined) throw new InputError('path', `'${text}' ${problem}`, EXAMPLES.path);
  const resolved = resolveAgainst(family, workspace, text);
  const same = isSamePath(family, workspace, resolved);
  if ((same && !allowWorkspace) || (!same && !isPathInside(family, workspace, resolved))) {
    throw new InputError(
      'path',
      `'${text}' resolves to ${resolved}, which is not a directory inside the workspace ${workspace}`,
      EXAMPLES.path,
    );
  }
  return resolved;
}

/**
 * Where each repository goes. One repository: `path` is the clone itself (default: its name). Several,
 * or any pattern (however many it matches): `path` is the folder that holds them (default: the
 * workspace), each in `<path>/<name>`.
 */
function targetPaths(
  text: string,
  names: string[],
  workspace: string,
  family: OsFamily,
  hasPatterns: boolean,
): string[] {
  const [only] = names;
  if (names.length === 1 && only !== undefined && !hasPatterns)
    return [pathInWorkspace(text !== '' ? text : only, workspace, false, family)];
  const parent = pathInWorkspace(text !== '' ? text : '.', workspace, true, family);
  return names.map((name) =>
    pathInWorkspace(pathFlavour(family).join(parent, name), workspace, false, family),
  );
}

interface RepositoryLines {
  /** The lines naming a repository, parsed. */
  specs: RepositorySpec[];
  /** Every line in order, names and patterns. */
  entries: RepositoryLineEntry[];
  patterns: string[];
}

function parseRepositoryLines(text: string): RepositoryLines {
  const specs: RepositorySpec[] = [];
  const entries: RepositoryLineEntry[] = [];
  const patterns: string[] = [];
  for (const line of listItems(text)) {
    if (isRepositoryPattern(line)) {
      const problem = repositoryPatternProblem(line);
      if (problem !== undefined) throw new InputError('repository', problem, 'team-* or service-?');
      if (!patterns.includes(line)) patterns.push(line);
      entries.push({ kind: 'pattern', pattern: line });
      continue;
    }
    const spec = parseRepositorySpec(line);
    specs.push(spec);
    entries.push({ kind: 'name', name: spec.name });
  }
  if (entries.length === 0) {
    throw new InputError('repository', 'is required: give at least one repository', REPOSITORY_EXAMPLE);
  }
  requireDistinctFolders(specs.map((spec) => spec.name));
  return { specs, entries, patterns };
}

/** Names differing only in case would share a folder on a case-insensitive file system. */
function requireDistinctFolders(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const folder = name.toLowerCase();
    if (seen.has(folder)) {
      throw new InputError(
        'repository',
        `'${name}' is listed more than once (names that differ only in case would share a folder)`,
        REPOSITORY_EXAMPLE,
      );
    }
    seen.add(folder);
  }
}

/**
 * The repositories of the step once the patterns are matched against `listed`: each name line as it
 * was parsed, each match as a bare name, every repository once.
 */
function expandPatterns(lines: RepositoryLines, listed: readonly string[], region: string): RepositorySpec[] {
  const resolved = resolveRepositoryLines(lines.entries, listed);
  const [unmatched] = resolved.unmatched;
  if (unmatched !== undefined) {
    throw new InputError(
      'repository',
      `the pattern '${unmatched}' matches none of the ${listed.length} repositories the credentials may list in ${region}` +
        (resolved.unmatched.length > 1
          ? ` (nor do ${resolved.unmatched
              .slice(1)
              .map((p) => `'${p}'`)
              .join(', ')})`
          : '') +
        "; patterns are case-sensitive, '*' is any characters and '?' one",
      'team-* or service-?',
    );
  }
  const given = new Map(lines.specs.map((spec) => [spec.name, spec]));
  const specs = resolved.names.map((name) => given.get(name) ?? { name });
  requireDistinctFolders(specs.map((spec) => spec.name));
  return specs;
}

const FILTER = /^(blob:none|blob:limit=\d+[kmg]?|tree:\d+|object:type=(blob|tree|commit|tag))$/;

function parseFilter(text: string): string | undefined {
  if (text === '') return undefined;
  if (!FILTER.test(text)) {
    throw new InputError(
      'filter',
      `'${text}' is not a partial-clone filter: blob:none, blob:limit=<n>[k|m|g], tree:<depth> or object:type=<type>`,
      EXAMPLES.filter,
    );
  }
  return text;
}

/** Cone-mode directories: relative, no `..`, none taken as an option (they reach git on stdin anyway). */
function parseSparseCheckout(text: string): string[] {
  const directories = listItems(text).map((line) => line.replace(/\/+$/, ''));
  for (const directory of directories) {
    const parts = directory.split('/');
    if (
      directory === '' ||
      directory.startsWith('/') ||
      directory.startsWith('-') ||
      // git un-quotes a line that starts with '"' before reading it.
      directory.startsWith('"') ||
      parts.some((part) => part === '' || part === '.' || part === '..') ||
      /[*?[\\!]/.test(directory)
    ) {
      throw new InputError(
        'sparse-checkout',
        `'${directory}' is not a directory of the repository for a cone-mode sparse checkout (relative, no '..', no wildcards)`,
        EXAMPLES['sparse-checkout'],
      );
    }
  }
  return directories;
}

/**
 * `cache-path`: an absolute folder of the runner's system (the runner expands `${{ runner.tool_cache }}`;
 * nothing is expanded here), outside the workspace and so outside every clone target.
 */
function parseCachePath(text: string, workspaceInput: string, family: OsFamily): string | undefined {
  if (text === '') return undefined;
  const flavour = pathFlavour(family);
  const problem = family === 'windows' ? windowsNameProblem(text) : undefined;
  if (problem !== undefined)
    throw new InputError('cache-path', `'${text}' ${problem}`, EXAMPLES['cache-path']);
  const root = workspaceRoot(family, text);
  if (root === undefined || !flavour.isAbsolute(text)) {
    throw new InputError(
      'cache-path',
      `'${text}' is not an absolute path (nothing is expanded: no ~, no $VARIABLE)`,
      EXAMPLES['cache-path'],
    );
  }
  const workspace = workspaceRoot(family, workspaceInput);
  if (
    workspace !== undefined &&
    (isSamePath(family, workspace, root) || isPathInside(family, workspace, root))
  ) {
    throw new InputError(
      'cache-path',
      `'${text}' is inside the workspace ${workspace}, which a job may empty; the cache must be a folder of the host outside it`,
      EXAMPLES['cache-path'],
    );
  }
  return root;
}

/**
 * The plan of the step. With repository patterns, call it first without `listedRepositories` (the
 * plan holds the name lines and the patterns), then with the names ListRepositories returned: the
 * patterns are expanded, and a pattern matching nothing is an InputError naming it.
 */
export function parsePlan(raw: RawInputs, ctx: RunContext, listedRepositories?: readonly string[]): Plan {
  const inputs = trimmedInputs(raw);
  const mode = parseMode(inputs.mode);
  const lines = parseRepositoryLines(inputs.repository);
  const region = parseRegion(inputs['aws-region'], lines.specs);
  const specs =
    listedRepositories === undefined ? lines.specs : expandPatterns(lines, listedRepositories, region);
  const roleChain = parseRoleChain(inputs['role-to-assume'], region);
  const useFips = parseBoolean('use-fips', inputs['use-fips']);
  const awsProfile = parseProfile(inputs['aws-profile'], specs);
  const sourceCredentials = parseSourceCredentials(inputs['source-credentials'], awsProfile, roleChain);
  const environmentSts =
    inputs['sts-endpoint'] === '' &&
    ctx.environmentStsEndpoint !== undefined &&
    ctx.environmentStsEndpoint !== ''
      ? parseEnvironmentStsEndpoint(ctx.environmentStsEndpoint.trim(), region)
      : undefined;
  const roleExternalId = parseExternalId(inputs['role-external-id']);
  const filter = parseFilter(inputs.filter);
  const cachePath = parseCachePath(inputs['cache-path'], ctx.workspace, ctx.osFamily ?? 'posix');
  const targets = targetPaths(
    inputs.path,
    specs.map((spec) => spec.name),
    ctx.workspace,
    ctx.osFamily ?? 'posix',
    lines.patterns.length > 0,
  );
  const repositories = specs.map((spec, index) => {
    const git = parseGitEndpoint(inputs['codecommit-endpoint'], spec, region, useFips);
    const repositoryPath = `/v1/repos/${spec.name}`;
    return {
      name: spec.name,
      git,
      repositoryPath,
      cloneUrl: `${git.origin}${repositoryPath}`,
      targetPath: targets[index] ?? '',
    };
  });
  const persistCredentials = parseBoolean('persist-credentials', inputs['persist-credentials']);
  if (mode === 'list' && persistCredentials) {
    throw new InputError(
      'persist-credentials',
      'mode list clones nothing, so there is no clone to persist credentials for',
      'false',
    );
  }
  return {
    mode,
    repositories,
    repositoryPatterns: lines.patterns,
    codecommitApi: parseCodeCommitApiEndpoint(
      inputs['codecommit-api-endpoint'],
      region,
      useFips,
      lines.patterns.length > 0,
    ),
    region,
    partition: partitionOfRegion(region),
    roleChain,
    audience: parseAudience(inputs.audience),
    useFips,
    persistCredentials,
    ...(awsProfile !== undefined ? { awsProfile } : {}),
    sourceCredentials,
    roleSessionName: parseRoleSessionName(inputs['role-session-name'], ctx.runId),
    roleDurationSeconds: parseWholeNumber(
      'role-duration-seconds',
      inputs['role-duration-seconds'],
      3600,
      900,
      43200,
    ),
    ...(roleExternalId !== undefined ? { roleExternalId } : {}),
    sts: environmentSts ?? parseStsEndpoint(inputs['sts-endpoint'], region, useFips),
    ...(environmentSts !== undefined ? { stsEndpointVariable: 'AWS_ENDPOINT_URL_STS' as const } : {}),
    ref: parseRef(inputs.ref),
    fetchDepth: parseWholeNumber('fetch-depth', inputs['fetch-depth'], 1, 0, 2147483647),
    submodules: parseSubmodules(inputs.submodules),
    ...(filter !== undefined ? { filter } : {}),
    sparseCheckout: parseSparseCheckout(inputs['sparse-checkout']),
    networkTimeoutSeconds: parseWholeNumber(
      'network-timeout-seconds',
      inputs['network-timeout-seconds'],
      30,
      1,
      3600,
    ),
    maxAttempts: parseWholeNumber('max-attempts', inputs['max-attempts'], 3, 1, 10),
    concurrency: parseWholeNumber('concurrency', inputs.concurrency, 4, 1, 32),
    clean: parseBoolean('clean', inputs.clean, true),
    ...(cachePath !== undefined ? { cachePath } : {}),
  };
}
