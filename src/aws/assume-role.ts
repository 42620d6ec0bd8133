import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  type Credentials,
  type STSClient,
} from '@aws-sdk/client-sts';
import { vpcAdviceForUnreachable } from '../network/vpc-advice.js';
import { hopDurationSeconds, ROLE_CHAINING_MAX_SECONDS } from '../plan/credential-source.js';
import type { Plan } from '../plan/plan.js';
import { sourceStepAdvice, stepWaitedFor, type WaitingStep } from './source-advice.js';
import type { RunnerSource } from '../plan/runner-source.js';
import { maskCredentials } from '../core/secrets.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { issuedCredentials } from './issued-credentials.js';
import { DeadlineError, withPausableDeadline } from '../core/deadline.js';
import type { ChainAssumeRoleParams, ChainWebIdentityParams, RunnerCredentials } from './source-chain.js';
import { StsOperationError, withStsAttempts, type AttemptDependencies } from './sts-attempts.js';
import { describeStsFailure, stsFailureFacts } from './sts-failure.js';

export interface CloneCredentials {
  credentials: AwsCredentials;
  /** The last assumed-role ARN, absent when the source credentials are used directly. */
  assumedRoleArn?: string;
}

export interface StsDependencies extends AttemptDependencies {
  /** An STS client of the step's endpoint: with the source chain when no credentials are given. */
  client: (credentials?: AwsCredentials) => STSClient;
  /** When the source is GitHub OIDC: a fresh ID token for the audience (one per attempt). */
  webIdentityToken?: (audience: string) => Promise<string>;
  /** Registers a secret with the log (every credential the chain meets, as soon as it is known). */
  mask: (secret: string) => void;
  /** The runner's own credentials (the SDK's chain), whose STS calls are handed back to this module. */
  runnerCredentials: RunnerCredentials;
  /** What that chain will do on this runner, for the deadline's message and the advice. */
  runnerSource?: RunnerSource;
}

/** The runner's credentials could not be had; says which step of the chain failed. */
export class SourceCredentialsError extends Error {
  override name = 'SourceCredentialsError';
}

/**
 * The credentials git signs with: the source credentials (SDK default chain or aws-profile) or GitHub's
 * ID token, then each role of `plan.roleChain` in turn, each assumed with the one before.
 */
