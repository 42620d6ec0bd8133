import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real temp directory with a workspace and an outside directory next to it. */
export interface TempWorkspace {
  root: string;
  workspace: string;
  outside: string;
  /** Absolute path of `relative` inside the workspace. */
  at(relative: string): string;
  /** Every path below `dir` (default: the temp root), relative to the temp root, sorted. */
  tree(dir?: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

export async function makeTempWorkspace(): Promise<TempWorkspace> {
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'clone-target-')));
  const workspace = path.join(root, 'workspace');
  const outside = path.join(root, 'outside');
  await mkdir(workspace);
  await mkdir(outside);
  await writeFile(path.join(outside, 'keep.txt'), 'outside');
  const tree = async (dir = root): Promise<string[]> => {
    const found: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      found.push(path.relative(root, full));
      if (entry.isDirectory()) found.push(...(await tree(full)));
    }
    return found.sort();
  };
  return {
    root,
    workspace,
    outside,
    at: (relative) => path.join(workspace, relative),
    tree,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
