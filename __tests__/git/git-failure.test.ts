import { isTransientGitFailure } from '../../src/git/transient-git-failure.js';

describe('isTransientGitFailure', () => {
  it.each([
    "fatal: unable to access 'https://h/v1/repos/r/': The requested URL returned error: 502",
    'error: RPC failed; curl 56 Recv failure: Connection reset by peer\nfatal: early EOF',
    'fatal: the remote end hung up unexpectedly',
    "fatal: unable to access 'https://h/': Failed to connect to h port 443 after 3 ms: Connection refused",
    "fatal: unable to access 'https://h/': Could not resolve host: h",
    'error: RPC failed; curl 18 transfer closed with outstanding read data remaining',
  ])('retries %j', (stderr) => expect(isTransientGitFailure(stderr, false)).toBe(true));

  it.each([
    "fatal: unable to access 'https://h/v1/repos/r/': The requested URL returned error: 403",
    "fatal: unable to access 'https://h/v1/repos/r/': The requested URL returned error: 401",
    "fatal: repository 'https://h/v1/repos/r/' not found",
    'fatal: Remote branch nope not found in upstream origin',
    "fatal: couldn't find remote ref refs/heads/nope",
    'fatal: something nobody has seen before',
  ])('does not retry %j', (stderr) => expect(isTransientGitFailure(stderr, false)).toBe(false));

  it('retries a git stopped for making no progress, unless the server had refused', () => {
    expect(isTransientGitFailure('', true)).toBe(true);
    expect(isTransientGitFailure('The requested URL returned error: 403', true)).toBe(false);
  });
});
