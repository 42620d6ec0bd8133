import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runShellStep, type StepRun } from '../../test-support/actions-runner.js';
import {
  knownSecrets,
  NODES,
  prepareRunnerHost,
  runMain,
  runPost,
  secretsIn,
  snapshotTree,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { ensureClosedVpc } from '../../test-support/closed-vpc/closed-vpc.js';
import { HOSTS, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import { startVpcWorld, SWITCH_ROLE, type VpcWorld } from '../../test-support/closed-vpc/world.js';
import {
  addCommit,
  createFixtureRepository,
  gitmodulesFile,
  type FixtureRepository,
} from '../../test-support/fixture-repos.js';
import { startForeignGitServer, type ForeignGitServer } from '../../test-support/foreign-git-server.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { expectNoSecretLeft } from './secret-checks.js';

/**
 * Submodules in a closed VPC with private DNS off: the step reaches CodeCommit only through its vpce
 * name, so every CodeCommit submodule (relative URL, the regional host, codecommit::) must be fetched
 * through it, each signed for its own repository; a submodule on the company's own git server is
 * fetched with the runner's git config and must never see the CodeCommit credentials.
 */
let world: VpcWorld;
let foreign: ForeignGitServer;
let foreignRoot: string;
let familyCount = 0;

beforeAll(async () => {
  world = await startVpcWorld();
  const vpc = await ensureClosedVpc();
  foreignRoot = path.join(world.projectRoot, 'foreign');
  foreign = await startForeignGitServer({
    projectRoot: foreignRoot,
    tls: { key: await readFile(vpc.serverKeyPath, 'utf8'), cert: await readFile(vpc.serverCertPath, 'utf8') },
    address: HOSTS.foreignGit.address,
    name: HOSTS.foreignGit.name,
  });
});

afterAll(async () => {
  await Promise.all([world?.close(), foreign?.close()]);
});

const INPUTS = {
  'aws-region': VPCE_ONLY_REGION,
  'role-to-assume': SWITCH_ROLE,
  'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
  'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
};
const stepUrl = (name: string): string => `https://${HOSTS.vpceGit.name}/v1/repos/${name}`;

type Named = FixtureRepository & { name: string };

/** A superproject and its submodules, of its own for each test (so that no test sees another's commits). */
interface Family {
  app: Named;
  shared: Named;
  deep: Named;
  regional: Named;
  /** The older commit of `regional` the superproject records (its server serves tips only). */
  regionalRecorded: string;
  cc: Named;
  tool: Named;
}

async function codecommitRepository(
  name: string,
  options: Parameters<typeof createFixtureRepository>[2] = {},
): Promise<Named> {
  const fixture = await createFixtureRepository(world.projectRoot, name, {
    files: { 'src/hello.txt': `hello from ${name}\n` },
    branches: [],
    tags: [],
    ...options,
  });
  world.accounts.allowRepository(name, SWITCH_ROLE);
  return { ...fixture, name };
}

async function newFamily(): Promise<Family> {
  const n = ++familyCount;
  const deep = await codecommitRepository(`deep-lib-${n}`);
  const shared = await codecommitRepository(`shared-lib-${n}`, {
    files: {
      'src/hello.txt': `hello from shared-lib-${n}\n`,
      '.gitmodules': gitmodulesFile([['deep', 'vendor/deep', `../${deep.name}`]]),
    },
    gitlinks: { 'vendor/deep': deep.headSha },
  });
  const regional = await codecommitRepository(`regional-lib-${n}`);
  world.vpceGit.serveTipsOnly(regional.name);
  const regionalRecorded = (
    await runCommandResult('git', ['--git-dir', regional.path, 'rev-parse', 'main~1'])
  ).stdout.trim();
  const cc = await codecommitRepository(`cc-lib-${n}`);
  const toolName = `tool-${n}`;
  const toolFixture = await createFixtureRepository(foreignRoot, toolName, {
    files: { 'src/hello.txt': `hello from ${toolName}\n` },
    branches: [],
    tags: [],
  });
  await mkdir(path.join(foreignRoot, 'org'), { recursive: true });
  const toolPath = path.join(foreignRoot, 'org', `${toolName}.git`);
  await rename(toolFixture.path, toolPath);
  const tool = { ...toolFixture, path: toolPath, name: toolName };
  const app = await codecommitRepository(`app-${n}`, {
    files: {
      'src/hello.txt': `hello from app-${n}\n`,
      '.gitmodules': gitmodulesFile([
        ['shared', 'libs/shared', `../${shared.name}`],
        [
          'regional',
          'libs/regional',
          `https://git-codecommit.${VPCE_ONLY_REGION}.amazonaws.com/v1/repos/${regional.name}`,
        ],
        ['cc', 'libs/cc', `codecommit::${VPCE_ONLY_REGION}://${cc.name}`],
        ['tool', 'tools/tool', `${foreign.url}/org/${toolName}.git`],
      ]),
    },
    gitlinks: {
      'libs/shared': shared.headSha,
      'libs/regional': regionalRecorded,
      'libs/cc': cc.headSha,
      'tools/tool': tool.headSha,
    },
  });
  return { app, shared, deep, regional, regionalRecorded, cc, tool };
}

/**
 * A runner whose global git config has a credential helper that leaves a marker in HOME if git ever
 * asks it, and an Authorization header for the CodeCommit host that would spoil the signed one.
 */
async function runnerHost(): Promise<RunnerHost> {
  const host = await prepareRunnerHost(world);
  await writeFile(
    path.join(host.directories.home, '.gitconfig'),
    [
      '[credential]',
      '\thelper = "!f() { touch \\"$HOME/credential-helper-was-called\\"; }; f"',
      `[http "https://${HOSTS.vpceGit.name}/"]`,
      '\textraHeader = Authorization: Basic aW50cnVkZXI6aW50cnVkZXI=',
      '',
    ].join('\n'),
  );
  host.homeBefore = await snapshotTree(host.directories.home);
  return host;
}

async function git(dir: string, args: string[]): Promise<string> {
  const result = await runCommandResult('git', ['-C', dir, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
  });
  return result.stdout.trim();
}

function expectSuccess(run: StepRun): void {
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
}

/** The CodeCommit requests since `since`, per repository, as `auth` outcomes. */
function authByRepository(since: number): Record<string, string[]> {
  const byRepository: Record<string, string[]> = {};
  for (const request of world.vpceGit.requests.slice(since)) {
    (byRepository[request.repository ?? '(none)'] ??= []).push(request.auth);
  }
  return byRepository;
}

/** Every config file below `.git` (the superproject's and each submodule's in `.git/modules`). */
async function gitConfigFiles(gitDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(gitDir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === 'config') found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}

describe.each(NODES)('on $label, submodules: recursive', ({ path: node }) => {
  test('checks out relative, regional-host, codecommit:: and nested submodules through the vpce endpoint, each signed for its own repository; the foreign one gets no Authorization at all', async () => {
    const family = await newFamily();
    const host = await runnerHost();
    const target = path.join(host.directories.workspace, family.app.name);
    const since = world.vpceGit.requests.length;
    const foreignSince = foreign.requests.length;
    const activity = world.activityByHost();

    const run = await runMain(host, node, {
      ...INPUTS,
      repository: family.app.name,
      submodules: 'recursive',
    });
    expectSuccess(run);

    const checkedOut = {
      'libs/shared': [family.shared.headSha, family.shared.name],
      'libs/shared/vendor/deep': [family.deep.headSha, family.deep.name],
      'libs/regional': [family.regionalRecorded, family.regional.name],
      'libs/cc': [family.cc.headSha, family.cc.name],
      'tools/tool': [family.tool.headSha, family.tool.name],
    };
    for (const [submodule, [commit, name]] of Object.entries(checkedOut)) {
      expect([submodule, await git(path.join(target, submodule), ['rev-parse', 'HEAD'])]).toEqual([
        submodule,
        commit,
      ]);
      expect(await readFile(path.join(target, submodule, 'src/hello.txt'), 'utf8')).toBe(
        `hello from ${name}\n`,
      );
    }
    expect(await git(target, ['status', '--porcelain', '--ignored'])).toBe('');
    // The recorded commit is not the tip and its server gives out tips only: the shallow fetch cannot
    // bring it, so that submodule is fetched in full, and the log says so.
    expect(run.maskedLog).toContain(
      `The server did not send commit ${family.regionalRecorded} of submodule libs/regional by itself at depth 1; fetching the submodule's whole history instead.`,
    );
    expect(await git(path.join(target, 'libs/cc'), ['rev-parse', '--is-shallow-repository'])).toBe('true');

    // Every CodeCommit request went to the vpce name and was signed for its own repository up front.
    const accepted = (count: number) => Array<string>(count).fill('accepted');
    const auth = authByRepository(since);
    for (const name of [family.app, family.shared, family.deep, family.regional, family.cc].map(
      (r) => r.name,
    )) {
      expect([name, auth[name]]).toEqual([name, accepted(auth[name]?.length ?? 0)]);
      expect(auth[name]?.length).toBeGreaterThan(0);
    }
    expect(Object.keys(auth).sort()).toEqual(
      [family.app, family.shared, family.deep, family.regional, family.cc].map((r) => r.name).sort(),
    );
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.vpceGit.name, HOSTS.vpceSts.name].sort());

    // The foreign server was asked, anonymously, and saw nothing of the credentials.
    const seen = foreign.requests.slice(foreignSince);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((request) => request.headers.authorization !== undefined)).toEqual([]);
    const keyIds = world.accounts.issuedSessions().map((session) => session.accessKeyId);
    const headerText = JSON.stringify(seen.map((request) => request.headers));
    expect([
      ...secretsIn(headerText, knownSecrets(world)),
      ...keyIds.filter((id) => headerText.includes(id)),
    ]).toEqual([]);

    // Clean URLs, the step's endpoint, and no credential in any config of the superproject or its modules.
    expect(await git(target, ['config', 'submodule.regional.url'])).toBe(stepUrl(family.regional.name));
    expect(await git(path.join(target, 'libs/regional'), ['config', 'remote.origin.url'])).toBe(
      stepUrl(family.regional.name),
    );
    expect(await git(path.join(target, 'libs/shared/vendor/deep'), ['config', 'remote.origin.url'])).toBe(
      stepUrl(family.deep.name),
    );
    const configs = await gitConfigFiles(path.join(target, '.git'));
    expect(configs.length).toBe(6);
    for (const file of configs) {
      expect([file, await readFile(file, 'utf8')]).not.toEqual([
        file,
        expect.stringMatching(/helper|extraheader|Authorization/i),
      ]);
    }
    await expectNoSecretLeft(world, host, [run]);
  });
});

