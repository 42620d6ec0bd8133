import { isTransferUnderWayLine, transferSilenceSeconds } from '../../src/git/transfer-silence.js';

describe('transferSilenceSeconds', () => {
  it('is network-timeout-seconds plus the 64 s a 65520-byte side-band packet takes at 1 KiB/s', () => {
    expect(transferSilenceSeconds(30)).toBe(94);
    expect(transferSilenceSeconds(2)).toBe(66);
  });
});

describe('isTransferUnderWayLine', () => {
  it.each([
    'remote: Enumerating objects: 5, done.',
    'Receiving objects:  40% (2/5)',
    'Unpacking objects: 100% (5/5)',
  ])('counts "%s": only the remote answering makes git write it', (line) =>
    expect(isTransferUnderWayLine(line)).toBe(true),
  );
  it.each([
    "Cloning into 'my-service'...",
    'warning: redirecting to https://x/',
    'Resolving deltas: 100% (1/1)',
    'fatal: unable to access',
  ])('does not count "%s"', (line) => expect(isTransferUnderWayLine(line)).toBe(false));
});
