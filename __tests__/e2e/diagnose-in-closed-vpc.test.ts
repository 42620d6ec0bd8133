import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundlePath } from '../../test-support/action-under-test.js';
import type { StepRun } from '../../test-support/actions-runner.js';
import {
  filesHoldingSecrets,
  gitArgvText,
  knownSecrets,
  NODES,
  prepareRunnerHost,
  runMain,
  runPost,
  secretsIn,
  snapshotTree,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { failureBoundMs, START_UP_MS } from '../../test-support/closed-vpc/bounds.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  FORBIDDEN_REPOSITORY,
  REPOSITORY,
  RUNNER_PRINCIPAL,
  startVpcWorld,
  SWITCH_ROLE,
  UNTRUSTING_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { expectNoSecretLeft } from './secret-checks.js';
import { ensureClosedVpc } from '../../test-support/closed-vpc/closed-vpc.js';
import { startFakeCodeCommitApi, type FakeCodeCommitApi } from '../../test-support/fake-codecommit-api.js';
import { createFixtureRepository } from '../../test-support/fixture-repos.js';

const CLI = bundlePath('cli');
/** The failure cases are the same code on every node: on node 24 only, what GitHub runs. */
const node = NODES[1].path;
const TEAM = ['team-alpha', 'team-beta'];
let world: VpcWorld;
let regionalApi: FakeCodeCommitApi;

beforeAll(async () => {
  world = await startVpcWorld();
  for (const name of TEAM) {
    await createFixtureRepository(world.projectRoot, name);
    world.accounts.allowRepository(name, SWITCH_ROLE);
  }
  const vpc = await ensureClosedVpc();
  regionalApi = await startFakeCodeCommitApi({
    accounts: world.accounts,
    region: PRIVATE_DNS_REGION,
    tls: { key: await readFile(vpc.serverKeyPath, 'utf8'), cert: await readFile(vpc.serverCertPath, 'utf8') },
    address: HOSTS.regionalApi.address,
    port: 443,
    expectedHost: HOSTS.regionalApi.name,
    repositories: [REPOSITORY, FORBIDDEN_REPOSITORY, ...TEAM],
    listers: [SWITCH_ROLE],
    pageSize: 2,
  });
});

afterAll(async () => {
  await Promise.all([world?.close(), regionalApi?.close()]);
});

const regional = {
  mode: 'diagnose',
  repository: REPOSITORY,
  'aws-region': PRIVATE_DNS_REGION,
  'role-to-assume': SWITCH_ROLE,
};

interface Row {
  status: string;
  check: string;
  subject: string;
  found: string;
  fix?: string;
}

/** The rows of the plain report in a log: `<status> <check>: <subject>`, then what was found and the fix. */
function reportRows(log: string): Row[] {
  const lines = log.split('\n');
  const start = lines.indexOf('Diagnosis, in the order a request travels:');
  const rows: Row[] = [];
  for (const line of start >= 0 ? lines.slice(start + 1) : []) {
    const head = /^(ok|FAILED|not checked) +([^:]+): (.*?)(?: \(\d+ ms\))?$/.exec(line);
    const detail = /^ {12}(?:(fix|note): )?(.*)$/.exec(line);
    const last = rows[rows.length - 1];
    if (head !== null)
      rows.push({ status: head[1] ?? '', check: head[2] ?? '', subject: head[3] ?? '', found: '' });
    else if (detail !== null && last !== undefined && detail[1] === undefined) last.found = detail[2] ?? '';
    else if (detail !== null && last !== undefined) last.fix = detail[2] ?? '';
    else break;
  }
  return rows;
}

/** The action's main step with the inputs, as the runner runs it. */
function diagnose(host: RunnerHost, inputs: Record<string, string>, nodePath = node): Promise<StepRun> {
  return runMain(host, nodePath, inputs);
}

function row(rows: Row[], check: string, subject?: string): Row {
  const found = rows.find((r) => r.check === check && (subject === undefined || r.subject === subject));
  if (found === undefined)
    throw new Error(`no ${check} row ${subject ?? ''} in ${JSON.stringify(rows, null, 1)}`);
  return found;
}

/** A workspace as a persistent runner leaves it: a clone target with files in it, and another file. */
async function occupiedWorkspace(host: RunnerHost): Promise<Map<string, string>> {
  await mkdir(path.join(host.directories.workspace, REPOSITORY, 'src'), { recursive: true });
  await writeFile(path.join(host.directories.workspace, REPOSITORY, 'src', 'main.c'), 'int main;\n');
  await writeFile(path.join(host.directories.workspace, 'notes.txt'), 'keep\n');
  return snapshotTree(host.directories.workspace);
}

describe('mode: diagnose in the closed VPC', () => {
  test.each(NODES)(
    'healthy ($label): every row ok in the order a request travels, exit 0, the workspace untouched, no state, a summary table, no secret',
    async ({ path: nodePath }) => {
      const host = await prepareRunnerHost(world);
      const before = await occupiedWorkspace(host);
      const gitBefore = world.regionalGit.requests.length;
      const run = await diagnose(host, regional, nodePath);
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      const rows = reportRows(run.stdout);
      expect(rows.map((r) => [r.status, r.check, r.subject])).toEqual([
        ['ok', 'STS endpoint', HOSTS.regionalSts.name],
        ['ok', 'git endpoint', HOSTS.regionalGit.name],
        ['ok', 'Source credentials', "the runner's"],
        ['ok', 'Identity', 'source credentials'],
        ['ok', 'Role', SWITCH_ROLE],
        ['ok', 'git', 'git on PATH'],
        ['ok', 'Repository', REPOSITORY],
        ['ok', 'git capabilities', HOSTS.regionalGit.name],
      ]);
      expect(row(rows, 'STS endpoint').found).toMatch(
        new RegExp(
          `DNS: ${HOSTS.regionalSts.address} \\(private\\).*TCP .*connected.*certificate valid for ${HOSTS.regionalSts.name}; HTTP \\d{3}`,
        ),
      );
      expect(row(rows, 'Source credentials').found).toMatch(/AWS_ACCESS_KEY_ID of the environment/);
      expect(row(rows, 'Identity').found).toContain(RUNNER_PRINCIPAL);
      expect(row(rows, 'Role').found).toMatch(/assumed-role\/SwitchRole\//);
      expect(row(rows, 'Repository').found).toMatch(
        new RegExp(
          `codecommit:GitPull allowed.*default branch main at ${world.repository.headSha.slice(0, 12)}`,
        ),
      );
      expect(row(rows, 'git capabilities').found).toMatch(
        /^protocol v2, git\/[\d.]+; filter: not advertised; /,
      );
      expect(run.stdout).toContain('Diagnosis: all 8 checks fine.');
      // The signed ls-remotes reached git: one ref advertisement for the repository, one for what the
      // server supports, every request of them signed and accepted.
      const gitRequests = world.regionalGit.requests.slice(gitBefore).filter((r) => r.path !== '/');
      expect(gitRequests.filter((r) => r.path.endsWith('/info/refs'))).toHaveLength(2);
      expect(gitRequests.map((r) => r.auth)).toEqual(gitRequests.map(() => 'accepted'));
      expect(run.summary).toMatch(
        /^<h3>CodeCommit VPC diagnosis<\/h3>\n<h4>Diagnosis: all 8 checks fine\.<\/h4>\n<table>/,
      );
      expect(run.summary).toContain('<th>What to fix</th>');
      expect(run.summary.match(/<td>ok<\/td>/g)).toHaveLength(8);
      expect(run.state).toEqual({});
      const post = await runPost(host, nodePath, run.state);
      expect([post.exitCode, post.warnings, post.errors]).toEqual([0, [], []]);
      expect(await snapshotTree(host.directories.workspace)).toEqual(before);
      expect(await host.recorder.invocations()).toEqual([
        ['version'],
        ['config', '--list', '--show-scope', '--show-origin', '-z'],
        ['ls-remote', '--symref', '--', `https://${HOSTS.regionalGit.name}/v1/repos/${REPOSITORY}`],
        ['config', '--list', '--show-scope', '--show-origin', '-z'],
        [
          '-c',
          'protocol.version=2',
          'ls-remote',
          '--',
          `https://${HOSTS.regionalGit.name}/v1/repos/${REPOSITORY}`,
        ],
      ]);
      await expectNoSecretLeft(world, host, [run]);
      // Everything answers at once: start-up and a few round trips; margin 4 s (2 shared cores).
      expect(run.durationMs).toBeLessThan(START_UP_MS + 4000);
    },
  );

  test('private DNS off and no endpoint inputs: both endpoint rows say private DNS is off and which input to set; the rest is not checked', async () => {
    const host = await prepareRunnerHost(world);
    const run = await diagnose(host, { ...regional, 'aws-region': VPCE_ONLY_REGION });
    expect(run.exitCode).toBe(1);
    const rows = reportRows(run.stdout);
    const sts = row(rows, 'STS endpoint', `sts.${VPCE_ONLY_REGION}.amazonaws.com`);
    const git = row(rows, 'git endpoint', `git-codecommit.${VPCE_ONLY_REGION}.amazonaws.com`);
    for (const [endpoint, service, input] of [
      [sts, 'sts', 'sts-endpoint'],
      [git, 'git-codecommit', 'codecommit-endpoint'],
    ] as const) {
      expect(endpoint.status).toBe('FAILED');
      expect(endpoint.found).toMatch(/does not resolve/);
      expect(endpoint.fix).toMatch(
        new RegExp(
          `Private DNS is off for the com\\.amazonaws\\.${VPCE_ONLY_REGION}\\.${service} interface endpoint`,
        ),
      );
      expect(endpoint.fix).toContain(`set '${input}'`);
    }
    expect(row(rows, 'Source credentials').status).toBe('ok');
    expect(row(rows, 'Identity').status).toBe('not checked');
    expect(row(rows, 'Role').status).toBe('not checked');
    expect(row(rows, 'Repository').found).toMatch(/^not checked: no credentials/);
    expect(run.errors).toEqual([
      `Diagnosis: 2 of 8 checks failed, 4 not checked: STS endpoint sts.${VPCE_ONLY_REGION}.amazonaws.com; git endpoint git-codecommit.${VPCE_ONLY_REGION}.amazonaws.com.`,
    ]);
    // Both names fail at once (the hosts file, no resolver): start-up only; margin 3 s.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 1, attemptSeconds: 0, probe: false, marginMs: 3000 }),
    );
    expect(world.globalSts.acceptedConnections()).toBe(0);
    await expectNoSecretLeft(world, host, [run]);
  });

  test('a git endpoint that accepts TCP and never answers TLS: its row names the security group and the endpoint, within the bound; STS and the role still checked', async () => {
    const host = await prepareRunnerHost(world);
    const timeout = 2;
    const run = await diagnose(host, {
      ...regional,
      'aws-region': VPCE_ONLY_REGION,
      'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
      'codecommit-endpoint': `https://${HOSTS.silentGit.name}`,
      'network-timeout-seconds': String(timeout),
    });
    expect(run.exitCode).toBe(1);
    const rows = reportRows(run.stdout);
    const git = row(rows, 'git endpoint', HOSTS.silentGit.name);
    expect(git.status).toBe('FAILED');
    expect(git.found).toMatch(/TCP .*connected.*TLS: no answer after \d+ ms/);
    expect(git.fix).toMatch(/TLS handshake never completes/);
    expect(git.fix).toMatch(
      new RegExp(
        `com\\.amazonaws\\.${VPCE_ONLY_REGION}\\.git-codecommit interface endpoint, that its security group allows inbound TCP 443`,
      ),
    );
    expect(row(rows, 'STS endpoint').status).toBe('ok');
    expect(row(rows, 'Role').status).toBe('ok');
    expect(row(rows, 'Repository').found).toBe(
      `not checked: the git endpoint ${HOSTS.silentGit.name} did not answer (see its row)`,
    );
    // The README's bound for diagnose: the endpoint checks' four phases (DNS, TCP, TLS, HTTP) of at most
    // network-timeout-seconds each, the rest answers at once here; margin 2 s (2 shared cores).
    expect(run.durationMs).toBeLessThan(4 * timeout * 1000 + START_UP_MS + 2000);
    // It waited for the TLS phase: the bound is not met by skipping the check.
    expect(run.durationMs).toBeGreaterThanOrEqual(timeout * 1000);
  });

  test('a role that does not trust the runner: the role row says what to fix in which account, the endpoint rows are still there', async () => {
    const host = await prepareRunnerHost(world);
    const run = await diagnose(host, { ...regional, 'role-to-assume': UNTRUSTING_ROLE });
    expect(run.exitCode).toBe(1);
    const rows = reportRows(run.stdout);
    expect(row(rows, 'STS endpoint').status).toBe('ok');
    expect(row(rows, 'git endpoint').status).toBe('ok');
    expect(row(rows, 'Identity').found).toContain(RUNNER_PRINCIPAL);
    const role = row(rows, 'Role', UNTRUSTING_ROLE);
    expect(role.status).toBe('FAILED');
    expect(role.found).toMatch(/AccessDenied/);
    expect(role.fix).toContain(
      `In account 111111111111: the trust policy of ${UNTRUSTING_ROLE} must allow ${RUNNER_PRINCIPAL}`,
    );
    expect(role.fix).toContain(
      `In account 222222222222: ${RUNNER_PRINCIPAL} needs sts:AssumeRole on ${UNTRUSTING_ROLE}`,
    );
    expect(row(rows, 'Repository').found).toMatch(/^not checked: no credentials/);
    expect(run.errors).toEqual([`Diagnosis: 1 of 8 checks failed, 2 not checked: Role ${UNTRUSTING_ROLE}.`]);
    // AccessDenied is not retried: start-up and round trips; margin 3 s.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 1, attemptSeconds: 0, probe: false, marginMs: 3000 }),
    );
    await expectNoSecretLeft(world, host, [run]);
  });

  test('a repository the role may not pull (403: the GitPull policy on its ARN) and a ref another repository lacks, in one run', async () => {
    const host = await prepareRunnerHost(world);
    const run = await diagnose(host, {
      ...regional,
      repository: `${FORBIDDEN_REPOSITORY}\n${REPOSITORY}`,
      ref: 'no-such-branch',
    });
    expect(run.exitCode).toBe(1);
    const rows = reportRows(run.stdout);
    const forbidden = row(rows, 'Repository', FORBIDDEN_REPOSITORY);
    expect(forbidden.status).toBe('FAILED');
    expect(forbidden.found).toMatch(/403/);
    expect(forbidden.fix).toContain(
      `in account 111111111111, allow codecommit:GitPull on arn:aws:codecommit:${PRIVATE_DNS_REGION}:111111111111:${FORBIDDEN_REPOSITORY}`,
    );
    expect(forbidden.fix).toContain(SWITCH_ROLE);
    const missingRef = row(rows, 'Repository', REPOSITORY);
    expect(missingRef.status).toBe('FAILED');
    expect(missingRef.found).toMatch(
      /codecommit:GitPull allowed\); 'no-such-branch' is neither a branch nor a tag/,
    );
    expect(missingRef.fix).toBe("Check 'ref' (case-sensitive). Branches: feature, main; tags: v1.0.0.");
    expect(run.errors).toEqual([
      `Diagnosis: 2 of 9 checks failed: Repository ${FORBIDDEN_REPOSITORY}; Repository ${REPOSITORY}.`,
    ]);
    // 403 and a missing ref are not retried; margin 3 s.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 1, attemptSeconds: 0, probe: false, marginMs: 3000 }),
    );
    await expectNoSecretLeft(world, host, [run]);
  });
});

