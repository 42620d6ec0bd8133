/**
 * What STS answers, read from its XML (the Query protocol, version 2011-06-15): the fields of a result,
 * and the code, message and status of a refusal. Pure. STS's documents are flat records of text
 * elements whose names do not repeat within a result, so each field is the text of the first element
 * of its name, with XML's character references decoded.
 */

/** A temporary session as STS issues it (AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken). */
export interface IssuedSession {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
  Expiration?: Date;
}

/** What a session request answers: the session, and for a role the session's ARN. */
export interface SessionOutput {
  Credentials?: IssuedSession;
  AssumedRoleUser?: { Arn?: string };
}

/** What GetCallerIdentity answers. */
export interface CallerIdentityOutput {
  Arn?: string;
  Account?: string;
  UserId?: string;
}

/** Every text-only element of `xml`, first occurrence of each name, decoded. */
export function readXmlFields(xml: string): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  for (const match of xml.matchAll(/<([A-Za-z_][\w.-]*)(?:\s[^<>]*)?>([^<]*)<\/\1\s*>/g)) {
    const [, name, text] = match;
    if (name !== undefined && !fields.has(name)) fields.set(name, decodeXmlText(text ?? ''));
  }
  return fields;
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** XML's five named references and its numeric ones; anything else is left as written. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9A-Fa-f]+)|([a-z]+));/g, (whole, decimal, hex, name) => {
    if (typeof name === 'string') return NAMED_REFERENCES[name] ?? whole;
    const point = Number.parseInt(typeof decimal === 'string' ? decimal : String(hex), decimal ? 10 : 16);
    return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
  });
}

/** The session and role of a session request's answer. */
export function sessionOutputOf(fields: ReadonlyMap<string, string>): SessionOutput {
  const expiration = fields.get('Expiration');
  const credentials: IssuedSession = {
    ...defined('AccessKeyId', fields.get('AccessKeyId')),
    ...defined('SecretAccessKey', fields.get('SecretAccessKey')),
    ...defined('SessionToken', fields.get('SessionToken')),
    ...(expiration !== undefined && !Number.isNaN(Date.parse(expiration))
      ? { Expiration: new Date(expiration) }
      : {}),
  };
  const arn = fields.get('Arn');
  return {
    ...(Object.keys(credentials).length > 0 ? { Credentials: credentials } : {}),
    ...(arn !== undefined ? { AssumedRoleUser: { Arn: arn } } : {}),
  };
}

export function callerIdentityOf(fields: ReadonlyMap<string, string>): CallerIdentityOutput {
  return {
    ...defined('Arn', fields.get('Arn')),
    ...defined('Account', fields.get('Account')),
    ...defined('UserId', fields.get('UserId')),
  };
}

function defined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value !== undefined ? ({ [key]: value } as Record<K, string>) : {};
}

/**
 * STS refused a request: its error code as the `name` (as the AWS SDK names the errors it throws),
 * the HTTP status and the answer's headers where the failure's facts are read (aws-failure.ts).
 * An answer that names no code (a proxy's page) keeps the plain `Error` name: only its status speaks.
 */
export class StsServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly $response: { headers: Readonly<Record<string, string>> };

  constructor(
    message: string,
    code: string | undefined,
    status: number,
    headers: Readonly<Record<string, string>>,
    requestId?: string,
  ) {
    super(message);
    this.name = code ?? 'Error';
    this.$metadata = { httpStatusCode: status, ...(requestId !== undefined ? { requestId } : {}) };
    this.$response = { headers };
  }
}

/** The error an answer other than 2xx stands for: STS's code and message, or what the answer was. */
export function stsRefusal(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string,
  host: string,
): StsServiceError {
  const fields = readXmlFields(body);
  const code = fields.get('Code');
  const message =
    fields.get('Message') ??
    (code !== undefined
      ? `${host} answered ${code}`
      : `${host} answered HTTP ${status} without an STS error${describeBody(headers, body)}`);
  return new StsServiceError(message, code, status, headers, fields.get('RequestId'));
}

function describeBody(headers: Readonly<Record<string, string>>, body: string): string {
  const type = headers['content-type'];
  const start = body.trim().slice(0, 120).replace(/\s+/g, ' ');
  if (start === '') return type !== undefined ? ` (an empty ${type} body)` : ' (an empty body)';
  return ` (${type ?? 'no content type'}: ${start}${body.trim().length > 120 ? '…' : ''})`;
}
