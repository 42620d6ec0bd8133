import { classifyGitFailure, freshCloneMayHelp, isNetworkFailure } from '../../src/git/git-failure.js';

const status = (code: number): string =>
  `fatal: unable to access 'https://h/v1/repos/r/': The requested URL returned error: ${code}`;

describe('classifyGitFailure', () => {
  it.each([
    [status(502), 'server-error'],
    [
      'error: RPC failed; curl 56 Recv failure: Connection reset by peer\nfatal: early EOF',
      'transfer-broke-off',
    ],
    ['fatal: the remote end hung up unexpectedly', 'interrupted'],
    [
      "fatal: unable to access 'https://h/': Failed to connect to h port 443 after 3 ms: Connection refused",
      'connect',
    ],
    ["fatal: unable to access 'https://h/': Could not resolve host: h", 'dns'],
    ['error: RPC failed; curl 18 transfer closed with outstanding read data remaining', 'transfer-broke-off'],
    [status(429), 'throttled'],
    [status(503), 'throttled'],
  ])('retries %j, a failure of kind %s', (stderr, kind) => {
    expect(classifyGitFailure(stderr)).toMatchObject({ kind, transient: true });
  });

  it.each([
    [status(403), 'forbidden'],
    [status(401), 'unauthorized'],
    ["fatal: repository 'https://h/v1/repos/r/' not found", 'missing-repository'],
    ['fatal: Remote branch nope not found in upstream origin', 'missing-ref'],
    ["fatal: couldn't find remote ref refs/heads/nope", 'missing-ref'],
    ["fatal: unable to access 'https://h/': SSL certificate problem: self-signed certificate", 'tls'],
    ['fatal: something nobody has seen before', 'other'],
  ])('does not retry %j, a failure of kind %s', (stderr, kind) => {
    expect(classifyGitFailure(stderr)).toMatchObject({ kind, transient: false });
  });

  it('retries a git stopped for making no progress, unless the server had refused', () => {
    expect(classifyGitFailure('', 30)).toEqual({ kind: 'stalled', transient: true, stalledSeconds: 30 });
    expect(classifyGitFailure(status(403), 30)).toMatchObject({ kind: 'stalled', transient: false });
  });

  it('keeps the HTTP status the server answered, and only that', () => {
    expect(classifyGitFailure(status(429)).httpStatus).toBe(429);
    expect(
      classifyGitFailure("fatal: unable to access 'https://h/': Could not resolve host: h").httpStatus,
    ).toBe(undefined);
  });
});

describe('what a failure allows', () => {
  it('probes the endpoint only when no HTTP answer came back (a missing ref is an answer)', () => {
    expect(
      isNetworkFailure(classifyGitFailure("fatal: unable to access 'https://h/': Could not resolve host: h")),
    ).toBe(true);
    expect(isNetworkFailure(classifyGitFailure('', 30))).toBe(true);
    expect(isNetworkFailure(classifyGitFailure(status(429)))).toBe(false);
    expect(isNetworkFailure(classifyGitFailure("fatal: couldn't find remote ref refs/heads/nope"))).toBe(
      false,
    );
  });

  it('lets a failed reuse fall back to a fresh clone only when the same request would not fail again', () => {
    expect(freshCloneMayHelp(classifyGitFailure('error: object file .git/objects/ab/cd is empty'))).toBe(
      true,
    );
    for (const stderr of [
      status(429),
      status(403),
      status(404),
      "fatal: couldn't find remote ref refs/heads/nope",
      "fatal: unable to access 'https://h/': SSL certificate problem: self-signed certificate",
      "fatal: unable to access 'https://h/': Could not resolve host: h",
    ]) {
      expect(freshCloneMayHelp(classifyGitFailure(stderr))).toBe(false);
    }
  });
});
