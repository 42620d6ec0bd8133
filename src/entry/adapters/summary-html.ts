/** Job-summary markup: headings and tables, every text escaped (repository names and refs are user text). */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function htmlHeading(text: string, level: 1 | 2 | 3 | 4 | 5 | 6): string {
  return `<h${level}>${escapeHtml(text)}</h${level}>\n`;
}

/** The first row is the header. */
export function htmlTable(rows: readonly (readonly string[])[]): string {
  const [header = [], ...body] = rows;
  const row = (cells: readonly string[], tag: 'th' | 'td'): string =>
    `<tr>${cells.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  return `<table>${[row(header, 'th'), ...body.map((cells) => row(cells, 'td'))].join('')}</table>\n`;
}
