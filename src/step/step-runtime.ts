/**
 * What every mode of the step needs from the world, passed in by the entry points (and by tests): the log,
 * masks, state, environment, clock, timers, the registry of the git it runs and the clients that reach AWS.
 */
import type { CodeCommitApi } from '../aws/codecommit-api-client.js';
import type { RunnerCredentials } from '../aws/source-chain.js';
import type { StsClient } from '../aws/sts-client.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import type { ConcurrencyLimit } from '../core/adaptive-concurrency.js';
import type { GroupingLogger } from '../core/logger.js';
import type { StageMarks } from '../core/stage-times.js';
import type { GitProcessRegistry } from '../git/git-process-registry.js';
import type { StateStore } from '../core/step-state.js';
import type { Persistence } from '../helpers/persist-credentials.js';
import type { EndpointDiagnosis } from '../network/endpoint-diagnosis.js';
import type { Plan } from '../plan/plan.js';
import type { Profiles } from '../plan/runner-source.js';
import { messageOf } from '../core/text.js';

/** What the step needs from the world; the Actions entry point (and tests) provide it. */
export interface StepRuntime {
  logger: GroupingLogger;
  mask: (secret: string) => void;
  state: StateStore;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every: (ms: number, tick: () => void) => () => void;
  /** Every git the step starts is registered here while it runs: the entry point stops them on cancel. */
  processes: GitProcessRegistry;
  /** How many clones run at once, given the step's ceiling; AdaptiveConcurrency unless given. */
  concurrencyLimit?: (ceiling: number) => ConcurrencyLimit;
  /** Where the step notes the stages it reaches (the debug log's timeline); none in tests. */
  stages?: StageMarks;
  /** Defaults to an STS client of the plan's endpoint, signing with the given credentials. */
  stsClient?: (plan: Plan, proxy?: URL, credentials?: AwsCredentials) => Promise<StsClient>;
  /** A GitHub ID token for an audience (the runner's OIDC token service); used when the source is GitHub OIDC. */
  idToken?: (audience: string) => Promise<string>;
  /** Defaults to the AWS SDK's chain with its STS calls made through the step's endpoint. */
  runnerCredentials?: (plan: Plan) => RunnerCredentials;
  /** Defaults to the runner's shared AWS files. */
  runnerProfiles?: () => Promise<Profiles>;
  /** Where persist-credentials keeps the session for later steps; only the Actions runtime has one. */
  persistence?: Persistence;
  /** Defaults to the SDK's CodeCommit client of the plan's API endpoint (loaded when a pattern is given). */
  codecommitApi?: (plan: Plan, proxy: URL | undefined, credentials: AwsCredentials) => Promise<CodeCommitApi>;
}

/** What the step found out about its endpoints, filled in as it goes: the job summary shows it, failed or not. */
export interface StepReport {
  diagnoses: EndpointDiagnosis[];
}

/**
 * A step that failed before it had outcomes (inputs, a target, the credentials, the listing), with what
 * it had found about its endpoints by then: the job summary shows that, failed or not.
 */
export class StepFailure extends Error {
  constructor(
    readonly failure: unknown,
    readonly diagnoses: EndpointDiagnosis[],
  ) {
    super(messageOf(failure), { cause: failure });
    this.name = 'StepFailure';
  }
}

/** Runs a step with its own report; a failure carries what the report holds by then. */
export async function withStepReport<T>(run: (report: StepReport) => Promise<T>): Promise<T & StepReport> {
  const report: StepReport = { diagnoses: [] };
  try {
    return { ...(await run(report)), diagnoses: report.diagnoses };
  } catch (error) {
    throw new StepFailure(error, report.diagnoses);
  }
}
