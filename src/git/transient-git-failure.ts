import { MISSING_REF, MISSING_REPOSITORY } from './git-messages.js';

const REFUSED = /returned error: (401|403)|Authentication failed/i;

const TRANSIENT =
  /returned error: 5\d\d|early EOF|Connection reset|RPC failed|transfer closed|unexpected disconnect|remote end hung up|Recv failure|Send failure|Operation timed out|SSL_read|SSL_ERROR_SYSCALL|Failed to connect|Connection refused|Couldn't connect|Could not resolve host|Connection timed out/i;

/**
 * Whether a failed git network command is worth another attempt: server errors, resets, early EOF, DNS
 * and connection failures and stalls are; refusals (401/403), a missing repository or ref are not.
 */
export function isTransientGitFailure(stderr: string, timedOut: boolean): boolean {
  if ([REFUSED, MISSING_REPOSITORY, MISSING_REF].some((pattern) => pattern.test(stderr))) return false;
  return timedOut || TRANSIENT.test(stderr);
}
