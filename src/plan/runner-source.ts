/**
 * What the AWS SDK's credential chain will do on this runner, step by step, read from the environment and
 * the shared AWS files in the SDK's order (environment keys, the profile, the web identity token file,
 * the container endpoint, instance metadata). Pure: the caller passes in the environment and the parsed
 * profiles. The log names these steps before the chain runs, and a failure names the one in progress.
 */

/** One thing the chain reads or contacts. */
export type SourceStep =
  | { kind: 'environment' }
  | { kind: 'static-profile'; profile: string }
  | {
      kind: 'sts';
      operation: 'AssumeRole' | 'AssumeRoleWithWebIdentity';
      roleArn: string;
      /** What asks: `profile 'x'` or `AWS_WEB_IDENTITY_TOKEN_FILE`. */
      by: string;
    }
  | { kind: 'process'; command: string; profile: string }
  | { kind: 'sso'; host: string; profile: string }
  | { kind: 'container'; url: string }
  | { kind: 'instance-metadata'; url: string }
  | { kind: 'unusable'; problem: string };

export interface RunnerSource {
  /** One line for the log: where the credentials come from. */
  label: string;
  /** In the order the chain goes through them. */
  steps: SourceStep[];
}

export type ProfileData = Readonly<Record<string, string | undefined>>;
export type Profiles = Readonly<Record<string, ProfileData | undefined>>;

type Env = Readonly<Record<string, string | undefined>>;

const CONTAINER_HOST = 'http://169.254.170.2';

/**
 * Whether the chain takes the environment's keys, its first step: both keys set and no profile named
 * (a profile, given or AWS_PROFILE, skips them). Then neither the shared files nor the rest of the
 * chain matter.
 */
export function takesEnvironmentKeys(awsProfile: string | undefined, env: Env): boolean {
  const profile = awsProfile ?? (env.AWS_PROFILE || undefined);
  return profile === undefined && Boolean(env.AWS_ACCESS_KEY_ID) && Boolean(env.AWS_SECRET_ACCESS_KEY);
}

export function describeRunnerSource(
  awsProfile: string | undefined,
  env: Env,
  profiles: Profiles,
): RunnerSource {
  if (takesEnvironmentKeys(awsProfile, env)) {
    return { label: 'AWS_ACCESS_KEY_ID of the environment', steps: [{ kind: 'environment' }] };
  }
  const profile = awsProfile ?? (env.AWS_PROFILE || undefined);
  const name = profile ?? 'default';
  const named = profile === undefined ? '' : awsProfile !== undefined ? 'aws-profile' : 'AWS_PROFILE';
  if (profiles[name] !== undefined) {
    const steps = profileSteps(name, profiles, env, new Set());
    const usable = !steps.some((step) => step.kind === 'unusable');
    if (usable || profile !== undefined) {
      return { label: `profile '${name}'${named ? ` (${named})` : ''}: ${describeSteps(steps)}`, steps };
    }
  } else if (profile !== undefined) {
    const steps: SourceStep[] = [
      {
        kind: 'unusable',
        problem: `the profile '${name}' (${named}) is in neither ~/.aws/config nor ~/.aws/credentials`,
      },
    ];
    return { label: `profile '${name}' (${named}): not found`, steps };
  }
  const steps = environmentSteps(env);
  return { label: describeSteps(steps), steps };
}

/** After the profiles: the web identity token file, then the container endpoint or instance metadata. */
function environmentSteps(env: Env): SourceStep[] {
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
    return [
      {
        kind: 'sts',
        operation: 'AssumeRoleWithWebIdentity',
        roleArn: env.AWS_ROLE_ARN,
        by: 'AWS_WEB_IDENTITY_TOKEN_FILE',
      },
    ];
  }
  const container = containerUrl(env);
  if (container !== undefined) return [{ kind: 'container', url: container }];
  if (env.AWS_EC2_METADATA_DISABLED && env.AWS_EC2_METADATA_DISABLED !== 'false') {
    return [
      {
        kind: 'unusable',
        problem:
          'no AWS credentials on this runner: no AWS_ACCESS_KEY_ID, no usable default profile, no web identity ' +
          'token file or container endpoint, and instance metadata is disabled (AWS_EC2_METADATA_DISABLED)',
      },
    ];
  }
  return [{ kind: 'instance-metadata', url: instanceMetadataUrl(env) }];
}

