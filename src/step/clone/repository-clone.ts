import { ignoredFilterWarning } from '../../core/job-summary.js';
import { failureOf, type FailureRecord } from '../../core/failure-record.js';
import type { CloneResult } from '../../git/clone.js';
import { FinalGitFailure } from '../../git/git-attempts.js';
import { isNetworkFailure } from '../../git/git-failure.js';
import { RepositoryGit } from '../../git/repository-git.js';
import { SubmoduleFailure, type SubmoduleCheckout } from '../../git/submodules.js';
import { probeAfterFailure } from '../../network/endpoint-reachability.js';
import type { RepositoryPlan } from '../../plan/plan.js';
import { emptyTarget } from '../../workspace/empty-target.js';
import type { Preparedness, TargetPreparation } from '../../workspace/prepare-target.js';
import { reuseClone } from '../../workspace/reuse-clone.js';
import { gitDependencies, withAttempts, type RepositoryCloneContext } from './clone-context.js';
import { finalFailure, mayCloneAfresh, requesterOf, submoduleFailure } from './clone-failure.js';
import { freshClone, submodulesOf } from './fresh-clone.js';
import { firstLine, messageOf } from '../../core/text.js';

export type RepositoryOutcome =
  | {
      repository: RepositoryPlan;
      ok: true;
      clone: CloneResult;
      /** The submodules checked out (none unless `submodules` asks), nested ones after their parent. */
      submodules: SubmoduleCheckout[];
      seconds: number;
      preparedness: Preparedness;
      /** The clone borrowed the objects of the cache's mirror (cache-path). */
      withCache: boolean;
    }
  | { repository: RepositoryPlan; ok: false; failure: FailureRecord; seconds: number };

/**
 * Makes one repository's target ready as prepared: a fresh clone, an update of the clone already there,
 * or a replacement of whatever else is there. Each network step gets up to `plan.maxAttempts` attempts
 * when git fails transiently. A reuse that fails for another reason than the network, the credentials
 * or a missing repository or ref falls back once to emptying and cloning. On the final failure removes
 * what it created (never a reused clone) and says why. Never throws.
 */
export async function cloneOneRepository(
  repository: RepositoryPlan,
  context: RepositoryCloneContext,
  preparation: TargetPreparation = { kind: 'clone' },
): Promise<RepositoryOutcome> {
  const started = context.now().getTime();
  const seconds = (): number => (context.now().getTime() - started) / 1000;
  const { plan, logger } = context;
  const requester = requesterOf(context.credentials.assumedRoleArn);
  const git = new RepositoryGit(plan, repository, gitDependencies(repository, context));
  const succeeded = (
    {
      clone,
      withCache,
      submodules,
    }: { clone: CloneResult; withCache: boolean; submodules: SubmoduleCheckout[] },
    preparedness: Preparedness,
  ): RepositoryOutcome => {
    const how = { cloned: 'Checked out', reused: 'Updated the clone to', replaced: 'Checked out' }[
      preparedness
    ];
    const cache = withCache ? ' (cloned with the cache)' : '';
    const withSubmodules =
      submodules.length > 0
        ? ` with ${submodules.length} submodule${submodules.length === 1 ? '' : 's'}`
        : '';
    logger.info(
      `${how} ${clone.ref} at ${clone.commit} in ${repository.targetPath}${cache}${withSubmodules}`,
    );
    if (clone.ignoredFilter !== undefined)
      logger.warning(ignoredFilterWarning(repository.name, clone.ignoredFilter, repository.git.host));
    return { repository, ok: true, clone, submodules, seconds: seconds(), preparedness, withCache };
  };
  const failed = async (error: unknown): Promise<RepositoryOutcome> => {
    const record = async (): Promise<FailureRecord> => {
      if (error instanceof SubmoduleFailure) return submoduleFailure(plan, error, requester);
      if (!(error instanceof FinalGitFailure)) return failureOf(error);
      if (isNetworkFailure(error.failure) && context.diagnosis !== undefined) {
        await probeAfterFailure(context.diagnosis, plan);
      }
      return finalFailure(plan, repository, error, requester, context.diagnosis);
    };
    return { repository, ok: false, failure: await record(), seconds: seconds() };
  };
  try {
    if (preparation.kind === 'reuse') {
      logger.info(`${repository.targetPath} holds a clone of ${repository.name}: updating it in place.`);
      try {
        const clone = await withAttempts(context, repository, () => reuseClone(git, preparation.gitDir));
        return succeeded({ clone, withCache: false, submodules: await submodulesOf(git, context) }, 'reused');
      } catch (error) {
        if (!plan.clean || !mayCloneAfresh(error)) return await failed(error);
        logger.warning(
          `Could not update the clone in ${repository.targetPath} (${firstLine(messageOf(error))}); ` +
            'emptying it and cloning afresh.',
        );
        await replace(git, 'the clone that could not be updated');
        return succeeded(await freshClone(git, context), 'replaced');
      }
    }
    if (preparation.kind === 'replace') {
      await replace(git, preparation.holds);
      return succeeded(await freshClone(git, context), 'replaced');
    }
    return succeeded(await freshClone(git, context), 'cloned');
  } catch (error) {
    return await failed(error);
  }
}

/** Empties the target and says what it removed. */
async function replace(git: RepositoryGit, holds: string): Promise<void> {
  const removed = await emptyTarget(git.target);
  git.logger.info(
    `Emptied ${git.target}, which held ${holds}: removed ${removed.length} ${removed.length === 1 ? 'entry' : 'entries'} ` +
      `(${removed.slice(0, 10).join(', ')}${removed.length > 10 ? ', …' : ''}).`,
  );
}
