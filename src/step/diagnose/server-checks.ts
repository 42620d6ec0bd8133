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
import { BufferedLogger } from '../../core/logger.js';
import { parseCapabilityTrace, type ServerCapabilities } from '../../git/server-capabilities.js';
import type { RepositoryPlan } from '../../plan/plan.js';
import type { DiagnoseRow } from './diagnose-report.js';
import { diagnoseLsRemote, type RepositoryCheckContext } from './diagnose-ls-remote.js';

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
  const { runtime } = context;
  const clock = (): number => runtime.now().getTime();
  const started = clock();
  const host = repository.git.host;
  const failed = (found: string, fix?: string): DiagnoseRow => ({
    check: CAPABILITIES_CHECK,
    subject: host,
    status: 'failed',
    found,
    ...(fix !== undefined ? { fix } : {}),
    milliseconds: clock() - started,
  });
  const answer = await diagnoseLsRemote(repository, context, logger, {
    args: ['-c', 'protocol.version=2', 'ls-remote', '--', repository.cloneUrl],
    what: `reading what the git server at ${host} supports (through ${repository.name})`,
    named: `git ls-remote of ${repository.name}`,
    call: { tracePackets: true },
  });
  if (!answer.ok) return failed(answer.found, answer.fix);
  const capabilities = parseCapabilityTrace(answer.result.stderr);
  if (capabilities === undefined) {
    return failed(
      `git ls-remote of ${repository.name} answered, but git traced no capability advertisement`,
      `Check that ${host} is a CodeCommit git endpoint (or its VPC endpoint), not another server.`,
    );
  }
  return capabilityRow(host, repository.name, capabilities, clock() - started);
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
