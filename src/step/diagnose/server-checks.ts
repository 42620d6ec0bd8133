/**
 * The capability rows of diagnose: for each git endpoint (one per host, not per repository), what its
 * server supports, read from the capability advertisement of one `git ls-remote` through the signed path
 * a clone takes, protocol v2 asked for and git's packet trace read (src/git/server-capabilities.ts): no
 * pack is downloaded. Informational: a server without `filter` is not a failure; the note says what it
 * means for `filter`, `fetch-depth` and a `ref` by SHA.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gitAuthorizationHeader } from '../../aws/git-authorization.js';
import { BufferedLogger } from '../../core/logger.js';
import { FinalGitFailure, withGitAttempts } from '../../git/git-attempts.js';
import { explainGitFailure, type GitRequester } from '../../git/git-failure-advice.js';
import { stderrTail } from '../../git/git-process.js';
import { RepositoryGit } from '../../git/repository-git.js';
import { parseCapabilityTrace, type ServerCapabilities } from '../../git/server-capabilities.js';
import type { RepositoryPlan } from '../../plan/plan.js';
import type { DiagnoseRow } from './diagnose-report.js';
import type { RepositoryCheckContext } from './repository-checks.js';

/** The check of a capability row (its subject is the git endpoint's host). */
export const CAPABILITIES_CHECK = 'git capabilities';

/**
 * One row for each repository given, which stands for its git endpoint (the first of each host whose
 * ls-remote was answered), in an empty folder of its own as the repository checks run.
 */
export async function checkCapabilities(
  repositories: readonly RepositoryPlan[],
  context: RepositoryCheckContext,
): Promise<DiagnoseRow[]> {
  const folder = await mkdtemp(path.join(tmpdir(), 'codecommit-diagnose-'));
  try {
    return await Promise.all(
      repositories.map(async (repository) => {
        const buffer = new BufferedLogger();
        const row = await checkCapability({ ...repository, targetPath: folder }, context, buffer);
        buffer.flush(context.runtime.logger);
        return row;
      }),
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function checkCapability(
  repository: RepositoryPlan,
  context: RepositoryCheckContext,
  logger: BufferedLogger,
): Promise<DiagnoseRow> {
  const { plan, runtime } = context;
  const clock = (): number => runtime.now().getTime();
  const started = clock();
  const host = repository.git.host;
  const git = new RepositoryGit(plan, repository, {
    logger,
    inheritedEnv: runtime.env,
    processes: runtime.processes,
    authorizationHeader: () =>
      gitAuthorizationHeader(
        context.credentials,
        { host, path: repository.repositoryPath, region: plan.region },
        runtime.now(),
        runtime.mask,
      ),
  });
  const requester: GitRequester = {
    ...(context.account !== undefined ? { account: context.account } : {}),
    ...(context.principal !== undefined ? { principal: context.principal } : {}),
  };
  const what = `reading what the git server at ${host} supports (through ${repository.name})`;
  try {
    const { stderr } = await withGitAttempts(
      {
        maxAttempts: plan.maxAttempts,
        logger,
        sleep: runtime.sleep,
        random: runtime.random,
        explain: (error, failure) => explainGitFailure(plan, repository, failure, error.stderr, requester),
      },
      () =>
        git.network(['-c', 'protocol.version=2', 'ls-remote', '--', repository.cloneUrl], what, {
          tracePackets: true,
        }),
    );
    const capabilities = parseCapabilityTrace(stderr);
    if (capabilities === undefined) {
      return {
        check: CAPABILITIES_CHECK,
        subject: host,
        status: 'failed',
        found: `git ls-remote of ${repository.name} answered, but git traced no capability advertisement`,
        fix: `Check that ${host} is a CodeCommit git endpoint (or its VPC endpoint), not another server.`,
        milliseconds: clock() - started,
      };
    }
    return capabilityRow(host, repository.name, capabilities, clock() - started);
  } catch (error) {
    const failed = (found: string, fix?: string): DiagnoseRow => ({
      check: CAPABILITIES_CHECK,
      subject: host,
      status: 'failed',
      found,
      ...(fix !== undefined ? { fix } : {}),
      milliseconds: clock() - started,
    });
    if (!(error instanceof FinalGitFailure))
      return failed(error instanceof Error ? error.message : String(error));
    const tries = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
    const said = error.failure.kind === 'stalled' ? error.message : `git: ${stderrTail(error.error.stderr)}`;
    return failed(
      `git ls-remote of ${repository.name} failed${tries}: ${said}`,
      explainGitFailure(plan, repository, error.failure, error.error.stderr, requester),
    );
  }
}

/** What the server answered, said plainly: status ok, whatever it supports. Pure. */
export function capabilityRow(
  host: string,
  through: string,
  capabilities: ServerCapabilities,
  milliseconds: number,
): DiagnoseRow {
  const { protocol, agent, filter, shallow, commitBySha, commitByShaCapability } = capabilities;
  const sha =
    commitBySha === 'any'
      ? `served by SHA (${commitByShaCapability ?? 'fetch'})`
      : commitBySha === 'hidden-tips'
        ? 'not served (allow-tip-sha1-in-want serves only the tips of hidden refs)'
        : protocol === 'v2'
          ? 'not served (no fetch command)'
          : 'not served (neither allow-reachable-sha1-in-want nor allow-tip-sha1-in-want)';
  const found = [
    `protocol ${protocol}${protocol === 'v0' ? ' (v2 was asked for)' : ''}${agent !== undefined ? `, ${agent}` : ''}`,
    `filter: ${filter ? 'advertised (partial clone)' : 'not advertised'}`,
    `shallow: ${shallow ? 'advertised' : 'not advertised'}`,
    `a commit no ref points at: ${sha}`,
    `read from the capability advertisement of git ls-remote of ${through} (no pack downloaded)`,
  ];
  const notes = [
    filter
      ? "'filter' (e.g. blob:none) makes a partial clone: blobs are fetched as the checkout needs them."
      : '\'filter\' is not honoured: git says "filtering not recognized by server, ignoring" and downloads ' +
        'the full history of blobs; the clone is still complete, and the step warns.',
    shallow
      ? `'fetch-depth' makes a shallow clone${filter ? '' : ', which is what downloads less here'}.`
      : '\'fetch-depth\' above 0 fails (git: "Server does not support shallow clients"): keep fetch-depth: 0.',
    commitBySha === 'any'
      ? "A 'ref' by SHA is fetched by itself, even a commit no branch or tag points at."
      : "A 'ref' by SHA that is no branch or tag tip is not served by itself: the step then fetches every " +
        'branch and tag in full (fetch-depth does not apply), and the commit must be in their history.',
  ];
  return {
    check: CAPABILITIES_CHECK,
    subject: host,
    status: 'ok',
    found: found.join('; '),
    fix: notes.join(' '),
    milliseconds,
  };
}
