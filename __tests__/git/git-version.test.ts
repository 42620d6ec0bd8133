import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  GitVersionError,
  isSupportedGitVersion,
  parseGitVersion,
  requireSupportedGit,
} from '../../src/git/git-version.js';
import { GitProcessRegistry } from '../../src/git/git-process-registry.js';

describe('parseGitVersion', () => {
  test.each([
    ['git version 2.39.5', 2, 39, 5, '2.39.5'],
    ['git version 2.39.5\n', 2, 39, 5, '2.39.5'],
    ['git version 2.45.1.windows.1', 2, 45, 1, '2.45.1.windows.1'],
    ['git version 2.39.3 (Apple Git-145)', 2, 39, 3, '2.39.3 (Apple Git-145)'],
    ['git version 2.31.0.rc1', 2, 31, 0, '2.31.0.rc1'],
    ['git version 2.30.2', 2, 30, 2, '2.30.2'],
    ['git version 3.0', 3, 0, 0, '3.0'],
    ['git version 2.25.1\r\n', 2, 25, 1, '2.25.1'],
  ])('reads %j as %i.%i.%i', (output, major, minor, patch, text) => {
    expect(parseGitVersion(output)).toEqual({ major, minor, patch, text });
  });

  test.each(['', 'hub version 2.14.2', 'git version', 'git version two', 'error: unknown option'])(
    'reads no version from %j',
    (output) => {
      expect(parseGitVersion(output)).toBeUndefined();
    },
  );
});

describe('isSupportedGitVersion', () => {
  test.each([
    ['git version 2.31.0', true],
    ['git version 2.31.0.rc1', true],
    ['git version 2.39.3 (Apple Git-145)', true],
    ['git version 2.45.1.windows.1', true],
    ['git version 3.0.0', true],
    ['git version 2.30.9', false],
    ['git version 2.25.1', false],
    ['git version 1.99.0', false],
  ])('%s: %s', (output, supported) => {
    const version = parseGitVersion(output);
    expect(version).toBeDefined();
    expect(isSupportedGitVersion(version ?? { major: 0, minor: 0, patch: 0, text: '' })).toBe(supported);
  });
});

describe('requireSupportedGit', () => {
  let bin: string;
  beforeEach(async () => {
    bin = await mkdtemp(path.join(tmpdir(), 'fake-git-'));
  });
  afterEach(() => rm(bin, { recursive: true, force: true }));

  /** A `git` on PATH that answers `git version` with `output` and exits with `code`. */
  async function fakeGit(output: string, code = 0): Promise<Record<string, string>> {
    const script = path.join(bin, 'git');
    await writeFile(script, `#!/bin/sh\nprintf '%s\\n' '${output}'\nexit ${code}\n`);
    await chmod(script, 0o755);
    return { PATH: `${bin}:/usr/bin:/bin` };
  }

  test('accepts the git of this machine', async () => {
    const version = await requireSupportedGit(process.env, new GitProcessRegistry());
    expect(isSupportedGitVersion(version)).toBe(true);
  });

  test('refuses git 2.30, naming the version found, the one needed and why', async () => {
    const error = await requireSupportedGit(
      await fakeGit('git version 2.30.2'),
      new GitProcessRegistry(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitVersionError);
    const message = (error as Error).message;
    expect(message).toContain('version 2.30.2');
    expect(message).toContain('needs git 2.31 or newer');
    expect(message).toContain('GIT_CONFIG_COUNT');
  });

  test('accepts git 2.31.0 exactly', async () => {
    await expect(
      requireSupportedGit(await fakeGit('git version 2.31.0'), new GitProcessRegistry()),
    ).resolves.toMatchObject({
      major: 2,
      minor: 31,
    });
  });

  test('says so when the answer is not a version', async () => {
    await expect(requireSupportedGit(await fakeGit('nonsense'), new GitProcessRegistry())).rejects.toThrow(
      /answered 'git version' with 'nonsense'.*needs git 2\.31/,
    );
  });

  test('says so when git cannot be run', async () => {
    await expect(requireSupportedGit({ PATH: bin }, new GitProcessRegistry())).rejects.toThrow(
      /Could not run git.*needs git 2\.31/,
    );
  });
});
