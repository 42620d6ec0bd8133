import fc from 'fast-check';

import { parsePlan } from '../../src/plan/inputs.js';
import { expandRepositoryPatterns, listedMatches } from '../../src/plan/pattern-expansion.js';
import { INPUT_NAMES, InputError, type Plan, type RawInputs, type RunContext } from '../../src/plan/plan.js';

const ctx: RunContext = { workspace: '/home/runner/work/app/app', runId: '9876543210' };
const WORKSPACE = ctx.workspace;
const REGIONAL_GIT = 'https://git-codecommit.eu-west-1.amazonaws.com';
const LISTED = ['team-b', 'svc-1', 'team-a', 'other', 'svc-22'];

function raw(overrides: Partial<RawInputs> = {}): RawInputs {
  const empty = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
  return { ...empty, repository: 'my-service', 'aws-region': 'eu-west-1', ...overrides };
}

const planOf = (inputs: Partial<RawInputs>, context: RunContext = ctx): Plan =>
  parsePlan(raw(inputs), context);

const expanded = (inputs: Partial<RawInputs>, listed: readonly string[] = LISTED): Plan =>
  expandRepositoryPatterns(planOf(inputs), listed);

const names = (plan: Plan): string[] => plan.repositories.map((repository) => repository.name);

function refusalOf(expand: () => unknown): InputError {
  try {
    expand();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('expandRepositoryPatterns: the repositories of the patterns', () => {
  it('puts each pattern’s matches, sorted, at its line, between the name lines', () => {
    const plan = expanded({ repository: 'zeta\nsvc-?\nalpha\nteam-*' });
    expect(names(plan)).toEqual(['zeta', 'svc-1', 'alpha', 'team-a', 'team-b']);
  });

  it('keeps the patterns and everything else of the plan, and leaves nothing to expand', () => {
    const given = planOf({ repository: 'team-*\nzeta', ref: 'v1.2.0', 'fetch-depth': '0' });
    expect(given.patternExpansion).toBeDefined();
    const plan = expandRepositoryPatterns(given, LISTED);
    expect(plan.patternExpansion).toBeUndefined();
    expect({ ...plan, repositories: [] }).toEqual({
      ...given,
      repositories: [],
      patternExpansion: undefined,
    });
    expect(plan.repositoryPatterns).toEqual(['team-*']);
    // Matched once, the plan is final: a second listing changes nothing.
    expect(expandRepositoryPatterns(plan, ['team-c'])).toBe(plan);
  });

  it('returns a plan without patterns as it is', () => {
    const given = planOf({ repository: 'zeta\nalpha' });
    expect(given.patternExpansion).toBeUndefined();
    expect(expandRepositoryPatterns(given, LISTED)).toBe(given);
  });

  it('matches case-sensitively, the whole name, and counts every listed name once', () => {
    expect(names(expanded({ repository: 'Team-*\nsvc-?' }, ['Team-x', 'team-y', 'svc-1', 'svc-1']))).toEqual([
      'Team-x',
      'svc-1',
    ]);
  });
});

describe('expandRepositoryPatterns: which pattern matched each repository', () => {
  it('records the pattern that brought each in, and none for a name line', () => {
    const plan = expanded({ repository: 'zeta\nteam-*\n*-a\nsvc-?' });
    expect(plan.repositories.map((r) => [r.name, r.matchedBy])).toEqual([
      ['zeta', undefined],
      ['team-a', 'team-*'],
      ['team-b', 'team-*'],
      ['svc-1', 'svc-?'],
    ]);
    expect('matchedBy' in (plan.repositories[0] ?? {})).toBe(false);
  });

  it('records every pattern that matches each, in the order given, name lines included', () => {
    const plan = expanded({ repository: 'team-*\n*-a\nteam-b\nteam-zzz' });
    expect(plan.repositories.map((r) => [r.name, r.matchingPatterns])).toEqual([
      ['team-a', ['team-*', '*-a']],
      ['team-b', ['team-*']],
      // Named by a line and never listed, it still matches as text.
      ['team-zzz', ['team-*']],
    ]);
  });

  it('gives a name line no pattern brought in, even when a pattern’s line comes first', () => {
    const plan = expanded({ repository: 'team-*\nteam-b' });
    expect(plan.repositories.map((r) => [r.name, r.matchedBy, r.matchingPatterns])).toEqual([
      ['team-a', 'team-*', ['team-*']],
      ['team-b', undefined, ['team-*']],
    ]);
  });

  it('agrees with the patterns read as regular expressions', () => {
    const nameArb = fc.stringMatching(/^[ab][ab.-]{0,4}$/);
    const patternArb = fc.stringMatching(/^[ab*?][ab*?.-]{0,3}$/).filter((p) => /[*?]/.test(p));
    fc.assert(
      fc.property(
        fc.uniqueArray(patternArb, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(nameArb, { minLength: 1, maxLength: 8 }),
        (patterns, listed) => {
          const asRegExp = (pattern: string) =>
            new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
          if (!patterns.every((pattern) => listed.some((name) => asRegExp(pattern).test(name)))) return;
          const plan = expandRepositoryPatterns(planOf({ repository: patterns.join('\n') }), listed);
          for (const repository of plan.repositories) {
            const matching = patterns.filter((pattern) => asRegExp(pattern).test(repository.name));
            expect(repository.matchingPatterns).toEqual(matching);
            expect(repository.matchedBy).toBe(matching[0]);
          }
          const every = listed.filter((name) => patterns.some((pattern) => asRegExp(pattern).test(name)));
          expect([...names(plan)].sort()).toEqual([...every].sort());
        },
      ),
    );
  });
});

describe('expandRepositoryPatterns: a pattern matching nothing', () => {
  it('is an InputError naming it, the others that match nothing, and how many could be listed', () => {
    const refusal = refusalOf(() => expanded({ repository: 'team-*\nTeam-*\nzeta\nnone-?' }));
    expect(refusal.input).toBe('repository');
    expect(refusal.message).toBe(
      "Input 'repository': the pattern 'Team-*' matches none of the 5 repositories the credentials may list " +
        "in eu-west-1 (nor do 'none-?'); patterns are case-sensitive, '*' is any characters and '?' one. " +
        'Example: team-* or service-?',
    );
  });

  it('counts the names as listed, and names a single pattern alone', () => {
    const refusal = refusalOf(() => expanded({ repository: 'x-*' }, ['a', 'a', 'b']));
    expect(refusal.problem).toBe(
      "the pattern 'x-*' matches none of the 3 repositories the credentials may list in eu-west-1; " +
        "patterns are case-sensitive, '*' is any characters and '?' one",
    );
  });

  it('is refused when nothing at all could be listed', () => {
    expect(refusalOf(() => expanded({ repository: 'zeta\n*' }, [])).problem).toMatch(
      /^the pattern '\*' matches none of the 0 repositories/,
    );
  });
});

describe('expandRepositoryPatterns: duplicates', () => {
  it('takes a repository once, at its first place, whether named, matched or both', () => {
    const plan = expanded({ repository: 'team-b\nteam-*\n*-b\nteam-*\nsvc-1\nsvc-?' });
    expect(names(plan)).toEqual(['team-b', 'team-a', 'svc-1']);
  });

  it('keeps the URL of a name line a pattern also matches, and gives matches the step’s git endpoint', () => {
    const vpce = 'vpce-0123-abcd.git-codecommit.eu-west-1.vpce.amazonaws.com';
    const plan = expanded({ repository: `team-*\nhttps://${vpce}/v1/repos/team-b` });
    expect(plan.repositories.map((r) => [r.name, r.cloneUrl])).toEqual([
      ['team-a', `${REGIONAL_GIT}/v1/repos/team-a`],
      ['team-b', `https://${vpce}/v1/repos/team-b`],
    ]);
    const custom = expanded({ repository: 'zeta\nteam-*', 'codecommit-endpoint': `https://${vpce}:8443` });
    expect(custom.repositories.map((r) => r.cloneUrl)).toEqual([
      `https://${vpce}:8443/v1/repos/zeta`,
      `https://${vpce}:8443/v1/repos/team-a`,
      `https://${vpce}:8443/v1/repos/team-b`,
    ]);
  });

  it('refuses a match that differs only in case from a named repository (one folder)', () => {
    const refusal = refusalOf(() => expanded({ repository: 'Svc-1\nsvc-?' }));
    expect(refusal.message).toBe(
      "Input 'repository': 'svc-1' is listed more than once (names that differ only in case would share a " +
        'folder). Example: my-service, https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service or ' +
        'codecommit::eu-west-1://my-service',
    );
  });

  it('refuses two matches that differ only in case', () => {
    expect(refusalOf(() => expanded({ repository: '*-x' }, ['a-x', 'A-x'])).problem).toBe(
      "'a-x' is listed more than once (names that differ only in case would share a folder)",
    );
  });
});

describe('expandRepositoryPatterns: target paths and endpoints', () => {
  it('places every repository in <path>/<name>, even a single match', () => {
    expect(expanded({ repository: 'svc-?', path: 'deps' }).repositories.map((r) => r.targetPath)).toEqual([
      `${WORKSPACE}/deps/svc-1`,
    ]);
    expect(expanded({ repository: 'zeta\nteam-*' }).repositories.map((r) => r.targetPath)).toEqual([
      `${WORKSPACE}/zeta`,
      `${WORKSPACE}/team-a`,
      `${WORKSPACE}/team-b`,
    ]);
  });

  it('gives a match the repository path and clean URL a name line would have', () => {
    const [match] = expanded({ repository: 'svc-?' }).repositories;
    const [named] = planOf({ repository: 'svc-1\nother' }).repositories;
    expect(named?.targetPath).toBe(`${WORKSPACE}/svc-1`);
    expect(match).toEqual({ ...named, matchedBy: 'svc-?', matchingPatterns: ['svc-?'] });
  });

  it('refuses a match Windows could not create, before any endpoint', () => {
    const windows: RunContext = { workspace: 'C:\\work\\app', runId: '1', osFamily: 'windows' };
    // A codecommit-endpoint in another region: refused for a match, but only after every target.
    const wrongRegion = 'https://git-codecommit.us-east-1.amazonaws.com';
    const given = planOf({ repository: 'a*', path: 'deps', 'codecommit-endpoint': wrongRegion }, windows);
    const refusal = refusalOf(() => expandRepositoryPatterns(given, ['abc', 'aux', 'a.']));
    expect(refusal.message).toBe(
      "Input 'path': 'C:\\work\\app\\deps\\a.' has the name 'a.', which ends with a dot or space that Windows " +
        'drops. Example: my-service or checkout/my-service',
    );
    expect(refusalOf(() => expandRepositoryPatterns(given, ['abc', 'aux'])).problem).toBe(
      "'C:\\work\\app\\deps\\aux' has the name 'aux', which Windows reserves for a device",
    );
    expect(refusalOf(() => expandRepositoryPatterns(given, ['abc'])).input).toBe('codecommit-endpoint');
    const fine = planOf({ repository: 'a*', path: 'deps' }, windows);
    expect(expandRepositoryPatterns(fine, ['abc', 'zz']).repositories.map((r) => r.targetPath)).toEqual([
      'C:\\work\\app\\deps\\abc',
    ]);
  });

  it('refuses codecommit-endpoint only once a pattern brings a repository in, as an input would', () => {
    const inputs = {
      repository: 'team-*',
      'codecommit-endpoint': 'https://git-codecommit.us-east-1.amazonaws.com',
    };
    const given = planOf(inputs);
    const named = refusalOf(() => planOf({ ...inputs, repository: 'team-a' }));
    const refusal = refusalOf(() => expandRepositoryPatterns(given, LISTED));
    expect(refusal.input).toBe('codecommit-endpoint');
    expect(refusal.message).toBe(named.message);
    expect(refusal.message).toMatch(/in region us-east-1, but the region is eu-west-1/);
  });

  it('refuses use-fips where git has no FIPS endpoint once a pattern brings a repository in', () => {
    const given = planOf({
      repository: 'team-*',
      'use-fips': 'true',
      'sts-endpoint': 'https://sts.eu-west-1.amazonaws.com',
      'codecommit-api-endpoint': 'https://codecommit.eu-west-1.amazonaws.com',
    });
    const refusal = refusalOf(() => expandRepositoryPatterns(given, LISTED));
    expect(refusal.input).toBe('use-fips');
    expect(refusal.problem).toMatch(/^region eu-west-1 has no FIPS endpoints for STS and CodeCommit git/);
    // A pattern matching only a repository a line names (by URL) needs no endpoint of the step.
    const vpce = 'vpce-1-a.git-codecommit.eu-west-1.vpce.amazonaws.com';
    const onlyNamed = planOf({
      repository: `https://${vpce}/v1/repos/team-b\nteam-b*`,
      'use-fips': 'true',
      'sts-endpoint': 'https://sts.eu-west-1.amazonaws.com',
      'codecommit-api-endpoint': 'https://codecommit.eu-west-1.amazonaws.com',
    });
    expect(expandRepositoryPatterns(onlyNamed, ['team-b']).repositories.map((r) => r.cloneUrl)).toEqual([
      `https://${vpce}/v1/repos/team-b`,
    ]);
  });
});

describe('listedMatches', () => {
  it('gives each pattern, in order, the listed names it matches in code-unit order', () => {
    expect(listedMatches(['team-*', 'none-?', '*'], ['team-b', 'Zed', 'team-a', 'apple'])).toEqual([
      { pattern: 'team-*', names: ['team-a', 'team-b'] },
      { pattern: 'none-?', names: [] },
      { pattern: '*', names: ['Zed', 'apple', 'team-a', 'team-b'] },
    ]);
  });
});
