// Rebuilds dist/: one ncc bundle per entry point, each in its own folder (see scripts/bundles.mjs).
// `node scripts/package.mjs <folder>` builds the same bundles into that folder instead.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles } from './bundles.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [out, ...rest] = process.argv.slice(2);
if (rest.length > 0 || out?.startsWith('-')) {
  console.error('usage: node scripts/package.mjs [output folder, default dist/ of the repository]');
  process.exit(2);
}
try {
  await buildBundles(root, out === undefined ? path.join(root, 'dist') : path.resolve(out));
} catch (error) {
  console.error(`package: ${error.message}`);
  process.exit(1);
}
