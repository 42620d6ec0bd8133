import { explainGitFailure } from '../../src/diagnosis/git-failure.js';
import { vpcAdviceForUnreachable } from '../../src/diagnosis/vpc-advice.js';
import type { Plan } from '../../src/plan/plan.js';

const GIT_HOST = 'git-codecommit.eu-west-1.amazonaws.com';

function planFor(repositoryName: string): Plan {
  return {
    repositoryName,
    region: 'eu-west-1',
    partition: 'aws',
    roleSessionName: 'gha-42',
    roleDurationSeconds: 3600,
    sts: {
      origin: 'https://sts.eu-west-1.amazonaws.com',
      host: 'sts.eu-west-1.amazonaws.com',
      hostname: 'sts.eu-west-1.amazonaws.com',
      custom: false,
    },
    git: { origin: `https://${GIT_HOST}`, host: GIT_HOST, hostname: GIT_HOST, custom: false },
    repositoryPath: `/v1/repos/${repositoryName}`,
    cloneUrl: `https://${GIT_HOST}/v1/repos/${repositoryName}`,
    ref: { kind: 'default' },
    targetPath: `/home/runner/work/app/app/${repositoryName}`,
    fetchDepth: 1,
    networkTimeoutSeconds: 30,
    maxAttempts: 3,
  };
}

const PLAN = planFor('my-service');
const URL = `https://${GIT_HOST}/v1/repos/my-service/`;
const ADVICE = vpcAdviceForUnreachable('git', GIT_HOST, 'eu-west-1');

/** git's stderr for an HTTP status, as git 2.39 writes it. */
const httpStatus = (url: string, status: number): string =>
  `Cloning into 'my-service'...\nfatal: unable to access '${url}': The requested URL returned error: ${status}\n`;

describe('explainGitFailure', () => {
  it('explains a stalled command with the timeout and the VPC advice', () => {
    expect(explainGitFailure(PLAN, '', 30)).toBe(
      `git got no answer from ${GIT_HOST} for 30 s (connect, TLS handshake or transfer stalled). ${ADVICE}`,
    );
  });

  it('prefers the timeout over whatever stderr says', () => {
    expect(explainGitFailure(PLAN, httpStatus(URL, 403), 5)).toMatch(/^git got no answer from .* for 5 s/);
  });

  it('explains a DNS failure with the VPC advice', () => {
    const stderr = `fatal: unable to access '${URL}': Could not resolve host: ${GIT_HOST}\n`;
    expect(explainGitFailure(PLAN, stderr)).toBe(`DNS: ${GIT_HOST} could not be resolved. ${ADVICE}`);
  });

  it.each([
    `fatal: unable to access '${URL}': Failed to connect to ${GIT_HOST} port 443 after 3 ms: Connection refused`,
    `fatal: unable to access '${URL}': Failed to connect to ${GIT_HOST} port 443 after 130001 ms: Connection timed out`,
    `fatal: unable to access '${URL}': Failed to connect to ${GIT_HOST} port 443 after 2 ms: Couldn't connect to server`,
  ])('explains a failed TCP connect with the VPC advice: %s', (stderr) => {
    expect(explainGitFailure(PLAN, stderr)).toBe(`connect: no TCP connection to ${GIT_HOST}. ${ADVICE}`);
  });

  it('explains a TLS failure, quoting the line that says so', () => {
    const line = `fatal: unable to access '${URL}': SSL certificate problem: unable to get local issuer certificate`;
    const explanation = explainGitFailure(PLAN, `Cloning into 'x'...\n${line}\n`);
    expect(explanation).toMatch(new RegExp(`^TLS: the handshake with ${GIT_HOST} failed`));
    expect(explanation).toContain(`(${line})`);
    expect(explanation).toContain('the runner lacks the CA');
  });

  it('explains HTTP 403 with the codecommit:GitPull ARN of the repository', () => {
    const explanation = explainGitFailure(PLAN, httpStatus(URL, 403));
    expect(explanation).toMatch(
      new RegExp(`^HTTP 403 from ${GIT_HOST}: the credentials were refused for repository 'my-service'`),
    );
    expect(explanation).toContain('codecommit:GitPull on arn:aws:codecommit:eu-west-1:<account>:my-service');
  });

  it('uses the partition of the plan in the ARN', () => {
    const china = { ...planFor('my-service'), region: 'cn-north-1', partition: 'aws-cn' as const };
    expect(explainGitFailure(china, httpStatus(URL, 403))).toContain(
      'arn:aws-cn:codecommit:cn-north-1:<account>:my-service',
    );
  });

  it.each([
    httpStatus(URL, 404),
    "remote: repository 'my-service' not found\n",
    'fatal: repository does not exist\n',
  ])('explains a missing repository: %j', (stderr) => {
    expect(explainGitFailure(PLAN, stderr)).toBe(
      `the repository 'my-service' was not found at ${GIT_HOST}: check its name (case-sensitive), region and account.`,
    );
  });

  it.each([
    "fatal: couldn't find remote ref 0123456789abcdef0123456789abcdef01234567\n",
    'fatal: remote error: upload-pack: not our ref 0123456789abcdef0123456789abcdef01234567\n',
    'error: Server does not allow request for unadvertised object 0123456789abcdef0123456789abcdef01234567\n',
  ])('explains a missing ref: %j', (stderr) => {
    expect(explainGitFailure(PLAN, stderr)).toBe(`the ref was not found in 'my-service': check 'ref'.`);
  });

  it.each([
    httpStatus(URL, 502),
    httpStatus(URL, 500),
    'error: RPC failed; HTTP 503 curl 22 The requested URL returned error: 503\n',
    'fetch-pack: unexpected disconnect while reading sideband packet\nfatal: early EOF\n',
    'error: RPC failed; curl 18 transfer closed with outstanding read data remaining\n',
    'error: RPC failed; curl 56 Recv failure: Connection reset by peer\n',
  ])('explains a transfer that broke off: %j', (stderr) => {
    expect(explainGitFailure(PLAN, stderr)).toBe(
      `the transfer from ${GIT_HOST} broke off (server error or connection reset).`,
    );
  });

  it('falls back to a plain statement naming the host', () => {
    expect(explainGitFailure(PLAN, 'fatal: something unexpected\n')).toBe(
      `git failed talking to ${GIT_HOST}.`,
    );
  });

  // Bug: the 404 pattern /not found/ is tried before the ref pattern, so git's own message for a missing
  // branch (git 2.39: "fatal: Remote branch <name> not found in upstream origin") is explained as a
  // missing repository; the `Remote branch .* not found` alternative of the ref pattern is never reached.
  test('explains a missing branch as a missing ref, not a missing repository', () => {
    const stderr = "Cloning into 'my-service'...\nfatal: Remote branch nope not found in upstream origin\n";
    expect(explainGitFailure(PLAN, stderr)).toBe(`the ref was not found in 'my-service': check 'ref'.`);
  });

  // Bug: the TLS pattern /SSL|TLS|certificate/i runs over all of stderr, which holds the repository URL,
  // so a 403 for a repository whose name contains "tls", "ssl" or "certificate" is explained as a TLS
  // handshake failure.
  test('explains a 403 as a 403 even when the repository name contains "tls"', () => {
    const plan = planFor('tls-certs');
    const stderr = httpStatus(`https://${GIT_HOST}/v1/repos/tls-certs/`, 403);
    expect(explainGitFailure(plan, stderr)).toMatch(/^HTTP 403 from /);
  });
});
