import {
  HOST_NOT_RESOLVED,
  MISSING_REF,
  MISSING_REPOSITORY,
  NO_CONNECTION,
  TRANSFER_BROKE_OFF,
} from './git-messages.js';

const REFUSED = /returned error: (401|403)|Authentication failed/i;

/** Server errors and the network failures not named in git-messages.ts. */
const OTHER_TRANSIENT =
  /returned error: 5\d\d|unexpected disconnect|remote end hung up|Recv failure|Send failure|Operation timed out|SSL_read|SSL_ERROR_SYSCALL/i;

const TRANSIENT = [OTHER_TRANSIENT, TRANSFER_BROKE_OFF, HOST_NOT_RESOLVED, NO_CONNECTION];

/**
 * Whether a failed git network command is worth another attempt: server errors, resets, early EOF, DNS
 * and connection failures and stalls are; refusals (401/403), a missing repository or ref are not.
 */
export function isTransientGitFailure(stderr: string, timedOut: boolean): boolean {
  if ([REFUSED, MISSING_REPOSITORY, MISSING_REF].some((pattern) => pattern.test(stderr))) return false;
  return timedOut || TRANSIENT.some((pattern) => pattern.test(stderr));
}
