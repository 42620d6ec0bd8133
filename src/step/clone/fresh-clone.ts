/**
 * A clone into a new or empty target, borrowing the host cache's objects when cache-path is set, then
 * its submodules; what it created is removed between attempts and on failure.
 */
import { gitAuthorizationHeader } from '../../aws/git-authorization.js';
import { cloneRepository, type BorrowedObjects, type CloneResult } from '../../git/clone.js';
import type { RepositoryGit } from '../../git/repository-git.js';
import { checkOutSubmodules, type SubmoduleCheckout } from '../../git/submodules.js';
import { borrowedObjects } from '../../workspace/cache-borrow.js';
import { cacheOwner } from '../../workspace/cache-key.js';
import { discardMirror, updateMirror, type MirrorContext } from '../../workspace/cache-mirror.js';
import {
  createCloneTarget,
  planCloneTarget,
  removeCloneTarget,
  type CloneTarget,
} from '../../workspace/clone-target.js';
import { explainSubmoduleFailure, mayCloneAfresh, requesterOf } from './clone-failure.js';
import { gitDependencies, withAttempts, type RepositoryCloneContext } from './clone-context.js';
import { firstLine, messageOf } from '../../core/text.js';

/**
 * With cache-path it borrows the objects of the repository's mirror, brought up to date first; when that
 * clone fails for another reason than the network, the mirror is discarded and the clone made without it.
 */
export async function freshClone(
  git: RepositoryGit,
  context: RepositoryCloneContext,
): Promise<{ clone: CloneResult; withCache: boolean; submodules: SubmoduleCheckout[] }> {
  const target = await planCloneTarget(git.target);
  context.recorder.cloneStarted(target.path, target.createdRoot);
  await createCloneTarget(target);
  const cloneOnce = (borrowed?: BorrowedObjects): Promise<CloneResult> =>
    withAttempts(
      context,
      git.repository,
      () => cloneRepository(git.plan, git.repository, gitDependencies(git.repository, context), borrowed),
      () => recreate(target),
    );
  try {
    const mirrorContext = cacheContext(git, context);
    const use =
      mirrorContext === undefined
        ? undefined
        : 'why' in mirrorContext
          ? mirrorContext
          : await updateMirror(mirrorContext);
    let result: { clone: CloneResult; withCache: boolean };
    if (use?.kind === 'without') git.logger.warning(`${use.why}: cloning without the cache.`);
    if (mirrorContext !== undefined && !('why' in mirrorContext) && use?.kind === 'borrow') {
      try {
        result = { clone: await cloneOnce(borrowedObjects(use.mirror)), withCache: true };
      } catch (error) {
        if (!mayCloneAfresh(error)) throw error;
        git.logger.warning(
          `cache-path: the clone that borrowed from ${use.mirror} failed (${firstLine(messageOf(error))}); ` +
            'the mirror is removed, cloning without the cache.',
        );
        await discardMirror(mirrorContext, use.mirror);
        await recreate(target);
        result = { clone: await cloneOnce(), withCache: false };
      }
    } else {
      result = { clone: await cloneOnce(), withCache: false };
    }
    const submodules = await submodulesOf(git, context);
    context.recorder.outcome(target.path, 'finished');
    return { ...result, submodules };
  } catch (error) {
    await removeCloneTarget(target);
    context.recorder.outcome(target.path, 'cleaned');
    throw error;
  }
}

/** What the cache's mirror needs; undefined without cache-path; why not when it cannot be keyed. */
function cacheContext(
  git: RepositoryGit,
  context: RepositoryCloneContext,
): MirrorContext | { kind: 'without'; why: string } | undefined {
  const { plan } = context;
  const cachePath = plan.cachePath;
  if (cachePath === undefined) return undefined;
  const owner = cacheOwner(context.credentials.assumedRoleArn, context.credentials.credentials);
  if (owner === undefined) {
    return {
      kind: 'without',
      why:
        'cache-path: without role-to-assume the step does not know the account of the repositories, and ' +
        'temporary source credentials change at every rotation, so no mirror can be kept for them ' +
        '(set role-to-assume, whose account keys the mirrors)',
    };
  }
  return {
    plan: { ...plan, cachePath },
    repository: git.repository,
    owner,
    git: gitDependencies(git.repository, context),
    lock: { now: context.now, sleep: context.sleep, every: context.every },
    withAttempts: (operation) => withAttempts(context, git.repository, operation),
    isRemoteFailure: (error) => !mayCloneAfresh(error),
  };
}

async function recreate(target: CloneTarget): Promise<void> {
  await removeCloneTarget(target);
  await createCloneTarget(target);
}

/** The submodules `plan.submodules` asks for, each fetched with the step's attempts. */
export async function submodulesOf(
  git: RepositoryGit,
  context: RepositoryCloneContext,
): Promise<SubmoduleCheckout[]> {
  const { plan, credentials } = context;
  const requester = requesterOf(credentials.assumedRoleArn);
  return checkOutSubmodules(git, {
    logger: context.logger,
    inheritedEnv: context.env,
    authorizationHeader: (repositoryPath) =>
      gitAuthorizationHeader(
        credentials.credentials,
        { host: git.repository.git.host, path: repositoryPath, region: plan.region },
        context.now(),
        context.mask,
      ),
    attempts: (subject, operation) =>
      withAttempts(context, subject.repository ?? git.repository, operation, undefined, (error) =>
        explainSubmoduleFailure(plan, subject, error, requester),
      ),
  });
}
