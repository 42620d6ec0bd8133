import type { CloneCredentials } from '../../aws/assume-role.js';
import { gitAuthorizationHeader } from '../../aws/git-authorization.js';
import { backoffMilliseconds } from '../../aws/retry-policy.js';
import { describeDiagnosis, type EndpointDiagnosis } from '../../network/endpoint-diagnosis.js';
import { probeAfterFailure } from '../../network/endpoint-reachability.js';
import { explainGitFailure } from '../../git/git-failure-advice.js';
import { cloneRepository, type BorrowedObjects, type CloneResult } from '../../git/clone.js';
import { FinalGitFailure } from '../../git/final-git-failure.js';
import { HTTP_STATUS_ANSWER, MISSING_REF, MISSING_REPOSITORY, TLS_FAILURE } from '../../git/git-messages.js';
import { GitCommandError, stderrTail } from '../../git/git-process.js';
import { DivertedRemoteError } from '../../git/remote-url-check.js';
import { RepositoryGit, type RepositoryGitDependencies } from '../../git/repository-git.js';
import {
  checkOutSubmodules,
  SubmoduleFailure,
  type SubmoduleCheckout,
  type SubmoduleSubject,
} from '../../git/submodules.js';
import { isTransientGitFailure } from '../../git/transient-git-failure.js';
import { withoutUserinfo } from '../../git/url-diversion.js';
import type { Plan, RepositoryPlan } from '../../plan/plan.js';
import type { Logger } from '../../core/logger.js';
import type { StepRecorder } from '../../core/step-state.js';
import {
  createCloneTarget,
  planCloneTarget,
  removeCloneTarget,
  type CloneTarget,
} from '../../workspace/clone-target.js';
import { borrowedObjects } from '../../workspace/cache-borrow.js';
import { cacheOwner } from '../../workspace/cache-key.js';
import { discardMirror, updateMirror, type MirrorContext } from '../../workspace/cache-mirror.js';
import { emptyTarget } from '../../workspace/empty-target.js';
import type { Preparedness, TargetPreparation } from '../../workspace/prepare-target.js';
import { reuseClone } from '../../workspace/reuse-clone.js';

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
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const { plan, logger } = context;
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
    return { repository, ok: true, clone, submodules, seconds: seconds(), preparedness, withCache };
  };
  const failed = async (error: unknown): Promise<RepositoryOutcome> => {
    if (error instanceof SubmoduleFailure) {
      return { repository, ok: false, error: submoduleFailureMessage(error, context), seconds: seconds() };
    }
    if (!(error instanceof FinalGitFailure)) {
      return { repository, ok: false, error: messageOf(error), seconds: seconds() };
    }
    if (isNetworkGitFailure(error.error) && context.diagnosis !== undefined) {
      await probeAfterFailure(context.diagnosis, plan);
    }
    return {
      repository,
      ok: false,
      error: explained(plan, repository, error.error, error.attempts, context),
      seconds: seconds(),
    };
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

/**
 * A clone into a new or empty target; what it created is removed between attempts and on failure. With
 * cache-path it borrows the objects of the repository's mirror, brought up to date first; when that
 * clone fails for another reason than the network, the mirror is discarded and the clone made without it.
 */
async function freshClone(
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
    lock: { sleep: context.sleep },
    withAttempts: (operation) => withAttempts(context, git.repository, operation),
    isRemoteFailure: (error) => !mayCloneAfresh(error),
  };
}

async function recreate(target: CloneTarget): Promise<void> {
  await removeCloneTarget(target);
  await createCloneTarget(target);
}

/** The submodules `plan.submodules` asks for, each fetched with the step's attempts. */
async function submodulesOf(
  git: RepositoryGit,
  context: RepositoryCloneContext,
): Promise<SubmoduleCheckout[]> {
  const { plan, credentials } = context;
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
        explainSubmoduleFailure(plan, subject, error),
      ),
  });
}

/** What a submodule's git failure means: as for a repository of the step, or git's words for a foreign host. */
function explainSubmoduleFailure(plan: Plan, subject: SubmoduleSubject, error: GitCommandError): string {
  if (subject.repository !== undefined) {
    return explainGitFailure(plan, subject.repository, error.stderr, error.timedOutAfterSeconds);
  }
  const host = subject.source.kind === 'foreign' ? subject.source.host : '';
  return error.timedOutAfterSeconds !== undefined
    ? `git got no answer from ${host} for ${error.timedOutAfterSeconds} s.`
    : `git failed fetching from ${host}.`;
}

