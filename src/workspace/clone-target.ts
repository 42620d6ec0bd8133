import { lstat, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../plan/plan.js';
import { HOST_OS_FAMILY } from '../platform/os-family.js';
import { isPathInside, isSamePath } from '../platform/workspace-path.js';

/** What the step made on disk for the clone, so that a failure can undo exactly that. */
export interface CloneTarget {
  path: string;
  /** The topmost directory this step created (the target or a parent of it); absent if the target existed. */
  createdRoot?: string;
}

const PATH_EXAMPLE = 'src/my-service';

/** What the target holds before the step: nothing yet, an empty directory, or something. */
export type TargetContents = 'absent' | 'empty' | 'occupied';

/**
 * Checks the clone target on disk before any network call: every existing part of it must resolve, with
 * symlinks followed, inside the workspace, and an existing target must be a directory. Says what it holds.
 */
export async function checkCloneTarget(workspace: string, target: string): Promise<TargetContents> {
  const realWorkspace = await realpath(workspace).catch(() => {
    throw new Error(`GITHUB_WORKSPACE ${workspace} does not exist`);
  });
  const existing = await deepestExisting(target);
  const realExisting = await realpath(existing);
  if (
    !isPathInside(HOST_OS_FAMILY, realWorkspace, realExisting) &&
    !isSamePath(HOST_OS_FAMILY, realExisting, realWorkspace)
  ) {
    throw new InputError(
      'path',
      `${target} leads outside the workspace through a symlink (${existing} → ${realExisting})`,
      PATH_EXAMPLE,
    );
  }
  if (existing !== target) {
    if (!(await lstat(realExisting)).isDirectory()) {
      throw new InputError(
        'path',
        `${existing} exists and is not a directory, so ${target} cannot be made`,
        PATH_EXAMPLE,
      );
    }
    return 'absent';
  }
  const stats = await lstat(target);
  if (stats.isSymbolicLink()) {
    throw new InputError(
      'path',
      `${target} is a symbolic link; give a path to a new or empty directory`,
      PATH_EXAMPLE,
    );
  }
  if (!stats.isDirectory()) {
    throw new InputError('path', `${target} exists and is not a directory`, PATH_EXAMPLE);
  }
  return (await readdir(target)).length > 0 ? 'occupied' : 'empty';
}

/**
 * The parent folders the clone targets need that do not exist yet: for each, the topmost missing one.
 * Creating them first (with `createParents`) lets each clone own only its own directory, so that one
 * failed clone never takes a sibling with it.
 */
export async function planParents(targets: readonly string[]): Promise<string[]> {
  const roots = new Set<string>();
  for (const parent of new Set(targets.map((target) => path.dirname(target)))) {
    const existing = await deepestExisting(parent);
    if (existing !== parent) roots.add(firstMissingBelow(existing, parent));
  }
  return [...roots];
}

export async function createParents(targets: readonly string[]): Promise<void> {
  for (const parent of new Set(targets.map((target) => path.dirname(target)))) {
    await mkdir(parent, { recursive: true });
  }
}

/** Says what `createCloneTarget` will create: the target, and the topmost of its missing parents. */
export async function planCloneTarget(target: string): Promise<CloneTarget> {
  const existing = await deepestExisting(target);
  if (existing === target) return { path: target };
  return { path: target, createdRoot: firstMissingBelow(existing, target) };
}

/** Creates the target directory and its missing parents. */
export async function createCloneTarget(target: CloneTarget): Promise<void> {
  await mkdir(target.path, { recursive: true });
}

/** Removes `root` if it holds nothing but empty folders; says whether it did. Never removes a file. */
export async function removeEmptyDirectories(root: string): Promise<boolean> {
  if (!(await holdsOnlyEmptyDirectories(root))) return false;
  await rm(root, { recursive: true, force: true });
  return true;
}

async function holdsOnlyEmptyDirectories(dir: string): Promise<boolean> {
  const stats = await lstat(dir).catch(() => undefined);
  if (stats === undefined || !stats.isDirectory()) return false;
  for (const entry of await readdir(dir)) {
    if (!(await holdsOnlyEmptyDirectories(path.join(dir, entry)))) return false;
  }
  return true;
}

/** Undoes `createCloneTarget` and whatever git wrote: what this step created goes, nothing else does. */
export async function removeCloneTarget(target: CloneTarget): Promise<void> {
  if (target.createdRoot !== undefined) {
    await rm(target.createdRoot, { recursive: true, force: true });
    return;
  }
  for (const entry of await readdir(target.path).catch(() => [])) {
    await rm(path.join(target.path, entry), { recursive: true, force: true });
  }
}

async function deepestExisting(target: string): Promise<string> {
  let current = target;
  for (;;) {
    try {
      await lstat(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

function firstMissingBelow(existing: string, target: string): string {
  const relative = path.relative(existing, target);
  const first = relative.split(path.sep)[0] ?? relative;
  return path.join(existing, first);
}