describe('mode: diagnose with repository patterns', () => {
  test('the CodeCommit API endpoint gets a row, ListRepositories a row naming what each pattern matched, and each matched repository is checked', async () => {
    const host = await prepareRunnerHost(world);
    const run = await diagnose(host, { ...regional, repository: 'team-*' });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const rows = reportRows(run.stdout);
    expect(rows.map((r) => [r.status, r.check, r.subject])).toEqual([
      ['ok', 'STS endpoint', HOSTS.regionalSts.name],
      ['ok', 'git endpoint', HOSTS.regionalGit.name],
      ['ok', 'CodeCommit API endpoint', HOSTS.regionalApi.name],
      ['ok', 'Source credentials', "the runner's"],
      ['ok', 'Identity', 'source credentials'],
      ['ok', 'Role', SWITCH_ROLE],
      ['ok', 'Repository list', "'team-*'"],
      ['ok', 'git', 'git on PATH'],
      ['ok', 'Repository', 'team-alpha'],
      ['ok', 'Repository', 'team-beta'],
      ['ok', 'git capabilities', HOSTS.regionalGit.name],
    ]);
    expect(row(rows, 'Repository list').found).toBe(
      `ListRepositories at ${HOSTS.regionalApi.name} (codecommit:ListRepositories allowed): 'team-*' matches team-alpha, team-beta`,
    );
    // Every page was asked for (4 names, pages of 2).
    expect(
      regionalApi.requests.filter((r) => r.target?.endsWith('ListRepositories') && r.status === 200),
    ).toHaveLength(2);
    await expectNoSecretLeft(world, host, [run]);
  });
});

