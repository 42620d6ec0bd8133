/**
 * git's credential helper protocol (gitcredentials(7)): `key=value` lines, ended by a blank line or the
 * end of input (a missing trailing newline is fine). Pure: no I/O.
 */

export interface CredentialRequest {
  protocol?: string;
  /** `hostname[:port]`, as git sends it. */
  host?: string;
  /** Without a leading slash; only sent when `credential.useHttpPath` is on. */
  path?: string;
  username?: string;
}

export type CredentialOperation = 'get' | 'store' | 'erase';

export function isCredentialOperation(text: string | undefined): text is CredentialOperation {
  return text === 'get' || text === 'store' || text === 'erase';
}

/** Reads the attributes git sent; unknown keys and malformed lines are ignored, the first value wins. */
export function parseCredentialRequest(text: string): CredentialRequest {
  const request: CredentialRequest = {};
  for (const line of text.split('\n')) {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (clean === '') break;
    const at = clean.indexOf('=');
    if (at <= 0) continue;
    const key = clean.slice(0, at);
    const value = clean.slice(at + 1);
    if (key === 'protocol' || key === 'host' || key === 'path' || key === 'username') {
      request[key] ??= value;
    }
  }
  return request;
}

/** What a helper answers for `get`; a value with a newline or NUL could forge attributes and is refused. */
export function formatCredentialAnswer(answer: Record<string, string>): string {
  let text = '';
  for (const [key, value] of Object.entries(answer)) {
    if (/[\r\n\0]/.test(key + value) || key.includes('=')) {
      throw new Error(`credential attribute ${key} cannot hold a line break or NUL`);
    }
    text += `${key}=${value}\n`;
  }
  return text;
}
