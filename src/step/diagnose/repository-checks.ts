/**
 * The git rows of diagnose: the git on PATH, then for each repository one `git ls-remote` through the
 * signed path a clone takes (the same header, command-scoped config, watchdog and attempts), which proves
 * codecommit:GitPull, and whether `ref` is there. Nothing is written: ls-remote needs no repository.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireSupportedGit } from '../../git/git-version.js';
import type { RepositoryPlan } from '../../plan/plan.js';
import { BufferedLogger } from '../../core/logger.js';
import { mapBounded } from '../../core/bounded-parallel.js';
import { parseLsRemote, refVerdict } from '../../git/advertised-refs.js';
import type { DiagnoseRow } from './diagnose-report.js';
import { diagnoseLsRemote, type RepositoryCheckContext } from './diagnose-ls-remote.js';
import type { DiagnoseRuntime } from './diagnose-runtime.js';
import { messageOf } from '../../core/text.js';

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
      found: messageOf(error),
      fix: 'Install git 2.31 or newer on the runner, or put one first on PATH.',
      milliseconds: clock() - started,
    };
  }
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
  const row = (status: 'ok' | 'failed', found: string, fix?: string): DiagnoseRow => ({
    check: 'Repository',
    subject: repository.name,
    status,
    found,
    ...(fix !== undefined ? { fix } : {}),
    milliseconds: clock() - started,
  });
  const answer = await diagnoseLsRemote(repository, context, logger, {
    args: ['ls-remote', '--symref', '--', repository.cloneUrl],
    what: `listing the refs of ${repository.name} at ${repository.git.host}`,
    named: 'git ls-remote',
  });
  if (!answer.ok) return row('failed', answer.found, answer.fix);
  context.answered?.(repository.name);
  const verdict = refVerdict(plan.ref, parseLsRemote(answer.result.stdout), repository.name);
  const pulled = `git ls-remote at ${repository.git.host} answered (codecommit:GitPull allowed)`;
  return verdict.found
    ? row('ok', `${pulled}; ${verdict.text}`)
    : row('failed', `${pulled}; ${verdict.text}`, verdict.fix);
}
