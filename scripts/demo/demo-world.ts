/**
 * What the demo needs from its fake AWS, whichever setting it runs in: the accounts, the endpoints the
 * action should use, every endpoint that could have been contacted, and how the step must be configured
 * to reach and trust them.
 */
import type { FakeAwsAccounts, LongTermKey } from '../../test-support/fake-aws-accounts.js';
import type { FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import type { FakeSts } from '../../test-support/fake-sts.js';
import type { FixtureRepository } from '../../test-support/fixture-repos.js';
import type { SilentListener } from '../../test-support/silent-listener.js';
import type { DemoMode } from './closed-namespace.js';

export type ObservedEndpoint =
  | { kind: 'sts'; name: string; listen: string; role: string; fake: FakeSts }
  | { kind: 'git'; name: string; listen: string; role: string; fake: FakeCodeCommit }
  | { kind: 'silent'; name: string; listen: string; role: string; listener: SilentListener };

export interface DemoWorld {
  mode: DemoMode;
  accounts: FakeAwsAccounts;
  runnerKey: LongTermKey;
  runnerPrincipal: string;
  roleArn: string;
  region: string;
  repositoryName: string;
  repository: FixtureRepository;
  /** The test CA every fake's certificate chains to. */
  caCertPath: string;
  /** The endpoints the action is expected to use. */
  sts: FakeSts;
  git: FakeCodeCommit;
  /** The global STS name's silent listener; absent in loopback mode, where no name can be redirected. */
  globalSts?: SilentListener;
  /** Every endpoint that exists in this setting, used by this run or not. */
  endpoints: ObservedEndpoint[];
  /** Inputs this setting needs besides repository, region and role (explicit endpoints without DNS). */
  endpointInputs: Record<string, string>;
  /** Environment the step needs in this setting besides the runner's (how git trusts the test CA). */
  stepEnv: Record<string, string>;
  /** Lines describing the setting, for the first section. */
  setting: string[];
  close(): Promise<void>;
}

/** The session STS issued to the runner in this run, if any. */
export function issuedSession(world: DemoWorld) {
  return world.accounts
    .issuedSessions()
    .find((session) => session.issuedToAccessKeyId === world.runnerKey.accessKeyId);
}
