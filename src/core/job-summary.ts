/** The job summary of one step, as table rows; the Actions adapter writes them. */
import { failureHeadline, type FailureRecord } from './failure-record.js';

export interface RepositorySummary {
  repository: string;
  gitEndpoint: string;
  seconds: number;
  /** Absent when the clone failed. */
  ref?: string;
  commit?: string;
  /** How the target was made ready: a fresh clone, an update of the clone there, or a replacement. */
  preparedness?: 'cloned' | 'reused' | 'replaced';
  /** The clone borrowed the objects of the host's cache (cache-path). */
  withCache?: boolean;
  /** The `filter` the server did not honour: the clone holds every blob (see ignoredFilterWarning). */
  ignoredFilter?: string;
  /** Absent when the clone succeeded. */
  failure?: FailureRecord;
}

/**
 * The warning of a clone whose server ignored its `filter` (git: "filtering not recognized by server,
 * ignoring"), as the log and the job summary say it.
 */
export function ignoredFilterWarning(repository: string, filter: string, gitEndpoint: string): string {
  return (
    `${repository}: the git endpoint ${gitEndpoint} did not honour filter '${filter}' (git: "filtering not ` +
    'recognized by server, ignoring"), so the full history of blobs was downloaded: the clone is complete, ' +
    "but as large as one without a filter. 'mode: diagnose' shows what the server supports."
  );
}

/** The warnings of a clone step, one a line, in the order of its repositories. */
export function summaryWarnings(summary: CloneSummary): string[] {
  return summary.repositories.flatMap((r) =>
    r.ignoredFilter !== undefined && r.failure === undefined
      ? [ignoredFilterWarning(r.repository, r.ignoredFilter, r.gitEndpoint)]
      : [],
  );
}

/** When the git endpoint throttled: how often, and how many clones at once the step came down to. */
export interface ThrottlingSummary {
  throttledRequests: number;
  /** The `concurrency` given. */
  concurrency: number;
  lowestConcurrency: number;
  /** Where it stood when the last clone ended. */
  finalConcurrency: number;
}

export function throttlingLine(throttling: ThrottlingSummary): string {
  const { throttledRequests, concurrency, lowestConcurrency, finalConcurrency } = throttling;
  const times = `${throttledRequests} git request${throttledRequests === 1 ? ' was' : 's were'} throttled`;
  if (concurrency === 1) return `The git endpoint throttled: ${times} and retried.`;
  return (
    `The git endpoint throttled: ${times} and retried; clones at once went from ${concurrency} ` +
    `down to ${lowestConcurrency} and ended at ${finalConcurrency}.`
  );
}

export interface CloneSummary {
  stsEndpoint: string;
  assumedRoleArn?: string;
  repositories: RepositorySummary[];
  throttling?: ThrottlingSummary;
  seconds: number;
}

export function summaryRows(summary: CloneSummary): string[][] {
  return [
    ['Repository', 'Ref', 'Commit', 'STS endpoint', 'Git endpoint', 'Assumed role', 'Seconds', 'Result'],
    ...summary.repositories.map((r) => [
      r.repository,
      r.ref ?? '',
      r.commit ?? '',
      summary.stsEndpoint,
      r.gitEndpoint,
      summary.assumedRoleArn ?? '(source credentials)',
      r.seconds.toFixed(1),
      r.failure === undefined
        ? `${RESULT[r.preparedness ?? 'cloned']}${r.withCache === true ? ' with the cache' : ''}` +
          (r.ignoredFilter !== undefined
            ? `; filter ${r.ignoredFilter} not honoured (every blob downloaded)`
            : '')
        : `failed: ${failureHeadline(r.failure)}`,
    ]),
  ];
}

const RESULT = {
  cloned: 'cloned',
  reused: 'reused the clone in the workspace',
  replaced: 'emptied the target and cloned',
} as const;

/** The job summary of `mode: list`: the repositories listed, and the pattern each came from. */
export interface ListSummary {
  /** The CodeCommit API endpoint asked, when a pattern was given. */
  apiEndpoint?: string;
  assumedRoleArn?: string;
  repositories: { repository: string; pattern?: string }[];
  seconds: number;
}

export function listSummaryRows(summary: ListSummary): string[][] {
  return [
    ['Repository', 'From'],
    ...summary.repositories.map((r) => [
      r.repository,
      r.pattern !== undefined ? `pattern ${r.pattern}` : 'named in repository',
    ]),
  ];
}
