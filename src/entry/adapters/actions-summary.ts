import { diagnosisRows, type EndpointDiagnosis } from '../../network/endpoint-diagnosis.js';
import {
  listSummaryRows,
  summaryRows,
  summaryWarnings,
  throttlingLine,
  type CloneSummary,
  type ListSummary,
} from '../../core/job-summary.js';
import { appendSummary } from './runner-protocol.js';
import { escapeHtml, htmlHeading, htmlTable } from './summary-html.js';

/** Writes the step's job summary: the clone (when it succeeded) and what was found about each endpoint. */
export function writeJobSummary(
  clone: CloneSummary | undefined,
  diagnoses: readonly EndpointDiagnosis[],
): void {
  if (clone === undefined && diagnoses.length === 0) return;
  let markup = htmlHeading(clone !== undefined ? 'CodeCommit clone' : 'CodeCommit clone failed', 3);
  if (clone !== undefined) markup += htmlTable(summaryRows(clone));
  for (const warning of clone !== undefined ? summaryWarnings(clone) : [])
    markup += `<p>Warning: ${escapeHtml(warning)}</p>`;
  if (clone?.throttling !== undefined) markup += `<p>${escapeHtml(throttlingLine(clone.throttling))}</p>`;
  if (diagnoses.length > 0) markup += htmlHeading('Endpoints', 4) + htmlTable(diagnosisRows(diagnoses));
  appendSummary(markup);
}

/** The job summary of `mode: list`: the repositories' names (or the failure) and the endpoints. */
export function writeListSummary(
  list: ListSummary | undefined,
  diagnoses: readonly EndpointDiagnosis[],
): void {
  let markup = htmlHeading(list !== undefined ? 'CodeCommit repositories' : 'CodeCommit listing failed', 3);
  if (list !== undefined) {
    const where =
      list.apiEndpoint !== undefined ? ` (ListRepositories at ${escapeHtml(list.apiEndpoint)})` : '';
    markup += `<p>${list.repositories.length} repositories${where}, in the output <code>names</code></p>`;
    markup += htmlTable(listSummaryRows(list));
  }
  if (diagnoses.length > 0) markup += htmlHeading('Endpoints', 4) + htmlTable(diagnosisRows(diagnoses));
  appendSummary(markup);
}
