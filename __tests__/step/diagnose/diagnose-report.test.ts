import {
  isFine,
  plainReport,
  reportTableRows,
  summaryLine,
  type DiagnoseRow,
} from '../../../src/step/diagnose/diagnose-report.js';
import { htmlTable } from '../../../src/entry/adapters/summary-html.js';

const fine: DiagnoseRow = {
  check: 'STS endpoint',
  subject: 'sts.eu-west-1.amazonaws.com',
  status: 'ok',
  found: 'DNS: 10.0.0.5 (private) in 2 ms',
  milliseconds: 14,
};
const refused: DiagnoseRow = {
  check: 'Role',
  subject: 'arn:aws:iam::111111111111:role/NotForYou',
  status: 'failed',
  found: 'refused: AccessDenied',
  fix: 'In account 111111111111: the trust policy …',
  milliseconds: 9,
};
const skipped: DiagnoseRow = {
  check: 'Repository',
  subject: 'my-service',
  status: 'not checked',
  found: 'not checked: no credentials',
};

describe('the diagnose report', () => {
  it('is fine only when every row is ok: a failed or a not-checked row makes it not fine', () => {
    expect(isFine([fine, fine])).toBe(true);
    expect(isFine([fine, refused])).toBe(false);
    expect(isFine([fine, skipped])).toBe(false);
    expect(isFine([])).toBe(true);
  });

  it('renders the summary table with a header row, the result word, the time in ms and an empty fix when none', () => {
    expect(reportTableRows([fine, refused, skipped])).toEqual([
      ['Check', 'Subject', 'Result', 'Time', 'Found', 'What to fix'],
      ['STS endpoint', 'sts.eu-west-1.amazonaws.com', 'ok', '14 ms', 'DNS: 10.0.0.5 (private) in 2 ms', ''],
      [
        'Role',
        'arn:aws:iam::111111111111:role/NotForYou',
        'FAILED',
        '9 ms',
        'refused: AccessDenied',
        'In account 111111111111: the trust policy …',
      ],
      ['Repository', 'my-service', 'not checked', '', 'not checked: no credentials', ''],
    ]);
  });

  it('escapes user text in the HTML table (a ref or name with markup)', () => {
    const html = htmlTable(
      reportTableRows([{ ...refused, found: "'<script>' is neither a branch nor a tag" }]),
    );
    expect(html).toContain('&#39;&lt;script&gt;&#39; is neither');
    expect(html).not.toContain('<script>');
  });

  it('prints plain lines: status, check, subject and time, then what was found and the fix, then the one-line summary', () => {
    expect(plainReport([fine, refused, skipped])).toEqual([
      'Diagnosis, in the order a request travels:',
      'ok          STS endpoint: sts.eu-west-1.amazonaws.com (14 ms)',
      '            DNS: 10.0.0.5 (private) in 2 ms',
      'FAILED      Role: arn:aws:iam::111111111111:role/NotForYou (9 ms)',
      '            refused: AccessDenied',
      '            fix: In account 111111111111: the trust policy …',
      'not checked Repository: my-service',
      '            not checked: no credentials',
      'Diagnosis: 1 of 3 checks failed, 1 not checked: Role arn:aws:iam::111111111111:role/NotForYou.',
    ]);
  });

  it('calls a fix on a fine row a note', () => {
    expect(plainReport([{ ...fine, fix: 'requests leave the VPC' }])[3]).toBe(
      '            note: requests leave the VPC',
    );
  });

  it('no plain line starts with "::", so none can be taken for a workflow command', () => {
    const lines = plainReport([fine, refused, skipped, { ...skipped, subject: '::error::x' }]);
    expect(lines.filter((line) => line.startsWith('::'))).toEqual([]);
  });

  it('sums up in one line: all fine, or how many failed and which', () => {
    expect(summaryLine([fine, fine])).toBe('Diagnosis: all 2 checks fine.');
    expect(summaryLine([fine, refused, { ...refused, check: 'Repository', subject: 'payroll' }])).toBe(
      'Diagnosis: 2 of 3 checks failed: Role arn:aws:iam::111111111111:role/NotForYou; Repository payroll.',
    );
    expect(summaryLine([fine, skipped])).toBe('Diagnosis: 0 of 2 checks failed, 1 not checked.');
  });
});
