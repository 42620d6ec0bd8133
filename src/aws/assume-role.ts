import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  type Credentials,
  type STSClient,
} from '@aws-sdk/client-sts';
import { vpcAdviceForUnreachable } from '../diagnosis/vpc-advice.js';
import { hopDurationSeconds, ROLE_CHAINING_MAX_SECONDS } from '../plan/credential-source.js';
import type { Plan } from '../plan/plan.js';
import { maskCredentials } from '../runtime/secrets.js';
import type { AwsCredentials } from './credentials.js';
import { issuedCredentials } from './issued-credentials.js';
import { withDeadline } from './deadline.js';
import { withStsAttempts, type AttemptDependencies } from './sts-attempts.js';
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
    const source = await resolveSourceCredentials(plan, deps.client());
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

async function resolveSourceCredentials(plan: Plan, client: STSClient): Promise<AwsCredentials> {
  const where = plan.awsProfile !== undefined ? `profile '${plan.awsProfile}'` : 'the AWS SDK default chain';
  try {
    const resolved = await withDeadline(
      plan.networkTimeoutSeconds,
      'Resolving source credentials',
      where,
      () => client.config.credentials(),
    );
    return {
      accessKeyId: resolved.accessKeyId,
      secretAccessKey: resolved.secretAccessKey,
      ...(resolved.sessionToken ? { sessionToken: resolved.sessionToken } : {}),
      ...(resolved.expiration ? { expiration: resolved.expiration } : {}),
    };
  } catch (error) {
    throw new Error(
      `Could not resolve source AWS credentials from ${where}: ${describeStsFailure(error)}. ` +
        "Provide them through the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the runner's " +
        "instance profile, 'aws-profile', or GitHub OIDC (permissions: id-token: write).",
      { cause: error },
    );
  } finally {
    client.destroy();
  }
}

async function assumeRole(
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

async function assumeRoleWithWebIdentity(
  plan: Plan,
  roleArn: string,
  idToken: (audience: string) => Promise<string>,
  deps: StsDependencies,
): Promise<CloneCredentials> {
  const client = deps.client();
  try {
    const output = await withStsAttempts(
      plan,
      `STS AssumeRoleWithWebIdentity ${roleArn}`,
      deps,
      async (signal) => {
        const token = await tokenFromGitHub(idToken, plan.audience);
        const command = new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: plan.roleSessionName,
          WebIdentityToken: token,
          DurationSeconds: hopDurationSeconds(plan.roleDurationSeconds, plan.roleChain.length > 1),
        });
        return client.send(command, { abortSignal: signal });
      },
      (error, attempts) => explainWebIdentityFailure(plan, roleArn, error, attempts),
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
    throw new IdTokenError(
      `Could not get a GitHub ID token for audience '${audience}': ${error instanceof Error ? error.message : String(error)}. ` +
        'The job needs `permissions: id-token: write`.',
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
