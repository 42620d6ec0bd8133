import { parsePlan } from '../../src/plan/inputs.js';
import { INPUT_NAMES, InputError, type RawInputs, type RunContext } from '../../src/plan/plan.js';

const ctx: RunContext = {
  workspace: 'C:\\actions-runner\\_work\\app\\app',
  runId: '9876543210',
  osFamily: 'windows',
};

function raw(overrides: Partial<RawInputs> = {}): RawInputs {
  const empty = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
  return { ...empty, repository: 'my-service', 'aws-region': 'eu-west-1', ...overrides };
}

const targets = (inputs: Partial<RawInputs>, context: RunContext = ctx): string[] =>
  parsePlan(raw(inputs), context).repositories.map((repository) => repository.targetPath);

function pathError(inputs: Partial<RawInputs>): InputError {
  try {
    parsePlan(raw(inputs), ctx);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('path on a Windows runner', () => {
  it.each([
    ['', 'C:\\actions-runner\\_work\\app\\app\\my-service'],
    ['out', 'C:\\actions-runner\\_work\\app\\app\\out'],
    ['src/my-service/', 'C:\\actions-runner\\_work\\app\\app\\src\\my-service'],
    ['src\\my service', 'C:\\actions-runner\\_work\\app\\app\\src\\my service'],
    ['c:\\ACTIONS-RUNNER\\_work\\app\\app\\abs', 'c:\\ACTIONS-RUNNER\\_work\\app\\app\\abs'],
    ['..\\app\\inside', 'C:\\actions-runner\\_work\\app\\app\\inside'],
  ])('places %j at %j', (text, target) => {
    expect(targets({ path: text })).toEqual([target]);
  });

  it('accepts a UNC workspace and a user-profile workspace with spaces', () => {
    expect(targets({}, { ...ctx, workspace: '\\\\fileserver\\runners\\_work\\app' })).toEqual([
      '\\\\fileserver\\runners\\_work\\app\\my-service',
    ]);
    expect(
      targets({ path: 'x' }, { ...ctx, workspace: 'C:\\Users\\John Doe\\runner\\_work\\a b\\a b' }),
    ).toEqual(['C:\\Users\\John Doe\\runner\\_work\\a b\\a b\\x']);
  });

  it('places several repositories each in <path>\\<name>', () => {
    expect(targets({ repository: 'alpha\nbeta', path: 'deps' })).toEqual([
      'C:\\actions-runner\\_work\\app\\app\\deps\\alpha',
      'C:\\actions-runner\\_work\\app\\app\\deps\\beta',
    ]);
  });

  it.each([
    'D:\\elsewhere',
    '..\\app2',
    '..',
    '.',
    'C:\\actions-runner\\_work\\app\\APP',
    '\\\\srv\\share\\x',
  ])('refuses %j: not a directory inside the workspace', (text) => {
    const error = pathError({ path: text });
    expect(error.input).toBe('path');
    expect(error.message).toMatch(/not a directory inside the workspace C:\\actions-runner\\_work\\app\\app/);
  });

  it.each([
    ['out:stream', /<>:"\|\?\*/],
    ['C:out', /<>:"\|\?\*/],
    ['nul', /reserves for a device/],
    ['deps.', /ends with a dot or space/],
  ])('refuses %j, which Windows cannot create as a folder', (text, problem) => {
    const error = pathError({ path: text });
    expect(error.input).toBe('path');
    expect(error.message).toMatch(problem);
  });

  it('refuses a repository named like a device when it would become a folder', () => {
    expect(pathError({ repository: 'alpha\ncon' }).message).toMatch(/'con', which Windows reserves/);
  });

  it.each(['\\work\\app', 'C:work', '/home/runner/work/app/app'])(
    'refuses the workspace %j as a caller error (no drive letter or share)',
    (workspace) => {
      expect(() => parsePlan(raw(), { ...ctx, workspace })).toThrow(/is not an absolute path/);
      expect(() => parsePlan(raw(), { ...ctx, workspace })).not.toThrow(InputError);
    },
  );

  it('on POSIX runners a backslash is part of a name, not a separator', () => {
    expect(targets({ path: 'a\\b' }, { workspace: '/ws', runId: '1' })).toEqual(['/ws/a\\b']);
  });
});
