import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BUNDLE_SUITES,
  buildReport,
  listTestFiles,
  runsBundles,
  staleDistFiles,
  treeDigest,
} from '../../scripts/action-under-test.mjs';
import { PROJECT_ROOT } from '../../test-support/action-under-test.js';

const root = PROJECT_ROOT;
const file = (...parts: string[]) => path.join(root, '__tests__', ...parts);

describe('which test runs need the action bundled from src/', () => {
  it('a run holding a loopback or end-to-end file does', () => {
    expect(runsBundles(root, [file('core', 'logger.test.ts'), file('e2e', 'clone.test.ts')])).toBe(true);
    expect(runsBundles(root, [file('loopback', 'loopback-clone.test.ts')])).toBe(true);
  });

  it('a run of unit test files only does not, whatever their names say', () => {
    expect(runsBundles(root, [file('core', 'logger.test.ts'), file('entry', 'e2e-like.test.ts')])).toBe(
      false,
    );
    expect(runsBundles(root, [file('e2e-notes', 'x.test.ts'), file('loopbacks', 'y.test.ts')])).toBe(false);
    expect(runsBundles(root, [])).toBe(false);
  });

  it('takes paths relative to the root, with either separator', () => {
    expect(runsBundles(root, ['__tests__/e2e/clone.test.ts'])).toBe(true);
    expect(runsBundles(root, ['__tests__\\loopback\\loopback-clone.test.ts'])).toBe(true);
    expect(runsBundles(root, ['__tests__/core/logger.test.ts'])).toBe(false);
  });

  it('builds when jest could not list the files of the run', () => {
    expect(runsBundles(root, undefined)).toBe(true);
  });

  describe('for the files jest lists for the arguments of the run', () => {
    const needs = (args: string[]) => runsBundles(root, listTestFiles(root, args));

    it('the whole suite and a loopback or end-to-end selection need it', () => {
      expect(needs([])).toBe(true);
      expect(needs(['--selectProjects', 'unit', 'loopback'])).toBe(true);
      expect(needs(['__tests__/e2e/clone-in-closed-vpc.test.ts'])).toBe(true);
    });

    it('a unit selection does not', () => {
      expect(needs(['--selectProjects', 'unit'])).toBe(false);
      expect(needs(['__tests__/core/logger.test.ts'])).toBe(false);
      expect(needs(['--selectProjects', 'unit', '--', '__tests__/e2e/'])).toBe(false);
    });

    it("BUNDLE_SUITES holds exactly the loopback and e2e projects' files", () => {
      const bundleFiles = listTestFiles(root, ['--selectProjects', 'loopback', 'e2e']) ?? [];
      const unitFiles = listTestFiles(root, ['--selectProjects', 'unit']) ?? [];
      expect(bundleFiles.length).toBeGreaterThan(1);
      expect(unitFiles.length).toBeGreaterThan(1);
      expect(bundleFiles.filter((listed) => !runsBundles(root, [listed]))).toEqual([]);
      expect(unitFiles.filter((listed) => runsBundles(root, [listed]))).toEqual([]);
      expect(BUNDLE_SUITES).toEqual(['__tests__/loopback/', '__tests__/e2e/']);
    });
  });
});

