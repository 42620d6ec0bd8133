import { isLongTermKey, sessionOfLongTermKey } from '../../src/aws/session-token.js';
import type { Plan } from '../../src/plan/plan.js';
import { examplePlan } from '../plan-fixture.js';
import {
  getSessionTokenOk,
  localStsClient,
  startLocalSts,
  stsError,
  type LocalSts,
  type StsReply,
} from './local-sts-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const LONG_TERM_KEY = { accessKeyId: 'AKIALONGTERMEXAMPLE1', secretAccessKey: 'long/term/SECRET' };
const SESSION = {
  accessKeyId: 'ASIAUSERSESSION00001',
  secretAccessKey: 'user/session+SECRET',
  sessionToken: 'user-session-token==',
  expiration: '2030-01-01T00:00:00Z',
};

describe('isLongTermKey', () => {
  test('a key without a session token is long-term; one with a token is a session', () => {
    expect(isLongTermKey(LONG_TERM_KEY)).toBe(true);
    expect(isLongTermKey({ ...LONG_TERM_KEY, sessionToken: SESSION.sessionToken })).toBe(false);
  });
});

describe('sessionOfLongTermKey against a local STS', () => {
  let sts: LocalSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
  });

  async function exchange(script: (index: number) => StsReply, overrides: Partial<Plan> = {}) {
    sts = await startLocalSts(script);
    const origin = sts.origin;
    const events: string[] = [];
    const plan = examplePlan({
      sts: { origin, host: sts.host, hostname: '127.0.0.1', custom: true },
      roleDurationSeconds: 1800,
      networkTimeoutSeconds: 5,
      ...overrides,
    });
    const result = sessionOfLongTermKey(plan, LONG_TERM_KEY, {
      client: async (credentials) => localStsClient(origin, credentials),
      logger: {
        info: (line) => events.push(`info ${line}`),
        warning: (line) => events.push(`warning ${line}`),
      },
      sleep: async () => undefined,
      random: () => 0.5,
      mask: (secret) => events.push(`mask ${secret}`),
    });
    return { result, events, sts };
  }

  test('asks GetSessionToken for role-duration-seconds, signed with the key, and returns the masked session', async () => {
    const { result, events, sts: server } = await exchange(() => getSessionTokenOk(SESSION));
    expect(await result).toEqual({
      accessKeyId: SESSION.accessKeyId,
      secretAccessKey: SESSION.secretAccessKey,
      sessionToken: SESSION.sessionToken,
      expiration: new Date(SESSION.expiration),
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.params.get('Action')).toBe('GetSessionToken');
    expect(server.requests[0]?.params.get('DurationSeconds')).toBe('1800');
    expect(server.requests[0]?.authorization).toContain(`Credential=${LONG_TERM_KEY.accessKeyId}/`);
    for (const secret of [SESSION.accessKeyId, SESSION.secretAccessKey, SESSION.sessionToken])
      expect(events).toContain(`mask ${secret}`);
  });

  test('retries throttling like AssumeRole, then succeeds', async () => {
    const {
      result,
      events,
      sts: server,
    } = await exchange((index) =>
      index < 2 ? stsError(400, 'Throttling', 'Rate exceeded') : getSessionTokenOk(SESSION),
    );
    expect((await result).accessKeyId).toBe(SESSION.accessKeyId);
    expect(server.requests).toHaveLength(3);
    expect(events.filter((line) => line.startsWith('warning ') && line.includes('Throttling'))).toHaveLength(
      2,
    );
  });

  test('an AccessDenied is not retried and says what to do', async () => {
    const { result, sts: server } = await exchange(() =>
      stsError(403, 'AccessDenied', 'User is not authorized to perform: sts:GetSessionToken'),
    );
    await expect(result).rejects.toThrow(
      /STS GetSessionToken at 127\.0\.0\.1:\d+ failed after 1 attempt\(s\).*AccessDenied.*role-to-assume/,
    );
    expect(server.requests).toHaveLength(1);
  });
});
