/** A compact JWT taken apart, for the fakes that check ID tokens (the token service and STS). */

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `<header>.<claims>` as sent: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** The parts of `token`, or undefined unless it is three base64url parts with JSON-object header and claims. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  const [header = '', claims = '', signature = ''] = parts;
  try {
    const parsedHeader: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    const parsedClaims: unknown = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
    if (!isJsonObject(parsedHeader) || !isJsonObject(parsedClaims)) return undefined;
    return {
      header: parsedHeader,
      claims: parsedClaims,
      signingInput: `${header}.${claims}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
