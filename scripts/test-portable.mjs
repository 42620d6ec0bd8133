// The suite that runs where no private network namespace can be made (the Windows and macOS runners of
// CI): the unit tests and the loopback end-to-end suite (the bundled action against the fakes over
// 127.0.0.1, the action bundled from src/ first as scripts/action-under-test.mjs says), run by jest
// directly, without unshare. `npm test` on Linux stays the strict, whole run inside a closed VPC
// (scripts/test.mjs); this is a separate, explicit command: `npm run test:portable`.
//
// It fails unless every unit and loopback test file ran and passed, except the files listed below for
// this system, each with the reason it cannot run here; nothing may be skipped. Arguments go to jest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ACTION_UNDER_TEST_VARIABLE,
  buildActionUnderTest,
  buildReport,
  listTestFiles,
  runsBundles,
  staleNote,
} from './action-under-test.mjs';
import { expectedTestFiles, filesThatDidNotRun, skippedTests } from './test-suite-checks.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

/** Unit test files that need a POSIX system (sh scripts as programs, ps, file modes, ":" in PATH). */
const POSIX_ONLY = {
  '__tests__/git/git-process.test.ts': 'lists running processes with ps',
  '__tests__/git/git-version.test.ts': 'fakes git with a #!/bin/sh script on a PATH joined with ":"',
  '__tests__/git/git-environment.test.ts': 'runs a #!/bin/sh askpass program',
  '__tests__/helpers/helper-config.test.ts': "checks the helper's quoting by running sh",
  '__tests__/helpers/persist-credentials-platform.test.ts': 'checks POSIX file modes on disk',
  '__tests__/entry/compile-cache.test.ts': 'checks POSIX file modes and owners of folders',
  '__tests__/fakes/fake-codecommit.test.ts': 'gives git a #!/bin/sh credential helper',
  '__tests__/fakes/fake-codecommit-faults.test.ts': 'lists git-http-backend processes with ps',
};
const excluded = process.platform === 'win32' ? POSIX_ONLY : {};
for (const [file, reason] of Object.entries(excluded)) {
  console.log(`== not run on ${process.platform}: ${file} (${reason})`);
}

// realpath: macOS's temporary folder is behind /var → /private/var, Windows' may be an 8.3 short name.
const resultsDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'jest-results-')));
process.on('exit', () => rmSync(resultsDir, { recursive: true, force: true }));
const resultsFile = path.join(resultsDir, 'results.json');

// The files to run, as patterns jest matches against native paths (a CLI --testPathIgnorePatterns would
// replace the projects' own ignore patterns). The projects' testMatch still applies.
const runnable = expectedTestFiles(root)
  .map((file) => file.split(path.sep).join('/'))
  .filter((file) => file.endsWith('.test.ts') && !file.startsWith('__tests__/e2e/') && !(file in excluded));
const pattern = (file) =>
  `${file
    .split('/')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\\\/]')}$`;

const selection = [
  ...(args.length > 0 ? args : runnable.map(pattern)),
  '--selectProjects',
  'unit',
  'loopback',
];

// The loopback suite runs the action bundled here from src/ as it is (as scripts/test.mjs does).
const actionUnderTest = path.join(resultsDir, 'action-under-test');
let build;
if (runsBundles(root, listTestFiles(root, selection))) {
  try {
    build = await buildActionUnderTest(root, actionUnderTest);
  } catch (error) {
    console.error(`Could not bundle src/ for the loopback suite: ${error.message}`);
    process.exit(1);
  }
  for (const line of buildReport(actionUnderTest, build)) console.log(line);
}

const started = Date.now();
const run = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--runInBand',
    '--json',
    `--outputFile=${resultsFile}`,
    ...selection,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...(build === undefined ? {} : { [ACTION_UNDER_TEST_VARIABLE]: actionUnderTest }),
      // Every temporary folder of the run goes here and is removed with it.
      TMPDIR: resultsDir,
      TEMP: resultsDir,
      TMP: resultsDir,
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
    },
  },
);
if (run.error) {
  console.error(`Could not start jest: ${run.error.message}`);
  process.exit(1);
}
let summary;
try {
  summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  console.error('jest wrote no results; see its output above.');
  process.exit(1);
}
const failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
console.log(
  `tests: ${summary.numPassedTests} passed, ${failed} failed, ` +
    `${summary.numPendingTests + summary.numTodoTests} skipped, ${summary.numTotalTestSuites} files, ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s (unit and loopback on ${process.platform})`,
);
if (build !== undefined && build.stale.length > 0) console.log(staleNote(build.stale)[0]);
const problems = [];
const skipped = skippedTests(root, summary);
if (skipped.length > 0) problems.push('tests skipped or todo; every test must run:', ...skipped);
if (args.length === 0) {
  const expected = expectedTestFiles(root)
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => !file.startsWith('__tests__/e2e/') && !(file in excluded))
    .map((file) => path.join(...file.split('/')));
  const missing = filesThatDidNotRun(root, summary, expected);
  if (missing.length > 0) problems.push('test files that did not run in full:', ...missing);
}
for (const line of problems) console.error(line);
process.exit(run.status === 0 && failed === 0 && problems.length === 0 && summary.numTotalTests > 0 ? 0 : 1);
