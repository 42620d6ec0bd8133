/**
 * Where the bench runs. As root it re-runs itself inside private mount and network namespaces
 * (`unshare`), the closed VPC of test-support/closed-vpc: only loopback, the regional endpoint names in a
 * bind-mounted /etc/hosts, port 443. Otherwise (or with BENCH_MODE=loopback) the fakes listen on
 * 127.0.0.1 at random ports and the action is given them as custom endpoints.
 */
import {
  decideNamespaceEntry,
  rerunInClosedNamespace,
  type ClosedVpcMode,
  type EntryVariables,
  type NamespaceEntry,
} from '../../test-support/closed-vpc/namespace-entry.js';

export type BenchMode = ClosedVpcMode;
export type Placement = NamespaceEntry;

const VARIABLES: EntryVariables = {
  mode: 'BENCH_MODE',
  inside: 'CODECOMMIT_BENCH_INSIDE_NAMESPACE',
  reason: 'CODECOMMIT_BENCH_MODE_REASON',
};

export const MODE_VARIABLE = VARIABLES.mode;

export function decidePlacement(env: NodeJS.ProcessEnv = process.env): Placement {
  return decideNamespaceEntry(VARIABLES, env);
}

/** Runs this script again, with the same arguments, inside fresh namespaces; resolves with its exit code. */
export function rerunInNamespaces(reason: string, extraEnv: Record<string, string>): Promise<number> {
  return rerunInClosedNamespace(VARIABLES, reason, extraEnv);
}
