/**
 * The demo itself: starts the fake AWS of the chosen setting, runs the bundled action's main and post
 * entries the way the runner does, and reports each stage with the checks that back it.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  actionUnderTest,
  bundlePath,
  describeActionUnderTest,
  ensureActionUnderTest,
} from '../../test-support/action-under-test.js';
import { PROJECT_ROOT, runStep, type StepRun } from '../../test-support/actions-runner.js';
import { runCommand } from '../../test-support/run-command.js';
import type { CleanupStack } from './cleanup.js';
import type { DemoMode } from './closed-namespace.js';
import { startClosedVpcWorld } from './closed-vpc-world.js';
import { issuedSession, type DemoWorld } from './demo-world.js';
import { startLoopbackWorld } from './loopback-world.js';
import { observationHeading, observeEndpoints } from './observations.js';
import type { Report } from './report.js';
import { prepareDemoRunnerHost, type DemoRunnerHost } from './runner-host.js';
import { runnerLogLines, summaryText } from './runner-log.js';
import { describeMasks, leakChecks } from './secret-checks.js';
import { workflowYaml } from './workflow.js';

export interface DemoSetting {
  mode: DemoMode;
  reason: string;
  /** Holds everything the demo creates; removed at the end. */
  demoRoot: string;
}

/** Something the demo needs and cannot make itself; its message says what to do. */
export class MissingPrerequisite extends Error {
  override name = 'MissingPrerequisite';
}

/** A step that hangs is stopped after this long, so the demo always ends. */
const STEP_LIMIT_MS = 60_000;
const RUN_ID = '4242';

export async function runDemo(setting: DemoSetting, report: Report, cleanup: CleanupStack): Promise<void> {
  await introduce(report, setting.demoRoot);

  report.section(1, 'The setting');
  report.line(
    setting.mode === 'closed-vpc'
      ? `Mode: closed VPC. Why: ${setting.reason}; this process (pid ${process.pid}) runs inside new mount and network namespaces.`
      : `Mode: loopback. Why: ${setting.reason}.`,
  );
  cleanup.assertOpen();
  const world =
    setting.mode === 'closed-vpc'
      ? await startClosedVpcWorld(path.join(setting.demoRoot, 'closed-vpc'))
      : await startLoopbackWorld();
  cleanup.add('closed every fake server, removed the fixture repositories and test CA', () => world.close());
  report.block(world.setting, 2);
  describeAccounts(report, world);

  report.section(2, 'What the action is given');
  cleanup.assertOpen();
  const host = await prepareDemoRunnerHost(world);
  cleanup.add(`removed the runner's folders (${host.root})`, () =>
    rm(host.root, { recursive: true, force: true }),
  );
  const inputs = {
    repository: world.repositoryName,
    'aws-region': world.region,
    'role-to-assume': world.roleArn,
    ...world.endpointInputs,
  };
  report.line('The workflow step this run corresponds to:');
  report.block(workflowYaml(inputs, '111111111111').split('\n'));
  report.line('Inputs left out take their action.yml defaults (INPUT_* as the runner sets them):');
  report.line(
    '  role-duration-seconds 3600, fetch-depth 1, network-timeout-seconds 30; path = repository name.',
  );
  report.line("The runner's source credentials (account 222222222222):");
  report.fields(
    [
      ['AWS_ACCESS_KEY_ID', `${world.runnerKey.accessKeyId}  (${world.runnerPrincipal})`],
      ['AWS_SECRET_ACCESS_KEY', '(set; not shown)'],
    ],
    4,
  );
  report.line('The runner host (fresh folders, as the runner makes them per job):');
  report.fields(
    [
      ['GITHUB_WORKSPACE', host.directories.workspace],
      ['RUNNER_TEMP', host.directories.runnerTemp],
      ['HOME', `${host.directories.home}  (its ~/.gitconfig sets a credential helper and an`],
      ['', '  Authorization extraHeader that the action must not let git use)'],
      ['TMPDIR', `${host.systemTemp}  (so temporary files are scanned too)`],
      ['GITHUB_RUN_ID', RUN_ID],
      ...Object.entries(world.stepEnv).map(([name, value]) => [name, `${value}  (demo setting)`] as const),
    ],
    4,
  );

  const node = process.execPath;
  cleanup.assertOpen();
  const main = await runStep('main', {
    node,
    inputs,
    directories: host.directories,
    env: host.env,
    killAfterMs: STEP_LIMIT_MS,
  });
  report.section(3, 'The main step (dist/main/index.js), as the runner shows its log');
  report.line(`node ${process.version}, exit code ${main.exitCode}, ${main.durationMs} ms`);
  report.block(runnerLogLines(main.maskedLog));
  report.check(
    main.exitCode === 0,
    'the main step succeeded',
    main.exitCode === 0 ? '' : `exit code ${main.exitCode}`,
  );
  report.checkNone('no error annotations', main.errors);

  report.section(4, 'What the fake AWS observed');
  reportObservations(report, world);

  cleanup.assertOpen();
  const post = await runStep('post', {
    node,
    inputs: {},
    directories: host.directories,
    env: host.env,
    state: main.state,
    killAfterMs: STEP_LIMIT_MS,
  });

  report.section(5, 'Secrets (checked once the post step has run too)');
  await reportSecrets(report, world, host, main, post);

  report.section(6, 'Outputs and job summary');
  await reportOutputs(report, world, host, main);

  report.section(7, 'The post step (dist/post/index.js)');
  report.line(`exit code ${post.exitCode}, ${post.durationMs} ms`);
  report.block(runnerLogLines(post.maskedLog));
  report.check(
    post.exitCode === 0,
    'the post step succeeded',
    post.exitCode === 0 ? '' : `exit code ${post.exitCode}`,
  );
  report.checkNone('no warnings from the post step', post.warnings);
  const clonePath = main.outputs.path ?? '';
  report.check(
    clonePath !== '' && existsSync(path.join(clonePath, '.git')),
    'the finished clone is kept: it belongs to the job now',
  );
}

