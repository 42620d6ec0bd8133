/**
 * What cloning one repository needs from the step, and the two things every part of it shares: the
 * step's git attempts and the signed git of a repository.
 */
import type { CloneCredentials } from '../../aws/assume-role.js';
import { gitAuthorizationHeader } from '../../aws/git-authorization.js';
import type { Logger } from '../../core/logger.js';
import type { StepRecorder } from '../../core/step-state.js';
import { withGitAttempts } from '../../git/git-attempts.js';
import type { GitFailure } from '../../git/git-failure.js';
import type { GitProcessRegistry } from '../../git/git-process-registry.js';
import type { RepositoryGitDependencies } from '../../git/repository-git.js';
import type { ConfigEntry } from '../../git/url-diversion.js';
import type { EndpointDiagnosis } from '../../network/endpoint-diagnosis.js';
import type { Plan, RepositoryPlan } from '../../plan/plan.js';
import { adviceFor, requesterOf } from './clone-failure.js';

export interface RepositoryCloneContext {
  plan: Plan;
  credentials: CloneCredentials;
  recorder: StepRecorder;
  logger: Logger;
  mask: (secret: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Calls `tick` every `ms` until the returned function is called (the cache lock is touched so). */
  every: (ms: number, tick: () => void) => () => void;
  /** Where every git of the clone is registered while it runs. */
  processes: GitProcessRegistry;
  /** What was found about the repository's git endpoint; a network failure adds a probe to it. */
  diagnosis: EndpointDiagnosis | undefined;
  /** Told of every failed git attempt (the step adapts how many clones run at once). */
  onGitAttemptFailed?: (failure: GitFailure) => void;
  /** The config every new clone of the step starts from, read once for all of them. */
  runnerConfig?: () => Promise<readonly ConfigEntry[]>;
}

/**
 * Runs `operation` with the step's git attempts (src/git/git-attempts.ts), the retry line explaining
 * the failure of `repository` (or as `explain` says, for a submodule).
 */
export function withAttempts<T>(
  context: RepositoryCloneContext,
  repository: RepositoryPlan,
  operation: () => Promise<T>,
  beforeRetry?: () => Promise<void>,
  explain?: Parameters<typeof withGitAttempts>[0]['explain'],
): Promise<T> {
  const requester = requesterOf(context.credentials.assumedRoleArn);
  return withGitAttempts(
    {
      maxAttempts: context.plan.maxAttempts,
      logger: context.logger,
      sleep: context.sleep,
      random: context.random,
      explain: explain ?? ((error) => adviceFor(context.plan, repository, error, requester)),
      ...(context.onGitAttemptFailed !== undefined ? { onAttemptFailed: context.onGitAttemptFailed } : {}),
    },
    operation,
    beforeRetry,
  );
}

export function gitDependencies(
  repository: RepositoryPlan,
  context: RepositoryCloneContext,
): RepositoryGitDependencies {
  return {
    logger: context.logger,
    inheritedEnv: context.env,
    processes: context.processes,
    ...(context.runnerConfig !== undefined ? { runnerConfig: context.runnerConfig } : {}),
    authorizationHeader: () =>
      gitAuthorizationHeader(
        context.credentials.credentials,
        { host: repository.git.host, path: repository.repositoryPath, region: context.plan.region },
        context.now(),
        context.mask,
      ),
  };
}
