/** How the step's messages quote a failure and shorten a text: one wording for every layer above. */

/** What a thrown value says: an Error's message, anything else as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The text up to its first line break. */
export function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** The text with its first letter in upper case. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
