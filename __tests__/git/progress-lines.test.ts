import { isIntermediateProgressLine } from '../../src/git/progress-lines.js';

describe('isIntermediateProgressLine', () => {
  it.each([
    'Receiving objects:  45% (45/100), 1.00 MiB | 1.00 MiB/s',
    'Receiving objects: 100% (100/100), 1.00 MiB | 1.00 MiB/s',
    'Resolving deltas:   3% (1/30)',
    'remote: Counting objects:  33% (1/3)',
    'remote: Compressing objects:  50% (1/2)',
    'Updating files:  10% (10/100)',
    'Unpacking objects:   0% (0/7)',
  ])('drops the rewritten progress line %j', (line) => {
    expect(isIntermediateProgressLine(line)).toBe(true);
  });

  it.each([
    'Receiving objects: 100% (100/100), 1.00 MiB | 1.00 MiB/s, done.',
    'Resolving deltas: 100% (30/30), done.',
    'remote: Counting objects: 100% (3/3), done.',
    'remote: Compressing objects: 100% (2/2), done.',
    'Updating files: 100% (100/100), done.',
  ])('keeps the finished progress line %j', (line) => {
    expect(isIntermediateProgressLine(line)).toBe(false);
  });

  it.each([
    "Cloning into '/home/runner/work/app/app/my-service'...",
    'remote: Enumerating objects: 5, done.',
    'remote: Total 3 (delta 0), reused 0 (delta 0), pack-reused 0',
    'warning: Could not find remote branch nope to clone.',
    "fatal: unable to access 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x/': The requested URL returned error: 403",
    'error: RPC failed; curl 56 GnuTLS recv error (-110): The TLS connection was non-properly terminated.',
    '',
  ])('keeps the line %j, which is not progress', (line) => {
    expect(isIntermediateProgressLine(line)).toBe(false);
  });
});
