/**
 * The git rows of diagnose: the git on PATH, then for each repository one `git ls-remote` through the
 * signed path a clone takes (the same header, command-scoped config, watchdog and attempts), which proves
 * codecommit:GitPull, and whether `ref` is there. Nothing is written: ls-remote needs no repository.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AwsCredentials } from '../../core/aws-credentials.js';
import { gitAuthorizationHeader } from '../../aws/git-authorization.js';
import { FinalGitFailure, withGitAttempts } from '../../git/git-attempts.js';
import { explainGitFailure, type GitRequester } from '../../git/git-failure-advice.js';
import { stderrTail } from '../../git/git-process.js';
import { requireSupportedGit } from '../../git/git-version.js';
import { RepositoryGit } from '../../git/repository-git.js';
import type { Plan, RepositoryPlan } from '../../plan/plan.js';
import { BufferedLogger } from '../../core/logger.js';
import { mapBounded } from '../../core/bounded-parallel.js';
import { parseLsRemote, refVerdict } from '../../git/advertised-refs.js';
import type { DiagnoseRow } from './diagnose-report.js';
import type { DiagnoseRuntime } from './diagnose-runtime.js';

/** The git on PATH, 2.31 or newer (command-scoped config carries the signed header). */
export async function checkGit(
  runtime: Pick<DiagnoseRuntime, 'env' | 'now' | 'processes'>,
): Promise<DiagnoseRow> {
  const clock = (): number => runtime.now().getTime();
  const started = clock();
  try {
    const version = await requireSupportedGit(runtime.env, runtime.processes);
    return {
      check: 'git',
      subject: 'git on PATH',
      status: 'ok',
      found: `version ${version.text} (2.31 or newer is needed)`,
      milliseconds: clock() - started,
    };
  } catch (error) {
    return {
      check: 'git',
      subject: 'git on PATH',
      status: 'failed',
      found: error instanceof Error ? error.message : String(error),
      fix: 'Install git 2.31 or newer on the runner, or put one first on PATH.',
      milliseconds: clock() - started,
    };
  }
}

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

/**
 * Every repository, `concurrency` at a time; each row's log lines are written together. git runs in an
 * empty folder of its own outside the workspace (removed afterwards), so that no repository around it,
 * the workspace's included, lends it config.
 */
export async function checkRepositories(context: RepositoryCheckContext): Promise<DiagnoseRow[]> {
  const { plan, runtime } = context;
  const folder = await mkdtemp(path.join(tmpdir(), 'codecommit-diagnose-'));
  try {
    return await mapBounded(plan.repositories, plan.concurrency, async (repository) => {
      const buffer = new BufferedLogger();
      const row = await checkRepository({ ...repository, targetPath: folder }, context, buffer);
      buffer.flush(runtime.logger);
      return row;
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function checkRepository(
  repository: RepositoryPlan,
  context: RepositoryCheckContext,
  logger: BufferedLogger,
): Promise<DiagnoseRow> {
  const { plan, runtime } = context;
  const clock = (): number => runtime.now().getTime();
  const started = clock();
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
  const row = (status: 'ok' | 'failed', found: string, fix?: string): DiagnoseRow => ({
    check: 'Repository',
    subject: repository.name,
    status,
    found,
    ...(fix !== undefined ? { fix } : {}),
    milliseconds: clock() - started,
  });
  const what = `listing the refs of ${repository.name} at ${repository.git.host}`;
  const requester: GitRequester = {
    ...(context.account !== undefined ? { account: context.account } : {}),
    ...(context.principal !== undefined ? { principal: context.principal } : {}),
  };
  try {
    const { stdout } = await withGitAttempts(
      {
        maxAttempts: plan.maxAttempts,
        logger,
        sleep: runtime.sleep,
        random: runtime.random,
        explain: (error, failure) => explainGitFailure(plan, repository, failure, error.stderr, requester),
      },
      () => git.network(['ls-remote', '--symref', '--', repository.cloneUrl], what),
    );
    context.answered?.(repository.name);
    const verdict = refVerdict(plan.ref, parseLsRemote(stdout), repository.name);
    const pulled = `git ls-remote at ${repository.git.host} answered (codecommit:GitPull allowed)`;
    return verdict.found
      ? row('ok', `${pulled}; ${verdict.text}`)
      : row('failed', `${pulled}; ${verdict.text}`, verdict.fix);
  } catch (error) {
    if (!(error instanceof FinalGitFailure)) {
      return row('failed', error instanceof Error ? error.message : String(error));
    }
    const tries = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
    const said = error.failure.kind === 'stalled' ? error.message : `git: ${stderrTail(error.error.stderr)}`;
    return row(
      'failed',
      `git ls-remote failed${tries}: ${said}`,
      explainGitFailure(plan, repository, error.failure, error.error.stderr, requester),
    );
  }
}
