import type { CloneCredentials } from '../aws/assume-role.js';
import { gitAuthorizationHeader } from '../aws/git-authorization.js';
import { backoffMilliseconds } from '../aws/retry-policy.js';
import { describeDiagnosis, type EndpointDiagnosis } from '../diagnosis/endpoint-diagnosis.js';
import { probeAfterFailure } from '../diagnosis/endpoint-checks.js';
import { explainGitFailure } from '../diagnosis/git-failure.js';
import { cloneRepository, type CloneResult } from '../git/clone.js';
import { HTTP_STATUS_ANSWER, MISSING_REF } from '../git/git-messages.js';
import { GitCommandError, stderrTail } from '../git/git-process.js';
import { isTransientGitFailure } from '../git/transient-git-failure.js';
import type { Plan, RepositoryPlan } from '../plan/plan.js';
import { createCloneTarget, planCloneTarget, removeCloneTarget } from '../workspace/clone-target.js';
import type { Logger } from '../runtime/logger.js';
import type { StepRecorder } from '../runtime/step-state.js';

export type RepositoryOutcome =
  | { repository: RepositoryPlan; ok: true; clone: CloneResult; seconds: number }
  | { repository: RepositoryPlan; ok: false; error: string; seconds: number };

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
  /** What was found about the repository's git endpoint; a network failure adds a probe to it. */
  diagnosis: EndpointDiagnosis | undefined;
}

/**
 * Clones one repository with up to `plan.maxAttempts` attempts when git fails transiently, removing the
 * partial clone between attempts; on the final failure removes what it created and says why. Never throws.
 */
export async function cloneOneRepository(
  repository: RepositoryPlan,
  context: RepositoryCloneContext,
): Promise<RepositoryOutcome> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const { plan, logger } = context;
  try {
    const target = await planCloneTarget(repository.targetPath);
    context.recorder.cloneStarted(target.path, target.createdRoot);
    await createCloneTarget(target);
    for (let attempt = 1; ; attempt++) {
      try {
        const clone = await cloneRepository(plan, repository, {
          logger,
          inheritedEnv: context.env,
          authorizationHeader: () =>
            gitAuthorizationHeader(
              context.credentials.credentials,
              { host: repository.git.host, path: repository.repositoryPath, region: plan.region },
              context.now(),
              context.mask,
            ),
        });
        context.recorder.outcome(target.path, 'finished');
        logger.info(`Checked out ${clone.ref} at ${clone.commit} in ${repository.targetPath}`);
        return { repository, ok: true, clone, seconds: seconds() };
      } catch (error) {
        await removeCloneTarget(target);
        const retry =
          error instanceof GitCommandError &&
          attempt < plan.maxAttempts &&
          isTransientGitFailure(error.stderr, error.timedOutAfterSeconds !== undefined);
        if (!retry) {
          context.recorder.outcome(target.path, 'cleaned');
          if (!(error instanceof GitCommandError)) throw error;
          if (isNetworkGitFailure(error) && context.diagnosis !== undefined) {
            await probeAfterFailure(context.diagnosis, plan);
          }
          return {
            repository,
            ok: false,
            error: explained(plan, repository, error, attempt, context),
            seconds: seconds(),
          };
        }
        const waitMs = backoffMilliseconds(attempt, context.random());
        logger.warning(
          `${capitalized(error.what)} failed (attempt ${attempt} of ${plan.maxAttempts}): ` +
            `${explainGitFailure(plan, repository, error.stderr, error.timedOutAfterSeconds)} Retrying in ${waitMs} ms.`,
        );
        await context.sleep(waitMs);
        await createCloneTarget(target);
      }
    }
  } catch (error) {
    return {
      repository,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      seconds: seconds(),
    };
  }
}

/** No HTTP answer came back: DNS, connect, TLS, a reset or a stall. */
function isNetworkGitFailure(error: GitCommandError): boolean {
  return (
    error.timedOutAfterSeconds !== undefined ||
    !(HTTP_STATUS_ANSWER.test(error.stderr) || MISSING_REF.test(error.stderr))
  );
}

function explained(
  plan: Plan,
  repository: RepositoryPlan,
  error: GitCommandError,
  attempts: number,
  context: RepositoryCloneContext,
): string {
  const explanation = explainGitFailure(plan, repository, error.stderr, error.timedOutAfterSeconds);
  const said =
    error.timedOutAfterSeconds === undefined && error.stderr.trim()
      ? `\ngit: ${stderrTail(error.stderr)}`
      : '';
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const found =
    isNetworkGitFailure(error) && context.diagnosis !== undefined
      ? `\n${describeDiagnosis(context.diagnosis)}`
      : '';
  return `${capitalized(error.what)} failed${tries}: ${explanation}${said}${found}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
