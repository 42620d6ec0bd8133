/**
 * The inputs that say what is checked out of each repository: the ref, the submodules, a partial-clone
 * filter and the directories of a sparse checkout. Pure.
 */
import { EXAMPLES, hasControlCharacter, listItems } from './input-text.js';
import { InputError, type RefSpec, type SubmoduleMode } from './plan.js';

const FULL_SHA = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;

/** Why `name` is not a ref git would accept (git check-ref-format, stricter on leading '-'), or undefined. */
function refNameProblem(name: string): string | undefined {
  if (hasControlCharacter(name) || /[ ~^:?*[\\]/.test(name)) {
    return 'contains a space, a control character or one of ~^:?*[\\';
  }
  if (name === '@') return "is '@', which git reserves";
  if (name.includes('@{')) return "contains '@{'";
  if (name.includes('..')) return "contains '..'";
  if (name.endsWith('.')) return "ends with '.'";
  if (name.startsWith('refs/') && !/^refs\/(heads|tags)\//.test(name)) {
    return 'is a full ref outside refs/heads/ and refs/tags/';
  }
  for (const component of name.split('/')) {
    if (component === '') return "has an empty path component (leading, trailing or double '/')";
    if (component.startsWith('.')) return "has a component starting with '.'";
    if (component.startsWith('-')) return "has a component starting with '-'";
    if (component.endsWith('.lock')) return "has a component ending with '.lock'";
  }
  return undefined;
}

export function parseRef(text: string): RefSpec {
  if (text === '') return { kind: 'default' };
  if (FULL_SHA.test(text)) return { kind: 'sha', sha: text.toLowerCase() };
  const problem = refNameProblem(text);
  if (problem !== undefined) {
    throw new InputError('ref', `'${text}' is not a valid branch or tag name: it ${problem}`, EXAMPLES.ref);
  }
  return { kind: 'name', name: text };
}

export function parseSubmodules(text: string): SubmoduleMode {
  if (text === '' || /^false$/i.test(text)) return 'none';
  if (/^true$/i.test(text)) return 'top-level';
  if (/^recursive$/i.test(text)) return 'recursive';
  throw new InputError(
    'submodules',
    `'${text}' is not false, true (the repository's own submodules) or recursive (their submodules too)`,
    EXAMPLES.submodules,
  );
}

const FILTER = /^(blob:none|blob:limit=\d+[kmg]?|tree:\d+|object:type=(blob|tree|commit|tag))$/;

export function parseFilter(text: string): string | undefined {
  if (text === '') return undefined;
  if (!FILTER.test(text)) {
    throw new InputError(
      'filter',
      `'${text}' is not a partial-clone filter: blob:none, blob:limit=<n>[k|m|g], tree:<depth> or object:type=<type>`,
      EXAMPLES.filter,
    );
  }
  return text;
}

/** Cone-mode directories: relative, no `..`, none taken as an option (they reach git on stdin anyway). */
export function parseSparseCheckout(text: string): string[] {
  const directories = listItems(text).map((line) => line.replace(/\/+$/, ''));
  for (const directory of directories) {
    const parts = directory.split('/');
    if (
      directory === '' ||
      directory.startsWith('/') ||
      directory.startsWith('-') ||
      // git un-quotes a line that starts with '"' before reading it.
      directory.startsWith('"') ||
      parts.some((part) => part === '' || part === '.' || part === '..') ||
      /[*?[\\!]/.test(directory)
    ) {
      throw new InputError(
        'sparse-checkout',
        `'${directory}' is not a directory of the repository for a cone-mode sparse checkout (relative, no '..', no wildcards)`,
        EXAMPLES['sparse-checkout'],
      );
    }
  }
  return directories;
}
