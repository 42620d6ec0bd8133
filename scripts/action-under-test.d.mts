/** The variable naming the folder of the action under test. */
export const ACTION_UNDER_TEST_VARIABLE: 'ACTION_UNDER_TEST';
/** The folders of the test files that run the bundles: the loopback and e2e projects of jest.config.js. */
export const BUNDLE_SUITES: readonly string[];
/** Whether a run of `testFiles` runs the action's bundles; undefined (not known) counts as yes. */
export function runsBundles(root: string, testFiles: readonly string[] | undefined): boolean;
/** The test files jest runs for `args`, or undefined when it cannot say. */
export function listTestFiles(root: string, args: readonly string[]): string[] | undefined;
/** Every file below `dir` by its '/' path: the sha256 of its contents, and ` executable` when it is. */
export function treeDigest(dir: string): Promise<Map<string, string>>;
/** How the committed bundles differ from a fresh build, one line per file; empty when the same. */
export function staleDistFiles(
  fresh: ReadonlyMap<string, string>,
  committed: ReadonlyMap<string, string>,
): string[];
export interface ActionBuild {
  seconds: number;
  /** staleDistFiles of the committed dist/ against this build. */
  stale: string[];
}
/** Builds the action under test from `root`'s src/ into `folder` (action.yml and dist/). */
export function buildActionUnderTest(root: string, folder: string): Promise<ActionBuild>;
/** What a test run prints about the build: which bundle is tested, and a note when dist/ is stale. */
export function buildReport(folder: string, build: ActionBuild): string[];
/** The note that the committed dist/ is not the build of src/. */
export function staleNote(stale: readonly string[]): string[];
