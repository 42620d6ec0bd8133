/**
 * The step's STS client: the four STS operations the action makes, sent as STS's Query protocol (a
 * form-encoded POST to `/` of the endpoint, version 2011-06-15), signed with SigV4 for service `sts`
 * by @smithy/signature-v4 (unsigned for AssumeRoleWithWebIdentity, whose token is its proof), through
 * the agent given (the endpoint's bounded lookup, or the proxy). No retries and no deadline of its
 * own: each attempt is bounded and retried outside (aws-attempts.ts), and aborted through its signal.
 */
import type { Agent as HttpAgent } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { loadSigning } from './signing-sdk.js';
import {
  callerIdentityOf,
  readXmlFields,
  sessionOutputOf,
  stsRefusal,
  type CallerIdentityOutput,
  type SessionOutput,
} from './sts-answer.js';

export type SessionAction = 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetSessionToken';

/** A request's parameters as STS names them; lists already flattened (`PolicyArns.member.1.arn`). */
export type StsParameters = Readonly<Record<string, string | number | undefined>>;

export interface StsClient {
  session(action: SessionAction, parameters: StsParameters, signal: AbortSignal): Promise<SessionOutput>;
  callerIdentity(signal: AbortSignal): Promise<CallerIdentityOutput>;
  /** Closes the client's connections. */
  destroy(): void;
}

export interface StsClientSettings {
  region: string;
  /** `https://host[:port]` (plain `http://` only on loopback in tests). */
  origin: string;
  agent: HttpAgent;
  /** Signs every request but AssumeRoleWithWebIdentity; without them, only that one can be sent. */
  credentials?: AwsCredentials;
  /** The signing time; the system clock unless given. */
  now?: () => Date;
}

const API_VERSION = '2011-06-15';
/** Far more than any STS answer (a few KB): a longer one is not STS. */
const MAX_ANSWER_BYTES = 256 * 1024;
const USER_AGENT = 'codecommit-xaccount-clone';

export function stsQueryClient(settings: StsClientSettings): StsClient {
  const send = (action: string, parameters: StsParameters, signal: AbortSignal) =>
    sendQuery(settings, action, parameters, signal);
  return {
    session: async (action, parameters, signal) => sessionOutputOf(await send(action, parameters, signal)),
    callerIdentity: async (signal) => callerIdentityOf(await send('GetCallerIdentity', {}, signal)),
    destroy: () => settings.agent.destroy(),
  };
}

/** `Action=…&Version=…&…`, each name and value percent-encoded as SigV4 encodes (RFC 3986). */
export function queryBody(action: string, parameters: StsParameters): string {
  const pairs: [string, string][] = [
    ['Action', action],
    ['Version', API_VERSION],
  ];
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) pairs.push([name, String(value)]);
  }
  return pairs.map(([name, value]) => `${strictEncode(name)}=${strictEncode(value)}`).join('&');
}

function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

async function sendQuery(
  settings: StsClientSettings,
  action: string,
  parameters: StsParameters,
  signal: AbortSignal,
): Promise<ReadonlyMap<string, string>> {
  const url = new URL(settings.origin);
  const body = queryBody(action, parameters);
  const unsigned: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  };
  const headers =
    action === 'AssumeRoleWithWebIdentity' ? unsigned : await signed(settings, url, unsigned, body);
  signal.throwIfAborted();
  const answer = await post(url, { ...headers, 'user-agent': USER_AGENT }, body, settings.agent, signal);
  if (answer.status >= 200 && answer.status < 300) return readXmlFields(answer.body);
  throw stsRefusal(answer.status, answer.headers, answer.body, url.host);
}

async function signed(
  settings: StsClientSettings,
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<Record<string, string>> {
  const credentials = settings.credentials;
  if (credentials === undefined)
    throw new Error('An STS request other than AssumeRoleWithWebIdentity needs credentials to sign with');
  const [{ Hash }, { SignatureV4 }] = await loadSigning();
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken !== undefined ? { sessionToken: credentials.sessionToken } : {}),
    },
    region: settings.region,
    service: 'sts',
    sha256: Hash.bind(null, 'sha256'),
  });
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port !== '' ? { port: Number(url.port) } : {}),
      path: '/',
      query: {},
      headers,
      body,
    },
    { signingDate: (settings.now ?? (() => new Date()))() },
  );
  return request.headers;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  agent: HttpAgent,
  signal: AbortSignal,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const request = send(
      {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        headers,
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        response.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > MAX_ANSWER_BYTES) {
            const error = new Error(`${url.host} answered more than ${MAX_ANSWER_BYTES} bytes: not STS`);
            reject(error);
            request.destroy(error);
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: flatHeaders(response.headers),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    // Ended with the attempt's own reason (its deadline), which the attempts read.
    const abort = () =>
      request.destroy(
        signal.reason instanceof Error ? signal.reason : new Error('The STS request was aborted'),
      );
    signal.addEventListener('abort', abort, { once: true });
    request.on('close', () => signal.removeEventListener('abort', abort));
    request.on('error', reject);
    request.end(body);
  });
}

function flatHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
