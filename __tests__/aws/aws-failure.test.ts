import { connect } from 'node:net';

import { DeadlineError } from '../../src/core/deadline.js';
import { isTransientAwsFailure } from '../../src/aws/retry-policy.js';
import { describeAwsFailure, awsFailureFacts } from '../../src/aws/aws-failure.js';
import { StsServiceError } from '../../src/aws/sts-answer.js';
import { localStsClient, refusedPort, startLocalSts, stsError, type StsReply } from './local-sts-server.js';
import { preparePlainNode, type PlainNode } from './plain-node.js';

const ASSUME = {
  RoleArn: 'arn:aws:iam::111122223333:role/clone-reader',
  RoleSessionName: 'facts-test',
};

/** What the action's STS client throws when the STS at `origin` answers (or does not). */
async function stsErrorFrom(origin: string): Promise<unknown> {
  const client = localStsClient(origin);
  try {
    await client.session('AssumeRole', ASSUME, new AbortController().signal);
  } catch (error) {
    return error;
  } finally {
    client.destroy();
  }
  throw new Error('expected the STS call to fail');
}

async function stsErrorForReply(reply: StsReply): Promise<unknown> {
  const sts = await startLocalSts(() => reply);
  try {
    return await stsErrorFrom(sts.origin);
  } finally {
    await sts.close();
  }
}

describe("awsFailureFacts on errors the action's STS client throws", () => {
  it('reads code and status of AccessDenied (403) and classifies it permanent', async () => {
    const error = await stsErrorForReply(
      stsError(403, 'AccessDenied', 'not authorized to perform sts:AssumeRole'),
    );
    expect(error).toBeInstanceOf(StsServiceError);
    const facts = awsFailureFacts(error);
    expect(facts).toEqual({ timedOut: false, code: 'AccessDenied', status: 403 });
    expect(isTransientAwsFailure(facts)).toBe(false);
  });

  it('reads code and status of Throttling (400) and classifies it transient', async () => {
    const error = await stsErrorForReply(stsError(400, 'Throttling', 'Rate exceeded'));
    expect(error).toBeInstanceOf(StsServiceError);
    const facts = awsFailureFacts(error);
    expect(facts).toEqual({ timedOut: false, code: 'Throttling', status: 400 });
    expect(isTransientAwsFailure(facts)).toBe(true);
  });

  it('reads code and status of a 500 InternalFailure and classifies it transient', async () => {
    const error = await stsErrorForReply(stsError(500, 'InternalFailure', 'internal failure'));
    const facts = awsFailureFacts(error);
    expect(facts).toEqual({ timedOut: false, code: 'InternalFailure', status: 500 });
    expect(isTransientAwsFailure(facts)).toBe(true);
  });
});

interface RefusedProbe {
  isError: boolean;
  code: unknown;
  facts: unknown;
  transient: boolean;
  description: string;
}

/** In plain Node (see plain-node.ts): the STS client's error for a refused port, read by the real unit. */
const REFUSED_PROBE = `
import { Agent } from 'node:http';
import { stsQueryClient } from './src/aws/sts-query-client.js';
import { isTransientAwsFailure } from './src/aws/retry-policy.js';
import { describeAwsFailure, awsFailureFacts } from './src/aws/aws-failure.js';
const client = stsQueryClient({
  region: 'eu-west-1',
  origin: process.argv[2],
  agent: new Agent(),
  credentials: { accessKeyId: 'AKIASOURCEEXAMPLE01', secretAccessKey: 'secret' },
});
try {
  await client.session('AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 's' }, new AbortController().signal);
  console.log('null');
} catch (error) {
  const facts = awsFailureFacts(error);
  console.log(JSON.stringify({
    isError: error instanceof Error,
    code: error.code,
    facts,
    transient: isTransientAwsFailure(facts),
    description: describeAwsFailure(error),
  }));
} finally {
  client.destroy();
}
`;

