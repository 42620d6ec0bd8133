/**
 * The commit and branch a clone just made has checked out, read from the files `git clone` wrote (HEAD,
 * then the branch's loose ref or its line in packed-refs) instead of starting another git. Anything else
 * than what a plain clone writes — a ref store that is not files (reftable), a HEAD naming a ref that is
 * not there (an empty repository), a gitfile — gives undefined, and the caller asks git.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface HeadFiles {
  commit: string;
  /** The branch's short name, or `HEAD` when detached (as `git rev-parse --abbrev-ref HEAD` says). */
  branch: string;
}

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const BRANCH_REF = /^ref: refs\/heads\/(.+)$/;

export async function readHeadFiles(gitDir: string): Promise<HeadFiles | undefined> {
  const head = await contentOf(path.join(gitDir, 'HEAD'));
  if (head === undefined) return undefined;
  if (OBJECT_ID.test(head)) return { commit: head, branch: 'HEAD' };
  const branch = BRANCH_REF.exec(head)?.[1];
  if (branch === undefined || branch.split('/').some((part) => part === '' || part.startsWith('.'))) {
    return undefined;
  }
  const ref = `refs/heads/${branch}`;
  const commit = (await contentOf(path.join(gitDir, ...ref.split('/')))) ?? (await packedRef(gitDir, ref));
  return commit !== undefined && OBJECT_ID.test(commit) ? { commit, branch } : undefined;
}

/** A file's one line, without its line ending; undefined when it cannot be read. */
async function contentOf(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch {
    return undefined;
  }
}

/** `<id> <ref>` lines; `#` starts the header, `^` a peeled tag. */
async function packedRef(gitDir: string, ref: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(gitDir, 'packed-refs'), 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split(/\r?\n/)) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1) === ref) return line.slice(0, space);
  }
  return undefined;
}
