import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { parseKnownFiles } from '@smithy/core/config';
import type { Plan } from '../plan/plan.js';
import type { Profiles } from '../plan/runner-source.js';
import type { AwsCredentials } from '../core/aws-credentials.js';

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
 * FIPS setting and retries. Metadata and container requests wait at most the network timeout.
 */
export function sdkRunnerCredentials(plan: Plan): RunnerCredentials {
  return (assumers) => {
    const provider = defaultProvider({
      ...(plan.awsProfile !== undefined ? { profile: plan.awsProfile } : {}),
      roleAssumer: async (source, params) => assumers.assumeRole(plainCredentials(source), params),
      roleAssumerWithWebIdentity: async (params) => assumers.assumeRoleWithWebIdentity(params),
      timeout: plan.networkTimeoutSeconds * 1000,
      maxRetries: 0,
    });
    return async () => plainCredentials(await provider());
  };
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
  try {
    return (await parseKnownFiles({})) as Profiles;
  } catch {
    return {};
  }
}