/** Names the submodule, its URL and host, and why it failed. */
function submoduleFailureMessage(failure: SubmoduleFailure, context: RepositoryCloneContext): string {
  const { subject } = failure;
  const source = subject.source;
  const named = `Submodule ${subject.path} (${withoutUserinfo(subject.url)})`;
  const inner = failure.failure;
  if (!(inner instanceof FinalGitFailure)) return `${named}: ${messageOf(inner)}`;
  const tries = inner.attempts > 1 ? ` after ${inner.attempts} attempts` : '';
  const said = inner.error.stderr.trim() ? `\ngit: ${withoutUserinfo(stderrTail(inner.error.stderr))}` : '';
  if (source?.kind === 'foreign') {
    return (
      `${named} failed${tries}: ${explainSubmoduleFailure(context.plan, subject as SubmoduleSubject, inner.error)} ` +
      `It is on ${source.host}, not CodeCommit: git fetched it with the runner's own configuration for that host ` +
      '(the CodeCommit credentials are never sent there). Give the runner access to it (a credential helper or ' +
      'url.<base>.insteadOf for that host), or leave submodules off.' +
      said
    );
  }
  const explanation = explainSubmoduleFailure(context.plan, subject as SubmoduleSubject, inner.error);
  return `${named}: ${capitalized(inner.error.what)} failed${tries}: ${explanation}${said}`;
}

/**
 * Runs `operation` until it succeeds, up to `plan.maxAttempts` times while git fails transiently, with
 * backoff and `beforeRetry` between attempts. A git failure that ends it becomes a FinalGitFailure.
 */
async function withAttempts<T>(
  context: RepositoryCloneContext,
  repository: RepositoryPlan,
  operation: () => Promise<T>,
  beforeRetry: () => Promise<void> = async () => undefined,
  explain: (error: GitCommandError) => string = (error) =>
    explainGitFailure(context.plan, repository, error.stderr, error.timedOutAfterSeconds),
): Promise<T> {
  const { plan, logger } = context;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof GitCommandError)) throw error;
      const retry =
        attempt < plan.maxAttempts &&
        isTransientGitFailure(error.stderr, error.timedOutAfterSeconds !== undefined);
      if (!retry) throw new FinalGitFailure(error, attempt);
      const waitMs = backoffMilliseconds(attempt, context.random());
      logger.warning(
        `${capitalized(error.what)} failed (attempt ${attempt} of ${plan.maxAttempts}): ` +
          `${explain(error)} Retrying in ${waitMs} ms.`,
      );
      await beforeRetry();
      await context.sleep(waitMs);
    }
  }
}

function gitDependencies(
  repository: RepositoryPlan,
  context: RepositoryCloneContext,
): RepositoryGitDependencies {
  return {
    logger: context.logger,
    inheritedEnv: context.env,
    authorizationHeader: () =>
      gitAuthorizationHeader(
        context.credentials.credentials,
        { host: repository.git.host, path: repository.repositoryPath, region: context.plan.region },
        context.now(),
        context.mask,
      ),
  };
}

/**
 * A reuse may fall back to a fresh clone unless the failure would hit a fresh clone too: the network,
 * an HTTP answer (credentials, permissions), a missing repository or ref.
 */
function mayCloneAfresh(failure: unknown): boolean {
  const error = failure instanceof SubmoduleFailure ? failure.failure : failure;
  // A submodule's own entry or URL is refused: a fresh clone would record the same.
  if (
    failure instanceof SubmoduleFailure &&
    !(error instanceof FinalGitFailure || error instanceof GitCommandError)
  )
    return false;
  // The runner's config sends git elsewhere: a fresh clone would be refused just the same.
  if (error instanceof DivertedRemoteError) return false;
  if (!(error instanceof FinalGitFailure)) return true;
  const { stderr, timedOutAfterSeconds } = error.error;
  return !(
    isTransientGitFailure(stderr, timedOutAfterSeconds !== undefined) ||
    TLS_FAILURE.test(stderr) ||
    HTTP_STATUS_ANSWER.test(stderr) ||
    MISSING_REF.test(stderr) ||
    MISSING_REPOSITORY.test(stderr)
  );
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
