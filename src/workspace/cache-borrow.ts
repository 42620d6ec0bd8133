/**
 * How a clone borrows a mirror's objects and ends self-contained. A clone of a branch, a tag or the
 * default branch uses `git clone --reference-if-able=<mirror> --dissociate` (src/git/clone.ts). A commit
 * by SHA is fetched into `git init`: the mirror is named in `objects/info/alternates` for the fetch and
 * the checkout, then `git repack -a -d` copies what the clone uses from it and the alternates file is
 * removed, as `--dissociate` does. Either way the clone keeps working when the cache is deleted.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BorrowedObjects } from '../git/clone.js';
import type { RepositoryGit } from '../git/repository-git.js';

export function borrowedObjects(mirror: string): BorrowedObjects {
  return {
    mirror,
    async borrow(git: RepositoryGit) {
      const info = path.join(git.target, '.git', 'objects', 'info');
      await mkdir(info, { recursive: true });
      await writeFile(path.join(info, 'alternates'), `${path.join(mirror, 'objects')}\n`);
    },
    async dissociate(git: RepositoryGit) {
      await git.local(['repack', '-a', '-d', '-q']);
      await rm(path.join(git.target, '.git', 'objects', 'info', 'alternates'), { force: true });
    },
  };
}
