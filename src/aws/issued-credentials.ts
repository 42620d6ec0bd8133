import type { IssuedSession } from './sts-answer.js';
import { maskCredentials } from '../core/secrets.js';
import type { AwsCredentials } from '../core/aws-credentials.js';

/**
 * The temporary credentials an STS answer carries, masked (with their derived forms) before they are
 * returned: an intermediate session of a role chain is as secret as the last one, and a log line written
 * after this point may hold any of them.
 */
export function issuedCredentials(
  operation: string,
  credentials: IssuedSession | undefined,
  stsHost: string,
  mask: (secret: string) => void,
): AwsCredentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    throw new Error(`STS ${operation} at ${stsHost} answered without credentials`);
  }
  const issued: AwsCredentials = {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
  };
  maskCredentials(issued, mask);
  return issued;
}
