/**
 * The step's output as a person reads it on the runner: workflow commands turned into what the runner
 * shows, mask registrations (which the runner consumes) collapsed into one note, and the job summary's
 * HTML as text.
 */
import { unescapeCommand } from '../../test-support/actions-runner.js';

export function runnerLogLines(maskedLog: string): string[] {
  const out: string[] = [];
  let masks = 0;
  const flushMasks = () => {
    if (masks > 0) {
      out.push(`[${masks} × ::add-mask::*** — masks registered; the runner consumes these lines]`);
      masks = 0;
    }
  };
  // git pads its progress lines with spaces (to overwrite them on a terminal): trimmed here.
  const lines = maskedLog
    .replace(/\s+$/, '')
    .split('\n')
    .map((text) => text.trimEnd());
  for (const line of lines) {
    if (line.startsWith('::add-mask::')) {
      masks += 1;
      continue;
    }
    flushMasks();
    const command = /^::(error|warning|notice|debug|group|endgroup)(?: [^:]*)?::(.*)$/.exec(line);
    if (!command) {
      out.push(line);
      continue;
    }
    const [, name = '', text = ''] = command;
    const message = unescapeCommand(text).split('\n');
    if (name === 'debug') out.push(...message.map((part) => `##[debug]${part}`));
    else if (name === 'group') out.push(`▸ ${message.join(' ')}`);
    else if (name === 'endgroup') continue;
    else out.push(`${name[0]?.toUpperCase()}${name.slice(1)}: ${message[0] ?? ''}`, ...message.slice(1));
  }
  flushMasks();
  return out;
}

/** The GITHUB_STEP_SUMMARY markup (headings and tables) as plain lines. */
export function summaryText(html: string): string[] {
  const lines: string[] = [];
  for (const [, level = '3', heading = ''] of html.matchAll(/<h([1-6])>(.*?)<\/h\1>/gs)) {
    lines.push(`${'#'.repeat(Number(level))} ${decode(heading)}`);
  }
  for (const [, table = ''] of html.matchAll(/<table>(.*?)<\/table>/gs)) {
    const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row = '']) =>
      [...row.matchAll(/<t([hd])[^>]*>(.*?)<\/t\1>/gs)].map(([, kind, cell = '']) => ({
        header: kind === 'h',
        text: decode(cell.replace(/<[^>]+>/g, '')),
      })),
    );
    const [head, ...body] = rows;
    if (head !== undefined && head.every((cell) => cell.header) && body.length > 0) {
      const width = Math.max(...head.map((cell) => cell.text.length));
      for (const row of body) {
        row.forEach((cell, index) =>
          lines.push(`${`${head[index]?.text ?? ''}:`.padEnd(width + 2)}${cell.text}`),
        );
      }
    } else {
      for (const row of rows) lines.push(row.map((cell) => cell.text).join(' | '));
    }
  }
  if (lines.length === 0 && html.trim() !== '') lines.push(decode(html.replace(/<[^>]+>/g, ' ').trim()));
  return lines;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
