import { obtainCloneCredentials } from '../../src/aws/assume-role.js';
import type { AwsCredentials } from '../../src/core/aws-credentials.js';
import type { Plan } from '../../src/plan/plan.js';
import { examplePlan } from '../plan-fixture.js';
import {
  assumeRoleOk,
  assumeRoleWithWebIdentityOk,
  localStsClient,
  SOURCE_CREDENTIALS,
  startLocalSts,
  type IssuedCredentials,
  type LocalSts,
} from './local-sts-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const FIRST_ROLE = 'arn:aws:iam::333333333333:role/Hop';
const LAST_ROLE = 'arn:aws:iam::111111111111:role/ChainedReader';
/** The intermediate session: its secret and token hold characters that percent-encoding changes. */
const HOP_SESSION: IssuedCredentials = {
  accessKeyId: 'ASIAHOPSESSION000001',
  secretAccessKey: 'hop/secret+KEY=',
  sessionToken: 'hop+session/token==',
  expiration: '2030-01-01T00:00:00Z',
  assumedRoleArn: 'arn:aws:sts::333333333333:assumed-role/Hop/gha-42',
};
const LAST_SESSION: IssuedCredentials = {
  accessKeyId: 'ASIALASTSESSION00001',
  secretAccessKey: 'last/secret/KEY',
  sessionToken: 'last-session-token',
  expiration: '2030-01-01T00:00:00Z',
  assumedRoleArn: 'arn:aws:sts::111111111111:assumed-role/ChainedReader/gha-42',
};

/** What happened, in order: masks registered, log lines written, and when each credential became known. */
type Event =
  | { kind: 'mask'; value: string }
  | { kind: 'log'; line: string }
  | { kind: 'known'; what: string; credentials: AwsCredentials };

/** A secret that is not a credential set (a web identity token), in the shape the checks take. */
function tokenOnly(token: string): AwsCredentials {
  return { accessKeyId: token, secretAccessKey: token };
}

function secretFormsOf(credentials: AwsCredentials): string[] {
  const forms = [credentials.accessKeyId, credentials.secretAccessKey];
  if (credentials.sessionToken !== undefined) forms.push(credentials.sessionToken);
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
    if (secret !== undefined && encodeURIComponent(secret) !== secret) forms.push(encodeURIComponent(secret));
  }
  return forms;
}

/** Each credential's every form is masked after it became known and before the next log line. */
function expectMaskedBeforeAnyLogLine(events: Event[], expected: string[]): void {
  const known = events.flatMap((event, index) => (event.kind === 'known' ? [{ event, index }] : []));
  expect(known.map(({ event }) => event.what)).toEqual(expected);
  for (const { event, index } of known) {
    const nextLog = events.findIndex((later, at) => at > index && later.kind === 'log');
    const before = events.slice(index, nextLog === -1 ? events.length : nextLog);
    const masked = before.flatMap((e) => (e.kind === 'mask' ? [e.value] : []));
    for (const form of secretFormsOf(event.credentials))
      expect({ credentials: event.what, form, masked: masked.includes(form) }).toEqual({
        credentials: event.what,
        form,
        masked: true,
      });
  }
}

describe('every credential of the chain is masked before any log line could hold it', () => {
  let sts: LocalSts | undefined;
  afterEach(async () => {
    await sts?.close();
    sts = undefined;
  });

  async function run(
    roleChain: string[],
    sessions: IssuedCredentials[],
    webIdentityToken?: string,
  ): Promise<Event[]> {
    const events: Event[] = [];
    sts = await startLocalSts((index) => {
      const session = sessions[index] ?? LAST_SESSION;
      events.push({
        kind: 'known',
        what: session.assumedRoleArn,
        credentials: {
          accessKeyId: session.accessKeyId,
          secretAccessKey: session.secretAccessKey,
          sessionToken: session.sessionToken,
        },
      });
      return webIdentityToken !== undefined && index === 0
        ? assumeRoleWithWebIdentityOk(session)
        : assumeRoleOk(session);
    });
    const origin = sts.origin;
    const host = sts.host;
    const plan: Plan = examplePlan({
      roleChain,
      sts: { origin, host, hostname: '127.0.0.1', custom: true },
      networkTimeoutSeconds: 5,
    });
    await obtainCloneCredentials(plan, {
      client: async (credentials) => localStsClient(origin, credentials),
      // The source chain: the moment it hands over the runner's credentials.
      runnerCredentials: (assumers) => async () => {
        if (webIdentityToken !== undefined) {
          // As the SDK's web identity provider does: the token file's contents, handed to the chain's STS call.
          events.push({
            kind: 'known',
            what: 'web identity token',
            credentials: tokenOnly(webIdentityToken),
          });
          const resolved = await assumers.assumeRoleWithWebIdentity({
            RoleArn: 'arn:aws:iam::222222222222:role/irsa-runner',
            RoleSessionName: 'runner',
            WebIdentityToken: webIdentityToken,
          });
          return resolved;
        }
        const resolved = { ...SOURCE_CREDENTIALS };
        events.push({ kind: 'known', what: 'source', credentials: resolved });
        return resolved;
      },
      logger: {
        info: (line) => events.push({ kind: 'log', line }),
        warning: (line) => events.push({ kind: 'log', line }),
      },
      sleep: async () => undefined,
      random: () => 0.5,
      mask: (value) => events.push({ kind: 'mask', value }),
    });
    return events;
  }

  test('the source credentials, the intermediate session and the last one, each with its derived forms', async () => {
    const events = await run([FIRST_ROLE, LAST_ROLE], [HOP_SESSION, LAST_SESSION]);
    expectMaskedBeforeAnyLogLine(events, ['source', HOP_SESSION.assumedRoleArn, LAST_SESSION.assumedRoleArn]);
    expect(events.some((e) => e.kind === 'log')).toBe(true);
    const masks = events.flatMap((e) => (e.kind === 'mask' ? [e.value] : []));
    expect(masks).toEqual(
      expect.arrayContaining([
        SOURCE_CREDENTIALS.secretAccessKey,
        SOURCE_CREDENTIALS.sessionToken,
        'hop%2Fsecret%2BKEY%3D',
        'hop%2Bsession%2Ftoken%3D%3D',
      ]),
    );
  });

  test("the runner's web identity token file (EKS IRSA) is masked before the chain's STS call logs a line", async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.irsa-service-account-token.c2lnbmF0dXJl';
    const events = await run([LAST_ROLE], [HOP_SESSION, LAST_SESSION], token);
    expectMaskedBeforeAnyLogLine(events, [
      'web identity token',
      HOP_SESSION.assumedRoleArn,
      LAST_SESSION.assumedRoleArn,
    ]);
    expect(events.some((e) => e.kind === 'log' && e.line.includes('AssumeRoleWithWebIdentity'))).toBe(true);
  });

  test('the source credentials used directly, without role-to-assume', async () => {
    const events = await run([], []);
    expectMaskedBeforeAnyLogLine(events, ['source']);
    expect(events.at(-1)).toEqual({
      kind: 'log',
      line: 'No role-to-assume: using the source credentials directly.',
    });
  });
});
