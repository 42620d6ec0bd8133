/**
 * What git-remote-codecommit on its own does for a remote URL, decided before any network call: the
 * region, the profile, the STS endpoint every call of the profile's chain goes to, the git endpoint the
 * password is signed for, and the bounds of every wait. Read from the URL, the environment, the shared
 * AWS files' profile and the `codecommit.*` keys of git's config, then held to the action's own rules
 * (parsePlan). Pure: the caller reads the environment, the files and git's config.
 */
import { INPUT_NAMES, InputError, type InputName, type Plan, type RawInputs } from '../plan/plan.js';
import { parsePlan } from '../plan/inputs.js';
import type { ProfileData, Profiles } from '../plan/runner-source.js';
import type { OsFamily } from '../platform/os-family.js';
import { REMOTE_URL_FORMS, type RemoteAddress } from './remote-address.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The git config keys git-remote-codecommit reads (`git config --get-regexp '^codecommit\.'`). */
export const REMOTE_CONFIG_KEYS = {
  stsEndpoint: 'codecommit.stsEndpoint',
  endpoint: 'codecommit.endpoint',
  networkTimeoutSeconds: 'codecommit.networkTimeoutSeconds',
  maxAttempts: 'codecommit.maxAttempts',
} as const;

export interface RemoteSources {
  env: Env;
  /** `codecommit.*` of git's config, keys lower-cased as git prints them, the last value of each. */
  gitConfig: ReadonlyMap<string, string>;
  /** The shared AWS files, merged by profile name (config and credentials). */
  profiles: Profiles;
  osFamily: OsFamily;
}

/** A remote URL or setting the helper cannot work with; the message names where the value came from. */
export class RemoteSettingsError extends Error {
  override name = 'RemoteSettingsError';
}

/** The action's input each setting is held to, and where the helper's user gives it. */
interface Setting {
  input: InputName;
  value: string;
  /** e.g. `CODE_COMMIT_ENDPOINT` or `git config codecommit.endpoint`. */
  origin: string;
}

function fromConfig(sources: RemoteSources, key: string): string | undefined {
  const value = sources.gitConfig.get(key.toLowerCase());
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function fromEnv(sources: RemoteSources, name: string): string | undefined {
  const value = sources.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The profile the credentials come from: the URL's, else AWS_PROFILE, else the SDK's default chain. */
export function remoteProfile(address: RemoteAddress, env: Env): string | undefined {
  return address.profile ?? (env.AWS_PROFILE?.trim() || undefined);
}

/**
 * The region: the URL's (`codecommit::<region>://`), else AWS_REGION, else AWS_DEFAULT_REGION, else the
 * profile's `region` (the environment before the file, as the AWS SDKs and CLI read them).
 */
function regionSetting(address: RemoteAddress, sources: RemoteSources, profile: string): Setting {
  if (address.region !== undefined)
    return { input: 'aws-region', value: address.region, origin: address.url };
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = fromEnv(sources, name);
    if (value !== undefined) return { input: 'aws-region', value, origin: name };
  }
  const value = sources.profiles[profile]?.region?.trim();
  if (value !== undefined && value !== '') {
    return { input: 'aws-region', value, origin: `the region of profile '${profile}'` };
  }
  throw new RemoteSettingsError(
    `${address.url} names no region, the profile '${profile}' has none, and neither AWS_REGION nor ` +
      `AWS_DEFAULT_REGION is set: use codecommit::<region>://${address.profile !== undefined ? `${address.profile}@` : ''}` +
      `${address.repository}, or add 'region = <region>' to the profile`,
  );
}

/** An https URL as given, or a bare `host[:port]` as AWS's tool takes CODE_COMMIT_ENDPOINT. */
function asUrl(value: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? value : `https://${value}`;
}

/** git config codecommit.endpoint, else CODE_COMMIT_ENDPOINT (what AWS's tool reads), else none. */
function gitEndpointSetting(sources: RemoteSources): Setting | undefined {
  const configured = fromConfig(sources, REMOTE_CONFIG_KEYS.endpoint);
  if (configured !== undefined) {
    return {
      input: 'codecommit-endpoint',
      value: asUrl(configured),
      origin: `git config ${REMOTE_CONFIG_KEYS.endpoint}`,
    };
  }
  const variable = fromEnv(sources, 'CODE_COMMIT_ENDPOINT');
  return variable !== undefined
    ? { input: 'codecommit-endpoint', value: asUrl(variable), origin: 'CODE_COMMIT_ENDPOINT' }
    : undefined;
}

/** AWS_USE_FIPS_ENDPOINT, else the profile's use_fips_endpoint: `true` or `false`. */
function fipsSetting(
  sources: RemoteSources,
  profile: ProfileData | undefined,
  name: string,
): Setting | undefined {
  const variable = fromEnv(sources, 'AWS_USE_FIPS_ENDPOINT');
  const [value, origin] =
    variable !== undefined
      ? [variable, 'AWS_USE_FIPS_ENDPOINT']
      : [profile?.use_fips_endpoint?.trim(), `use_fips_endpoint of profile '${name}'`];
  if (value === undefined || value === '') return undefined;
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    throw new RemoteSettingsError(`${origin} is '${value}': it must be true or false`);
  }
  return { input: 'use-fips', value: lower, origin };
}

