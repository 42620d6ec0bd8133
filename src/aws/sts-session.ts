/**
 * One STS request that issues a session (AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken): sent
 * through a client of the step's STS endpoint with the attempts of aws-attempts.ts, the session masked
 * before anything else sees it. Every session the step gets from STS comes through here.
 */
import type { Plan } from '../plan/plan.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { withAwsAttempts, type AttemptDependencies } from './aws-attempts.js';
import { issuedCredentials } from './issued-credentials.js';
import type { SessionOutput } from './sts-answer.js';
import { operationClient, type StsClient } from './sts-client.js';

export interface CloneCredentials {
  credentials: AwsCredentials;
  /** The last assumed-role ARN, absent when the source credentials are used directly. */
  assumedRoleArn?: string;
}

export interface SessionDependencies extends AttemptDependencies {
  /** Registers a secret with the log. */
  mask: (secret: string) => void;
}

export interface SessionRequest {
  operation: 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetSessionToken';
  /** What the log calls it: `STS AssumeRole <role ARN>`. */
  what: string;
  /**
   * How to make the client to send with: made within the first attempt (part of that attempt's
   * bound), destroyed here when the request has ended.
   */
  client: () => Promise<StsClient>;
  /** One attempt; its parameters are read in it, so that each attempt may carry a fresh ID token. */
  send: (client: StsClient, signal: AbortSignal) => Promise<SessionOutput>;
  /** Words the final failure. */
  explain: (error: unknown, attempts: number) => string;
  beforeEachAttempt?: () => Promise<void>;
}

export async function requestSession(
  plan: Plan,
  request: SessionRequest,
  deps: SessionDependencies,
): Promise<CloneCredentials> {
  const client = operationClient(request.client);
  try {
    const output = await withAwsAttempts(
      plan,
      {
        what: request.what,
        host: plan.sts.host,
        attempt: async (signal) => request.send(await client.get(), signal),
        explain: request.explain,
        ...(request.beforeEachAttempt !== undefined ? { beforeEachAttempt: request.beforeEachAttempt } : {}),
      },
      deps,
    );
    const assumedRoleArn = output.AssumedRoleUser?.Arn;
    return {
      credentials: issuedCredentials(request.operation, output.Credentials, plan.sts.host, deps.mask),
      ...(assumedRoleArn !== undefined ? { assumedRoleArn } : {}),
    };
  } finally {
    client.destroy();
  }
}