async function introduce(report: Report, demoRoot: string): Promise<void> {
  report.title('codecommit-xaccount-clone demo');
  // The demo shows src/ as it is: the action is bundled from it first (ncc, some 30 s), unless
  // ACTION_UNDER_TEST names one (see test-support/action-under-test.ts).
  const built = await ensureActionUnderTest(path.join(demoRoot, 'action-under-test'));
  for (const entry of ['main', 'post'] as const) {
    const bundle = bundlePath(entry);
    if (!existsSync(bundle)) {
      throw new MissingPrerequisite(
        `${bundle} is missing: ACTION_UNDER_TEST must name a folder holding the action (action.yml and its ` +
          'bundles under dist/, as this checkout after `npm run package`)',
      );
    }
  }
  const action = parseYaml(await readFile(path.join(actionUnderTest(), 'action.yml'), 'utf8')) as {
    runs?: { using?: string };
  };
  const git = (await runCommand('git', ['--version'])).stdout.trim();
  report.line('Runs the bundled action exactly as a GitHub runner does (dist/main/index.js, later');
  report.line('dist/post/index.js, with INPUT_*, GITHUB_OUTPUT/STATE/STEP_SUMMARY, RUNNER_TEMP, masking)');
  report.line('against local fakes of STS and CodeCommit in two AWS accounts.');
  report.fields([
    ['node', `${process.version} (${process.execPath}); action.yml runs.using: ${action.runs?.using ?? '?'}`],
    ['git', git.replace(/^git version /, '')],
    ['project', PROJECT_ROOT],
    ['action', describeActionUnderTest(built)],
  ]);
}

