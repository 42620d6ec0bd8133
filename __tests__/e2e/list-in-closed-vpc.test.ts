import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { bundlePath } from '../../test-support/action-under-test.js';
import { linesLeakingBeforeMask, type StepRun } from '../../test-support/actions-runner.js';
import { failureBoundMs } from '../../test-support/closed-vpc/bounds.js';
import {
  knownSecrets,
  NODES,
  prepareRunnerHost,
  runMain,
  secretsIn,
  snapshotTree,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { ensureClosedVpc } from '../../test-support/closed-vpc/closed-vpc.js';
import {
  HOSTS,
  PRIVATE_DNS_REGION,
  PROXY_ADDRESS,
  VPCE_ONLY_REGION,
} from '../../test-support/closed-vpc/topology.js';
import { startConnectProxy } from '../../test-support/connect-proxy.js';
import {
  EXTERNAL_ID,
  EXTERNAL_ID_ROLE,
  FORBIDDEN_REPOSITORY,
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';
import { startFakeCodeCommitApi, type FakeCodeCommitApi } from '../../test-support/fake-codecommit-api.js';
import { createFixtureRepository, type FixtureRepository } from '../../test-support/fixture-repos.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { expectNoSecretLeft } from './secret-checks.js';

const CLI = bundlePath('cli');
const TEAM = ['team-alpha', 'team-beta', 'team-gamma'];
/** What ListRepositories answers: 7 names, 4 pages of 2. */
const LISTED = [REPOSITORY, FORBIDDEN_REPOSITORY, ...TEAM, 'lib-one', 'other'];
const PAGE_SIZE = 2;
const PAGES = Math.ceil(LISTED.length / PAGE_SIZE);

let world: VpcWorld;
let regionalApi: FakeCodeCommitApi;
let vpceApi: FakeCodeCommitApi;
let silentApi: FakeCodeCommitApi;
const team: Record<string, FixtureRepository> = {};

beforeAll(async () => {
  world = await startVpcWorld();
  for (const name of TEAM) {
    team[name] = await createFixtureRepository(world.projectRoot, name, { files: { 'team.txt': name } });
    world.accounts.allowRepository(name, SWITCH_ROLE);
  }
  const vpc = await ensureClosedVpc();
  const tls = {
    key: await readFile(vpc.serverKeyPath, 'utf8'),
    cert: await readFile(vpc.serverCertPath, 'utf8'),
  };
  const api = (key: 'regionalApi' | 'vpceApi', region: string) =>
    startFakeCodeCommitApi({
      accounts: world.accounts,
      region,
      tls,
      address: HOSTS[key].address,
      port: 443,
      expectedHost: HOSTS[key].name,
      repositories: LISTED,
      // The role may list; EXTERNAL_ID_ROLE may assume but not list.
      listers: [SWITCH_ROLE],
      pageSize: PAGE_SIZE,
    });
  [regionalApi, vpceApi, silentApi] = await Promise.all([
    api('regionalApi', PRIVATE_DNS_REGION),
    api('vpceApi', VPCE_ONLY_REGION),
    startFakeCodeCommitApi({
      accounts: world.accounts,
      region: VPCE_ONLY_REGION,
      address: HOSTS.silentApi.address,
      port: 443,
      expectedHost: HOSTS.silentApi.name,
      repositories: LISTED,
      listers: [SWITCH_ROLE],
      silent: true,
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([regionalApi?.close(), vpceApi?.close(), silentApi?.close(), world?.close()]);
});

const regional = { 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };
const privateDnsOff = {
  'aws-region': VPCE_ONLY_REGION,
  'role-to-assume': SWITCH_ROLE,
  'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
  'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
};

function gitRequests(): number {
  return world.regionalGit.requests.length + world.vpceGit.requests.length;
}

async function headOf(dir: string): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, 'rev-parse', 'HEAD'], {
    env: { PATH: process.env.PATH ?? '', HOME: dir },
  });
  return result.stdout.trim();
}

function expectFailedWith(run: StepRun, ...parts: (string | RegExp)[]): string {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  const error = run.errors[0] ?? '';
  for (const part of parts) {
    if (typeof part === 'string') expect(error).toContain(part);
    else expect(error).toMatch(part);
  }
  return error;
}

describe('repository patterns and mode list in the closed VPC', () => {
  test.each(NODES.map((node) => [node.label, node.path]))(
    '%s: patterns over several pages mixed with names are cloned once each, in line order, into <workspace>/<name>',
    async (_label, node) => {
      const host = await prepareRunnerHost(world);
      const apiBefore = regionalApi.requests.length;
      const run = await runMain(host, node, {
        ...regional,
        repository: ['team-*', REPOSITORY, '# already matched:', 'team-beta'].join('\n'),
      });
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);

      const pages = regionalApi.requests.slice(apiBefore);
      expect(pages).toHaveLength(PAGES);
      const session = world.accounts.issuedSessions().at(-1);
      for (const page of pages) {
        expect(page).toMatchObject({
          host: HOSTS.regionalApi.name,
          serverName: HOSTS.regionalApi.name,
          target: 'CodeCommit_20150413.ListRepositories',
          status: 200,
          callerAccessKeyId: session?.accessKeyId,
        });
      }
      expect(pages.flatMap((page) => page.names ?? []).sort()).toEqual([...LISTED].sort());

      const order = [...TEAM, REPOSITORY];
      const cloned = JSON.parse(run.outputs.repositories ?? '[]') as { name: string; path: string }[];
      expect(cloned.map(({ name, path: target }) => [name, target])).toEqual(
        order.map((name) => [name, path.join(host.directories.workspace, name)]),
      );
      expect((await readdir(host.directories.workspace)).sort()).toEqual([...order].sort());
      for (const name of TEAM) {
        expect(await headOf(path.join(host.directories.workspace, name))).toBe(team[name]?.headSha);
      }
      expect(run.maskedLog).toContain(
        `ListRepositories at ${HOSTS.regionalApi.name}: ${LISTED.length} repositories in ${PRIVATE_DNS_REGION}`,
      );
      expect(run.maskedLog).toContain(`Pattern 'team-*' matches ${TEAM.join(', ')}`);
      await expectNoSecretLeft(world, host, [run]);
    },
  );

  test('a pattern matching nothing fails the step naming it, and nothing is cloned', async () => {
    const host = await prepareRunnerHost(world);
    const gitBefore = gitRequests();
    const run = await runMain(host, NODES[1].path, { ...regional, repository: `${REPOSITORY}\nTeam-*` });
    expectFailedWith(
      run,
      `Input 'repository': the pattern 'Team-*' matches none of the ${LISTED.length} repositories the credentials may list in ${PRIVATE_DNS_REGION}`,
      /patterns are case-sensitive/,
    );
    expect(gitRequests()).toBe(gitBefore);
    expect(await readdir(host.directories.workspace)).toEqual([]);
    await expectNoSecretLeft(world, host, [run]);
  });

  test('mode list sets names to a JSON array (patterns resolved, names kept), clones and writes nothing', async () => {
    const host = await prepareRunnerHost(world);
    const gitBefore = gitRequests();
    const workspaceBefore = await snapshotTree(host.directories.workspace);
    const run = await runMain(host, NODES[1].path, {
      ...regional,
      mode: 'list',
      repository: ['team-?????', REPOSITORY, 'lib-*', 'not-listed-but-named'].join('\n'),
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const names = JSON.parse(run.outputs.names ?? 'null') as unknown;
    expect(names).toEqual(['team-alpha', 'team-gamma', REPOSITORY, 'lib-one', 'not-listed-but-named']);
    expect(run.outputs).not.toHaveProperty('repositories');
    expect(run.maskedLog).toContain(`Repositories (5): ${(names as string[]).join(', ')}`);
    expect(run.summary).toContain('CodeCommit repositories');
    expect(run.summary).toContain('<td>team-alpha</td><td>pattern team-?????</td>');
    expect(run.summary).toContain('<td>not-listed-but-named</td><td>named in repository</td>');
    expect(gitRequests()).toBe(gitBefore);
    expect(await snapshotTree(host.directories.workspace)).toEqual(workspaceBefore);
    expect(run.state).toEqual({});
    await expectNoSecretLeft(world, host, [run]);
  });

  test('private DNS off: ListRepositories goes to the vpce name given as codecommit-api-endpoint', async () => {
    const host = await prepareRunnerHost(world);
    const before = vpceApi.requests.length;
    const run = await runMain(host, NODES[1].path, {
      ...privateDnsOff,
      'codecommit-api-endpoint': `https://${HOSTS.vpceApi.name}`,
      mode: 'list',
      repository: 'team-*',
    });
    expect(run.errors).toEqual([]);
    expect(JSON.parse(run.outputs.names ?? 'null')).toEqual(TEAM);
    const pages = vpceApi.requests.slice(before);
    expect(pages).toHaveLength(PAGES);
    for (const page of pages) {
      expect(page).toMatchObject({ host: HOSTS.vpceApi.name, serverName: HOSTS.vpceApi.name, status: 200 });
    }
    expect(run.maskedLog).toContain(`CodeCommit API endpoint: https://${HOSTS.vpceApi.name} (custom)`);
    await expectNoSecretLeft(world, host, [run]);
  });

  test('HTTPS_PROXY: ListRepositories tunnels through the proxy, STS exempted by NO_PROXY goes direct, the proxy password masked', async () => {
    const password = 'pr0xy-l1st';
    const proxy = await startConnectProxy({
      address: PROXY_ADDRESS,
      port: 3128,
      credentials: { username: 'ci', password },
    });
    try {
      const proxyUrl = `http://ci:${password}@${PROXY_ADDRESS}:3128`;
      const host = await prepareRunnerHost(world, {
        HTTPS_PROXY: proxyUrl,
        NO_PROXY: HOSTS.regionalSts.name,
      });
      const before = regionalApi.requests.length;
      const run = await runMain(host, NODES[1].path, { ...regional, mode: 'list', repository: 'lib-*' });
      expect(run.errors).toEqual([]);
      expect(JSON.parse(run.outputs.names ?? 'null')).toEqual(['lib-one']);
      // One tunnel a page (the proxy agent keeps none open), all to the API endpoint: STS went direct.
      expect(new Set(proxy.connects.map((c) => `${c.target} ${c.status}`))).toEqual(
        new Set([`${HOSTS.regionalApi.name}:443 200`]),
      );
      expect(regionalApi.requests.slice(before)).toHaveLength(PAGES);
      for (const secret of [password, proxyUrl]) expect(linesLeakingBeforeMask(run, secret)).toEqual([]);
      expect(run.maskedLog).not.toContain(password);
      expect(run.summary).toContain(`<td>${HOSTS.regionalApi.name} (via proxy ${PROXY_ADDRESS}:3128)</td>`);
      await expectNoSecretLeft(world, host, [run]);
    } finally {
      await proxy.close();
    }
  });

  test('a role denied ListRepositories: the IAM line to add is named, not retried, nothing cloned', async () => {
    const host = await prepareRunnerHost(world);
    const before = regionalApi.requests.length;
    const run = await runMain(host, NODES[1].path, {
      ...regional,
      'role-to-assume': EXTERNAL_ID_ROLE,
      'role-external-id': EXTERNAL_ID,
      repository: 'team-*',
    });
    expectFailedWith(
      run,
      `CodeCommit ListRepositories at ${HOSTS.regionalApi.name}, to match the repository patterns 'team-*', failed after 1 attempt(s): AccessDeniedException`,
      /The role arn:aws:sts::111111111111:assumed-role\/PartnerRole\/[^ ]+ may not list repositories/,
      '"Action": "codecommit:ListRepositories" with "Resource": "*"',
    );
    expect(regionalApi.requests.slice(before).map((r) => r.errorCode)).toEqual(['AccessDeniedException']);
    expect(await readdir(host.directories.workspace)).toEqual([]);
    await expectNoSecretLeft(world, host, [run]);
  });

  test('a silent CodeCommit API endpoint: bounded, probed, and its interface endpoint named', async () => {
    const host = await prepareRunnerHost(world);
    const acceptedBefore = silentApi.acceptedConnections();
    const run = await runMain(host, NODES[1].path, {
      ...privateDnsOff,
      'codecommit-api-endpoint': `https://${HOSTS.silentApi.name}`,
      repository: `${REPOSITORY}\nteam-*`,
      'network-timeout-seconds': '2',
      'max-attempts': '2',
    });
    expectFailedWith(
      run,
      `CodeCommit ListRepositories at ${HOSTS.silentApi.name}`,
      'failed after 2 attempt(s): no answer within 2 s',
      `an interface VPC endpoint for com.amazonaws.${VPCE_ONLY_REGION}.codecommit exists`,
      /TLS handshake: no answer/,
    );
    expect(silentApi.acceptedConnections()).toBeGreaterThan(acceptedBefore);
    expect(await readdir(host.directories.workspace)).toEqual([]);
    expect(run.summary).toContain(`<td>${HOSTS.silentApi.name}</td><td>CodeCommit API</td>`);
    // 2 attempts of 2 s, 0.5 s of backoff, the probe's TCP and TLS phases of 2 s, start-up, and the
    // AssumeRole before; margin 3 s: 2 cores shared with the fakes and whoever else tests.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 2, attemptSeconds: 2, probe: true, marginMs: 3000 }),
    );
    await expectNoSecretLeft(world, host, [run]);
  });

  test('the command: list prints one name a line, or a JSON array with --json, and nothing else on stdout', async () => {
    const host: RunnerHost = await prepareRunnerHost(world);
    const cli = (args: string[]) =>
      runCommandResult(process.execPath, [CLI, 'list', ...args], {
        cwd: host.directories.workspace,
        env: { ...host.env, HOME: host.directories.home },
      });
    const args = ['--aws-region', PRIVATE_DNS_REGION, '--role-to-assume', SWITCH_ROLE];
    const plain = await cli(['--repository', 'team-*', '--repository', REPOSITORY, ...args]);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toBe(`${[...TEAM, REPOSITORY].join('\n')}\n`);
    expect(plain.stderr).toContain(`Pattern 'team-*' matches ${TEAM.join(', ')}`);
    const json = await cli(['--repository', 'lib-*', '--json', ...args]);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(['lib-one']);
    const none = await cli(['--repository', 'nothing-*', ...args]);
    expect(none.exitCode).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain("the pattern 'nothing-*' matches none");
    for (const run of [plain, json, none]) {
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/^::/m);
      expect(secretsIn(`${run.stdout}${run.stderr}`, knownSecrets(world))).toEqual([]);
    }
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });
});
