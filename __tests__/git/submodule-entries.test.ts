import {
  parseGitlinks,
  parseGitmodulesListing,
  submoduleNameProblem,
  submodulePathProblem,
} from '../../src/git/submodule-entries.js';

const SHA = 'a'.repeat(40);

describe('parseGitmodulesListing reads git config -z --get-regexp', () => {
  it('groups path, url and update by name (the name as written, dots and slashes kept), first value wins', () => {
    const text = [
      'submodule.libs/shared.path\nlibs/shared',
      'submodule.libs/shared.url\n../shared-lib',
      'submodule.v1.2.path\nvendor/v1.2',
      'submodule.v1.2.url\nhttps://github.com/org/v.git',
      'submodule.v1.2.update\nnone',
      'submodule.v1.2.url\nhttps://second.example/ignored',
      'submodule.path\nno-subsection',
      'submodule.x.branch\nmain',
      '',
    ].join('\0');
    expect(parseGitmodulesListing(text)).toEqual([
      { name: 'libs/shared', path: 'libs/shared', url: '../shared-lib' },
      { name: 'v1.2', path: 'vendor/v1.2', url: 'https://github.com/org/v.git', update: 'none' },
    ]);
  });

  it('keeps a value with newlines whole (it is refused later, never split into config lines)', () => {
    expect(parseGitmodulesListing('submodule.a.url\nx\n[core]\0')).toEqual([{ name: 'a', url: 'x\n[core]' }]);
  });
});

describe('parseGitlinks reads git ls-files -z --stage -t', () => {
  it('keeps gitlinks (mode 160000) only, with their skip-worktree flag', () => {
    const text = [
      `H 100644 ${'b'.repeat(40)} 0\t.gitmodules`,
      `H 160000 ${SHA} 0\tlibs/shared`,
      `S 160000 ${SHA} 0\tdocs/vendored`,
      `H 160000 ${SHA} 0\tpath with spaces`,
      '',
    ].join('\0');
    expect(parseGitlinks(text)).toEqual([
      { path: 'libs/shared', commit: SHA, skipWorktree: false },
      { path: 'docs/vendored', commit: SHA, skipWorktree: true },
      { path: 'path with spaces', commit: SHA, skipWorktree: false },
    ]);
  });
});

describe('submodule names and paths that never reach git', () => {
  it.each([
    ['', /empty/],
    ['-c', /starts with '-'/],
    ['../../hooks', /'\.\.' component/],
    ['a/../../b', /'\.\.' component/],
    ['a\\..\\b', /'\.\.' component/],
    ['a\nb', /control character/],
  ])('name %j is refused', (name, problem) => {
    expect(submoduleNameProblem(name)).toMatch(problem);
  });

  it.each(['shared', 'libs/shared', 'v1.2', 'a..b'])('name %j is accepted', (name) => {
    expect(submoduleNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['-x', /starts with '-'/],
    ['/etc', /not relative/],
    ['C:/x', /not relative/],
    ['a\\b', /not relative/],
    ['../outside', /'\.\.' component/],
    ['a/./b', /'\.' or '\.\.' component/],
    ['a//b', /empty/],
    ['a/.git/hooks', /\.git folder/],
    ['.GIT', /\.git folder/],
    ['a\tb', /control character/],
  ])('path %j is refused', (path, problem) => {
    expect(submodulePathProblem(path)).toMatch(problem);
  });

  it.each(['libs/shared', 'vendor/v1.2', '.github-actions'])('path %j is accepted', (path) => {
    expect(submodulePathProblem(path)).toBeUndefined();
  });
});
