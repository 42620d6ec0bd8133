/**
 * Trust in a test CA for this process's own TLS connections, as NODE_EXTRA_CA_CERTS gives it to a node
 * started with it: every TLS client context made without a `ca` of its own (the AWS SDK's agents, the
 * endpoint probes) trusts the system's roots and `caPem`. For tests that run the step in process against
 * the fakes; call the returned function to undo it.
 */
import tls from 'node:tls';

type CreateSecureContext = typeof tls.createSecureContext;

export function trustCaInThisProcess(caPem: string): () => void {
  const module = tls as { createSecureContext: CreateSecureContext };
  const original = module.createSecureContext;
  const ca = [...tls.rootCertificates, caPem];
  module.createSecureContext = (options) =>
    original(options?.ca === undefined ? { ...options, ca } : options);
  return () => {
    module.createSecureContext = original;
  };
}
