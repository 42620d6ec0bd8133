import { reportTableRows, type DiagnoseRow } from '../../step/diagnose/diagnose-report.js';
import { appendSummary } from './runner-protocol.js';
import { htmlHeading, htmlTable } from './summary-html.js';

/** `mode: diagnose`'s job summary: one table, a row per check, and the one-line verdict above it. */
export function writeDiagnoseSummary(rows: readonly DiagnoseRow[], verdict: string): void {
  appendSummary(
    htmlHeading('CodeCommit VPC diagnosis', 3) + htmlHeading(verdict, 4) + htmlTable(reportTableRows(rows)),
  );
}
