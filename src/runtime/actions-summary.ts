import { diagnosisRows, type EndpointDiagnosis } from '../diagnosis/endpoint-diagnosis.js';
import { summaryRows, type CloneSummary } from './job-summary.js';
import { appendSummary } from './runner-protocol.js';
import { htmlHeading, htmlTable } from './summary-html.js';

/** Writes the step's job summary: the clone (when it succeeded) and what was found about each endpoint. */
export function writeJobSummary(
  clone: CloneSummary | undefined,
  diagnoses: readonly EndpointDiagnosis[],
): void {
  if (clone === undefined && diagnoses.length === 0) return;
  let markup = htmlHeading(clone !== undefined ? 'CodeCommit clone' : 'CodeCommit clone failed', 3);
  if (clone !== undefined) markup += htmlTable(summaryRows(clone));
  if (diagnoses.length > 0) markup += htmlHeading('Endpoints', 4) + htmlTable(diagnosisRows(diagnoses));
  appendSummary(markup);
}
