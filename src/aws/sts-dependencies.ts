import type { RunnerSource } from '../plan/runner-source.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import type { RunnerCredentials } from './source-chain.js';
import type { StsClient } from './sts-client.js';
import type { SessionDependencies } from './sts-session.js';

/** What obtaining the step's credentials needs from the world: its STS clients, the source, the log. */
export interface StsDependencies extends SessionDependencies {
  /** An STS client of the step's endpoint: with the source chain when no credentials are given. */
  client: (credentials?: AwsCredentials) => Promise<StsClient>;
  /** When the source is GitHub OIDC: a fresh ID token for the audience (one per attempt). */
  webIdentityToken?: (audience: string) => Promise<string>;
  /** The runner's own credentials (the SDK's chain), whose STS calls are handed back to this module. */
  runnerCredentials: RunnerCredentials;
  /** What that chain will do on this runner, for the deadline's message and the advice. */
  runnerSource?: RunnerSource;
}
