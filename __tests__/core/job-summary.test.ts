import {
  ignoredFilterWarning,
  summaryRows,
  summaryWarnings,
  type CloneSummary,
  type RepositorySummary,
} from '../../src/core/job-summary.js';

const HEADER = [
  'Repository',
  'Ref',
  'Commit',
  'STS endpoint',
  'Git endpoint',
  'Assumed role',
  'Seconds',
  'Result',
];
const ROLE = 'arn:aws:sts::111122223333:assumed-role/clone-reader/gha-42';

const CLONED: RepositorySummary = {
  repository: 'my-service',
  ref: 'main',
  commit: '0123456789abcdef0123456789abcdef01234567',
  gitEndpoint: 'git-codecommit.eu-west-1.amazonaws.com',
  seconds: 12.345,
};

const SUMMARY: CloneSummary = {
  stsEndpoint: 'sts.eu-west-1.amazonaws.com',
  assumedRoleArn: ROLE,
  repositories: [CLONED],
  seconds: 13.5,
};

/** Each data row as an object keyed by the header. */
function byHeader(summary: CloneSummary): Record<string, string | undefined>[] {
  const [header, ...data] = summaryRows(summary);
  return data.map((row) => Object.fromEntries((header ?? []).map((name, index) => [name, row[index]])));
}

describe('summaryRows', () => {
  it('is a header row and one data row of the same width for one repository', () => {
    const rows = summaryRows(SUMMARY);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(HEADER);
    expect(rows[1]).toHaveLength(rows[0]?.length ?? -1);
  });

  it('puts each value under its header', () => {
    expect(byHeader(SUMMARY)).toEqual([
      {
        Repository: 'my-service',
        Ref: 'main',
        Commit: '0123456789abcdef0123456789abcdef01234567',
        'STS endpoint': 'sts.eu-west-1.amazonaws.com',
        'Git endpoint': 'git-codecommit.eu-west-1.amazonaws.com',
        'Assumed role': ROLE,
        Seconds: '12.3',
        Result: 'cloned',
      },
    ]);
  });

  it('says source credentials were used when no role was assumed', () => {
    const withoutRole: CloneSummary = { ...SUMMARY };
    delete withoutRole.assumedRoleArn;
    expect(summaryRows(withoutRole)[1]?.[5]).toBe('(source credentials)');
  });

  it("shows each repository's own seconds with one decimal", () => {
    const seconds = (value: number): string | undefined =>
      summaryRows({ ...SUMMARY, repositories: [{ ...CLONED, seconds: value }] })[1]?.[6];
    expect(seconds(0.04)).toBe('0.0');
    expect(seconds(3)).toBe('3.0');
    expect(seconds(59.96)).toBe('60.0');
    // The step's total is not a repository's time.
    expect(summaryRows({ ...SUMMARY, seconds: 99 })[1]?.[6]).toBe('12.3');
  });

  it('has a header and no data row when there are no repositories', () => {
    expect(summaryRows({ ...SUMMARY, repositories: [] })).toEqual([HEADER]);
  });

  describe('with several repositories', () => {
    const SEVERAL: CloneSummary = {
      ...SUMMARY,
      repositories: [
        CLONED,
        {
          repository: 'broken-service',
          gitEndpoint: 'vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.eu-west-1.vpce.amazonaws.com',
          seconds: 2.06,
          failure: {
            what: 'Cloning broken-service from git-codecommit.eu-west-1.amazonaws.com failed',
            advice: 'HTTP 403 from x',
            evidence: [
              "git: fatal: unable to access 'https://x/': The requested URL returned error: 403",
              'DNS: x resolved to 10.0.0.1 (private)',
            ],
          },
        },
        {
          repository: 'other-service',
          ref: 'v1.2.0',
          commit: 'fedcba9876543210fedcba9876543210fedcba98',
          gitEndpoint: 'git-codecommit.eu-west-1.amazonaws.com',
          seconds: 4,
        },
      ],
    };

    it('has one row per repository, in the given order, each as wide as the header', () => {
      const rows = summaryRows(SEVERAL);
      expect(rows).toHaveLength(4);
      expect(rows.slice(1).map((row) => row[0])).toEqual(['my-service', 'broken-service', 'other-service']);
      for (const row of rows) expect(row).toHaveLength(HEADER.length);
    });

    it('repeats the shared STS endpoint and role on every row, with each its own git endpoint', () => {
      const rows = byHeader(SEVERAL);
      expect(rows.map((row) => row['STS endpoint'])).toEqual(Array(3).fill('sts.eu-west-1.amazonaws.com'));
      expect(rows.map((row) => row['Assumed role'])).toEqual(Array(3).fill(ROLE));
      expect(rows.map((row) => row['Git endpoint'])).toEqual([
        'git-codecommit.eu-west-1.amazonaws.com',
        'vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.eu-west-1.vpce.amazonaws.com',
        'git-codecommit.eu-west-1.amazonaws.com',
      ]);
    });

    it('shows a failed repository with empty ref and commit and the first line of its error', () => {
      const failed = byHeader(SEVERAL)[1];
      expect(failed).toEqual({
        Repository: 'broken-service',
        Ref: '',
        Commit: '',
        'STS endpoint': 'sts.eu-west-1.amazonaws.com',
        'Git endpoint': 'vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.eu-west-1.vpce.amazonaws.com',
        'Assumed role': ROLE,
        Seconds: '2.1',
        Result:
          'failed: Cloning broken-service from git-codecommit.eu-west-1.amazonaws.com failed: HTTP 403 from x',
      });
      expect(failed?.Result).not.toContain('\n');
    });

    it('shows the cloned ones as cloned, with their ref and commit', () => {
      const rows = byHeader(SEVERAL);
      expect(rows.map((row) => row.Result)).toEqual(['cloned', expect.stringMatching(/^failed: /), 'cloned']);
      expect(rows[2]).toMatchObject({ Ref: 'v1.2.0', Commit: 'fedcba9876543210fedcba9876543210fedcba98' });
    });

    it('says failed even for an empty error', () => {
      const rows = byHeader({
        ...SUMMARY,
        repositories: [{ ...CLONED, failure: { what: '', advice: '', evidence: [] } }],
      });
      expect(rows[0]?.Result).toBe('failed: ');
    });
  });

  it('says when a clone borrowed the objects of the cache, fresh or replacing what was there', () => {
    const rows = byHeader({
      ...SUMMARY,
      repositories: [
        { ...CLONED, preparedness: 'cloned', withCache: true },
        { ...CLONED, preparedness: 'replaced', withCache: true },
        { ...CLONED, preparedness: 'cloned', withCache: false },
        { ...CLONED, preparedness: 'reused' },
      ],
    });
    expect(rows.map((row) => row.Result)).toEqual([
      'cloned with the cache',
      'emptied the target and cloned with the cache',
      'cloned',
      'reused the clone in the workspace',
    ]);
  });
});