export async function obtainCloneCredentials(plan: Plan, deps: StsDependencies): Promise<CloneCredentials> {
  const chain = plan.roleChain;
  let current: CloneCredentials;
  let next = 0;
  if (deps.webIdentityToken !== undefined) {
    const [first] = chain;
    if (first === undefined) {
      throw new Error(
        "GitHub OIDC gives no AWS credentials by itself: set 'role-to-assume' to the role that trusts " +
          'token.actions.githubusercontent.com (or give AWS credentials to the runner).',
      );
    }
    current = await assumeRoleWithWebIdentity(plan, first, deps.webIdentityToken, deps);
    next = 1;
  } else {
    const source = await resolveSourceCredentials(plan, deps);
    maskCredentials(source, deps.mask);
    if (chain.length === 0) {
      deps.logger.info('No role-to-assume: using the source credentials directly.');
      return { credentials: source };
    }
    current = { credentials: source };
  }
  const sourceIsSession =
    deps.webIdentityToken === undefined && current.credentials.sessionToken !== undefined;
  if ((chain.length > 1 || sourceIsSession) && plan.roleDurationSeconds > ROLE_CHAINING_MAX_SECONDS) {
    deps.logger.warning(
      `role-duration-seconds ${plan.roleDurationSeconds} is more than STS allows for role chaining ` +
        `(${chain.length > 1 ? 'several roles' : 'the source credentials are a role session'}): ` +
        `the session lasts ${ROLE_CHAINING_MAX_SECONDS} s.`,
    );
  }
  for (let index = next; index < chain.length; index++) {
    const roleArn = chain[index] ?? '';
    const client = deps.client(current.credentials);
    try {
      current = await assumeRole(plan, roleArn, index, chain.length > 1 || sourceIsSession, client, deps);
    } finally {
      client.destroy();
    }
  }
  return current;
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
    if (error instanceof StsOperationError) {
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
      `Could not resolve source AWS credentials from ${where}: ${describeStsFailure(error)}. ` +
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
  const client = deps.client(credentials);
  try {
    const command = new AssumeRoleCommand(params);
    const output = await withStsAttempts(
      plan,
      `STS AssumeRole ${params.RoleArn} (source profile)`,
      deps,
      (signal) => client.send(command, { abortSignal: signal }),
      (error, attempts) => explainChainFailure(plan, 'AssumeRole', params.RoleArn, error, attempts),
    );
    return credentialsFromOutput(
      'AssumeRole',
      output.Credentials,
      output.AssumedRoleUser?.Arn,
      plan,
      deps.mask,
    ).credentials;
  } finally {
    client.destroy();
  }
}

/** The AssumeRoleWithWebIdentity of AWS_WEB_IDENTITY_TOKEN_FILE (EKS IRSA), through the step's endpoint. */
async function assumeChainWebIdentity(
  plan: Plan,
  params: ChainWebIdentityParams,
  deps: StsDependencies,
): Promise<AwsCredentials> {
  // The token file's contents prove the runner's identity for as long as the token lives: a secret too.
  deps.mask(params.WebIdentityToken);
  const client = deps.client();
  try {
    const command = new AssumeRoleWithWebIdentityCommand(params);
    const output = await withStsAttempts(
      plan,
      `STS AssumeRoleWithWebIdentity ${params.RoleArn} (web identity token file)`,
      deps,
      (signal) => client.send(command, { abortSignal: signal }),
      (error, attempts) =>
        explainChainFailure(plan, 'AssumeRoleWithWebIdentity', params.RoleArn, error, attempts),
    );
    return credentialsFromOutput(
      'AssumeRoleWithWebIdentity',
      output.Credentials,
      output.AssumedRoleUser?.Arn,
      plan,
      deps.mask,
    ).credentials;
  } finally {
    client.destroy();
  }
}

function explainChainFailure(
  plan: Plan,
  operation: 'AssumeRole' | 'AssumeRoleWithWebIdentity',
  roleArn: string,
  error: unknown,
  attempts: number,
): string {
  const head = `STS ${operation} of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeStsFailure(error)}.`;
  const network = networkAdvice(plan, error);
  return network !== undefined ? `${head} ${network}` : head;
}

/** One hop of `plan.roleChain`: AssumeRole of `roleArn` with the client's credentials, bounded and retried. */
export async function assumeRole(
  plan: Plan,
  roleArn: string,
  index: number,
  chaining: boolean,
  client: STSClient,
  deps: StsDependencies,
): Promise<CloneCredentials> {
  const last = index === plan.roleChain.length - 1;
  const command = new AssumeRoleCommand({
    RoleArn: roleArn,
    RoleSessionName: plan.roleSessionName,
    DurationSeconds: hopDurationSeconds(plan.roleDurationSeconds, chaining),
    ...(last && plan.roleExternalId !== undefined ? { ExternalId: plan.roleExternalId } : {}),
  });
  const output = await withStsAttempts(
    plan,
    `STS AssumeRole ${roleArn}`,
    deps,
    (signal) => client.send(command, { abortSignal: signal }),
    (error, attempts) => explainAssumeRoleFailure(plan, roleArn, error, attempts, index),
  );
  return credentialsFromOutput(
    'AssumeRole',
    output.Credentials,
    output.AssumedRoleUser?.Arn,
    plan,
    deps.mask,
  );
}

/** The first hop when the source is GitHub OIDC: a fresh ID token for each attempt. */
export async function assumeRoleWithWebIdentity(
  plan: Plan,
  roleArn: string,
  idToken: (audience: string) => Promise<string>,
  deps: StsDependencies,
): Promise<CloneCredentials> {
  const client = deps.client();
  let token = '';
  try {
    const output = await withStsAttempts(
      plan,
      `STS AssumeRoleWithWebIdentity ${roleArn}`,
      deps,
      async (signal) => {
        const command = new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: plan.roleSessionName,
          WebIdentityToken: token,
          DurationSeconds: hopDurationSeconds(plan.roleDurationSeconds, plan.roleChain.length > 1),
        });
        return client.send(command, { abortSignal: signal });
      },
      (error, attempts) => explainWebIdentityFailure(plan, roleArn, error, attempts),
      {
        beforeEachAttempt: async () => {
          token = await tokenFromGitHub(idToken, plan.audience);
        },
      },
    );
    return credentialsFromOutput(
      'AssumeRoleWithWebIdentity',
      output.Credentials,
      output.AssumedRoleUser?.Arn,
      plan,
      deps.mask,
    );
  } finally {
    client.destroy();
  }
}

