/**
 * The runner's own credentials (the SDK's chain: environment, profile, SSO, credential_process, web
 * identity token file, container or instance metadata), resolved within the network timeout, with the
 * chain's own STS calls made through the step's STS endpoint and attempts.
 */
import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { DeadlineError, withPausableDeadline } from '../core/deadline.js';
import { AwsOperationError } from './aws-attempts.js';
import { describeAwsFailure } from './aws-failure.js';
import { explainChainFailure } from './session-failure.js';
import { sourceStepAdvice, stepWaitedFor, type WaitingStep } from './source-advice.js';
import type { ChainAssumeRoleParams, ChainWebIdentityParams } from './source-chain.js';
import type { StsDependencies } from './sts-dependencies.js';
import type { StsParameters } from './sts-query-client.js';
import { requestSession } from './sts-session.js';

/** The runner's credentials could not be had; says which step of the chain failed. */
export class SourceCredentialsError extends Error {
  override name = 'SourceCredentialsError';
}

/** The runner's own credentials (the SDK's chain), its STS calls through the step's endpoint; bounded. */
export async function resolveSourceCredentials(plan: Plan, deps: StsDependencies): Promise<AwsCredentials> {
  const source = deps.runnerSource;
  const where =
    source?.label ??
    (plan.awsProfile !== undefined ? `profile '${plan.awsProfile}'` : 'the AWS SDK default chain');
  const waited = source !== undefined ? stepWaitedFor(source.steps) : undefined;
  try {
    return await withPausableDeadline(
      plan.networkTimeoutSeconds,
      waited !== undefined ? describeWaited(waited) : 'The AWS SDK credential chain',
      '',
      (pause) =>
        deps.runnerCredentials({
          assumeRole: (credentials, params) =>
            pause.excluding(() => assumeChainRole(plan, credentials, params, deps)),
          assumeRoleWithWebIdentity: (params) =>
            pause.excluding(() => assumeChainWebIdentity(plan, params, deps)),
        })(),
    );
  } catch (error) {
    if (error instanceof AwsOperationError) {
      throw new SourceCredentialsError(
        `Could not resolve source AWS credentials from ${where}: ${error.message}`,
        {
          cause: error,
        },
      );
    }
    if (error instanceof DeadlineError) {
      const advice = waited !== undefined ? ` ${sourceStepAdvice(waited)}` : '';
      throw new SourceCredentialsError(
        `Could not resolve source AWS credentials from ${where}: ${error.message}.${advice}`,
        { cause: error },
      );
    }
    throw new SourceCredentialsError(
      `Could not resolve source AWS credentials from ${where}: ${describeAwsFailure(error)}. ` +
        "Provide them through the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the runner's " +
        "instance profile, 'aws-profile', or GitHub OIDC (permissions: id-token: write).",
      { cause: error },
    );
  }
}

function describeWaited(step: WaitingStep): string {
  switch (step.kind) {
    case 'process':
      return `credential_process \`${step.command}\` of profile '${step.profile}'`;
    case 'instance-metadata':
      return `Instance metadata at ${step.url}`;
    case 'container':
      return `The container credentials endpoint ${step.url}`;
    case 'sso':
      return `IAM Identity Center at ${step.host}`;
  }
}

/** The AssumeRole of a role_arn profile, through the step's STS endpoint and attempts. */
async function assumeChainRole(
  plan: Plan,
  credentials: AwsCredentials,
  params: ChainAssumeRoleParams,
  deps: StsDependencies,
): Promise<AwsCredentials> {
  const session = await requestSession(
    plan,
    {
      operation: 'AssumeRole',
      what: `STS AssumeRole ${params.RoleArn} (source profile)`,
      client: () => deps.client(credentials),
      send: (client, signal) => client.session('AssumeRole', { ...params }, signal),
      explain: (error, attempts) => explainChainFailure(plan, 'AssumeRole', params.RoleArn, error, attempts),
    },
    deps,
  );
  return session.credentials;
}

/** The AssumeRoleWithWebIdentity of AWS_WEB_IDENTITY_TOKEN_FILE (EKS IRSA), through the step's endpoint. */
async function assumeChainWebIdentity(
  plan: Plan,
  params: ChainWebIdentityParams,
  deps: StsDependencies,
): Promise<AwsCredentials> {
  // The token file's contents prove the runner's identity for as long as the token lives: a secret too.
  deps.mask(params.WebIdentityToken);
  const session = await requestSession(
    plan,
    {
      operation: 'AssumeRoleWithWebIdentity',
      what: `STS AssumeRoleWithWebIdentity ${params.RoleArn} (web identity token file)`,
      client: () => deps.client(),
      send: (client, signal) =>
        client.session('AssumeRoleWithWebIdentity', webIdentityParameters(params), signal),
      explain: (error, attempts) =>
        explainChainFailure(plan, 'AssumeRoleWithWebIdentity', params.RoleArn, error, attempts),
    },
    deps,
  );
  return session.credentials;
}

/** The chain's web identity request as STS's Query protocol names it: the policy ARNs as a member list. */
export function webIdentityParameters(params: ChainWebIdentityParams): StsParameters {
  const { PolicyArns, ...rest } = params;
  const parameters: Record<string, string | number | undefined> = { ...rest };
  (PolicyArns ?? []).forEach((policy, index) => {
    parameters[`PolicyArns.member.${index + 1}.arn`] = policy.arn;
  });
  return parameters;
}