const node = NODES[1].path;

test('submodules: true, rerun: a new commit recorded for a submodule is fetched and checked out, and clean removes what a build left in it', async () => {
  const family = await newFamily();
  const host = await runnerHost();
  const target = path.join(host.directories.workspace, family.app.name);
  const inputs = { ...INPUTS, repository: family.app.name, submodules: 'true' };
  const first = await runMain(host, node, inputs);
  expectSuccess(first);
  // true is the top level only: the submodule's own submodule stays an empty folder.
  expect(await readdir(path.join(target, 'libs/shared/vendor/deep'))).toEqual([]);

  await writeFile(path.join(target, 'libs/shared/src/hello.txt'), 'edited by a build');
  await writeFile(path.join(target, 'libs/shared/build.o'), 'output');
  const newShared = await addCommit(family.shared.path, 'main', { 'src/hello.txt': 'shared, changed\n' });
  await addCommit(family.app.path, 'main', {}, 'Update shared-lib', { 'libs/shared': newShared });

  const since = world.vpceGit.requests.length;
  const second = await runMain(host, node, inputs);
  expectSuccess(second);
  expect(second.maskedLog).toContain(`${target} holds a clone of ${family.app.name}: updating it in place.`);
  expect(await git(path.join(target, 'libs/shared'), ['rev-parse', 'HEAD'])).toBe(newShared);
  expect(await readFile(path.join(target, 'libs/shared/src/hello.txt'), 'utf8')).toBe('shared, changed\n');
  await expect(stat(path.join(target, 'libs/shared/build.o'))).rejects.toThrow();
  expect(await git(target, ['status', '--porcelain', '--ignored'])).toBe('');
  // Submodules whose recorded commit the clone already has are not fetched again.
  const fetched = world.vpceGit.requests
    .slice(since)
    .filter((request) => request.path.endsWith('/git-upload-pack'))
    .map((request) => request.repository);
  expect(fetched).toContain(family.shared.name);
  expect(fetched).not.toContain(family.cc.name);
  expect(fetched).not.toContain(family.regional.name);
  await expectNoSecretLeft(world, host, [first, second]);
});