describe('codecommit-xaccount-clone diagnose', () => {
  function cli(host: RunnerHost, args: string[]) {
    return runCommandResult(process.execPath, [CLI, 'diagnose', ...args], {
      cwd: host.directories.workspace,
      env: { ...host.env, HOME: host.directories.home },
    });
  }

  test('prints the same rows as plain text with no workflow command and no secret: exit 0 when fine, 1 when not', async () => {
    const host = await prepareRunnerHost(world);
    const before = await occupiedWorkspace(host);
    const args = ['--repository', REPOSITORY, '--aws-region', PRIVATE_DNS_REGION];
    const healthy = await cli(host, [...args, '--role-to-assume', SWITCH_ROLE]);
    const denied = await cli(host, [...args, '--role-to-assume', UNTRUSTING_ROLE]);
    expect([healthy.exitCode, denied.exitCode]).toEqual([0, 1]);
    expect(reportRows(healthy.stdout).every((r) => r.status === 'ok')).toBe(true);
    expect(row(reportRows(denied.stdout), 'Role').fix).toMatch(/trust policy of .*NotForYou/);
    for (const run of [healthy, denied]) {
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/^::/m);
      expect(secretsIn(`${run.stdout}${run.stderr}`, knownSecrets(world))).toEqual([]);
    }
    expect(secretsIn(await gitArgvText(host), knownSecrets(world))).toEqual([]);
    expect(
      await filesHoldingSecrets(
        [host.directories.workspace, host.directories.runnerTemp, host.directories.home],
        knownSecrets(world),
      ),
    ).toEqual([]);
    expect(await snapshotTree(host.directories.workspace)).toEqual(before);
  });
});
