/**
 * Turns the raw action inputs into a validated Plan, each input read by the file of its concern. Pure:
 * no environment, file system or clock.
 */
import { parseCachePath } from './cache-path-input.js';
import { parseFilter, parseRef, parseSparseCheckout, parseSubmodules } from './checkout-inputs.js';
import {
  parseCodeCommitApiEndpoint,
  parseEnvironmentStsEndpoint,
  parseGitEndpoint,
  parseNamedGitEndpoint,
  parseStsEndpoint,
} from './endpoint-inputs.js';
import { partitionOfRegion } from './endpoints.js';
import {
  parseAudience,
  parseExternalId,
  parseProfile,
  parseRegion,
  parseRoleChain,
  parseRoleSessionName,
  parseSourceCredentials,
} from './identity-inputs.js';
import { EXAMPLES, parseBoolean, parseWholeNumber, trimmedInputs } from './input-text.js';
import {
  InputError,
  type PatternExpansion,
  type Plan,
  type RawInputs,
  type RunContext,
  type StepMode,
} from './plan.js';
import { parseRepositoryLines } from './repository-lines.js';
import { targetPaths } from './target-paths.js';

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
 * The git endpoint of the repositories a pattern may bring in. A refusal is kept, not thrown: it
 * surfaces only if a pattern does bring one in (see pattern-expansion.ts).
 */
function namedGitOutcome(text: string, region: string, useFips: boolean): PatternExpansion['git'] {
  try {
    return { endpoint: parseNamedGitEndpoint(text, region, useFips) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { refusal: error };
  }
}

/**
 * The plan of the step. With repository patterns, the plan holds the name lines as its repositories
 * and what matching the patterns needs: `expandRepositoryPatterns` (pattern-expansion.ts) adds the
 * repositories they match once ListRepositories has answered.
 */
export function parsePlan(raw: RawInputs, ctx: RunContext): Plan {
  const inputs = trimmedInputs(raw);
  const mode = parseMode(inputs.mode);
  const lines = parseRepositoryLines(inputs.repository);
  const region = parseRegion(inputs['aws-region'], lines.specs);
  const roleChain = parseRoleChain(inputs['role-to-assume'], region);
  const useFips = parseBoolean('use-fips', inputs['use-fips']);
  const awsProfile = parseProfile(inputs['aws-profile'], lines.specs);
  const sourceCredentials = parseSourceCredentials(inputs['source-credentials'], awsProfile, roleChain);
  const environmentSts =
    inputs['sts-endpoint'] === '' &&
    ctx.environmentStsEndpoint !== undefined &&
    ctx.environmentStsEndpoint !== ''
      ? parseEnvironmentStsEndpoint(ctx.environmentStsEndpoint.trim(), region)
      : undefined;
  const roleExternalId = parseExternalId(inputs['role-external-id']);
  const filter = parseFilter(inputs.filter);
  const osFamily = ctx.osFamily ?? 'posix';
  const cachePath = parseCachePath(inputs['cache-path'], ctx.workspace, osFamily);
  const hasPatterns = lines.patterns.length > 0;
  const targets = targetPaths(
    inputs.path,
    lines.specs.map((spec) => spec.name),
    ctx.workspace,
    osFamily,
    hasPatterns,
  );
  const repositories = lines.specs.map((spec, index) => {
    const git = parseGitEndpoint(inputs['codecommit-endpoint'], spec, region, useFips);
    const repositoryPath = `/v1/repos/${spec.name}`;
    return {
      name: spec.name,
      git,
      repositoryPath,
      cloneUrl: `${git.origin}${repositoryPath}`,
      targetPath: targets.paths[index] ?? '',
    };
  });
  const patternExpansion: PatternExpansion | undefined =
    hasPatterns && targets.folder !== undefined
      ? {
          lines: lines.entries,
          folder: targets.folder,
          workspace: ctx.workspace,
          osFamily,
          git: namedGitOutcome(inputs['codecommit-endpoint'], region, useFips),
        }
      : undefined;
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
    ...(patternExpansion !== undefined ? { patternExpansion } : {}),
    repositoryPatterns: lines.patterns,
    codecommitApi: parseCodeCommitApiEndpoint(
      inputs['codecommit-api-endpoint'],
      region,
      useFips,
      hasPatterns,
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
