import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Plan } from '../plan/plan.js';
import type { Logger } from '../runtime/logger.js';
import { vpcAdviceForUnreachable } from '../diagnosis/vpc-advice.js';
import type { AwsCredentials } from './credentials.js';
import { withDeadline } from './deadline.js';
import { backoffMilliseconds, isTransientStsFailure } from './retry-policy.js';
import { describeStsFailure, stsFailureFacts } from './sts-failure.js';

export interface CloneCredentials {
  credentials: AwsCredentials;
  /** The assumed-role ARN, absent when the source credentials are used directly. */
  assumedRoleArn?: string;
}

export interface StsDependencies {
  client: STSClient;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** Source credentials from the SDK default chain (or aws-profile), then one AssumeRole when asked. */
export async function obtainCloneCredentials(plan: Plan, deps: StsDependencies): Promise<CloneCredentials> {
  const source = await resolveSourceCredentials(plan, deps.client);
  if (plan.roleToAssume === undefined) {
    deps.logger.info('No role-to-assume: using the source credentials directly.');
    return { credentials: source };
  }
  return assumeRole(plan, plan.roleToAssume, deps);
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
        "instance profile, or 'aws-profile'.",
      { cause: error },
    );
  }
}

async function assumeRole(plan: Plan, roleArn: string, deps: StsDependencies): Promise<CloneCredentials> {
  const command = new AssumeRoleCommand({
    RoleArn: roleArn,
    RoleSessionName: plan.roleSessionName,
    DurationSeconds: plan.roleDurationSeconds,
    ...(plan.roleExternalId !== undefined ? { ExternalId: plan.roleExternalId } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    deps.logger.info(
      `STS AssumeRole ${roleArn} at ${plan.sts.host} (attempt ${attempt} of ${plan.maxAttempts})`,
    );
    try {
      const output = await withDeadline(
        plan.networkTimeoutSeconds,
        'STS AssumeRole',
        plan.sts.host,
        (signal) => deps.client.send(command, { abortSignal: signal }),
      );
      return credentialsFromOutput(output.Credentials, output.AssumedRoleUser?.Arn, plan);
    } catch (error) {
      const facts = stsFailureFacts(error);
      const transient = isTransientStsFailure(facts);
      if (!transient || attempt >= plan.maxAttempts) {
        throw new Error(explainAssumeRoleFailure(plan, roleArn, error, attempt), { cause: error });
      }
      const waitMs = backoffMilliseconds(attempt, deps.random());
      deps.logger.warning(
        `STS AssumeRole at ${plan.sts.host} failed (${describeStsFailure(error)}); retrying in ${waitMs} ms`,
      );
      await deps.sleep(waitMs);
    }
  }
}

function credentialsFromOutput(
  credentials:
    { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
  assumedRoleArn: string | undefined,
  plan: Plan,
): CloneCredentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    throw new Error(`STS AssumeRole at ${plan.sts.host} answered without credentials`);
  }
  return {
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
      ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
    },
    ...(assumedRoleArn !== undefined ? { assumedRoleArn } : {}),
  };
}

function explainAssumeRoleFailure(plan: Plan, roleArn: string, error: unknown, attempts: number): string {
  const facts = stsFailureFacts(error);
  const head = `STS AssumeRole of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeStsFailure(error)}.`;
  if (facts.timedOut || facts.errno !== undefined) {
    return `${head} ${vpcAdviceForUnreachable('sts', plan.sts.hostname, plan.region)}`;
  }
  if (facts.code === 'AccessDenied') {
    return (
      `${head} Check both sides: the trust policy of ${roleArn} must allow the source principal ` +
      `(and the external ID, if it requires one), and the source principal needs sts:AssumeRole on ${roleArn}.`
    );
  }
  if (
    facts.code === 'InvalidClientTokenId' ||
    facts.code === 'ExpiredToken' ||
    facts.code === 'SignatureDoesNotMatch'
  ) {
    return `${head} The source credentials were refused: check that they are current and belong to the expected account.`;
  }
  return head;
}
