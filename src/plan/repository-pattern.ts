/**
 * Repository patterns: a line of `repository` holding `*` (any run of characters, none included) or `?`
 * (exactly one character), which no repository name may contain. Matched against the whole name and
 * case-sensitively, as CodeCommit spells names. Pure: no I/O.
 */

/** What a pattern may hold besides `*` and `?`: the characters of repository names. */
const PATTERN_SHAPE = /^[A-Za-z0-9._*?-]{1,100}$/;

export function isRepositoryPattern(line: string): boolean {
  return line.includes('*') || line.includes('?');
}

/** Why `pattern` cannot match a repository name, or undefined when it is a usable pattern. */
export function repositoryPatternProblem(pattern: string): string | undefined {
  if (!PATTERN_SHAPE.test(pattern)) {
    return (
      `'${pattern}' is not a repository pattern: 1-100 letters, digits, '.', '_', '-', '*' (any characters) ` +
      "or '?' (one character); patterns match names only, not URLs"
    );
  }
  if (pattern.startsWith('-') || pattern.startsWith('.')) {
    return `'${pattern}' can match no repository: names do not start with '-' or '.'`;
  }
  return undefined;
}

/**
 * Whether `name` matches `pattern` as a whole. Linear in the lengths (backtracking only to the last
 * `*`), so that no pattern can make matching slow.
 */
export function matchesRepositoryPattern(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starAt = -1;
  let starMatchedUpTo = 0;
  while (n < name.length) {
    const wanted = pattern[p];
    if (wanted === '*') {
      starAt = p++;
      starMatchedUpTo = n;
    } else if (wanted !== undefined && (wanted === '?' || wanted === name[n])) {
      p++;
      n++;
    } else if (starAt !== -1) {
      p = starAt + 1;
      n = ++starMatchedUpTo;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** A line of `repository` after listing: a name as given, or a pattern with what it matched. */
export type RepositoryLineEntry = { kind: 'name'; name: string } | { kind: 'pattern'; pattern: string };

export interface ResolvedRepositoryLines {
  /** Every name once, in line order; a pattern's matches sorted, at its line. */
  names: string[];
  /** Patterns that matched none of the listed repositories. */
  unmatched: string[];
  /** For each name, the pattern that first brought it in; absent for names given as such. */
  matchedBy: Map<string, string>;
}

/**
 * Expands the patterns among `lines` against `listed` (the names ListRepositories returned). A name
 * given twice, or given and matched, or matched by two patterns appears once, at its first place.
 */
export function resolveRepositoryLines(
  lines: readonly RepositoryLineEntry[],
  listed: readonly string[],
): ResolvedRepositoryLines {
  const sorted = [...new Set(listed)].sort(compareNames);
  const names: string[] = [];
  const seen = new Set<string>();
  const unmatched: string[] = [];
  const matchedBy = new Map<string, string>();
  const add = (name: string, pattern?: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    names.push(name);
    if (pattern !== undefined) matchedBy.set(name, pattern);
  };
  for (const line of lines) {
    if (line.kind === 'name') {
      add(line.name);
      continue;
    }
    const matches = sorted.filter((name) => matchesRepositoryPattern(line.pattern, name));
    if (matches.length === 0) unmatched.push(line.pattern);
    for (const name of matches) add(name, line.pattern);
  }
  return { names, unmatched, matchedBy };
}

/** Code-unit order: the same on every runner, whatever its locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
