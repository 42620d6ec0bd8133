import { readFile } from 'node:fs/promises';
import { parseSession, type PersistedSession } from './persisted-session.js';

/** The persisted session, or undefined once the post step removed it. */
export async function readSessionFile(file: string): Promise<PersistedSession | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseSession(text);
}
