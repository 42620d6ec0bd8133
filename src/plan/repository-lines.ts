/**
 * The lines of `repository`: each a repository (a name or a URL) or a pattern, at least one, and no two
 * repositories in one folder. Pure.
 */
import { listItems } from './input-text.js';
import { InputError } from './plan.js';
import {
  isRepositoryPattern,
  repositoryPatternProblem,
  type RepositoryLineEntry,
} from './repository-pattern.js';
import { parseRepositorySpec, REPOSITORY_EXAMPLE, type RepositorySpec } from './repository-spec.js';

export interface RepositoryLines {
  /** The lines naming a repository, parsed. */
  specs: RepositorySpec[];
  /** Every line in order, names and patterns. */
  entries: RepositoryLineEntry[];
  /** The patterns, each once, in the order given. */
  patterns: string[];
}

export function parseRepositoryLines(text: string): RepositoryLines {
  const specs: RepositorySpec[] = [];
  const entries: RepositoryLineEntry[] = [];
  const patterns: string[] = [];
  for (const line of listItems(text)) {
    if (isRepositoryPattern(line)) {
      const problem = repositoryPatternProblem(line);
      if (problem !== undefined) throw new InputError('repository', problem, 'team-* or service-?');
      if (!patterns.includes(line)) patterns.push(line);
      entries.push({ kind: 'pattern', pattern: line });
      continue;
    }
    const spec = parseRepositorySpec(line);
    specs.push(spec);
    entries.push({ kind: 'name', name: spec.name });
  }
  if (entries.length === 0) {
    throw new InputError('repository', 'is required: give at least one repository', REPOSITORY_EXAMPLE);
  }
  requireDistinctFolders(specs.map((spec) => spec.name));
  return { specs, entries, patterns };
}

/** Names differing only in case would share a folder on a case-insensitive file system. */
export function requireDistinctFolders(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const folder = name.toLowerCase();
    if (seen.has(folder)) {
      throw new InputError(
        'repository',
        `'${name}' is listed more than once (names that differ only in case would share a folder)`,
        REPOSITORY_EXAMPLE,
      );
    }
    seen.add(folder);
  }
}
