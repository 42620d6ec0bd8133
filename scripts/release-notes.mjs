// Prints the notes of one release from CHANGELOG.md: the lines under its "## X.Y.Z" heading (also
// "## vX.Y.Z", "## [X.Y.Z]" or with a date after it), up to the next "## ". Used by the release workflow:
//   node scripts/release-notes.mjs v1.2.3 CHANGELOG.md
// Fails, saying what to do, when the tag is not vX.Y.Z or the section is missing or empty.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The notes of `tag` (vX.Y.Z) in the changelog `text`; throws when there are none. */
export function releaseNotes(tag, text) {
  const version = /^v(\d+\.\d+\.\d+)$/.exec(tag)?.[1];
  if (version === undefined) throw new Error(`'${tag}' is not a release tag like v1.2.3`);
  const lines = text.split(/\r?\n/);
  const escaped = version.replace(/\./g, '\\.');
  const heading = new RegExp(`^## \\[?v?${escaped}\\]?(?:\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) {
    throw new Error(
      `CHANGELOG.md has no '## ${version}' section: rename '## Unreleased' to '## ${version}' before tagging ${tag}`,
    );
  }
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  const notes = lines
    .slice(start + 1, end === -1 ? undefined : end)
    .join('\n')
    .trim();
  if (notes === '') throw new Error(`the '## ${version}' section of CHANGELOG.md is empty`);
  return `${notes}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tag = '', file = 'CHANGELOG.md'] = process.argv.slice(2);
  try {
    process.stdout.write(releaseNotes(tag, readFileSync(file, 'utf8')));
  } catch (error) {
    console.error(`release-notes: ${error.message}`);
    process.exit(1);
  }
}
