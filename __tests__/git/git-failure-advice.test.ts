import { explainGitFailure as explain, type GitRequester } from '../../src/git/git-failure-advice.js';
import { classifyGitFailure } from '../../src/git/git-failure.js';
import { vpcAdviceForUnreachable } from '../../src/network/vpc-advice.js';
import type { Plan, RepositoryPlan } from '../../src/plan/plan.js';
import { EXAMPLE_GIT_HOST, examplePlan, exampleRepository } from '../plan-fixture.js';

const GIT_HOST = EXAMPLE_GIT_HOST;
const repositoryFor = exampleRepository;
const planFor = (...repositories: RepositoryPlan[]): Plan => examplePlan({ repositories });

const REPO = repositoryFor('my-service');
const PLAN = planFor(REPO);
const URL = `https://${GIT_HOST}/v1/repos/my-service/`;
const ADVICE = vpcAdviceForUnreachable('git', GIT_HOST, 'eu-west-1');

/** git's stderr for an HTTP status, as git 2.39 writes it. */
const httpStatus = (url: string, status: number): string =>
  `Cloning into 'my-service'...\nfatal: unable to access '${url}': The requested URL returned error: ${status}\n`;

/** The advice for git's stderr (and a stall), classified as the step classifies it. */
const explainGitFailure = (
  plan: Plan,
  repository: RepositoryPlan,
  stderr: string,
  stalledSeconds?: number,
  requester?: GitRequester,
): string => explain(plan, repository, classifyGitFailure(stderr, stalledSeconds), stderr, requester);

