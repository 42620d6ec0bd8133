/**
 * Lexical path checks against the workspace, in the path flavour of the runner's system: POSIX paths on
 * Linux and macOS; on Windows drive paths (`C:\actions-runner\_work\app\app`), UNC paths
 * (`\\server\share\work`), either slash, and names compared without regard to case. Pure: the file system
 * (symlinks, 8.3 short names, macOS's /var → /private/var) is checked by the caller with realpath.
 */
import path from 'node:path';
import type { OsFamily } from './os-family.js';

export type PathFlavour = typeof path.posix;

export function pathFlavour(family: OsFamily): PathFlavour {
  return family === 'windows' ? path.win32 : path.posix;
}

/** `X:\` or `\\server\share\`: the only roots a Windows workspace can have (not `\dir` or `C:dir`). */
const WINDOWS_ROOT = /^(?:[A-Za-z]:\\|\\\\[^\\?.][^\\]*\\[^\\]+\\?)$/;

/**
 * The workspace as an absolute, normalized path without a trailing separator (except a bare root), or
 * undefined when it is not absolute in this flavour.
 */
export function workspaceRoot(family: OsFamily, workspace: string): string | undefined {
  const flavour = pathFlavour(family);
  if (!flavour.isAbsolute(workspace)) return undefined;
  const normalized = flavour.normalize(workspace);
  const { root } = flavour.parse(normalized);
  if (family === 'windows' && !WINDOWS_ROOT.test(root)) return undefined;
  return normalized.length > root.length ? normalized.replace(/[\\/]+$/, '') : normalized;
}

/** `text` (absolute, or relative to `root`) as a normalized absolute path without a trailing separator. */
export function resolveAgainst(family: OsFamily, root: string, text: string): string {
  const flavour = pathFlavour(family);
  const target = flavour.normalize(flavour.isAbsolute(text) ? text : flavour.join(root, text));
  const { root: targetRoot } = flavour.parse(target);
  return target.length > targetRoot.length ? target.replace(/[\\/]+$/, '') : target;
}

/** Whether `child` is strictly below `parent` (on Windows without regard to case). */
export function isPathInside(family: OsFamily, parent: string, child: string): boolean {
  const flavour = pathFlavour(family);
  const relative = flavour.relative(parent, child);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${flavour.sep}`) &&
    !flavour.isAbsolute(relative)
  );
}

/** Whether `a` and `b` name the same path (on Windows without regard to case). */
export function isSamePath(family: OsFamily, a: string, b: string): boolean {
  return pathFlavour(family).relative(a, b) === '';
}

const WINDOWS_DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;

/**
 * Why Windows could not create `text` as a folder below the workspace, or undefined: characters Windows
 * refuses in names (`<>:"|?*`; a `:` would name an alternate data stream), device names such as `NUL`,
 * and names ending in a dot or a space (which Windows silently drops). A leading drive (`C:\…`) is allowed.
 */
export function windowsNameProblem(text: string): string | undefined {
  const rest = text.replace(/^[A-Za-z]:(?=[\\/])/, '').replace(/^\\\\[^\\/]+[\\/][^\\/]+/, '');
  if (/[<>:"|?*]/.test(rest)) return 'contains one of <>:"|?*, which Windows does not allow in a folder name';
  for (const name of rest.split(/[\\/]+/)) {
    if (name === '' || name === '.' || name === '..') continue;
    if (WINDOWS_DEVICE_NAME.test(name)) return `has the name '${name}', which Windows reserves for a device`;
    if (/[. ]$/.test(name))
      return `has the name '${name}', which ends with a dot or space that Windows drops`;
  }
  return undefined;
}
