import * as core from '@actions/core';
import { diagnosisRows, type EndpointDiagnosis } from '../diagnosis/endpoint-diagnosis.js';
import { summaryRows, type CloneSummary } from './job-summary.js';

/** Writes the step's job summary: the clone (when it succeeded) and what was found about each endpoint. */
export async function writeJobSummary(
  clone: CloneSummary | undefined,
  diagnoses: readonly EndpointDiagnosis[],
): Promise<void> {
  if (clone === undefined && diagnoses.length === 0) return;
  const summary = core.summary.addHeading(
    clone !== undefined ? 'CodeCommit clone' : 'CodeCommit clone failed',
    3,
  );
  if (clone !== undefined) summary.addTable(asTable(summaryRows(clone)));
  if (diagnoses.length > 0) summary.addHeading('Endpoints', 4).addTable(asTable(diagnosisRows(diagnoses)));
  await summary.write();
}

function asTable(rows: string[][]): Parameters<typeof core.summary.addTable>[0] {
  const [header = [], ...body] = rows;
  return [header.map((data) => ({ data, header: true })), ...body];
}