function configSetting(sources: RemoteSources, key: string, input: InputName): Setting | undefined {
  const value = fromConfig(sources, key);
  return value !== undefined ? { input, value, origin: `git config ${key}` } : undefined;
}

/**
 * The plan of one remote: the repository of the URL on the git endpoint chosen (codecommit.endpoint,
 * CODE_COMMIT_ENDPOINT, else the regional or, with FIPS, the FIPS name), STS at codecommit.stsEndpoint,
 * AWS_ENDPOINT_URL_STS, else the regional (FIPS) name of the region, never the global one; the source
 * credentials are the profile's (the SDK's chain), used as they are.
 */
export function remotePlan(address: RemoteAddress, sources: RemoteSources): Plan {
  const profile = remoteProfile(address, sources.env);
  const profileName = profile ?? 'default';
  if (profile !== undefined) requireProfile(profile, address, sources.profiles);
  const settings = [
    regionSetting(address, sources, profileName),
    gitEndpointSetting(sources),
    configSetting(sources, REMOTE_CONFIG_KEYS.stsEndpoint, 'sts-endpoint'),
    fipsSetting(sources, sources.profiles[profileName], profileName),
    configSetting(sources, REMOTE_CONFIG_KEYS.networkTimeoutSeconds, 'network-timeout-seconds'),
    configSetting(sources, REMOTE_CONFIG_KEYS.maxAttempts, 'max-attempts'),
  ].filter((setting): setting is Setting => setting !== undefined);
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
  for (const setting of settings) raw[setting.input] = setting.value;
  raw.repository = address.repository;
  raw['source-credentials'] = 'runner';
  const stsVariable = settings.some((setting) => setting.input === 'sts-endpoint')
    ? undefined
    : fromEnv(sources, 'AWS_ENDPOINT_URL_STS');
  try {
    const plan = parsePlan(raw, {
      // The plan's clone target is not used: git chose where the repository goes.
      workspace: sources.osFamily === 'windows' ? 'C:\\git-remote-codecommit' : '/git-remote-codecommit',
      runId: '',
      osFamily: sources.osFamily,
      ...(stsVariable !== undefined ? { environmentStsEndpoint: stsVariable } : {}),
    });
    // A profile name is checked like the action's codecommit:// URLs check theirs (remote-address.ts).
    return profile !== undefined ? { ...plan, awsProfile: profile } : plan;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new RemoteSettingsError(settingProblem(error, settings, stsVariable !== undefined), {
      cause: error,
    });
  }
}

/** A profile named in the URL or AWS_PROFILE must exist: AWS's tool says so, listing the profiles there are. */
function requireProfile(profile: string, address: RemoteAddress, profiles: Profiles): void {
  if (profiles[profile] !== undefined) return;
  const names = Object.keys(profiles).filter((name) => !/^(sso-session|services)\./.test(name));
  throw new RemoteSettingsError(
    `the profile '${profile}' (${address.profile !== undefined ? `of ${address.url}` : 'AWS_PROFILE'}) is in ` +
      'neither ~/.aws/config nor ~/.aws/credentials (nor AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); ' +
      `profiles there: ${names.length > 0 ? names.sort().join(', ') : 'none'}`,
  );
}

/** The refusal of a setting in the words of the helper: where the value came from, not an input name. */
function settingProblem(error: InputError, settings: readonly Setting[], stsFromVariable: boolean): string {
  const given = settings.find((setting) => setting.input === error.input);
  const origin =
    error.input === 'sts-endpoint' && given === undefined && stsFromVariable
      ? 'AWS_ENDPOINT_URL_STS'
      : (given?.origin ?? (error.input === 'repository' ? 'the remote URL' : error.input));
  const problem = error.problem.replace(
    /^empty, so AWS_ENDPOINT_URL_STS of the environment is used, and it is not valid: /,
    '',
  );
  return `${origin}: ${inRemoteHelperTerms(problem)}. Example: ${error.example}`;
}

/**
 * A message of the action (its advice names its inputs) in the words of git-remote-codecommit, whose
 * user gives the same settings through variables and git config.
 */
export function inRemoteHelperTerms(message: string): string {
  return message
    .replace(/'sts-endpoint'/g, `AWS_ENDPOINT_URL_STS (or git config ${REMOTE_CONFIG_KEYS.stsEndpoint})`)
    .replace(/'codecommit-endpoint'/g, `CODE_COMMIT_ENDPOINT (or git config ${REMOTE_CONFIG_KEYS.endpoint})`)
    .replace(/ \(and, for patterns, 'codecommit-api-endpoint'\)/g, '')
    .replace(/set use-fips: false/g, 'unset AWS_USE_FIPS_ENDPOINT')
    .replace(/\bnetwork-timeout-seconds\b/g, `git config ${REMOTE_CONFIG_KEYS.networkTimeoutSeconds}`)
    .replace(/\bmax-attempts\b/g, `git config ${REMOTE_CONFIG_KEYS.maxAttempts}`)
    .replace(
      /'aws-profile', or GitHub OIDC \(permissions: id-token: write\)/g,
      'or a profile named in the URL (codecommit://<profile>@<repository>)',
    )
    .replace(/'aws-profile'/g, `the profile of the URL (${REMOTE_URL_FORMS})`);
}
