/**
 * The one way diagnose asks a git endpoint: a `git ls-remote` of a repository through the signed path a
 * clone takes (the same header, command-scoped config, watchdog and attempts), and its failure as a row
 * says it: what git said, and the advice for its kind of failure, with the account and principal known.
 */
import { gitAuthorizationHeader } from '../../aws/git-authorization.js';
import type { Logger } from '../../core/logger.js';
import { FinalGitFailure, withGitAttempts } from '../../git/git-attempts.js';
import { explainGitFailure, type GitRequester } from '../../git/git-failure-advice.js';
import { stderrTail, type GitResult } from '../../git/git-process.js';
import { RepositoryGit, type GitCall } from '../../git/repository-git.js';
import type { RepositoryPlan } from '../../plan/plan.js';
import type { AwsCredentials } from '../../core/aws-credentials.js';
import type { Plan } from '../../plan/plan.js';
import type { DiagnoseRuntime } from './diagnose-runtime.js';
import { messageOf } from '../../core/text.js';

export interface RepositoryCheckContext {
  plan: Plan;
  credentials: AwsCredentials;
  /** The account the repositories live in, for the ARN a 403 names. */
  account: string | undefined;
  /** Who git's requests are made as. */
  principal: string | undefined;
  runtime: DiagnoseRuntime;
  /** Told the name of each repository whose ls-remote the server answered (its ref found or not). */
  answered?: (repository: string) => void;
}

export type LsRemoteAnswer = { ok: true; result: GitResult } | { ok: false; found: string; fix?: string };

/** `named` begins the found text of a failure: "git ls-remote", "git ls-remote of my-service". */
export async function diagnoseLsRemote(
  repository: RepositoryPlan,
  context: RepositoryCheckContext,
  logger: Logger,
  request: { args: string[]; what: string; named: string; call?: GitCall },
): Promise<LsRemoteAnswer> {
  const { plan, runtime } = context;
  const git = new RepositoryGit(plan, repository, {
    logger,
    inheritedEnv: runtime.env,
    processes: runtime.processes,
    authorizationHeader: () =>
      gitAuthorizationHeader(
        context.credentials,
        { host: repository.git.host, path: repository.repositoryPath, region: plan.region },
        runtime.now(),
        runtime.mask,
      ),
  });
  const requester: GitRequester = {
    ...(context.account !== undefined ? { account: context.account } : {}),
    ...(context.principal !== undefined ? { principal: context.principal } : {}),
  };
  try {
    const result = await withGitAttempts(
      {
        maxAttempts: plan.maxAttempts,
        logger,
        sleep: runtime.sleep,
        random: runtime.random,
        explain: (error, failure) => explainGitFailure(plan, repository, failure, error.stderr, requester),
      },
      () => git.network(request.args, request.what, request.call),
    );
    return { ok: true, result };
  } catch (error) {
    if (!(error instanceof FinalGitFailure)) {
      return { ok: false, found: messageOf(error) };
    }
    const tries = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
    const said = error.failure.kind === 'stalled' ? error.message : `git: ${stderrTail(error.error.stderr)}`;
    return {
      ok: false,
      found: `${request.named} failed${tries}: ${said}`,
      fix: explainGitFailure(plan, repository, error.failure, error.error.stderr, requester),
    };
  }
}
