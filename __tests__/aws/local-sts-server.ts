/**
 * A tiny scripted STS over plain HTTP on loopback, for driving the action's STS client into its real
 * answers and errors: each request gets the reply the script gives for its index.
 */
import { Agent, createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';

import { stsQueryClient, type StsClient } from '../../src/aws/sts-query-client.js';
import { listenTracked } from '../../test-support/server-lifecycle.js';

/** An answer (with headers beyond the usual ones, e.g. Retry-After), or none at all. */
export type StsReply = { status: number; body: string; headers?: Record<string, string> } | 'no-answer';

export interface RecordedStsRequest {
  params: URLSearchParams;
  authorization: string | undefined;
  /** The `x-amz-security-token` header, sent when the signer's credentials are a session. */
  securityToken: string | undefined;
}

export interface LocalSts {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>` */
  host: string;
  port: number;
  requests: RecordedStsRequest[];
  close(): Promise<void>;
}

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export async function startLocalSts(reply: (index: number) => StsReply): Promise<LocalSts> {
  const requests: RecordedStsRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = requests.length;
      requests.push({
        params: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        authorization: request.headers.authorization,
        securityToken: request.headers['x-amz-security-token'] as string | undefined,
      });
      const answer = reply(index);
      if (answer === 'no-answer') return;
      response.writeHead(answer.status, {
        'content-type': 'text/xml',
        'x-amzn-requestid': `request-${index}`,
        ...answer.headers,
      });
      response.end(answer.body);
    });
  });
  const listening = await listenTracked(server, '127.0.0.1', 0);
  return {
    origin: `http://127.0.0.1:${listening.port}`,
    host: `127.0.0.1:${listening.port}`,
    port: listening.port,
    requests,
    close: listening.close,
  };
}

export function stsError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): StsReply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return {
    status,
    ...(headers !== undefined ? { headers } : {}),
    body:
      `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
  };
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  assumedRoleArn: string;
}

export function assumeRoleOk(issued: IssuedCredentials): StsReply {
  return {
    status: 200,
    body:
      `<AssumeRoleResponse xmlns="${NAMESPACE}"><AssumeRoleResult>` +
      `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId><Arn>${issued.assumedRoleArn}</Arn></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>` +
      `<SessionToken>${issued.sessionToken}</SessionToken><Expiration>${issued.expiration}</Expiration></Credentials>` +
      `</AssumeRoleResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  };
}

export function assumeRoleWithWebIdentityOk(issued: IssuedCredentials): StsReply {
  return {
    status: 200,
    body:
      `<AssumeRoleWithWebIdentityResponse xmlns="${NAMESPACE}"><AssumeRoleWithWebIdentityResult>` +
      `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:runner</AssumedRoleId><Arn>${issued.assumedRoleArn}</Arn></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>` +
      `<SessionToken>${issued.sessionToken}</SessionToken><Expiration>${issued.expiration}</Expiration></Credentials>` +
      `</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r-4</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
  };
}

export function getSessionTokenOk(issued: Omit<IssuedCredentials, 'assumedRoleArn'>): StsReply {
  return {
    status: 200,
    body:
      `<GetSessionTokenResponse xmlns="${NAMESPACE}"><GetSessionTokenResult><Credentials>` +
      `<SessionToken>${issued.sessionToken}</SessionToken><SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>` +
      `<Expiration>${issued.expiration}</Expiration><AccessKeyId>${issued.accessKeyId}</AccessKeyId></Credentials>` +
      `</GetSessionTokenResult><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></GetSessionTokenResponse>`,
  };
}

/** A loopback port nothing listens on: bound once, then released. */
export async function refusedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const SOURCE_CREDENTIALS = {
  accessKeyId: 'AKIASOURCEEXAMPLE01',
  secretAccessKey: 'source/secret/EXAMPLEKEY',
  sessionToken: 'source-session-token',
} as const;

/** The action's STS client of the local server, signing with the given credentials (default: the source ones). */
export function localStsClient(
  origin: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = SOURCE_CREDENTIALS,
): StsClient {
  return stsQueryClient({
    region: 'eu-west-1',
    origin,
    agent: new Agent({ keepAlive: true }),
    credentials: { ...credentials },
  });
}