describe('explainGitFailure', () => {
  it('explains a stalled command with the timeout and the VPC advice', () => {
    expect(explainGitFailure(PLAN, REPO, '', 30)).toBe(
      `git got no answer from ${GIT_HOST} for 30 s (connect, TLS handshake or transfer stalled). ${ADVICE}`,
    );
  });

  it('prefers the timeout over whatever stderr says', () => {
    expect(explainGitFailure(PLAN, REPO, httpStatus(URL, 403), 5)).toMatch(
      /^git got no answer from .* for 5 s/,
    );
  });

  it('explains a DNS failure with the VPC advice', () => {
    const stderr = `fatal: unable to access '${URL}': Could not resolve host: ${GIT_HOST}\n`;
    expect(explainGitFailure(PLAN, REPO, stderr)).toBe(`DNS: ${GIT_HOST} could not be resolved. ${ADVICE}`);
  });

  it.each([
    `fatal: unable to access '${URL}': Failed to connect to ${GIT_HOST} port 443 after 3 ms: Connection refused`,
    `fatal: unable to access '${URL}': Failed to connect to ${GIT_HOST} port 443 after 130001 ms: Connection timed out`,
    `fatal: unable to access '${URL}': Failed to connect to ${GIT_HOST} port 443 after 2 ms: Couldn't connect to server`,
  ])('explains a failed TCP connect with the VPC advice: %s', (stderr) => {
    expect(explainGitFailure(PLAN, REPO, stderr)).toBe(
      `connect: no TCP connection to ${GIT_HOST}. ${ADVICE}`,
    );
  });

  it('explains a TLS failure, quoting the line that says so', () => {
    const line = `fatal: unable to access '${URL}': SSL certificate problem: unable to get local issuer certificate`;
    const explanation = explainGitFailure(PLAN, REPO, `Cloning into 'x'...\n${line}\n`);
    expect(explanation).toMatch(new RegExp(`^TLS: the handshake with ${GIT_HOST} failed`));
    expect(explanation).toContain(`(${line})`);
    expect(explanation).toContain('the runner lacks the CA');
  });

  it('explains HTTP 403 with the codecommit:GitPull ARN of the repository', () => {
    const explanation = explainGitFailure(PLAN, REPO, httpStatus(URL, 403));
    expect(explanation).toMatch(
      new RegExp(`^HTTP 403 from ${GIT_HOST}: the credentials were refused for repository 'my-service'`),
    );
    expect(explanation).toContain('codecommit:GitPull on arn:aws:codecommit:eu-west-1:<account>:my-service');
  });

  it('uses the partition of the plan in the ARN', () => {
    const china = { ...planFor(REPO), region: 'cn-north-1', partition: 'aws-cn' as const };
    expect(explainGitFailure(china, REPO, httpStatus(URL, 403))).toContain(
      'arn:aws-cn:codecommit:cn-north-1:<account>:my-service',
    );
  });

  it.each([
    httpStatus(URL, 404),
    "remote: repository 'my-service' not found\n",
    'fatal: repository does not exist\n',
  ])('explains a missing repository: %j', (stderr) => {
    expect(explainGitFailure(PLAN, REPO, stderr)).toBe(
      `the repository 'my-service' was not found at ${GIT_HOST}: check its name (case-sensitive), region and account.`,
    );
  });

  it.each([
    "fatal: couldn't find remote ref 0123456789abcdef0123456789abcdef01234567\n",
    'fatal: remote error: upload-pack: not our ref 0123456789abcdef0123456789abcdef01234567\n',
    'error: Server does not allow request for unadvertised object 0123456789abcdef0123456789abcdef01234567\n',
  ])('explains a missing ref: %j', (stderr) => {
    expect(explainGitFailure(PLAN, REPO, stderr)).toBe(`the ref was not found in 'my-service': check 'ref'.`);
  });

  it.each([
    [httpStatus(URL, 502), '502'],
    [httpStatus(URL, 500), '500'],
  ])('explains a server error with its status: %j', (stderr, status) => {
    expect(explainGitFailure(PLAN, REPO, stderr)).toBe(
      `HTTP ${status} from ${GIT_HOST}: the endpoint or a load balancer in front of it failed.`,
    );
  });

  it.each([
    [httpStatus(URL, 429), '429'],
    ['error: RPC failed; HTTP 503 curl 22 The requested URL returned error: 503\n', '503'],
  ])('explains a 429 or 503 as throttling, with what helps: %j', (stderr, status) => {
    expect(explainGitFailure(PLAN, REPO, stderr)).toBe(
      `HTTP ${status} from ${GIT_HOST}: the endpoint throttled the request (too many git requests at once). ` +
        "Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time.",
    );
  });

  it('names the account, the principal and the ARN with that account in a 403 when the step knows them', () => {
    const requester = {
      account: '111111111111',
      principal: 'arn:aws:sts::111111111111:assumed-role/CrossAccountClone/run-1',
    };
    expect(explainGitFailure(PLAN, REPO, httpStatus(URL, 403), undefined, requester)).toBe(
      `HTTP 403 from ${GIT_HOST}: the credentials were refused for repository 'my-service'. ` +
        "arn:aws:sts::111111111111:assumed-role/CrossAccountClone/run-1 may not pull 'my-service': in account 111111111111, " +
        "allow codecommit:GitPull on arn:aws:codecommit:eu-west-1:111111111111:my-service in the role's permissions " +
        '(and check that no SCP or permissions boundary denies it); the name is case-sensitive and must be in that region and account.',
    );
  });

  it('names the region and account a missing repository was looked for in, when the step knows the account', () => {
    expect(explainGitFailure(PLAN, REPO, httpStatus(URL, 404), undefined, { account: '111111111111' })).toBe(
      `there is no repository 'my-service' at ${GIT_HOST} in eu-west-1 of account 111111111111: ` +
        "check its name (case-sensitive), 'aws-region' and the role's account.",
    );
  });

  it.each([
    'fetch-pack: unexpected disconnect while reading sideband packet\nfatal: early EOF\n',
    'error: RPC failed; curl 18 transfer closed with outstanding read data remaining\n',
    'error: RPC failed; curl 56 Recv failure: Connection reset by peer\n',
  ])('explains a transfer that broke off: %j', (stderr) => {
    expect(explainGitFailure(PLAN, REPO, stderr)).toBe(
      `the transfer from ${GIT_HOST} broke off (connection reset or early EOF).`,
    );
  });

  it('falls back to a plain statement naming the host', () => {
    expect(explainGitFailure(PLAN, REPO, 'fatal: something unexpected\n')).toBe(
      `git failed talking to ${GIT_HOST}.`,
    );
  });

  describe('with several repositories in the plan', () => {
    const OTHER_HOST = 'git.proxy.internal:8443';
    const first = repositoryFor('first-service');
    const second = repositoryFor('second-service', OTHER_HOST);
    const both = planFor(first, second);

    it('names the failed repository and its own host, not the first one of the plan', () => {
      const stderr = httpStatus(`https://${OTHER_HOST}/v1/repos/second-service/`, 403);
      const explanation = explainGitFailure(both, second, stderr);
      expect(explanation).toMatch(
        /^HTTP 403 from git\.proxy\.internal:8443: the credentials were refused for repository 'second-service'/,
      );
      expect(explanation).toContain('arn:aws:codecommit:eu-west-1:<account>:second-service');
      expect(explanation).not.toContain('first-service');
      expect(explanation).not.toContain(GIT_HOST);
    });

    it("gives the VPC advice for the failed repository's git hostname", () => {
      const stderr = 'fatal: unable to access: Could not resolve host: git.proxy.internal\n';
      expect(explainGitFailure(both, second, stderr)).toBe(
        `DNS: git.proxy.internal could not be resolved. ${vpcAdviceForUnreachable('git', 'git.proxy.internal', 'eu-west-1')}`,
      );
      expect(explainGitFailure(both, first, stderr)).toBe(
        `DNS: ${GIT_HOST} could not be resolved. ${ADVICE}`,
      );
    });

    it('names the failed repository when its ref or itself is missing', () => {
      expect(explainGitFailure(both, second, "fatal: couldn't find remote ref main\n")).toBe(
        `the ref was not found in 'second-service': check 'ref'.`,
      );
      expect(explainGitFailure(both, first, httpStatus(URL, 404))).toBe(
        `the repository 'first-service' was not found at ${GIT_HOST}: check its name (case-sensitive), region and account.`,
      );
    });
  });

  // Bug: the 404 pattern /not found/ is tried before the ref pattern, so git's own message for a missing
  // branch (git 2.39: "fatal: Remote branch <name> not found in upstream origin") is explained as a
  // missing repository; the `Remote branch .* not found` alternative of the ref pattern is never reached.
  test('explains a missing branch as a missing ref, not a missing repository', () => {
    const stderr = "Cloning into 'my-service'...\nfatal: Remote branch nope not found in upstream origin\n";
    expect(explainGitFailure(PLAN, REPO, stderr)).toBe(`the ref was not found in 'my-service': check 'ref'.`);
  });

  // Bug: the TLS pattern /SSL|TLS|certificate/i runs over all of stderr, which holds the repository URL,
  // so a 403 for a repository whose name contains "tls", "ssl" or "certificate" is explained as a TLS
  // handshake failure.
  test('explains a 403 as a 403 even when the repository name contains "tls"', () => {
    const repository = repositoryFor('tls-certs');
    const stderr = httpStatus(`https://${GIT_HOST}/v1/repos/tls-certs/`, 403);
    expect(explainGitFailure(planFor(repository), repository, stderr)).toMatch(/^HTTP 403 from /);
  });
});
