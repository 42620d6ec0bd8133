import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RepositoryGit } from '../git/repository-git.js';

/**
 * What an earlier job may have left in a clone: lock files of a git that was killed, and the credential
 * settings of a `persist-credentials` step whose post step never ran.
 */

/** Removes every `*.lock` file under the git directory (not in the object store); returns them, relative. */
export async function removeStaleLocks(gitDir: string): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Loose objects are thousands of folders and hold no locks.
        if (!(dir === path.join(gitDir, 'objects') && /^[0-9a-f]{2}$/.test(entry.name))) await walk(full);
      } else if (entry.name.endsWith('.lock')) {
        await rm(full, { force: true });
        removed.push(path.relative(gitDir, full));
      }
    }
  };
  await walk(gitDir);
  return removed.sort();
}

/** Config keys that hand git credentials: helpers, their settings, and extra headers, at any URL. */
const CREDENTIAL_KEY = /^(credential(\..*)?\.[a-z]+|http(\..*)?\.extraheader)$/is;

/** Unsets every credential-related key of the clone's own config; returns the keys (never their values). */
export async function removeCredentialConfig(git: RepositoryGit): Promise<string[]> {
  const { stdout } = await git.local(['config', '--local', '--null', '--list']);
  const keys = new Set<string>();
  for (const entry of stdout.split('\0')) {
    const key = entry.split('\n', 1)[0] ?? '';
    if (CREDENTIAL_KEY.test(key)) keys.add(key);
  }
  for (const key of keys) await git.local(['config', '--local', '--unset-all', key]);
  return [...keys].sort();
}
