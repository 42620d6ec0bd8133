/**
 * The runner's chain: its first step, the environment's keys, is taken without the SDK and gives what the
 * SDK's chain gives; with a profile named, or without the keys, the SDK's chain runs. The shared files
 * are read only when the environment's keys are not what the chain takes.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeRunner, sdkRunnerCredentials, type ChainAssumers } from '../../src/aws/source-chain.js';
import { takesEnvironmentKeys, type Profiles } from '../../src/plan/runner-source.js';
import { isolateEnvironment } from '../isolated-environment.js';
import { examplePlan } from '../plan-fixture.js';

const VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
];
isolateEnvironment(VARIABLES);

const NO_STS: ChainAssumers = {
  assumeRole: () => Promise.reject(new Error('no STS here')),
  assumeRoleWithWebIdentity: () => Promise.reject(new Error('no STS here')),
};

/** What the SDK's own chain resolves, in the fields the action keeps. */
async function sdkChain(profile?: string) {
  const resolved = await defaultProvider(profile !== undefined ? { profile } : {})();
  return {
    accessKeyId: resolved.accessKeyId,
    secretAccessKey: resolved.secretAccessKey,
    ...(resolved.sessionToken ? { sessionToken: resolved.sessionToken } : {}),
    ...(resolved.expiration ? { expiration: resolved.expiration } : {}),
  };
}

let files: string;
beforeAll(async () => {
  files = await mkdtemp(path.join(tmpdir(), 'source-chain-'));
  await writeFile(path.join(files, 'config'), '[profile runner]\nregion = eu-west-1\n');
  await writeFile(
    path.join(files, 'credentials'),
    '[runner]\naws_access_key_id = AKIAPROFILEEXAMPLE\naws_secret_access_key = profile-secret\n',
  );
});
afterAll(() => rm(files, { recursive: true, force: true }));
beforeEach(() => {
  process.env.AWS_CONFIG_FILE = path.join(files, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(files, 'credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

describe("the runner's chain", () => {
  it.each([
    ['keys', {}],
    ['keys and a session token', { AWS_SESSION_TOKEN: 'session-token' }],
    [
      'keys, a session token and an expiry',
      { AWS_SESSION_TOKEN: 't', AWS_CREDENTIAL_EXPIRATION: '2031-01-02T03:04:05Z' },
    ],
  ])('with %s in the environment: what the SDK chain gives', async (_, extra) => {
    Object.assign(
      process.env,
      { AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE', AWS_SECRET_ACCESS_KEY: 'env-secret' },
      extra,
    );
    const taken = await sdkRunnerCredentials(examplePlan())(NO_STS)();
    expect(taken).toEqual(await sdkChain());
    expect(taken.accessKeyId).toBe('AKIAENVEXAMPLE');
  });

  it.each([
    ['aws-profile', 'runner', undefined],
    ['AWS_PROFILE', undefined, 'runner'],
  ])('with %s named: the profile, not the keys of the environment', async (_, awsProfile, variable) => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE', AWS_SECRET_ACCESS_KEY: 'env-secret' });
    if (variable !== undefined) process.env.AWS_PROFILE = variable;
    const plan = examplePlan(awsProfile !== undefined ? { awsProfile } : {});
    // The SDK warns once that both are set, on the console.
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const taken = await sdkRunnerCredentials(plan)(NO_STS)();
      expect(taken).toEqual({ accessKeyId: 'AKIAPROFILEEXAMPLE', secretAccessKey: 'profile-secret' });
    } finally {
      console.warn = warn;
    }
  });

  it('without a secret key in the environment: the rest of the chain (the default profile here, none)', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAENVEXAMPLE';
    await expect(sdkRunnerCredentials(examplePlan())(NO_STS)()).rejects.toMatchObject({
      name: 'CredentialsProviderError',
    });
  });
});

describe('describeRunner', () => {
  const profiles: Profiles = { default: { credential_process: '/opt/creds' } };

  it('reads no shared file when the chain takes the keys of the environment', async () => {
    let reads = 0;
    const load = async (): Promise<Profiles> => {
      reads += 1;
      return profiles;
    };
    const env = { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 's' };
    expect(takesEnvironmentKeys(undefined, env)).toBe(true);
    expect((await describeRunner(undefined, env, load)).steps).toEqual([{ kind: 'environment' }]);
    expect(reads).toBe(0);
  });

  it('reads them when a profile is named or the keys are incomplete', async () => {
    let reads = 0;
    const load = async (): Promise<Profiles> => {
      reads += 1;
      return profiles;
    };
    const keys = { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 's' };
    for (const [awsProfile, env] of [
      ['default', keys],
      [undefined, { ...keys, AWS_PROFILE: 'default' }],
      [undefined, { AWS_ACCESS_KEY_ID: 'A' }],
    ] as const) {
      expect(takesEnvironmentKeys(awsProfile, env)).toBe(false);
      expect((await describeRunner(awsProfile, env, load)).steps).toEqual([
        { kind: 'process', command: '/opt/creds', profile: 'default' },
      ]);
    }
    expect(reads).toBe(3);
  });
});