function describeAccounts(report: Report, world: DemoWorld): void {
  report.line('AWS accounts (fakes sharing one credential store):');
  report.fields(
    [
      [
        '222222222222',
        `the runner's account: ${world.runnerPrincipal}, access key ${world.runnerKey.accessKeyId}`,
      ],
      ['111111111111', `the repositories' account: ${world.roleArn} trusts that user and may pull`],
      ['', `${world.repositoryName}: 3 commits on main, HEAD ${world.repository.headSha}`],
    ],
    4,
  );
}

function reportObservations(report: Report, world: DemoWorld): void {
  const observations = observeEndpoints(world);
  for (const observation of observations) {
    report.line(`${observationHeading(observation)}`);
    report.line(`    ${observation.endpoint.role}`);
    report.block(
      observation.lines.flatMap((line) => line.split('\n')),
      6,
    );
  }
  const session = issuedSession(world);
  const sts = world.sts.requests;
  report.check(
    sts.length === 1 &&
      sts[0]?.action === 'AssumeRole' &&
      sts[0].outcome === 'ok' &&
      sts[0].callerAccessKeyId === world.runnerKey.accessKeyId &&
      sts[0].host === world.sts.host &&
      sts[0].params.RoleArn === world.roleArn,
    `exactly one STS call: AssumeRole of ${world.roleArn} at ${world.sts.host}, signed by the runner's key`,
    sts.length === 1 && sts[0]?.outcome === 'ok'
      ? ''
      : sts.map((r) => `${r.action ?? '?'} at ${r.host ?? '?'}: ${r.outcome}`).join(', ') || 'none',
  );
  const git = world.git.requests;
  const badGit = git.filter(
    (r) =>
      r.auth !== 'accepted' ||
      r.status !== 200 ||
      r.host !== world.git.host ||
      r.accessKeyId !== session?.accessKeyId ||
      !r.sessionTokenSent,
  );
  report.check(
    git.length > 0 && badGit.length === 0,
    `every git request authenticated with the assumed-role session (no 401 round trip), at ${world.git.host}`,
    git.length === 0
      ? 'no git request'
      : badGit.map((r) => `${r.method} ${r.path} ${r.status} ${r.auth}`).join('; '),
  );
  const unexpected = observations.filter(
    (o) => o.count > 0 && o.endpoint.name !== world.sts.host && o.endpoint.name !== world.git.host,
  );
  report.checkNone(
    'no other endpoint contacted',
    unexpected.map((o) => observationHeading(o)),
  );
  if (world.globalSts !== undefined) {
    const connections = world.globalSts.acceptedConnections();
    report.check(
      connections === 0,
      'the global sts.amazonaws.com got 0 connections',
      connections === 0 ? '' : `${connections} connection(s)`,
    );
  } else {
    report.line('  [n/a] the global sts.amazonaws.com: not observable in loopback mode (see section 1)');
  }
}

async function reportSecrets(
  report: Report,
  world: DemoWorld,
  host: DemoRunnerHost,
  main: StepRun,
  post: StepRun,
): Promise<void> {
  report.line(
    `Masks registered (::add-mask::): ${main.masks.length} values by main, ${post.masks.length} by post.`,
  );
  report.line(`  main masked: ${describeMasks(world, main.masks).join(', ')}`);
  const argv = await host.recorder.invocations();
  const config = await host.gitConfigFromEnvironment();
  report.line(
    `git ran ${argv.length} time(s); argv as recorded, and the config it got through its environment:`,
  );
  argv.forEach((args, index) => {
    report.line(`    git ${args.join(' ')}`);
    const entries = config[index] ?? [];
    if (entries.length > 0)
      report.line(`        GIT_CONFIG_*: ${entries.map((e) => e || '(empty)').join(', ')}`);
  });
  // The header is scoped to the repository URL it was signed for: http.<url>.extraHeader.
  const isHeader = (entry: string): boolean => /^http\.(?:.*\.)?extraHeader=Authorization:/i.test(entry);
  const withHeader = config.filter((entries) => entries.some(isHeader));
  const argvText = argv.map((args) => args.join(' ')).join('\n');
  // The runner's ~/.gitconfig sets a helper and a header: each must be reset before the action's header.
  const notReset = withHeader.filter((entries) => {
    const header = entries.findIndex(isHeader);
    const before = entries.slice(0, header);
    const ownKeyReset = `${(entries[header] ?? '').split('=')[0] ?? ''}=`;
    return !['credential.helper=', 'core.askPass=', 'http.extraHeader=', ownKeyReset].every((reset) =>
      before.includes(reset),
    );
  });
  report.check(
    withHeader.length > 0 && !/authorization|extraheader/i.test(argvText),
    'git got its Authorization header only through its process environment (GIT_CONFIG_*), never in argv or a URL',
    withHeader.length === 0 ? 'no git call had the header' : '',
  );
  report.check(
    withHeader.length > 0 && notReset.length === 0,
    "inherited credential helpers, askPass and extra headers reset before the action's header",
    notReset.length > 0 ? `${notReset.length} git call(s) without the resets` : '',
  );
  for (const check of await leakChecks(world, host, { main, post }))
    report.checkNone(check.what, check.problems);
}

