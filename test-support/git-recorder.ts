import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A `git` placed first on PATH that records every argv it is called with, then runs the real git. The
 * record is NUL-separated arguments, each invocation ended by an ASCII record separator.
 */
export interface GitRecorder {
  /** Directory to put first on PATH. */
  binDir: string;
  /** Every recorded invocation, oldest first. */
  invocations(): Promise<string[][]>;
}

export async function installGitRecorder(dir: string, realGit = '/usr/bin/git'): Promise<GitRecorder> {
  const binDir = path.join(dir, 'bin');
  const log = path.join(dir, 'git-argv.log');
  await mkdir(binDir, { recursive: true });
  await writeFile(log, '');
  const script = [
    '#!/bin/sh',
    `for arg in "$@"; do printf '%s\\0' "$arg"; done >> '${log}'`,
    `printf '\\036' >> '${log}'`,
    `exec '${realGit}' "$@"`,
    '',
  ].join('\n');
  await writeFile(path.join(binDir, 'git'), script);
  await chmod(path.join(binDir, 'git'), 0o755);
  return {
    binDir,
    async invocations() {
      const text = await readFile(log, 'utf8');
      return text
        .split('\u001e')
        .filter((record) => record.length > 0)
        .map((record) => record.split('\0').slice(0, -1));
    },
  };
}

/**
 * The recorded commands besides the local reads a step makes before its credentials are known: `git
 * version` and the listing of the runner's config (`git config --list …`). None of those reaches a host.
 */
export function beyondLocalReads(invocations: readonly string[][]): string[][] {
  return invocations.filter(
    (argv) => argv.join(' ') !== 'version' && argv.slice(0, 2).join(' ') !== 'config --list',
  );
}
