/**
 * The text of the runner's protocol: workflow commands (`::name key=value::message` lines on stdout) and
 * entries of its environment files (GITHUB_OUTPUT, GITHUB_STATE). Pure formatting, no I/O.
 */

/** A command's message: `%`, CR and LF are escaped so that one command stays one line. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as data, and `:` and `,`, which separate the properties, escaped too. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One command line, without its line ending. Properties with an empty value are left out. */
export function workflowCommand(
  name: string,
  message: string,
  properties: Readonly<Record<string, string>> = {},
): string {
  const given = Object.entries(properties).filter(([, value]) => value !== '');
  const list = given.map(([key, value]) => `${key}=${escapeCommandProperty(value)}`).join(',');
  return `::${name}${list === '' ? '' : ` ${list}`}::${escapeCommandData(message)}`;
}

/**
 * One `name<<delimiter` entry of an environment file, ending with a line ending. The delimiter must be
 * unguessable (the caller makes it random) and appear in neither the name nor the value.
 */
export function environmentFileEntry(name: string, value: string, delimiter: string, eol = '\n'): string {
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`The value of ${name} contains the file command's delimiter; nothing was written`);
  }
  return `${name}<<${delimiter}${eol}${value}${eol}${delimiter}${eol}`;
}