async function reportOutputs(
  report: Report,
  world: DemoWorld,
  host: DemoRunnerHost,
  main: StepRun,
): Promise<void> {
  report.line('Outputs (GITHUB_OUTPUT):');
  report.fields(Object.entries(main.outputs), 4);
  const expectedPath = path.join(host.directories.workspace, world.repositoryName);
  const clonePath = main.outputs.path ?? '';
  report.check(
    clonePath === expectedPath,
    'path is <workspace>/<repository name>',
    clonePath === expectedPath ? '' : clonePath,
  );
  report.check(
    main.outputs.commit === world.repository.headSha,
    "commit equals the fixture repository's HEAD",
    main.outputs.commit === world.repository.headSha
      ? ''
      : `${main.outputs.commit ?? '(none)'} vs ${world.repository.headSha}`,
  );
  const session = issuedSession(world);
  report.check(
    main.outputs['assumed-role-arn'] === session?.assumedRoleArn &&
      session?.assumedRoleArn ===
        `arn:aws:sts::111111111111:assumed-role/SwitchRole/codecommit-clone-${RUN_ID}`,
    'assumed-role-arn is the session STS issued (session name codecommit-clone-<run id>)',
  );
  if (clonePath !== '' && existsSync(path.join(clonePath, '.git'))) {
    const git = (args: string[]) =>
      runCommand('git', ['-C', clonePath, ...args], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: host.systemTemp, GIT_CONFIG_NOSYSTEM: '1' },
      }).then((result) => result.stdout.trim());
    const head = await git(['rev-parse', 'HEAD']);
    const remote = await git(['remote', 'get-url', 'origin']);
    const files = await git(['ls-files']);
    const localConfig = await readFile(path.join(clonePath, '.git', 'config'), 'utf8');
    report.line('The clone on disk:');
    report.fields(
      [
        ['HEAD', `${head}  (${await git(['log', '-1', '--format=%s'])})`],
        ['branch', await git(['symbolic-ref', '--short', 'HEAD'])],
        ['origin', remote],
        ['files', files.split('\n').join(', ')],
      ],
      4,
    );
    report.check(
      head === world.repository.headSha,
      "git rev-parse HEAD in the clone equals the fixture's HEAD",
    );
    report.check(
      remote === `${world.git.url}/v1/repos/${world.repositoryName}`,
      'origin is the plain clone URL, without credentials',
    );
    report.check(
      !/extraheader|credential|authorization/i.test(localConfig),
      "the clone's .git/config holds no header, credential helper or Authorization",
    );
  } else {
    report.fail(`no clone at ${clonePath || '(no path output)'}`);
  }
  report.line('Job summary (GITHUB_STEP_SUMMARY, rendered as text):');
  report.block(summaryText(main.summary));
  report.check(
    main.summary.includes(world.repository.headSha) && main.summary.includes(world.sts.host),
    'the summary names the commit and the STS endpoint',
  );
}
