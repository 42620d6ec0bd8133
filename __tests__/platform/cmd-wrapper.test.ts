import { cmdQuote, cmdWrapper } from '../../src/platform/cmd-wrapper.js';

describe('.cmd wrapper', () => {
  it('runs the quoted command with the caller arguments and returns its exit code, in CRLF lines', () => {
    expect(
      cmdWrapper(
        ['C:\\Program Files\\nodejs\\node.exe', 'C:\\a b\\index.js', '--credentials-file', 'C:\\t\\c.json'],
        'Written by a test.',
      ),
    ).toBe(
      '@echo off\r\n' +
        'rem Written by a test.\r\n' +
        '"C:\\Program Files\\nodejs\\node.exe" "C:\\a b\\index.js" "--credentials-file" "C:\\t\\c.json" %*\r\n' +
        'exit /b %ERRORLEVEL%\r\n',
    );
  });

  it('doubles % so that cmd expands no variable inside a path', () => {
    expect(cmdQuote('C:\\Users\\%USERNAME%\\x')).toBe('"C:\\Users\\%%USERNAME%%\\x"');
  });

  it('keeps & ^ ( ) literal inside the quotes', () => {
    expect(cmdQuote('C:\\R&D (x)^\\node.exe')).toBe('"C:\\R&D (x)^\\node.exe"');
  });

  it.each(['C:\\a"b', 'C:\\a\r\nb', 'C:\\a\0b'])(
    'refuses a path that would end the line or the quotes: %j',
    (word) => {
      expect(() => cmdQuote(word)).toThrow(/cannot contain a quote or a line break/);
    },
  );
});
