/** The job summary of one step, as markdown table rows; the Actions adapter writes them. */
export interface CloneSummary {
  repository: string;
  ref: string;
  commit: string;
  stsEndpoint: string;
  gitEndpoint: string;
  assumedRoleArn?: string;
  seconds: number;
}

export function summaryRows(summary: CloneSummary): string[][] {
  return [
    ['Repository', 'Ref', 'Commit', 'STS endpoint', 'Git endpoint', 'Assumed role', 'Seconds'],
    [
      summary.repository,
      summary.ref,
      summary.commit,
      summary.stsEndpoint,
      summary.gitEndpoint,
      summary.assumedRoleArn ?? '(source credentials)',
      summary.seconds.toFixed(1),
    ],
  ];
}