describe('whether the committed dist/ is the build of src/', () => {
  const built = new Map([
    ['main/index.js', 'aaa'],
    ['main/licenses.txt', 'bbb'],
    ['cli/index.js', 'ccc executable'],
  ]);

  it('is when every file is the same, executable bit included', () => {
    expect(staleDistFiles(built, new Map(built))).toEqual([]);
  });

  it('names a file whose contents differ', () => {
    expect(staleDistFiles(built, new Map([...built, ['main/index.js', 'zzz']]))).toEqual([
      'dist/main/index.js: differs',
    ]);
  });

  it('names a file that differs in its executable bit only', () => {
    expect(staleDistFiles(built, new Map([...built, ['cli/index.js', 'ccc']]))).toEqual([
      'dist/cli/index.js: differs in its executable bit',
    ]);
  });

  it('names a file the build has and dist/ lacks, and one dist/ keeps that the build no longer makes', () => {
    const committed = new Map(built);
    committed.delete('main/licenses.txt');
    committed.set('main/529.index.js', 'ddd');
    expect(staleDistFiles(built, committed)).toEqual([
      'dist/main/529.index.js: not part of a fresh build',
      'dist/main/licenses.txt: missing (the fresh build has it)',
    ]);
  });

  it('says so in one line when dist/ is the build, and in a note naming npm run package when not', () => {
    expect(buildReport('/t/action', { seconds: 12.34, stale: [] })).toEqual([
      '== action under test: /t/action, bundled from src/ in 12.3 s (the same bytes as the committed dist/)',
    ]);
    const stale = Array.from({ length: 7 }, (_, i) => `dist/main/${i}.js: differs`);
    const lines = buildReport('/t/action', { seconds: 20, stale });
    expect(lines[0]).toBe('== action under test: /t/action, bundled from src/ in 20.0 s');
    expect(lines[1]).toBe(
      '== NOTE: dist/ is stale: 7 file(s) differ from a fresh build of src/; rebuild it with ' +
        '`npm run package` (CI fails a stale dist/).',
    );
    expect(lines.slice(3)).toEqual([...stale.slice(0, 5).map((line) => `     ${line}`), '     … and 2 more']);
  });
});

describe('treeDigest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tree-digest-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keys every file below the folder by its '/' path, by contents and executable bit", async () => {
    mkdirSync(path.join(dir, 'cli'));
    mkdirSync(path.join(dir, 'main'));
    writeFileSync(path.join(dir, 'cli', 'index.js'), 'same');
    writeFileSync(path.join(dir, 'main', 'index.js'), 'same');
    writeFileSync(path.join(dir, 'main', 'licenses.txt'), 'other');
    chmodSync(path.join(dir, 'cli', 'index.js'), 0o755);
    chmodSync(path.join(dir, 'main', 'index.js'), 0o644);
    const digest = await treeDigest(dir);
    expect([...digest.keys()].sort()).toEqual(['cli/index.js', 'main/index.js', 'main/licenses.txt']);
    expect(digest.get('main/index.js')).not.toBe(digest.get('main/licenses.txt'));
    if (process.platform !== 'win32') {
      expect(digest.get('cli/index.js')).toBe(`${digest.get('main/index.js')} executable`);
    }
  });

  it('is empty for a folder that does not exist (no dist/ at all)', async () => {
    expect((await treeDigest(path.join(dir, 'no-such-folder'))).size).toBe(0);
  });
});

describe('the one way to a bundle', () => {
  /** Where a bundle is chosen: nothing but test-support/action-under-test.ts and the build scripts. */
  const BUILDERS = [
    'test-support/action-under-test.ts',
    'scripts/action-under-test.mjs',
    'scripts/package.mjs',
  ];
  /** A path built onto a dist folder: `path.join(…, 'dist', …)`, `…/dist/<entry>/index.js` in a template. */
  const DIST_PATH = /\b(?:join|resolve)\(.*['"`]dist['"`]|\$\{[^}]*\}\/dist\//;

  /**
   * Code (not a comment) building a path onto a dist/ other than the action under test's (and not onto a
   * package's under node_modules).
   */
  const runsDist = (line: string) =>
    DIST_PATH.test(line) &&
    !/^\s*(?:\*|\/\/|\/\*)/.test(line) &&
    !line.includes('node_modules') &&
    !/actionUnderTest\(\),\s*['"`]dist['"`]/.test(line);

  const sources = (folder: string): string[] =>
    readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
      const relative = `${folder}/${entry.name}`;
      if (entry.isDirectory()) return sources(relative);
      return /\.(?:ts|mts|mjs|js)$/.test(entry.name) ? [relative] : [];
    });

  it('the suites, the demo and the bench run the bundles of the action under test (bundlePath)', () => {
    const files = ['__tests__', 'test-support', 'scripts'].flatMap(sources);
    expect(files).toContain('__tests__/e2e/cli-in-closed-vpc.test.ts');
    const offenders = files
      .filter((file) => !BUILDERS.includes(file))
      .flatMap((file) =>
        readFileSync(path.join(root, file), 'utf8')
          .split('\n')
          .flatMap((line, index) => (runsDist(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
