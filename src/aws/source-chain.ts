import type * as CredentialProviderSdk from '@aws-sdk/credential-provider-node';
import type * as SharedConfigSdk from '@smithy/core/config';
import type { Plan } from '../plan/plan.js';
import {
  describeRunnerSource,
  takesEnvironmentKeys,
  type Profiles,
  type RunnerSource,
} from '../plan/runner-source.js';
import type { AwsCredentials } from '../core/aws-credentials.js';

// The SDK's chain and its reader of the shared files, each loaded on first use: a runner whose
// credentials are the environment's keys needs neither.
let loadingProvider: Promise<typeof CredentialProviderSdk> | undefined;
let loadingSharedConfig: Promise<typeof SharedConfigSdk> | undefined;

function loadCredentialProviderSdk(): Promise<typeof CredentialProviderSdk> {
  return (loadingProvider ??= import('@aws-sdk/credential-provider-node'));
}

function loadSharedConfigSdk(): Promise<typeof SharedConfigSdk> {
  return (loadingSharedConfig ??= import('@smithy/core/config'));
}

/** What the SDK's chain asks of STS, as the SDK passes it (profile role_arn, web identity token file). */
export interface ChainAssumeRoleParams {
  RoleArn: string;
  RoleSessionName: string;
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  DurationSeconds?: number;
}

export interface ChainWebIdentityParams {
  RoleArn: string;
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
  PolicyArns?: { arn?: string }[];
  Policy?: string;
  DurationSeconds?: number;
}

/**
 * The STS calls the chain makes while resolving the runner's credentials, made by the action itself:
 * through the step's endpoint, region, proxy, timeouts and attempts, logged like its own AssumeRole.
 */
export interface ChainAssumers {
  assumeRole(source: AwsCredentials, params: ChainAssumeRoleParams): Promise<AwsCredentials>;
  assumeRoleWithWebIdentity(params: ChainWebIdentityParams): Promise<AwsCredentials>;
}

/** Makes the provider of the runner's own credentials, with the STS calls of the chain given to `assumers`. */
export type RunnerCredentials = (assumers: ChainAssumers) => () => Promise<AwsCredentials>;

/**
 * The AWS SDK's default chain (environment, `aws-profile` or AWS_PROFILE with source_profile, SSO,
 * credential_process, web identity token file, container endpoint, instance metadata), except that its
 * own STS calls go to `assumers` instead of a nested client that would pick its own endpoint, region,
 * FIPS setting and retries. Metadata and container requests wait at most the network timeout. The
 * chain's first step, the environment's keys, is taken here as the SDK takes it (from the process's
 * environment); the SDK is loaded, within the caller's bound, only for the steps after it.
 */
export function sdkRunnerCredentials(plan: Plan): RunnerCredentials {
  return (assumers) => {
    let provider: Promise<() => Promise<AwsCredentials>> | undefined;
    const sdkChain = async (): Promise<() => Promise<AwsCredentials>> => {
      const { defaultProvider } = await loadCredentialProviderSdk();
      const resolve = defaultProvider({
        ...(plan.awsProfile !== undefined ? { profile: plan.awsProfile } : {}),
        roleAssumer: async (source, params) => assumers.assumeRole(plainCredentials(source), params),
        roleAssumerWithWebIdentity: async (params) => assumers.assumeRoleWithWebIdentity(params),
        timeout: plan.networkTimeoutSeconds * 1000,
        maxRetries: 0,
      });
      return async () => plainCredentials(await resolve());
    };
    return async () => {
      if (takesEnvironmentKeys(plan.awsProfile, process.env)) return environmentKeys(process.env);
      return (await (provider ??= sdkChain()))();
    };
  };
}

/** The keys of the environment as the SDK's first step reads them (AWS_SESSION_TOKEN and the expiry too). */
function environmentKeys(env: Readonly<Record<string, string | undefined>>): AwsCredentials {
  return plainCredentials({
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
  });
}

function plainCredentials(resolved: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}): AwsCredentials {
  return {
    accessKeyId: resolved.accessKeyId,
    secretAccessKey: resolved.secretAccessKey,
    ...(resolved.sessionToken ? { sessionToken: resolved.sessionToken } : {}),
    ...(resolved.expiration ? { expiration: resolved.expiration } : {}),
  };
}

/** The runner's shared AWS files (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE …), merged by profile. */
export async function loadRunnerProfiles(): Promise<Profiles> {
  const { parseKnownFiles } = await loadSharedConfigSdk();
  try {
    return (await parseKnownFiles({})) as Profiles;
  } catch {
    return {};
  }
}

/**
 * What the runner's chain will do (runner-source.ts), the shared files read only when it does not take
 * the environment's keys: those come first, and then the files change nothing.
 */
export async function describeRunner(
  awsProfile: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  loadProfiles: () => Promise<Profiles> = loadRunnerProfiles,
): Promise<RunnerSource> {
  return describeRunnerSource(
    awsProfile,
    env,
    takesEnvironmentKeys(awsProfile, env) ? {} : await loadProfiles(),
  );
}
