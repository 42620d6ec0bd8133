import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { removeCredentialSettings } from '../git/credential-settings.js';
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

/** Unsets every credential-related key of the clone's own config; returns the keys (never their values). */
export async function removeCredentialConfig(git: RepositoryGit): Promise<string[]> {
  return removeCredentialSettings(git);
}
