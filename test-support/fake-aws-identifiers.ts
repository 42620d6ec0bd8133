/**
 * Random identifiers and secrets shaped like AWS's: key ids, secrets, role ids and session tokens.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Real session tokens begin with these bytes (`IQoJb3JpZ2luX2Vj` in base64). */
const SESSION_TOKEN_PREFIX = Buffer.from('IQoJb3JpZ2luX2Vj', 'base64');
/** 598 bytes encode to 800 base64 characters ending in `==`. */
const SESSION_TOKEN_BYTES = 598;

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** `AKIA…` (long-term), `ASIA…` (session), `AROA…` (role id), `AIDA…` (user id): 20 or 21 characters. */
export function newAwsId(prefix: 'AKIA' | 'ASIA' | 'AROA' | 'AIDA'): string {
  const length = prefix === 'AROA' || prefix === 'AIDA' ? 17 : 16;
  return `${prefix}${randomString(ID_ALPHABET, length)}`;
}

/** A 40-character secret access key. */
export function newSecretAccessKey(): string {
  return randomString(SECRET_ALPHABET, 40);
}

/** An 800-character base64 session token that always contains `+`, `/` and `=`. */
export function newSessionToken(): string {
  for (;;) {
    const bytes = Buffer.concat([
      SESSION_TOKEN_PREFIX,
      randomBytes(SESSION_TOKEN_BYTES - SESSION_TOKEN_PREFIX.length),
    ]);
    const token = bytes.toString('base64');
    if (token.includes('+') && token.includes('/')) return token;
  }
}

export function newRequestId(): string {
  return randomUUID();
}
