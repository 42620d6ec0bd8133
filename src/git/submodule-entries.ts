/**
 * What a repository says about its submodules, read from git's own output: the `.gitmodules` entries of
 * the checked-out commit and the gitlinks of its index. A submodule's name, path and URL are the
 * repository author's text: they are checked here before any of them reaches git. Pure: no I/O.
 */

export interface GitmodulesEntry {
  /** The name in `[submodule "<name>"]`: git keeps the submodule's repository in `.git/modules/<name>`. */
  name: string;
  path?: string;
  url?: string;
  /** `checkout`, `rebase`, `merge` or `none`. */
  update?: string;
}

/**
 * Reads `git config -z --get-regexp '^submodule\..*\.(path|url|update)$'`: records `key LF value NUL`,
 * keys `submodule.<name>.<variable>` (the name as written, the variable lower-cased). The first value
 * of a variable wins, as git's submodule config does.
 */
export function parseGitmodulesListing(text: string): GitmodulesEntry[] {
  const entries = new Map<string, GitmodulesEntry>();
  for (const record of text.split('\0')) {
    const newline = record.indexOf('\n');
    if (newline < 0) continue;
    const key = record.slice(0, newline);
    const value = record.slice(newline + 1);
    const dot = key.lastIndexOf('.');
    if (!key.startsWith('submodule.') || dot <= 'submodule.'.length) continue;
    const name = key.slice('submodule.'.length, dot);
    const variable = key.slice(dot + 1);
    if (variable !== 'path' && variable !== 'url' && variable !== 'update') continue;
    const entry = entries.get(name) ?? { name };
    entry[variable] ??= value;
    entries.set(name, entry);
  }
  return [...entries.values()];
}

export interface Gitlink {
  /** Relative to the repository's work tree, with `/`. */
  path: string;
  /** The commit the repository records for it. */
  commit: string;
  /** Outside the sparse checkout: git leaves it alone, and so does the step. */
  skipWorktree: boolean;
}

/** Reads `git ls-files -z --stage -t`: `<tag> <mode> <object> <stage>TAB<path>` NUL; keeps mode 160000. */
export function parseGitlinks(text: string): Gitlink[] {
  const links: Gitlink[] = [];
  for (const record of text.split('\0')) {
    const match = /^(\S) 160000 ([0-9a-f]{40,64}) 0\t(.+)$/s.exec(record);
    if (match === null) continue;
    links.push({ path: match[3] ?? '', commit: match[2] ?? '', skipWorktree: match[1] === 'S' });
  }
  return links;
}

/** C0 and C1 controls and DEL. */
function hasControlCharacter(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f-\x9f]/.test(text);
}

/**
 * Why git must not be given this submodule name, or undefined: git itself refuses names with a `..`
 * component (they would place `.git/modules/<name>` elsewhere); a leading `-` could be read as an option.
 */
export function submoduleNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (hasControlCharacter(name)) return 'the name contains a control character';
  if (name.startsWith('-')) return `the name '${name}' starts with '-'`;
  if (name.split(/[/\\]/).some((part) => part === '..')) return `the name '${name}' has a '..' component`;
  return undefined;
}

/** Why a submodule path is not one to check out inside the work tree, or undefined. */
export function submodulePathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (hasControlCharacter(path)) return 'the path contains a control character';
  if (path.startsWith('-')) return `the path '${path}' starts with '-'`;
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) {
    return `the path '${path}' is not relative to the work tree`;
  }
  const parts = path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) {
    return `the path '${path}' has an empty, '.' or '..' component`;
  }
  if (parts.some((part) => part.toLowerCase() === '.git'))
    return `the path '${path}' goes into a .git folder`;
  return undefined;
}
