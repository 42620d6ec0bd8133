/** The post step's half of persist-credentials: remove the private directory, unset the helper config. */
import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gitProcessEnvironment } from '../git/git-environment.js';
import { GitCommandError, runGit } from '../git/git-process.js';
import type { GitProcessRegistry } from '../git/git-process-registry.js';
import type { PersistedConfig } from '../core/persist-state.js';
import { messageOf } from '../core/text.js';

/** Removes the folder of the session file and git-remote-codecommit; false when it is gone already. */
export async function removePersistedDirectory(directory: string): Promise<boolean> {
  if (!existsSync(directory)) return false;
  await rm(directory, { recursive: true, force: true });
  return true;
}

/**
 * Unsets the helper entries main wrote in a clone's own config, trying every key whatever failed before
 * it. False when there is nothing to do: the clone or its `.git` is gone (and the config with it).
 * Throws, after trying every key, naming those it could not unset.
 */
export async function removePersistedConfig(
  { clonePath, keys }: PersistedConfig,
  env: Readonly<Record<string, string | undefined>>,
  processes: GitProcessRegistry,
): Promise<boolean> {
  const gitDir = path.join(clonePath, '.git');
  if (!existsSync(gitDir)) return false;
  const failed: string[] = [];
  for (const key of keys) {
    try {
      // GIT_DIR: exactly this clone's config, never that of a repository around it.
      await runGit(['config', '--local', '--unset-all', key], {
        processes,
        cwd: clonePath,
        env: { ...gitProcessEnvironment(env, []), GIT_DIR: gitDir },
        inactivitySeconds: 60,
        what: `removing ${key} from ${clonePath}`,
      });
    } catch (error) {
      // Exit 5: the key is not set (already removed, or never written): nothing to do.
      if (error instanceof GitCommandError && error.exitCode === 5) continue;
      failed.push(messageOf(error));
    }
  }
  if (failed.length > 0) throw new Error(failed.join('; '));
  return true;
}
