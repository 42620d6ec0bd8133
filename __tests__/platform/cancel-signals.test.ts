import { cancelSignals, exitCodeForSignal } from '../../src/platform/cancel-signals.js';

describe('cancel signals', () => {
  it('on Windows also listens to SIGBREAK, which Node delivers for the runner Ctrl-Break', () => {
    expect(cancelSignals('windows')).toEqual(['SIGINT', 'SIGTERM', 'SIGBREAK']);
  });

  it('on Linux and macOS listens to SIGINT and SIGTERM only', () => {
    expect(cancelSignals('posix')).toEqual(['SIGINT', 'SIGTERM']);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGBREAK', 149],
  ] as const)('a command stopped by %s exits with %d (128 + the signal number)', (signal, code) => {
    expect(exitCodeForSignal(signal)).toBe(code);
  });
});