describe("awsFailureFacts on the STS client's error for a refused port (plain Node, as the action runs)", () => {
  let plain: PlainNode;
  let port: number;
  let probe: RefusedProbe;

  beforeAll(async () => {
    plain = await preparePlainNode();
    port = await refusedPort();
    probe = JSON.parse(await plain.run(REFUSED_PROBE, [`http://127.0.0.1:${port}`])) as RefusedProbe;
  });
  afterAll(() => plain.cleanup());

  it('gets a Node system error from the client, as the action would', () => {
    expect(probe.isError).toBe(true);
    expect(probe.code).toBe('ECONNREFUSED');
  });

  it('reads errno ECONNREFUSED, no code and no status, and classifies it transient', () => {
    expect(probe.facts).toEqual({ timedOut: false, errno: 'ECONNREFUSED' });
    expect(probe.transient).toBe(true);
  });

  it('describes it with the errno before the network message', () => {
    expect(probe.description).toBe(`ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});

describe('awsFailureFacts on a Node network error wrapped as a cause', () => {
  it('finds the errno of the cause', async () => {
    const port = await refusedPort();
    const refused = await new Promise<Error>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', resolve);
    });
    expect(awsFailureFacts(new Error('request failed', { cause: refused }))).toEqual({
      timedOut: false,
      errno: 'ECONNREFUSED',
    });
  });

  it('keeps the outer errno when both have one', () => {
    const inner = Object.assign(new Error('inner'), { code: 'ECONNRESET' });
    const outer = Object.assign(new Error('outer', { cause: inner }), { code: 'ETIMEDOUT' });
    expect(awsFailureFacts(outer).errno).toBe('ETIMEDOUT');
  });
});

describe('awsFailureFacts on other values', () => {
  it('marks a DeadlineError as timed out', () => {
    expect(awsFailureFacts(new DeadlineError('STS AssumeRole', 'sts.eu-west-1.amazonaws.com', 30))).toEqual({
      timedOut: true,
    });
  });

  it('reads nothing from a plain Error or a non-object', () => {
    expect(awsFailureFacts(new Error('boom'))).toEqual({ timedOut: false });
    expect(awsFailureFacts('boom')).toEqual({ timedOut: false });
    expect(awsFailureFacts(undefined)).toEqual({ timedOut: false });
    expect(awsFailureFacts(null)).toEqual({ timedOut: false });
  });

  it("prefers an error's AWS `Code` over its name", () => {
    const error = Object.assign(new Error('Rate exceeded'), {
      name: 'STSServiceException',
      Code: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    expect(awsFailureFacts(error)).toEqual({ timedOut: false, code: 'Throttling', status: 400 });
  });

  it('does not take a non-errno string `code` for an errno', () => {
    const error = Object.assign(new Error('x'), { code: 'SomethingElse' });
    expect(awsFailureFacts(error).errno).toBeUndefined();
  });
});

describe("awsFailureFacts reads the answer's Retry-After", () => {
  it("from the error the action's STS client throws for a throttled answer that has one", async () => {
    const error = await stsErrorForReply(
      stsError(400, 'Throttling', 'Rate exceeded', { 'Retry-After': '3' }),
    );
    expect(awsFailureFacts(error)).toEqual({
      timedOut: false,
      code: 'Throttling',
      status: 400,
      retryAfter: '3',
    });
  });

  it('whatever the case of the header name, and only when it is text', () => {
    const answered = (headers: Record<string, unknown>) =>
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
        $response: { statusCode: 400, headers },
      });
    expect(awsFailureFacts(answered({ 'Retry-After': '5' })).retryAfter).toBe('5');
    expect(awsFailureFacts(answered({ 'retry-after': '6' })).retryAfter).toBe('6');
    expect(awsFailureFacts(answered({ 'retry-after': 7 })).retryAfter).toBeUndefined();
    expect(awsFailureFacts(answered({})).retryAfter).toBeUndefined();
  });
});

describe('describeAwsFailure', () => {
  it('puts code and HTTP status before the SDK message', async () => {
    const error = await stsErrorForReply(stsError(403, 'AccessDenied', 'User is not authorized'));
    expect(describeAwsFailure(error)).toBe('AccessDenied, HTTP 403: User is not authorized');
  });

  it('says how long the deadline waited, without repeating what and where', () => {
    const error = new DeadlineError('STS AssumeRole', 'sts.eu-west-1.amazonaws.com', 30);
    expect(describeAwsFailure(error)).toBe('no answer within 30 s');
  });

  it('describes a thrown string as that string', () => {
    expect(describeAwsFailure('plain text')).toBe('plain text');
  });
});