test('persist-credentials covers submodules: a later step fetches inside them and runs git submodule update; the post step removes the helper from every one', async () => {
  const family = await newFamily();
  const host = await runnerHost();
  const target = path.join(host.directories.workspace, family.app.name);
  const main = await runMain(host, node, {
    ...INPUTS,
    repository: family.app.name,
    submodules: 'recursive',
    'persist-credentials': 'true',
  });
  expectSuccess(main);
  const newCc = await addCommit(family.cc.path, 'main', { 'src/hello.txt': 'cc, changed\n' });
  const later = (script: string) =>
    runShellStep({
      script,
      directories: host.directories,
      env: { PATH: process.env.PATH ?? '', GIT_TERMINAL_PROMPT: '0' },
      earlier: [main],
      cwd: target,
    });
  const fetched = await later(
    [
      'git -C libs/shared fetch origin',
      'git -C libs/shared/vendor/deep fetch origin',
      'git submodule update --remote -- libs/cc',
      'git -C libs/cc rev-parse HEAD',
    ].join('\n'),
  );
  expect(fetched.stderr).not.toMatch(/fatal|could not read|\b403\b/);
  expect(fetched.exitCode).toBe(0);
  expect(fetched.stdout.trim().split('\n').pop()).toBe(newCc);
  expect(secretsIn(`${fetched.stdout}${fetched.stderr}`, knownSecrets(world))).toEqual([]);

  const post = await runPost(host, node, main.state);
  expect(post.exitCode).toBe(0);
  for (const submodule of ['libs/shared', 'libs/shared/vendor/deep', 'libs/regional', 'libs/cc']) {
    expect(post.stdout).toContain(`Removed the credential helper from ${path.join(target, submodule)}.`);
  }
  for (const file of await gitConfigFiles(path.join(target, '.git'))) {
    expect([file, await readFile(file, 'utf8')]).not.toEqual([
      file,
      expect.stringMatching(/helper|useHttpPath|extraheader/i),
    ]);
  }
  const denied = await later('git -C libs/shared fetch origin');
  expect(denied.exitCode).not.toBe(0);
  await expectNoSecretLeft(world, host, [main, post]);
});

test('a foreign submodule that cannot be fetched fails the step naming the submodule, its URL and its host, and leaves no clone', async () => {
  const url = `${foreign.url}/org/missing-${++familyCount}.git`;
  const app = await codecommitRepository(`app-missing-${familyCount}`, {
    files: { '.gitmodules': gitmodulesFile([['missing', 'vendor/missing', url]]) },
    gitlinks: { 'vendor/missing': 'a'.repeat(40) },
  });
  const host = await runnerHost();
  const run = await runMain(host, node, { ...INPUTS, repository: app.name, submodules: 'true' });
  expect(run.exitCode).not.toBe(0);
  expect(run.errors.join('\n')).toMatch(
    new RegExp(
      `Submodule vendor/missing \\(${url.replace(/[.]/g, '\\.')}\\) failed: git failed fetching from ${HOSTS.foreignGit.name.replace(/[.]/g, '\\.')}\\. ` +
        `It is on ${HOSTS.foreignGit.name.replace(/[.]/g, '\\.')}, not CodeCommit`,
    ),
  );
  await expect(stat(path.join(host.directories.workspace, app.name))).rejects.toThrow();
  await expectNoSecretLeft(world, host, [run]);
});
