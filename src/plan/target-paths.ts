/**
 * Where the repositories go: `path` and the repository names as absolute folders lexically inside the
 * workspace, in the path flavour of the runner's system. Pure: links are checked by the adapter.
 */
import { EXAMPLES } from './input-text.js';
import { InputError } from './plan.js';
import type { OsFamily } from '../platform/os-family.js';
import {
  isPathInside,
  isSamePath,
  pathFlavour,
  resolveAgainst,
  windowsNameProblem,
  workspaceRoot,
} from '../platform/workspace-path.js';

/**
 * `text` as an absolute path lexically inside the workspace; `allowWorkspace`: the workspace itself too.
 * Paths are of the runner's system: POSIX, or Windows (drive letters, UNC, either slash, any case).
 */
function pathInWorkspace(
  text: string,
  workspaceInput: string,
  allowWorkspace: boolean,
  family: OsFamily,
): string {
  const workspace = workspaceRoot(family, workspaceInput);
  if (workspace === undefined) {
    const expected =
      family === 'windows' ? 'C:\\actions-runner\\_work\\app\\app' : '/home/runner/work/app/app';
    throw new Error(`The workspace '${workspaceInput}' is not an absolute path (expected like ${expected})`);
  }
  const problem = family === 'windows' ? windowsNameProblem(text) : undefined;
  if (problem !== undefined) throw new InputError('path', `'${text}' ${problem}`, EXAMPLES.path);
  const resolved = resolveAgainst(family, workspace, text);
  const same = isSamePath(family, workspace, resolved);
  if ((same && !allowWorkspace) || (!same && !isPathInside(family, workspace, resolved))) {
    throw new InputError(
      'path',
      `'${text}' resolves to ${resolved}, which is not a directory inside the workspace ${workspace}`,
      EXAMPLES.path,
    );
  }
  return resolved;
}

/** The clone targets of the step, and the folder that holds them when `path` is not the one clone itself. */
export interface TargetPaths {
  /** Absent when `path` is the clone of the only repository. */
  folder?: string;
  /** One absolute target per repository name, in the order of the names. */
  paths: string[];
}

/**
 * Where each repository goes. One repository: `path` is the clone itself (default: its name). Several,
 * or any pattern (however many it matches): `path` is the folder that holds them (default: the
 * workspace), each in `<path>/<name>`.
 */
export function targetPaths(
  text: string,
  names: string[],
  workspace: string,
  family: OsFamily,
  hasPatterns: boolean,
): TargetPaths {
  const [only] = names;
  if (names.length === 1 && only !== undefined && !hasPatterns)
    return { paths: [pathInWorkspace(text !== '' ? text : only, workspace, false, family)] };
  const folder = pathInWorkspace(text !== '' ? text : '.', workspace, true, family);
  return { folder, paths: names.map((name) => targetInFolder(folder, name, workspace, family)) };
}

/** `<folder>/<name>`, held to the workspace as every target is. */
export function targetInFolder(folder: string, name: string, workspace: string, family: OsFamily): string {
  return pathInWorkspace(pathFlavour(family).join(folder, name), workspace, false, family);
}
