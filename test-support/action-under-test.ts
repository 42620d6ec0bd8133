import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The action that the loopback and end-to-end suites, the demo and the bench run, as a runner has it: a
 * folder with action.yml and one bundle per entry under dist/. It is the folder named in
 * ACTION_UNDER_TEST when that is set: `npm test` (scripts/test.mjs), `npm run test:portable`, the demo and
 * the bench build it there from src/ as it is (scripts/action-under-test.mjs), so that a change to src/
 * is what they run even before dist/ is rebuilt. Unset (jest run directly), it is this repository with its
 * committed dist/.
 */

/** The folder holding action.yml, found by walking up: this module also runs compiled into build/. */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'action.yml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No action.yml in ${start} or any folder above it`);
  }
}

export const ACTION_UNDER_TEST_VARIABLE = 'ACTION_UNDER_TEST';

/** The bundles of the action, one folder each under dist/ (scripts/bundles.mjs). */
export type BundleEntry =
  'main' | 'post' | 'cli' | 'credential-helper' | 'git-remote-codecommit' | 'oidc-token';

/** The folder of the action under test: ACTION_UNDER_TEST, else this repository. */
export function actionUnderTest(): string {
  const named = process.env[ACTION_UNDER_TEST_VARIABLE];
  return named === undefined || named === '' ? PROJECT_ROOT : path.resolve(named);
}

/** The bundle of `entry` in the action under test: `<action>/dist/<entry>/index.js`. */
export function bundlePath(entry: BundleEntry): string {
  return path.join(actionUnderTest(), 'dist', entry, 'index.js');
}

/** An action under test bundled from src/: where, how long it took, and how dist/ differs from it. */
export interface BuiltAction {
  folder: string;
  seconds: number;
  /** The committed dist/'s files that differ from this build; empty when dist/ is this build. */
  stale: string[];
}

/**
 * For the demo and the bench, which run outside `npm test`: unless ACTION_UNDER_TEST already names an
 * action (e.g. `ACTION_UNDER_TEST=. npm run demo` for the committed dist/), bundles the action from src/
 * into `folder` and names it in ACTION_UNDER_TEST for this process and the ones it starts. They bundle
 * src/ rather than run dist/ because they are how one sees and times a change to src/: a dist/ not yet
 * rebuilt would show the code before it. Returns the build, or undefined when the action was given.
 */
export async function ensureActionUnderTest(folder: string): Promise<BuiltAction | undefined> {
  if ((process.env[ACTION_UNDER_TEST_VARIABLE] ?? '') !== '') return undefined;
  // Loaded from the checkout at run time: the demo and the bench run compiled into build/, beside no scripts/.
  const builder = (await import(
    pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'action-under-test.mjs')).href
  )) as typeof import('../scripts/action-under-test.mjs');
  const { seconds, stale } = await builder.buildActionUnderTest(PROJECT_ROOT, folder);
  process.env[ACTION_UNDER_TEST_VARIABLE] = folder;
  return { folder, seconds, stale };
}

/** One line on the action under test, for the demo's and the bench's reports. */
export function describeActionUnderTest(built: BuiltAction | undefined): string {
  if (built === undefined) return `${actionUnderTest()} (named in ${ACTION_UNDER_TEST_VARIABLE})`;
  const dist =
    built.stale.length === 0
      ? 'the same bytes as the committed dist/'
      : `the committed dist/ is stale, ${built.stale.length} file(s) differ: npm run package rebuilds it`;
  return `${built.folder}, bundled from src/ in ${built.seconds.toFixed(1)} s (${dist})`;
}
