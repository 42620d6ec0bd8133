// The action's bundles: one ncc bundle per entry point, each in a folder of its own (main/index.js,
// post/index.js, …) under one output folder. That folder is dist/ for the committed action
// (scripts/package.mjs), or the dist/ of the action under test that scripts/test.mjs and
// scripts/test-portable.mjs build from src/ before the loopback and end-to-end suites run it.
import { spawn } from 'node:child_process';
import { chmod, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/**
 * Bundle folder → entry point, the slowest bundles first (oidc-token, cli and git-remote-codecommit take
 * the longest), so that the entries built side by side finish close together.
 */
export const ENTRIES = {
  'oidc-token': 'src/entry/oidc-token.ts',
  cli: 'src/entry/cli.ts',
  'git-remote-codecommit': 'src/entry/git-remote-codecommit.ts',
  main: 'src/entry/main.ts',
  post: 'src/entry/post.ts',
  'credential-helper': 'src/entry/credential-helper.ts',
};

/**
 * How many entries ncc bundles at once: one per core. A single ncc keeps about 1.4 cores busy (webpack,
 * terser, the garbage collector), so more than the cores gains nothing. On 2 cores (medians of three
 * builds of all six): one at a time 39 s, two at a time 31 s, all six at once 35 s and 10% more CPU.
 */
export const BUILD_CONCURRENCY = availableParallelism();

/**
 * Bundles every entry of `root`'s src/ into `outDir` (emptied first), `concurrency` entries at a time.
 * The output does not depend on the folder or the order: `dist/` is the same bytes either way.
 */
export async function buildBundles(root, outDir, concurrency = BUILD_CONCURRENCY) {
  await rm(outDir, { recursive: true, force: true });
  const queue = Object.entries(ENTRIES);
  const failed = [];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [name, source] = next;
      const code = await bundleEntry(root, source, path.join(outDir, name));
      if (code !== 0) failed.push(`${source} (ncc exited with ${code})`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  if (failed.length > 0) throw new Error(`could not bundle ${failed.join(', ')}`);
  // The programs of the npm package are run directly (package.json bin): the command, and the remote
  // helper git finds on PATH as git-remote-codecommit. ncc makes a bundle with a shebang executable as
  // far as the umask lets it; the mode is set here so that the build does not depend on the umask.
  for (const program of ['cli', 'git-remote-codecommit']) {
    await chmod(path.join(outDir, program, 'index.js'), 0o755);
  }
}

/**
 * One ncc bundle of `source` (a path in `root`) into the folder `out`, minified, with its licences:
 * resolves to ncc's exit code (or the signal that ended it). The bench bundles its floor program so too.
 */
export function bundleEntry(root, source, out) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'),
        'build',
        source,
        '-o',
        out,
        '--minify',
        '--license',
        'licenses.txt',
        '--quiet',
      ],
      { cwd: root, stdio: 'inherit' },
    );
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? signal));
  });
}
