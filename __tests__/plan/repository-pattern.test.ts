import fc from 'fast-check';
import {
  isRepositoryPattern,
  matchesRepositoryPattern,
  repositoryPatternProblem,
  resolveRepositoryLines,
} from '../../src/plan/repository-pattern.js';

describe('matchesRepositoryPattern', () => {
  it.each([
    ['team-*', 'team-a', true],
    ['team-*', 'team-', true],
    ['team-*', 'my-team-a', false],
    ['team-*', 'Team-a', false],
    ['*-api', 'billing-api', true],
    ['*-api', 'billing-api-v2', false],
    ['svc-?', 'svc-1', true],
    ['svc-?', 'svc-', false],
    ['svc-?', 'svc-12', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'a-b-x-c', true],
    ['a*b*c', 'acb', false],
    ['*', 'anything.at_all-1', true],
    ['??', 'ab', true],
    ['??', 'a', false],
    ['a.b*', 'aXb', false],
    ['a.b*', 'a.bc', true],
  ])('%s against %s: %s', (pattern, name, expected) => {
    expect(matchesRepositoryPattern(pattern, name)).toBe(expected);
  });

  it('agrees with an anchored regular expression for any pattern and name', () => {
    const alphabet = fc.constantFrom('a', 'b', '-', '.', '*', '?');
    const nameAlphabet = fc.constantFrom('a', 'b', '-', '.');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }).map((parts) => parts.join('')),
        fc.array(nameAlphabet, { maxLength: 10 }).map((parts) => parts.join('')),
        (pattern, name) => {
          const source = pattern
            .split('')
            .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.-]/, '\\$&')))
            .join('');
          expect(matchesRepositoryPattern(pattern, name)).toBe(new RegExp(`^${source}$`, 's').test(name));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('stays fast on a pattern that would make a backtracking matcher slow', () => {
    const started = Date.now();
    expect(matchesRepositoryPattern(`${'a*'.repeat(40)}b`, 'a'.repeat(100))).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe('repository patterns', () => {
  it('are the lines holding * or ?', () => {
    expect(isRepositoryPattern('team-*')).toBe(true);
    expect(isRepositoryPattern('svc-?')).toBe(true);
    expect(isRepositoryPattern('my-service')).toBe(false);
  });

  it.each([
    ['team-*/x', /not a repository pattern/],
    ['https://host/v1/repos/team-*', /not a repository pattern.*not URLs/],
    ['team *', /not a repository pattern/],
    [`${'a'.repeat(100)}*`, /1-100/],
    ['-*', /names do not start with '-' or '.'/],
    ['.*', /names do not start with '-' or '.'/],
  ])('refuse %p', (pattern, problem) => {
    expect(repositoryPatternProblem(pattern)).toMatch(problem);
  });

  it('accept names characters with * and ?', () => {
    expect(repositoryPatternProblem('team_A.b-*?')).toBeUndefined();
  });
});

describe('resolveRepositoryLines', () => {
  const listed = ['team-b', 'other', 'team-a', 'svc-1', 'team-c'];

  it('keeps line order, sorts each pattern’s matches, and collapses duplicates at their first place', () => {
    const resolved = resolveRepositoryLines(
      [
        { kind: 'name', name: 'zeta' },
        { kind: 'pattern', pattern: 'team-*' },
        { kind: 'name', name: 'team-b' },
        { kind: 'pattern', pattern: 'svc-?' },
        { kind: 'pattern', pattern: '*-a' },
      ],
      listed,
    );
    expect(resolved.names).toEqual(['zeta', 'team-a', 'team-b', 'team-c', 'svc-1']);
    expect(resolved.unmatched).toEqual([]);
    expect(resolved.matchedBy.get('team-a')).toBe('team-*');
    expect(resolved.matchedBy.has('zeta')).toBe(false);
  });

  it('names every pattern that matched nothing', () => {
    const resolved = resolveRepositoryLines(
      [
        { kind: 'pattern', pattern: 'Team-*' },
        { kind: 'pattern', pattern: 'team-?' },
        { kind: 'pattern', pattern: 'nope*' },
      ],
      listed,
    );
    expect(resolved.unmatched).toEqual(['Team-*', 'nope*']);
    expect(resolved.names).toEqual(['team-a', 'team-b', 'team-c']);
  });

  it('sorts by code unit, the same on every runner', () => {
    const resolved = resolveRepositoryLines([{ kind: 'pattern', pattern: '*' }], ['b', 'B', 'a', '_x', 'A']);
    expect(resolved.names).toEqual(['A', 'B', '_x', 'a', 'b']);
  });
});
