import { releaseNotes } from '../../scripts/release-notes.mjs';

const CHANGELOG = [
  '# Changelog',
  '',
  '## Unreleased',
  '',
  '- Not yet.',
  '',
  '## 1.2.0 - 2026-12-01',
  '',
  '- Windows runners.',
  '- macOS runners.',
  '',
  '## [1.1.0]',
  '- Older.',
  '',
  '## 1.0.0',
  '',
  '- First.',
  '',
].join('\r\n');

describe('release notes from CHANGELOG.md', () => {
  it('are the lines of the tag section, up to the next section (a date after the version allowed)', () => {
    expect(releaseNotes('v1.2.0', CHANGELOG)).toBe('- Windows runners.\n- macOS runners.\n');
  });

  it('find a bracketed heading, and the last section up to the end', () => {
    expect(releaseNotes('v1.1.0', CHANGELOG)).toBe('- Older.\n');
    expect(releaseNotes('v1.0.0', CHANGELOG)).toBe('- First.\n');
  });

  it('do not take 1.2.0 for 1.2.01 or 11.2.0', () => {
    expect(() => releaseNotes('v11.2.0', CHANGELOG)).toThrow(/no '## 11\.2\.0' section/);
    expect(() => releaseNotes('v1.2.0', '## 1.2.01\n- a\n')).toThrow(/no '## 1\.2\.0' section/);
  });

  it('say what to do when the section is missing', () => {
    expect(() => releaseNotes('v2.0.0', CHANGELOG)).toThrow(
      "CHANGELOG.md has no '## 2.0.0' section: rename '## Unreleased' to '## 2.0.0' before tagging v2.0.0",
    );
  });

  it.each(['1.2.0', 'v1.2', 'v1.2.0-rc.1', 'latest'])(
    'refuse %j, which is not a release tag vX.Y.Z',
    (tag) => {
      expect(() => releaseNotes(tag, CHANGELOG)).toThrow(/is not a release tag like v1\.2\.3/);
    },
  );

  it('refuse an empty section', () => {
    expect(() => releaseNotes('v3.0.0', '## 3.0.0\n\n## 2.0.0\n- x\n')).toThrow(
      /section of CHANGELOG\.md is empty/,
    );
  });
});
