// The action under test: a folder laid out as a runner has the action (action.yml, dist/<entry>/index.js),
// bundled from src/ as it is now. The loopback and end-to-end suites run the bundles of the folder named
// in ACTION_UNDER_TEST (test-support/action-under-test.ts), so that what they test is the source, never a
// dist/ that nobody rebuilt after an edit. scripts/test.mjs and scripts/test-portable.mjs build it before
// a run that includes those suites, and note when the committed dist/ differs from it.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { buildBundles } from './bundles.mjs';

/** The variable naming the folder of the action under test. */
export const ACTION_UNDER_TEST_VARIABLE = 'ACTION_UNDER_TEST';

/** The folders of the test files that run the bundles: the loopback and e2e projects of jest.config.js. */
export const BUNDLE_SUITES = ['__tests__/loopback/', '__tests__/e2e/'];

/**
 * Whether a run of `testFiles` (the paths jest lists for it, absolute or relative to `root`) runs the
 * action's bundles, and so needs them built first. Unknown (undefined: jest could not list the files)
 * counts as yes: a needless build costs seconds, a missing one would test a stale bundle.
 */
export function runsBundles(root, testFiles) {
  if (testFiles === undefined) return true;
  return testFiles.some((file) => {
    const relative = path.isAbsolute(file) ? path.relative(root, file) : file;
    const posix = relative.split(/[\\/]/).join('/');
    return BUNDLE_SUITES.some((suite) => posix.startsWith(suite));
  });
}

/**
 * The test files jest runs for `args` (`jest --listTests`, a fraction of a second), or undefined when it
 * cannot say (bad arguments: the run itself then reports them).
 */
export function listTestFiles(root, args) {
  const listed = spawnSync(
    process.execPath,
    // Its own options first: after `--` or an option taking a list (`--selectProjects a b`), jest would
    // read them as more of the run's arguments.
    [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--listTests', '--json', ...args],
    { cwd: root, encoding: 'utf8' },
  );
  if (listed.status !== 0) return undefined;
  try {
    const files = JSON.parse(listed.stdout);
    return Array.isArray(files) ? files : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every file below `dir`, by its path relative to `dir` with '/' separators, as `sha256 of the contents`
 * and ` executable` when its owner may run it; empty when `dir` does not exist.
 */
export async function treeDigest(dir) {
  const digest = new Map();
  const walk = async (relative) => {
    let entries;
    try {
      entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT' && relative === '') return;
      throw error;
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        await walk(child);
        continue;
      }
      const full = path.join(dir, child);
      const hash = createHash('sha256')
        .update(await readFile(full))
        .digest('hex');
      const executable = ((await stat(full)).mode & 0o100) !== 0;
      digest.set(child, executable ? `${hash} executable` : hash);
    }
  };
  await walk('');
  return digest;
}

/**
 * How the committed bundles differ from a fresh build (both from treeDigest), one line per file with
 * the file named under dist/; empty when they are the same.
 */
export function staleDistFiles(fresh, committed) {
  const lines = [];
  for (const [file, digest] of fresh) {
    const before = committed.get(file);
    if (before === undefined) lines.push(`dist/${file}: missing (the fresh build has it)`);
    else if (before !== digest) {
      const modeOnly = before.split(' ')[0] === digest.split(' ')[0];
      lines.push(`dist/${file}: ${modeOnly ? 'differs in its executable bit' : 'differs'}`);
    }
  }
  for (const file of committed.keys()) {
    if (!fresh.has(file)) lines.push(`dist/${file}: not part of a fresh build`);
  }
  return lines.sort();
}

/**
 * Builds the action under test from `root`'s src/ into `folder` (action.yml and dist/, emptied first)
 * and compares it with the committed dist/. Returns how long the build took and the stale files of dist/.
 */
export async function buildActionUnderTest(root, folder) {
  const started = Date.now();
  await mkdir(folder, { recursive: true });
  await buildBundles(root, path.join(folder, 'dist'));
  await copyFile(path.join(root, 'action.yml'), path.join(folder, 'action.yml'));
  const seconds = (Date.now() - started) / 1000;
  const [fresh, committed] = await Promise.all([
    treeDigest(path.join(folder, 'dist')),
    treeDigest(path.join(root, 'dist')),
  ]);
  return { seconds, stale: staleDistFiles(fresh, committed) };
}

/** What a test run prints about the build: which bundle is tested, and a note when dist/ is stale. */
export function buildReport(folder, { seconds, stale }) {
  const lines = [
    `== action under test: ${folder}, bundled from src/ in ${seconds.toFixed(1)} s` +
      (stale.length === 0 ? ' (the same bytes as the committed dist/)' : ''),
  ];
  if (stale.length > 0) lines.push(...staleNote(stale));
  return lines;
}

/**
 * The note that the committed dist/ is not the build of src/: a first line that stands on its own (it is
 * repeated after the run), then up to five of the files.
 */
export function staleNote(stale) {
  const shown = stale.slice(0, 5).map((line) => `     ${line}`);
  if (stale.length > shown.length) shown.push(`     … and ${stale.length - shown.length} more`);
  return [
    `== NOTE: dist/ is stale: ${stale.length} file(s) differ from a fresh build of src/; rebuild it with ` +
      '`npm run package` (CI fails a stale dist/).',
    '   The tests run the fresh build, so they test src/ as it is. The files:',
    ...shown,
  ];
}