describe('a filter the server did not honour', () => {
  const WARNING =
    "my-service: the git endpoint git-codecommit.eu-west-1.amazonaws.com did not honour filter 'blob:none' " +
    '(git: "filtering not recognized by server, ignoring"), so the full history of blobs was downloaded: the ' +
    "clone is complete, but as large as one without a filter. 'mode: diagnose' shows what the server supports.";

  it('names the filter and says the full history of blobs was downloaded', () => {
    expect(ignoredFilterWarning('my-service', 'blob:none', 'git-codecommit.eu-west-1.amazonaws.com')).toBe(
      WARNING,
    );
  });

  it("shows in the repository's result and as a warning of the step; a failed clone has none", () => {
    const summary: CloneSummary = {
      ...SUMMARY,
      repositories: [
        { ...CLONED, ignoredFilter: 'blob:none' },
        { ...CLONED, repository: 'other-service' },
        {
          ...CLONED,
          repository: 'broken',
          ignoredFilter: 'blob:none',
          failure: { what: 'failed', advice: '', evidence: [] },
        },
      ],
    };
    expect(byHeader(summary).map((row) => row.Result)).toEqual([
      'cloned; filter blob:none not honoured (every blob downloaded)',
      'cloned',
      'failed: failed',
    ]);
    expect(summaryWarnings(summary)).toEqual([WARNING]);
    expect(summaryWarnings(SUMMARY)).toEqual([]);
  });
});
