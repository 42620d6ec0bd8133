import type { GitProcessRegistry } from '../git/git-process-registry.js';
import { RepositoryGit } from '../git/repository-git.js';
import { InputError, type Plan, type RepositoryPlan } from '../plan/plan.js';
import type { Logger } from '../core/logger.js';
import { checkCloneTarget } from './clone-target.js';
import { inspectOccupiedTarget } from './occupied-target.js';

/** What the step will do with a target, decided before any network call. */
export type TargetPreparation =
  /** Nothing there yet, or an empty folder: a fresh clone. */
  | { kind: 'clone' }
  /** A clone of the same repository: updated in place. */
  | { kind: 'reuse'; gitDir: string }
  /** Anything else (with clean: true): emptied, then cloned afresh. */
  | { kind: 'replace'; holds: string };

/** How a target was made ready, for the log, the summary and the outputs. */
export type Preparedness = 'cloned' | 'reused' | 'replaced';

const PATH_EXAMPLE = 'src/my-service';

/**
 * Looks at every target (local checks and local git only) and decides, for each, to clone, reuse or
 * replace. With clean: false a target holding anything but a clone of its repository is refused, naming
 * the way out; so is any target outside the workspace, a file or a symbolic link, as before.
 */
export async function prepareTargets(
  plan: Plan,
  workspace: string,
  inheritedEnv: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  processes: GitProcessRegistry,
): Promise<TargetPreparation[]> {
  const preparations: TargetPreparation[] = [];
  for (const repository of plan.repositories) {
    preparations.push(await prepareTarget(plan, repository, workspace, inheritedEnv, logger, processes));
  }
  return preparations;
}

async function prepareTarget(
  plan: Plan,
  repository: RepositoryPlan,
  workspace: string,
  inheritedEnv: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  processes: GitProcessRegistry,
): Promise<TargetPreparation> {
  if ((await checkCloneTarget(workspace, repository.targetPath)) !== 'occupied') return { kind: 'clone' };
  const git = new RepositoryGit(plan, repository, {
    logger,
    inheritedEnv,
    processes,
    authorizationHeader: () => Promise.reject(new Error('no network call while looking at the target')),
  });
  const found = await inspectOccupiedTarget(git);
  if (found.kind === 'same-clone') return { kind: 'reuse', gitDir: found.gitDir };
  if (!plan.clean) {
    throw new InputError(
      'path',
      `${repository.targetPath} holds ${found.holds}; with clean: false it is kept as it is, so set ` +
        'clean: true to empty it and clone afresh, or choose another path',
      PATH_EXAMPLE,
    );
  }
  return { kind: 'replace', holds: found.holds };
}
