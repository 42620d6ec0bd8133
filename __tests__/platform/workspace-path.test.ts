import {
  isPathInside,
  isSamePath,
  resolveAgainst,
  windowsNameProblem,
  workspaceRoot,
} from '../../src/platform/workspace-path.js';

describe('workspace root', () => {
  it.each([
    ['C:\\actions-runner\\_work\\app\\app', 'C:\\actions-runner\\_work\\app\\app'],
    ['C:/actions-runner/_work/app/app/', 'C:\\actions-runner\\_work\\app\\app'],
    ['D:\\', 'D:\\'],
    ['\\\\fileserver\\runners\\_work\\app', '\\\\fileserver\\runners\\_work\\app'],
    [
      'C:\\Users\\John Doe\\actions-runner\\_work\\a b\\a b',
      'C:\\Users\\John Doe\\actions-runner\\_work\\a b\\a b',
    ],
  ])('on Windows takes %j as %j', (workspace, root) => {
    expect(workspaceRoot('windows', workspace)).toBe(root);
  });

  it.each(['\\work\\app', 'C:work\\app', 'work\\app', '/home/runner/work'])(
    'on Windows refuses %j: no drive letter or UNC share',
    (workspace) => {
      expect(workspaceRoot('windows', workspace)).toBeUndefined();
    },
  );

  it.each([
    ['/home/runner/work/app/app/', '/home/runner/work/app/app'],
    ['/', '/'],
    ['/Users/runner/work/app/app', '/Users/runner/work/app/app'],
  ])('on POSIX takes %j as %j', (workspace, root) => {
    expect(workspaceRoot('posix', workspace)).toBe(root);
  });

  it('on POSIX refuses a Windows path', () => {
    expect(workspaceRoot('posix', 'C:\\actions-runner\\_work\\app\\app')).toBeUndefined();
  });
});

describe('inside the workspace', () => {
  const ws = 'C:\\actions-runner\\_work\\app\\app';

  it('on Windows compares without regard to case and accepts either slash', () => {
    expect(isPathInside('windows', ws, 'c:\\ACTIONS-RUNNER\\_work\\app\\app\\x')).toBe(true);
    expect(isPathInside('windows', ws, resolveAgainst('windows', ws, 'sub/dir/'))).toBe(true);
    expect(isSamePath('windows', ws, 'C:\\Actions-Runner\\_WORK\\app\\app\\')).toBe(true);
  });

  it.each(['D:\\x', 'C:\\actions-runner\\_work\\app\\app-other', 'C:\\actions-runner\\_work\\app'])(
    'on Windows %j is outside',
    (target) => {
      expect(isPathInside('windows', ws, target)).toBe(false);
    },
  );

  it('on POSIX compares with case: /ws/X is not the same as /WS/x', () => {
    expect(isPathInside('posix', '/ws', '/WS/x')).toBe(false);
    expect(isSamePath('posix', '/ws', '/WS')).toBe(false);
  });

  it('a folder whose name starts with two dots is inside', () => {
    expect(isPathInside('posix', '/ws', '/ws/..hidden')).toBe(true);
    expect(isPathInside('windows', ws, `${ws}\\..hidden`)).toBe(true);
  });

  it('resolves a relative target on Windows with backslashes', () => {
    expect(resolveAgainst('windows', ws, 'deps/lib\\')).toBe(`${ws}\\deps\\lib`);
  });
});

describe('names Windows cannot create', () => {
  it.each([
    ['a:b', /<>:"\|\?\*/],
    ['out\\x|y', /<>:"\|\?\*/],
    ['NUL', /reserves for a device/],
    ['deps/com1.txt', /reserves for a device/],
    ['aux', /reserves for a device/],
    ['name.', /ends with a dot or space/],
    ['name ', /ends with a dot or space/],
  ])('refuses %j', (text, problem) => {
    expect(windowsNameProblem(text)).toMatch(problem);
  });

  it.each([
    'C:\\actions-runner\\_work\\app\\app\\x',
    'my-service',
    'a b\\c.d',
    '..\\app\\x',
    '\\\\srv\\share\\x',
  ])('accepts %j', (text) => {
    expect(windowsNameProblem(text)).toBeUndefined();
  });
});
