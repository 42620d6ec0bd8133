/** What git's stderr says when a network command failed: the phrases several decisions read. Pure. */

/** The server has no such branch, tag or commit to give. */
export const MISSING_REF =
  /Remote branch .* not found|couldn't find remote ref|not our ref|unadvertised object/i;

/** The server does not honour `--filter` (no `filter` capability): git fetches every blob instead. */
export const FILTER_NOT_RECOGNIZED = /filtering not recognized by server, ignoring/i;

/** The repository is not there (or not for these credentials, as CodeCommit words a 404). */
export const MISSING_REPOSITORY = /returned error: 404|repository '.*' not found|does not exist/i;

/** The server answered with an HTTP status: the request got through the network. */
export const HTTP_STATUS_ANSWER = /returned error: \d{3}/i;

/** The transfer began and broke off: a reset, an early EOF, a failed RPC. */
export const TRANSFER_BROKE_OFF = /early EOF|Connection reset|RPC failed|transfer closed/i;

/** The git host's name did not resolve. */
export const HOST_NOT_RESOLVED = /Could not resolve host/i;

/** No TCP connection to the git host: refused, timed out, or failed otherwise. */
export const NO_CONNECTION = /Failed to connect|Connection refused|Connection timed out|Couldn't connect/i;

/** curl's and git's words for a failed TLS handshake or certificate check. */
export const TLS_FAILURE =
  /SSL certificate problem|SSL_connect|SSL_ERROR|OpenSSL SSL_|gnutls_handshake|TLS handshake|server certificate verification failed|unable to get local issuer certificate|certificate has expired|self[- ]signed certificate/i;
