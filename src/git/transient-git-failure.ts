/**
 * Whether a failed git network command is worth another attempt: server errors, resets, early EOF, DNS
 * and connection failures and stalls are; refusals (401/403), a missing repository or ref are not.
 */
const PERMANENT =
  /returned error: (401|403|404)|Authentication failed|repository '.*' not found|does not exist|Remote branch .* not found|couldn't find remote ref|not our ref|unadvertised object/i;

const TRANSIENT =
  /returned error: 5\d\d|early EOF|Connection reset|RPC failed|transfer closed|unexpected disconnect|remote end hung up|Recv failure|Send failure|Operation timed out|SSL_read|SSL_ERROR_SYSCALL|Failed to connect|Connection refused|Couldn't connect|Could not resolve host|Connection timed out/i;

export function isTransientGitFailure(stderr: string, timedOut: boolean): boolean {
  if (PERMANENT.test(stderr)) return false;
  return timedOut || TRANSIENT.test(stderr);
}
