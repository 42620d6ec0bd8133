import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from '../core/text.js';

/** Removes one path and everything below it, never following a symbolic link out of it. */
export type RemovePath = (target: string) => Promise<void>;

const removeRecursively: RemovePath = (target) => rm(target, { recursive: true, force: true });

/**
 * Empties the target folder (the folder stays: it may be a job's working directory) and returns the
 * names it removed. A file that cannot be removed is named, with the usual reason on a runner.
 */
export async function emptyTarget(target: string, remove: RemovePath = removeRecursively): Promise<string[]> {
  const entries = (await readdir(target)).sort();
  for (const entry of entries) {
    try {
      await remove(path.join(target, entry));
    } catch (error) {
      throw cannotRemove(path.join(target, entry), error);
    }
  }
  return entries;
}

function cannotRemove(entry: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const file = (error as NodeJS.ErrnoException | undefined)?.path ?? entry;
  const message = messageOf(error);
  const usual =
    code === 'EACCES' || code === 'EPERM'
      ? ' Files the runner may not delete are usually left by an earlier container step that ran as root: ' +
        "remove them (sudo rm -rf), or run that container with the runner's user (options: --user)."
      : code === 'EBUSY'
        ? ' Another process still uses it (on Windows, an open file or a running program in it).'
        : '';
  return new Error(`Could not empty the clone target: ${file} cannot be removed (${message}).${usual}`, {
    cause: error,
  });
}
