import { parsePlan } from '../../src/plan/inputs.js';
import { INPUT_NAMES, InputError, type RawInputs, type RunContext } from '../../src/plan/plan.js';

const ctx: RunContext = { workspace: '/home/runner/work/app/app', runId: '1' };
const windows: RunContext = {
  workspace: 'C:\\actions-runner\\_work\\app\\app',
  runId: '1',
  osFamily: 'windows',
};

function raw(cachePath: string): RawInputs {
  const empty = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
  return { ...empty, repository: 'my-service', 'aws-region': 'eu-west-1', 'cache-path': cachePath };
}

function rejection(cachePath: string, context = ctx): InputError {
  try {
    parsePlan(raw(cachePath), context);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`expected cache-path '${cachePath}' to be refused`);
}

describe('cache-path', () => {
  test('comes right after clean among the inputs', () => {
    expect(INPUT_NAMES.indexOf('cache-path')).toBe(INPUT_NAMES.indexOf('clean') + 1);
  });

  test('empty: no cache', () => {
    expect(parsePlan(raw(''), ctx).cachePath).toBeUndefined();
  });

  test('an absolute folder outside the workspace, normalized without a trailing slash', () => {
    expect(parsePlan(raw('/opt/hostedtoolcache/codecommit/'), ctx).cachePath).toBe(
      '/opt/hostedtoolcache/codecommit',
    );
    expect(parsePlan(raw('/home/runner/work/_tool/../cache'), ctx).cachePath).toBe('/home/runner/work/cache');
    // Beside the workspace, or above it, is outside it.
    expect(parsePlan(raw('/home/runner/work/app/app-cache'), ctx).cachePath).toBe(
      '/home/runner/work/app/app-cache',
    );
    expect(parsePlan(raw('D:\\cache\\codecommit'), windows).cachePath).toBe('D:\\cache\\codecommit');
  });

  test.each(['tool-cache/codecommit', '~/cache', '$RUNNER_TOOL_CACHE/codecommit', './cache'])(
    "'%s' is not absolute (nothing is expanded): refused, naming the input and an example",
    (text) => {
      const error = rejection(text);
      expect(error.input).toBe('cache-path');
      expect(error.problem).toContain('is not an absolute path');
      expect(error.message).toContain('Example: /opt/hostedtoolcache/codecommit');
      expect(error.message).toContain('${{ runner.tool_cache }}/codecommit');
    },
  );

  test.each([
    '/home/runner/work/app/app',
    '/home/runner/work/app/app/',
    '/home/runner/work/app/app/.cache',
    '/home/runner/work/app/app/my-service',
    '/home/runner/work/app/app/my-service/mirrors',
  ])("'%s', the workspace or inside it (and so in or at a clone target), is refused", (text) => {
    const error = rejection(text);
    expect(error.input).toBe('cache-path');
    expect(error.problem).toContain('is inside the workspace /home/runner/work/app/app');
  });

  test('on Windows: a relative path, one inside the workspace in another case, and a reserved name are refused', () => {
    expect(rejection('cache', windows).problem).toContain('is not an absolute path');
    expect(rejection('c:\\ACTIONS-RUNNER\\_work\\app\\app\\cache', windows).problem).toContain(
      'is inside the workspace',
    );
    expect(rejection('D:\\cache\\NUL', windows).problem).toContain('reserves for a device');
  });

  test('a control character is refused like in every single-line input', () => {
    expect(rejection('/opt/cache\u0007').problem).toContain('control characters');
  });
});
