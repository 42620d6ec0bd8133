/**
 * The plan once its repository patterns are matched against the repositories the credentials may list:
 * the lines of `repository` in order, each pattern's matches at its line, every repository once, each
 * with the patterns that match it. Pure: the listing itself is the caller's.
 */
import { InputError, type Plan, type RepositoryPlan } from './plan.js';
import { requireDistinctFolders } from './repository-lines.js';
import { matchesRepositoryPattern, resolveRepositoryLines } from './repository-pattern.js';
import { targetInFolder } from './target-paths.js';

/** A pattern with the listed names it matches. */
export interface ListedMatches {
  pattern: string;
  /** In code-unit order; empty when the pattern matches none. */
  names: string[];
}

/** What each pattern matches among `listedNames`, in the order of the patterns. */
export function listedMatches(patterns: readonly string[], listedNames: readonly string[]): ListedMatches[] {
  return patterns.map((pattern) => ({
    pattern,
    names: listedNames.filter((name) => matchesRepositoryPattern(pattern, name)).sort(),
  }));
}

/**
 * `plan` with the repositories its patterns match among `listedNames` (the names ListRepositories
 * returned), in line order: a name line keeps its repository, a match is placed in `<path>/<name>` and
 * fetched from the step's git endpoint. A pattern matching nothing, two repositories that would share a
 * folder, or a match that cannot be placed or fetched is an InputError. Without patterns, or once
 * matched, the plan itself.
 */
export function expandRepositoryPatterns(plan: Plan, listedNames: readonly string[]): Plan {
  const { patternExpansion: expansion, ...expanded } = plan;
  if (expansion === undefined) return plan;
  const resolved = resolveRepositoryLines(expansion.lines, listedNames);
  requireEveryPatternMatched(resolved.unmatched, listedNames.length, plan.region);
  requireDistinctFolders(resolved.names);
  const named = new Map(plan.repositories.map((repository) => [repository.name, repository]));
  // Every target is checked before any endpoint, in the order of the names.
  const targets = resolved.names.map(
    (name) =>
      named.get(name)?.targetPath ??
      targetInFolder(expansion.folder, name, expansion.workspace, expansion.osFamily),
  );
  const repositories = resolved.names.map((name, index): RepositoryPlan => {
    const matchingPatterns = plan.repositoryPatterns.filter((pattern) =>
      matchesRepositoryPattern(pattern, name),
    );
    const given = named.get(name);
    if (given !== undefined) return { ...given, matchingPatterns };
    if ('refusal' in expansion.git) throw expansion.git.refusal;
    const { endpoint } = expansion.git;
    const repositoryPath = `/v1/repos/${name}`;
    const matchedBy = resolved.matchedBy.get(name);
    return {
      name,
      git: endpoint,
      repositoryPath,
      cloneUrl: `${endpoint.origin}${repositoryPath}`,
      targetPath: targets[index] ?? '',
      ...(matchedBy !== undefined ? { matchedBy } : {}),
      matchingPatterns,
    };
  });
  return { ...expanded, repositories };
}

function requireEveryPatternMatched(unmatched: readonly string[], listedCount: number, region: string): void {
  const [first, ...others] = unmatched;
  if (first === undefined) return;
  throw new InputError(
    'repository',
    `the pattern '${first}' matches none of the ${listedCount} repositories the credentials may list in ${region}` +
      (others.length > 0 ? ` (nor do ${others.map((p) => `'${p}'`).join(', ')})` : '') +
      "; patterns are case-sensitive, '*' is any characters and '?' one",
    'team-* or service-?',
  );
}