function containerUrl(env: Env): string | undefined {
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
    return `${CONTAINER_HOST}${env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}`;
  }
  return env.AWS_CONTAINER_CREDENTIALS_FULL_URI || undefined;
}

function instanceMetadataUrl(env: Env): string {
  if (env.AWS_EC2_METADATA_SERVICE_ENDPOINT) return env.AWS_EC2_METADATA_SERVICE_ENDPOINT.replace(/\/+$/, '');
  return env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE?.toLowerCase() === 'ipv6'
    ? 'http://[fd00:ec2::254]'
    : 'http://169.254.169.254';
}

/** The steps of one profile, following source_profile as the SDK does (a cycle is unusable). */
function profileSteps(name: string, profiles: Profiles, env: Env, visited: Set<string>): SourceStep[] {
  const data = profiles[name];
  if (data === undefined)
    return [{ kind: 'unusable', problem: `the source_profile '${name}' does not exist` }];
  const isStatic = Boolean(data.aws_access_key_id && data.aws_secret_access_key);
  if (visited.size > 0 && isStatic) return [{ kind: 'static-profile', profile: name }];
  if (data.role_arn && (data.source_profile || data.credential_source)) {
    let before: SourceStep[];
    if (data.source_profile) {
      if (visited.has(data.source_profile) || data.source_profile === name) {
        before = [
          { kind: 'unusable', problem: `the profiles form a cycle through '${data.source_profile}'` },
        ];
      } else {
        before = profileSteps(data.source_profile, profiles, env, new Set([...visited, name]));
      }
    } else {
      before = credentialSourceSteps(data.credential_source ?? '', env);
    }
    return [
      ...before,
      { kind: 'sts', operation: 'AssumeRole', roleArn: data.role_arn, by: `profile '${name}'` },
    ];
  }
  if (isStatic) return [{ kind: 'static-profile', profile: name }];
  if (data.web_identity_token_file && data.role_arn) {
    return [
      {
        kind: 'sts',
        operation: 'AssumeRoleWithWebIdentity',
        roleArn: data.role_arn,
        by: `profile '${name}'`,
      },
    ];
  }
  if (data.credential_process) return [{ kind: 'process', command: data.credential_process, profile: name }];
  const ssoRegion =
    data.sso_region ??
    (data.sso_session ? profiles[`sso-session.${data.sso_session}`]?.sso_region : undefined);
  if (data.sso_start_url || data.sso_session || data.sso_account_id || data.sso_role_name) {
    const host = ssoRegion ? `portal.sso.${ssoRegion}.amazonaws.com` : 'the IAM Identity Center portal';
    return [{ kind: 'sso', host, profile: name }];
  }
  return [{ kind: 'unusable', problem: `the profile '${name}' holds no credentials the AWS SDK can use` }];
}

function credentialSourceSteps(source: string, env: Env): SourceStep[] {
  if (source === 'Environment') return [{ kind: 'environment' }];
  if (source === 'Ec2InstanceMetadata') return [{ kind: 'instance-metadata', url: instanceMetadataUrl(env) }];
  if (source === 'EcsContainer') {
    return [
      { kind: 'container', url: containerUrl(env) ?? `${CONTAINER_HOST} (no AWS_CONTAINER_CREDENTIALS_*)` },
    ];
  }
  return [{ kind: 'unusable', problem: `credential_source '${source}' is not one the AWS SDK knows` }];
}

/** `credential_process \`…\`, then STS AssumeRole …`: the chain in one phrase. */
export function describeSteps(steps: readonly SourceStep[]): string {
  return steps.map(describeStep).join(', then ');
}

export function describeStep(step: SourceStep): string {
  switch (step.kind) {
    case 'environment':
      return 'the keys in the environment';
    case 'static-profile':
      return `the keys of profile '${step.profile}'`;
    case 'sts':
      return `STS ${step.operation} of ${step.roleArn} (asked by ${step.by})`;
    case 'process':
      return `credential_process \`${step.command}\` of profile '${step.profile}'`;
    case 'sso':
      return `IAM Identity Center (SSO) at ${step.host} for profile '${step.profile}'`;
    case 'container':
      return `the container credentials endpoint ${step.url}`;
    case 'instance-metadata':
      return `instance metadata at ${step.url}`;
    case 'unusable':
      return step.problem;
  }
}
