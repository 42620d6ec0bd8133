/** The post step's half of persist-credentials: unset the helper config, remove the private directory. */
import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { gitProcessEnvironment } from '../git/git-environment.js';
import { GitCommandError, runGit } from '../git/git-process.js';
import type { RecordedPersistence } from '../runtime/persist-state.js';

export async function removePersisted(
  recorded: RecordedPersistence,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const { clonePath, keys } of recorded.configs) {
    if (!existsSync(clonePath)) continue;
    for (const key of keys) {
      // Exit 5: the key is not set (already removed, or never written): nothing to do.
      await runGit(['config', '--local', '--unset-all', key], {
        cwd: clonePath,
        env: gitProcessEnvironment(env, []),
        inactivitySeconds: 60,
        what: `removing ${key} from ${clonePath}`,
      }).catch((error: unknown) => {
        if (!(error instanceof GitCommandError && error.exitCode === 5)) throw error;
      });
    }
    lines.push(`Removed the credential helper from ${clonePath}.`);
  }
  if (recorded.directory !== undefined && existsSync(recorded.directory)) {
    await rm(recorded.directory, { recursive: true, force: true });
    lines.push(`Removed the persisted session and git-remote-codecommit (${recorded.directory}).`);
  }
  return lines;
}
