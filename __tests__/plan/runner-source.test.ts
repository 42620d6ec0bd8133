import { describeRunnerSource, type Profiles } from '../../src/plan/runner-source.js';

const KEYS = { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'secret' };
const ROLE = 'arn:aws:iam::111111111111:role/SwitchRole';

describe('describeRunnerSource: what the SDK chain will do, in its order', () => {
  it('keys in the environment come first, and contact nothing', () => {
    const source = describeRunnerSource(
      undefined,
      { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 's' },
      {},
    );
    expect(source.steps).toEqual([{ kind: 'environment' }]);
  });

  it('a role_arn/source_profile profile: the source profile, then STS AssumeRole asked by the profile', () => {
    const profiles: Profiles = { runner: KEYS, switchrole: { role_arn: ROLE, source_profile: 'runner' } };
    const source = describeRunnerSource('switchrole', {}, profiles);
    expect(source.steps).toEqual([
      { kind: 'static-profile', profile: 'runner' },
      { kind: 'sts', operation: 'AssumeRole', roleArn: ROLE, by: "profile 'switchrole'" },
    ]);
    expect(source.label).toBe(
      `profile 'switchrole' (aws-profile): the keys of profile 'runner', then STS AssumeRole of ${ROLE} (asked by profile 'switchrole')`,
    );
  });

  it('AWS_PROFILE is named as such, and skips the keys of the environment as the SDK does', () => {
    const profiles: Profiles = { hangs: { credential_process: '/opt/get-creds --json' } };
    const source = describeRunnerSource(
      undefined,
      { AWS_PROFILE: 'hangs', AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 's' },
      profiles,
    );
    expect(source.steps).toEqual([{ kind: 'process', command: '/opt/get-creds --json', profile: 'hangs' }]);
    expect(source.label).toMatch(
      /^profile 'hangs' \(AWS_PROFILE\): credential_process `\/opt\/get-creds --json`/,
    );
  });

  it('a source_profile with credential_process runs the command before the AssumeRole', () => {
    const profiles: Profiles = {
      base: { credential_process: 'vault-creds' },
      app: { role_arn: ROLE, source_profile: 'base' },
    };
    expect(describeRunnerSource('app', {}, profiles).steps.map((step) => step.kind)).toEqual([
      'process',
      'sts',
    ]);
  });

  it('credential_source Ec2InstanceMetadata and EcsContainer name their addresses', () => {
    const profiles: Profiles = {
      imds: { role_arn: ROLE, credential_source: 'Ec2InstanceMetadata' },
      ecs: { role_arn: ROLE, credential_source: 'EcsContainer' },
    };
    expect(describeRunnerSource('imds', {}, profiles).steps[0]).toEqual({
      kind: 'instance-metadata',
      url: 'http://169.254.169.254',
    });
    expect(
      describeRunnerSource('ecs', { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' }, profiles)
        .steps[0],
    ).toEqual({ kind: 'container', url: 'http://169.254.170.2/v2/credentials/x' });
  });

  it('a cycle of source profiles is unusable rather than endless', () => {
    const profiles: Profiles = {
      a: { role_arn: ROLE, source_profile: 'b' },
      b: { role_arn: ROLE, source_profile: 'a' },
    };
    expect(describeRunnerSource('a', {}, profiles).steps[0]).toMatchObject({ kind: 'unusable' });
  });

  it('a profile that does not exist says so', () => {
    expect(describeRunnerSource('nope', {}, {}).label).toBe("profile 'nope' (aws-profile): not found");
  });

  it('an SSO profile names the portal of its region, also through an sso-session', () => {
    const profiles: Profiles = {
      dev: { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'r' },
      'sso-session.corp': { sso_region: 'eu-central-1', sso_start_url: 'https://x.awsapps.com/start' },
    };
    expect(describeRunnerSource('dev', {}, profiles).steps).toEqual([
      { kind: 'sso', host: 'portal.sso.eu-central-1.amazonaws.com', profile: 'dev' },
    ]);
  });

  describe('without a profile', () => {
    it('a usable default profile comes before the environment variables', () => {
      expect(describeRunnerSource(undefined, { AWS_ROLE_ARN: ROLE }, { default: KEYS }).steps).toEqual([
        { kind: 'static-profile', profile: 'default' },
      ]);
    });

    it('EKS IRSA: AssumeRoleWithWebIdentity asked by the token file', () => {
      const env = { AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/secrets/eks/token', AWS_ROLE_ARN: ROLE };
      expect(describeRunnerSource(undefined, env, {}).steps).toEqual([
        {
          kind: 'sts',
          operation: 'AssumeRoleWithWebIdentity',
          roleArn: ROLE,
          by: 'AWS_WEB_IDENTITY_TOKEN_FILE',
        },
      ]);
    });

    it('the container endpoint, then instance metadata at its configured address, unless disabled', () => {
      expect(
        describeRunnerSource(
          undefined,
          { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials' },
          {},
        ).steps,
      ).toEqual([{ kind: 'container', url: 'http://169.254.170.23/v1/credentials' }]);
      expect(
        describeRunnerSource(undefined, { AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://10.0.0.9/' }, {}).label,
      ).toBe('instance metadata at http://10.0.0.9');
      expect(
        describeRunnerSource(undefined, { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' }, {}).label,
      ).toBe('instance metadata at http://[fd00:ec2::254]');
      expect(
        describeRunnerSource(undefined, { AWS_EC2_METADATA_DISABLED: 'true' }, {}).steps[0],
      ).toMatchObject({
        kind: 'unusable',
      });
    });
  });
});
