import { summaryRows, type CloneSummary } from '../../src/runtime/job-summary.js';

const SUMMARY: CloneSummary = {
  repository: 'my-service',
  ref: 'main',
  commit: '0123456789abcdef0123456789abcdef01234567',
  stsEndpoint: 'sts.eu-west-1.amazonaws.com',
  gitEndpoint: 'git-codecommit.eu-west-1.amazonaws.com',
  assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/clone-reader/gha-42',
  seconds: 12.345,
};

describe('summaryRows', () => {
  it('is a header row and one data row of the same width', () => {
    const rows = summaryRows(SUMMARY);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      'Repository',
      'Ref',
      'Commit',
      'STS endpoint',
      'Git endpoint',
      'Assumed role',
      'Seconds',
    ]);
    expect(rows[1]).toHaveLength(rows[0]?.length ?? -1);
  });

  it('puts each value under its header', () => {
    const [header, data] = summaryRows(SUMMARY);
    const byHeader = Object.fromEntries((header ?? []).map((name, index) => [name, data?.[index]]));
    expect(byHeader).toEqual({
      Repository: 'my-service',
      Ref: 'main',
      Commit: '0123456789abcdef0123456789abcdef01234567',
      'STS endpoint': 'sts.eu-west-1.amazonaws.com',
      'Git endpoint': 'git-codecommit.eu-west-1.amazonaws.com',
      'Assumed role': 'arn:aws:sts::111122223333:assumed-role/clone-reader/gha-42',
      Seconds: '12.3',
    });
  });

  it('says source credentials were used when no role was assumed', () => {
    const withoutRole: CloneSummary = { ...SUMMARY };
    delete withoutRole.assumedRoleArn;
    expect(summaryRows(withoutRole)[1]?.[5]).toBe('(source credentials)');
  });

  it('shows seconds with one decimal', () => {
    expect(summaryRows({ ...SUMMARY, seconds: 0.04 })[1]?.[6]).toBe('0.0');
    expect(summaryRows({ ...SUMMARY, seconds: 3 })[1]?.[6]).toBe('3.0');
    expect(summaryRows({ ...SUMMARY, seconds: 59.96 })[1]?.[6]).toBe('60.0');
  });
});
