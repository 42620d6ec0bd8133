/**
 * The report of `mode: diagnose`: one row per check, in the order a request travels (endpoints, source
 * credentials, roles, git, repositories), rendered as the job summary's table, as plain text for the log
 * and the command, and as the one line a failed step ends with. Pure.
 */

/** `not checked`: a check that could not run because an earlier one failed (the row says which). */
export type RowStatus = 'ok' | 'failed' | 'not checked';

export interface DiagnoseRow {
  /** What kind of check: `STS endpoint`, `git endpoint`, `Source credentials`, `Identity`, `Role`, `git`, `Repository`. */
  check: string;
  /** What was checked: a host, a role ARN, a repository name. */
  subject: string;
  status: RowStatus;
  /** What was found, with times. */
  found: string;
  /** When not fine (or worth knowing): the likely cause, and what to change where. */
  fix?: string;
  /** How long the check took, when it ran. */
  milliseconds?: number;
}

export function isFine(rows: readonly DiagnoseRow[]): boolean {
  return rows.every((row) => row.status === 'ok');
}

/** The job summary's table: a header row, then one row per check. */
export function reportTableRows(rows: readonly DiagnoseRow[]): string[][] {
  return [
    ['Check', 'Subject', 'Result', 'Time', 'Found', 'What to fix'],
    ...rows.map((row) => [
      row.check,
      row.subject,
      STATUS_WORD[row.status],
      row.milliseconds !== undefined ? `${row.milliseconds} ms` : '',
      row.found,
      row.fix ?? '',
    ]),
  ];
}

const STATUS_WORD: Record<RowStatus, string> = { ok: 'ok', failed: 'FAILED', 'not checked': 'not checked' };

/** The report as plain lines: no workflow command, nothing but the rows' text. */
export function plainReport(rows: readonly DiagnoseRow[]): string[] {
  const lines = ['Diagnosis, in the order a request travels:'];
  for (const row of rows) {
    const time = row.milliseconds !== undefined ? ` (${row.milliseconds} ms)` : '';
    lines.push(`${STATUS_WORD[row.status].padEnd(11)} ${row.check}: ${row.subject}${time}`);
    lines.push(`            ${row.found}`);
    if (row.fix !== undefined) lines.push(`            ${row.status === 'ok' ? 'note' : 'fix'}: ${row.fix}`);
  }
  lines.push(summaryLine(rows));
  return lines;
}

/** One line: every check fine, or how many were not and which. */
export function summaryLine(rows: readonly DiagnoseRow[]): string {
  const failed = rows.filter((row) => row.status === 'failed');
  const skipped = rows.filter((row) => row.status === 'not checked');
  if (failed.length === 0 && skipped.length === 0) {
    return `Diagnosis: all ${rows.length} checks fine.`;
  }
  const named = failed.map((row) => `${row.check} ${row.subject}`).join('; ');
  const notChecked = skipped.length > 0 ? `, ${skipped.length} not checked` : '';
  return `Diagnosis: ${failed.length} of ${rows.length} checks failed${notChecked}${named !== '' ? `: ${named}` : ''}.`;
}
