/**
 * What a failed repository of the clone step says: the git command, how many attempts, the advice for its
 * kind of failure, git's own last words and, for a network failure, what was found about the endpoint.
 * Also whether a reuse that failed may fall back to a fresh clone.
 */
import { FinalGitFailure } from '../../git/git-attempts.js';
import { explainGitFailure, type GitRequester } from '../../git/git-failure-advice.js';
import { classifyGitFailure, freshCloneMayHelp, isNetworkFailure } from '../../git/git-failure.js';
import { GitCommandError, stderrTail } from '../../git/git-process.js';
import { DivertedRemoteError } from '../../git/remote-url-check.js';
import { SubmoduleFailure, type SubmoduleSubject } from '../../git/submodules.js';
import { withoutUserinfo } from '../../git/url-diversion.js';
import type { FailureRecord } from '../../core/failure-record.js';
import { describeDiagnosis, type EndpointDiagnosis } from '../../network/endpoint-diagnosis.js';
import type { Plan, RepositoryPlan } from '../../plan/plan.js';
import { accountOfArn } from '../../aws/aws-advice.js';
import { capitalized, messageOf } from '../../core/text.js';

/** Who the step's git requests are made as, for the policy a refusal names. */
export function requesterOf(assumedRoleArn: string | undefined): GitRequester {
  const account = assumedRoleArn !== undefined ? accountOfArn(assumedRoleArn) : undefined;
  return {
    ...(account !== undefined ? { account } : {}),
    ...(assumedRoleArn !== undefined ? { principal: assumedRoleArn } : {}),
  };
}

/** The advice for one failed git command of a repository of the step. */
export function adviceFor(
  plan: Plan,
  repository: RepositoryPlan,
  error: GitCommandError,
  requester: GitRequester,
): string {
  const failure = classifyGitFailure(error.stderr, error.timedOutAfterSeconds);
  return explainGitFailure(plan, repository, failure, error.stderr, requester);
}

/** The repository's failure after its last attempt. */
export function finalFailure(
  plan: Plan,
  repository: RepositoryPlan,
  final: FinalGitFailure,
  requester: GitRequester,
  diagnosis: EndpointDiagnosis | undefined,
): FailureRecord {
  const { error, attempts, failure } = final;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return {
    what: `${capitalized(error.what)} failed${tries}`,
    advice: explainGitFailure(plan, repository, failure, error.stderr, requester),
    evidence: [
      ...(error.timedOutAfterSeconds === undefined && error.stderr.trim()
        ? [`git: ${stderrTail(error.stderr)}`]
        : []),
      ...(isNetworkFailure(failure) && diagnosis !== undefined ? [describeDiagnosis(diagnosis)] : []),
    ],
  };
}

/** What a submodule's git failure means: as for a repository of the step, or git's words for a foreign host. */
export function explainSubmoduleFailure(
  plan: Plan,
  subject: SubmoduleSubject,
  error: GitCommandError,
  requester: GitRequester,
): string {
  if (subject.repository !== undefined) return adviceFor(plan, subject.repository, error, requester);
  const host = subject.source.kind === 'foreign' ? subject.source.host : '';
  return error.timedOutAfterSeconds !== undefined
    ? `git got no answer from ${host} for ${error.timedOutAfterSeconds} s.`
    : `git failed fetching from ${host}.`;
}

/** Names the submodule, its URL and host, and why it failed. */
export function submoduleFailure(
  plan: Plan,
  failure: SubmoduleFailure,
  requester: GitRequester,
): FailureRecord {
  const { subject } = failure;
  const source = subject.source;
  const named = `Submodule ${subject.path} (${withoutUserinfo(subject.url)})`;
  const inner = failure.failure;
  if (!(inner instanceof FinalGitFailure)) return { what: named, advice: messageOf(inner), evidence: [] };
  const tries = inner.attempts > 1 ? ` after ${inner.attempts} attempts` : '';
  const evidence = inner.error.stderr.trim()
    ? [`git: ${withoutUserinfo(stderrTail(inner.error.stderr))}`]
    : [];
  const explanation = explainSubmoduleFailure(plan, subject as SubmoduleSubject, inner.error, requester);
  if (source?.kind === 'foreign') {
    return {
      what: `${named} failed${tries}`,
      advice:
        `${explanation} ` +
        `It is on ${source.host}, not CodeCommit: git fetched it with the runner's own configuration for that host ` +
        '(the CodeCommit credentials are never sent there). Give the runner access to it (a credential helper or ' +
        'url.<base>.insteadOf for that host), or leave submodules off.',
      evidence,
    };
  }
  return { what: `${named}: ${capitalized(inner.error.what)} failed${tries}`, advice: explanation, evidence };
}

/**
 * A reuse (or a clone that borrowed from the cache) may be redone afresh unless the failure would hit a
 * fresh clone too: the network, an HTTP answer (credentials, permissions), a missing repository or ref.
 */
export function mayCloneAfresh(failure: unknown): boolean {
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
  return freshCloneMayHelp(error.failure);
}