/** GitHub's token service failing is not STS failing: say which one, and what the job needs. */
class IdTokenError extends Error {
  override name = 'IdTokenError';
}

async function tokenFromGitHub(
  idToken: (audience: string) => Promise<string>,
  audience: string,
): Promise<string> {
  try {
    return await idToken(audience);
  } catch (error) {
    const advice =
      error instanceof DeadlineError
        ? "The runner must reach GitHub's token service (ACTIONS_ID_TOKEN_REQUEST_URL) as it reaches GitHub " +
          'for its jobs: the same proxy (HTTPS_PROXY), or a route out of the VPC.'
        : 'The job needs `permissions: id-token: write`.';
    throw new IdTokenError(
      `Could not get a GitHub ID token for audience '${audience}': ${error instanceof Error ? error.message : String(error)}. ${advice}`,
      { cause: error },
    );
  }
}

/** Every session STS issues goes through here, and is masked before anything else sees it. */
function credentialsFromOutput(
  operation: 'AssumeRole' | 'AssumeRoleWithWebIdentity',
  credentials: Credentials | undefined,
  assumedRoleArn: string | undefined,
  plan: Plan,
  mask: (secret: string) => void,
): CloneCredentials {
  return {
    credentials: issuedCredentials(operation, credentials, plan.sts.host, mask),
    ...(assumedRoleArn !== undefined ? { assumedRoleArn } : {}),
  };
}

function networkAdvice(plan: Plan, error: unknown): string | undefined {
  const facts = stsFailureFacts(error);
  return facts.timedOut || facts.errno !== undefined
    ? vpcAdviceForUnreachable('sts', plan.sts.hostname, plan.region)
    : undefined;
}

function explainAssumeRoleFailure(
  plan: Plan,
  roleArn: string,
  error: unknown,
  attempts: number,
  index: number,
): string {
  const facts = stsFailureFacts(error);
  const hop =
    plan.roleChain.length > 1 ? ` (role ${index + 1} of ${plan.roleChain.length} in the chain)` : '';
  const head = `STS AssumeRole of ${roleArn}${hop} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeStsFailure(error)}.`;
  const network = networkAdvice(plan, error);
  if (network !== undefined) return `${head} ${network}`;
  if (facts.code === 'AccessDenied') {
    const caller = index === 0 ? 'the source principal' : `the session of ${plan.roleChain[index - 1] ?? ''}`;
    return (
      `${head} Check both sides: the trust policy of ${roleArn} must allow ${caller} ` +
      `(and the external ID, if it requires one), and ${caller} needs sts:AssumeRole on ${roleArn}.`
    );
  }
  if (
    facts.code !== undefined &&
    /^(InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch)(Exception)?$/.test(facts.code)
  ) {
    const refused =
      index === 0 ? 'The source credentials were' : `The session of ${plan.roleChain[index - 1] ?? ''} was`;
    return `${head} ${refused} refused: check that they are current and belong to the expected account.`;
  }
  return head;
}

function explainWebIdentityFailure(plan: Plan, roleArn: string, error: unknown, attempts: number): string {
  if (error instanceof IdTokenError) return error.message;
  const facts = stsFailureFacts(error);
  const head = `STS AssumeRoleWithWebIdentity of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeStsFailure(error)}.`;
  const network = networkAdvice(plan, error);
  if (network !== undefined) return `${head} ${network}`;
  // The SDK names some of these codes with an `Exception` suffix.
  const refused = /^(InvalidIdentityToken|IDPRejectedClaim|ExpiredToken)(Exception)?$|^AccessDenied$/;
  if (facts.code !== undefined && refused.test(facts.code)) {
    return (
      `${head} The trust policy of ${roleArn} must name the OIDC provider token.actions.githubusercontent.com as ` +
      `Federated principal and allow sts:AssumeRoleWithWebIdentity with conditions matching the token: ` +
      `aud = '${plan.audience}' (the 'audience' input) and sub = repo:<owner>/<repository>:… for this workflow.`
    );
  }
  return head;
}
