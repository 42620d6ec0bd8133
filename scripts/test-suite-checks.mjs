// What scripts/test.mjs checks about a finished jest run, beyond "nothing failed": that every test file
// the repository holds ran and passed, that nothing was skipped, and that the end-to-end suite ran the
// action on exactly the two Node versions it promises. Each check returns the problems it found.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The Node major versions the end-to-end suite runs the action on (the README's "Node 20 and Node 24"). */
export const E2E_NODE_MAJORS = [20, 24];

/** A line of a test file that defines tests at its top level: `describe(`, `test.each(…)(`, `it(`… */
const DEFINES_TESTS = /^(?:describe|test|it)(?:\.\w+)*\s*[(`]/m;

/**
 * Every test file the repository holds: the files jest's projects match (`__tests__/**\/*.test.ts`) and any
 * other file under __tests__ that defines tests at its top level (a test file renamed away from the
 * pattern still counts). Taken from git's index: a tracked file deleted or renamed on disk is expected all
 * the same, and so reported as not run. Outside a git checkout, from the folder itself.
 */
export function expectedTestFiles(root) {
  return trackedFiles(root, '__tests__')
    .filter((file) => /\.[cm]?[jt]s$/.test(file))
    .filter((file) => {
      if (file.endsWith('.test.ts')) return true;
      try {
        return DEFINES_TESTS.test(readFileSync(path.join(root, file), 'utf8'));
      } catch {
        return true; // tracked but gone from disk: it cannot have run
      }
    })
    .sort();
}

function trackedFiles(root, folder) {
  try {
    return execFileSync('git', ['ls-files', '-z', '--', folder], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
  } catch {
    const walk = (dir) =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
      );
    return walk(folder);
  }
}

/** Expected files that did not run, or ran without passing a single test. */
export function filesThatDidNotRun(root, summary, expected) {
  const ran = new Map(summary.testResults.map((result) => [path.relative(root, result.name), result]));
  const problems = [];
  for (const file of expected) {
    const result = ran.get(file);
    if (result === undefined) problems.push(`${file}: did not run`);
    else if (!result.assertionResults.some((test) => test.status === 'passed')) {
      problems.push(`${file}: ran, but no test in it passed (status ${result.status})`);
    }
  }
  return problems;
}

/** Tests that were skipped or left as todo, by file and name. */
export function skippedTests(root, summary) {
  return summary.testResults.flatMap((result) =>
    result.assertionResults
      .filter((test) => test.status !== 'passed' && test.status !== 'failed')
      .map((test) => `${path.relative(root, result.name)}: ${test.status}: ${test.fullName}`),
  );
}

/**
 * The Node versions the end-to-end tests name (`… on node 20.20.2 …`): exactly the majors of
 * E2E_NODE_MAJORS must appear, each in at least one passed test.
 */
export function nodeLegProblems(root, summary) {
  const seen = new Map();
  for (const result of summary.testResults) {
    if (!path.relative(root, result.name).startsWith(`__tests__${path.sep}e2e${path.sep}`)) continue;
    for (const test of result.assertionResults) {
      if (test.status !== 'passed') continue;
      for (const match of test.fullName.matchAll(/\bnode (\d+)\.\d+\.\d+/g)) {
        seen.set(Number(match[1]), `node ${match[0].slice(5)}`);
      }
    }
  }
  const problems = [];
  for (const major of E2E_NODE_MAJORS) {
    if (!seen.has(major)) problems.push(`no end-to-end test passed on Node ${major}`);
  }
  for (const [major, label] of seen) {
    if (!E2E_NODE_MAJORS.includes(major))
      problems.push(`end-to-end tests ran on ${label}, not a promised leg`);
  }
  return problems;
}
