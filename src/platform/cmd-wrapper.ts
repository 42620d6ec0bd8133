/**
 * A `.cmd` file that runs a program with fixed arguments followed by its own (`%*`): what cmd and
 * PowerShell can start by name on Windows, where an extension-less script is not a program. Pure.
 */

/** Double-quotes a word for a batch file line; `%` is doubled so that cmd expands nothing inside. */
export function cmdQuote(word: string): string {
  if (/[\0\r\n"]/.test(word))
    throw new Error(`a path in a .cmd file cannot contain a quote or a line break: ${word}`);
  return `"${word.replace(/%/g, '%%')}"`;
}

export function cmdWrapper(command: readonly string[], comment: string): string {
  if (/[\r\n]/.test(comment)) throw new Error('the comment of a .cmd file must be one line');
  return [
    '@echo off',
    `rem ${comment}`,
    `${command.map(cmdQuote).join(' ')} %*`,
    'exit /b %ERRORLEVEL%',
    '',
  ].join('\r\n');
}
