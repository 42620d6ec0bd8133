import { parseRemoteUrl } from '../../src/helpers/remote-address.js';
import {
  inRemoteHelperTerms,
  remotePlan,
  RemoteSettingsError,
  type RemoteSources,
} from '../../src/helpers/remote-settings.js';
import type { Profiles } from '../../src/plan/runner-source.js';

const VPCE_GIT = 'vpce-0a1b2c3d4e5f67890-efgh5678.git-codecommit.eu-west-1.vpce.amazonaws.com';
const VPCE_STS = 'vpce-0a1b2c3d4e5f67890-abcd1234.sts.eu-west-1.vpce.amazonaws.com';

const PROFILES: Profiles = {
  default: { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'x' },
  switchrole: {
    role_arn: 'arn:aws:iam::111111111111:role/SwitchRole',
    source_profile: 'default',
    region: 'ap-northeast-1',
  },
  fips: {
    role_arn: 'arn:aws:iam::111111111111:role/R',
    source_profile: 'default',
    use_fips_endpoint: 'true',
  },
  'sso-session.corp': { sso_region: 'eu-west-1' },
};

function sources(
  env: Record<string, string> = {},
  gitConfig: Record<string, string> = {},
  profiles: Profiles = PROFILES,
): RemoteSources {
  return { env, gitConfig: new Map(Object.entries(gitConfig)), profiles, osFamily: 'posix' };
}

function plan(url: string, from: RemoteSources = sources()) {
  const address = parseRemoteUrl(url.replace(/^codecommit::/, ''));
  const made = remotePlan(address, from);
  const [repository] = made.repositories;
  return {
    region: made.region,
    sts: made.sts.origin,
    git: repository?.cloneUrl,
    profile: made.awsProfile,
    timeout: made.networkTimeoutSeconds,
    attempts: made.maxAttempts,
    roles: made.roleChain,
  };
}

describe('the region of a remote', () => {
  it("is the URL's, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's", () => {
    const env = { AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'us-west-2' };
    expect(plan('codecommit::eu-west-1://switchrole@repo', sources(env)).region).toBe('eu-west-1');
    expect(plan('codecommit://switchrole@repo', sources(env)).region).toBe('eu-central-1');
    expect(plan('codecommit://switchrole@repo', sources({ AWS_DEFAULT_REGION: 'us-west-2' })).region).toBe(
      'us-west-2',
    );
    expect(plan('codecommit://switchrole@repo').region).toBe('ap-northeast-1');
    // The profile AWS_PROFILE names, when the URL names none.
    expect(plan('codecommit://repo', sources({ AWS_PROFILE: 'switchrole' }))).toMatchObject({
      region: 'ap-northeast-1',
      profile: 'switchrole',
    });
  });

  it('is asked for when nothing gives one, naming the URL form that does', () => {
    expect(() => plan('codecommit://repo')).toThrow(
      new RemoteSettingsError(
        "codecommit://repo names no region, the profile 'default' has none, and neither AWS_REGION nor " +
          "AWS_DEFAULT_REGION is set: use codecommit::<region>://repo, or add 'region = <region>' to the profile",
      ),
    );
    expect(() => plan('codecommit://default@repo')).toThrow('use codecommit::<region>://default@repo');
  });

  it('refuses a region that is not one, saying where it came from', () => {
    expect(() => plan('codecommit://repo', sources({ AWS_REGION: 'europe' }))).toThrow(
      "AWS_REGION: 'europe' is not an AWS region name. Example: eu-west-1",
    );
  });
});

describe('the profile of a remote', () => {
  it('must exist when the URL or AWS_PROFILE names it, as AWS says, listing those there are', () => {
    expect(() => plan('codecommit::eu-west-1://nope@repo')).toThrow(
      new RemoteSettingsError(
        "the profile 'nope' (of codecommit::eu-west-1://nope@repo) is in neither ~/.aws/config nor " +
          '~/.aws/credentials (nor AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); profiles there: default, fips, switchrole',
      ),
    );
    expect(() => plan('codecommit::eu-west-1://repo', sources({ AWS_PROFILE: 'gone' }, {}, {}))).toThrow(
      "the profile 'gone' (AWS_PROFILE) is in neither ~/.aws/config nor ~/.aws/credentials (nor AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); profiles there: none",
    );
  });

  it("is left to the SDK's default chain when nothing names one (environment keys, instance profile …)", () => {
    expect(plan('codecommit::eu-west-1://repo', sources({}, {}, {}))).toMatchObject({
      profile: undefined,
      roles: [],
    });
  });
});

describe('the endpoints of a remote', () => {
  it('are the regional names of the region by default, never the global STS name', () => {
    expect(plan('codecommit::eu-west-1://switchrole@repo')).toMatchObject({
      sts: 'https://sts.eu-west-1.amazonaws.com',
      git: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/repo',
      profile: 'switchrole',
      roles: [],
      timeout: 30,
      attempts: 3,
    });
    expect(plan('codecommit::cn-north-1://repo')).toMatchObject({
      sts: 'https://sts.cn-north-1.amazonaws.com.cn',
      git: 'https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/repo',
    });
  });

  it('take the vpce names of CODE_COMMIT_ENDPOINT (a bare host, as AWS reads it) and AWS_ENDPOINT_URL_STS', () => {
    const env = { CODE_COMMIT_ENDPOINT: VPCE_GIT, AWS_ENDPOINT_URL_STS: `https://${VPCE_STS}` };
    expect(plan('codecommit::eu-west-1://switchrole@repo', sources(env))).toMatchObject({
      sts: `https://${VPCE_STS}`,
      git: `https://${VPCE_GIT}/v1/repos/repo`,
    });
    expect(
      plan('codecommit::eu-west-1://repo', sources({ CODE_COMMIT_ENDPOINT: `https://${VPCE_GIT}:8443` })).git,
    ).toBe(`https://${VPCE_GIT}:8443/v1/repos/repo`);
  });

  it('take git config codecommit.endpoint and codecommit.stsEndpoint before the variables', () => {
    const env = {
      CODE_COMMIT_ENDPOINT: 'git-codecommit.eu-west-1.amazonaws.com',
      AWS_ENDPOINT_URL_STS: 'https://sts.eu-west-1.amazonaws.com',
    };
    const config = { 'codecommit.endpoint': VPCE_GIT, 'codecommit.stsendpoint': `https://${VPCE_STS}` };
    expect(plan('codecommit::eu-west-1://repo', sources(env, config))).toMatchObject({
      sts: `https://${VPCE_STS}`,
      git: `https://${VPCE_GIT}/v1/repos/repo`,
    });
  });

  it('are the FIPS names with AWS_USE_FIPS_ENDPOINT=true, or the use_fips_endpoint of the profile', () => {
    const fips = {
      sts: 'https://sts-fips.us-east-1.amazonaws.com',
      git: 'https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/repo',
    };
    expect(plan('codecommit::us-east-1://repo', sources({ AWS_USE_FIPS_ENDPOINT: 'TRUE' }))).toMatchObject(
      fips,
    );
    expect(plan('codecommit::us-east-1://fips@repo')).toMatchObject(fips);
    // The variable decides over the profile, as in the SDK.
    expect(plan('codecommit::us-east-1://fips@repo', sources({ AWS_USE_FIPS_ENDPOINT: 'false' })).sts).toBe(
      'https://sts.us-east-1.amazonaws.com',
    );
    // Endpoints given explicitly win over FIPS.
    expect(
      plan(
        'codecommit::eu-west-1://repo',
        sources({
          AWS_USE_FIPS_ENDPOINT: 'true',
          CODE_COMMIT_ENDPOINT: VPCE_GIT,
          AWS_ENDPOINT_URL_STS: `https://${VPCE_STS}`,
        }),
      ),
    ).toMatchObject({ sts: `https://${VPCE_STS}`, git: `https://${VPCE_GIT}/v1/repos/repo` });
  });

  it("refuse FIPS where there is none, and a FIPS switch that is neither true nor false, in the helper's words", () => {
    expect(() => plan('codecommit::eu-west-1://repo', sources({ AWS_USE_FIPS_ENDPOINT: 'true' }))).toThrow(
      'AWS_USE_FIPS_ENDPOINT: region eu-west-1 has no FIPS endpoints for STS and CodeCommit git (they exist in ' +
        'us-east-1, us-east-2, us-west-1, us-west-2, us-gov-east-1, us-gov-west-1); unset AWS_USE_FIPS_ENDPOINT, ' +
        'or give AWS_ENDPOINT_URL_STS (or git config codecommit.stsEndpoint) and CODE_COMMIT_ENDPOINT (or git ' +
        'config codecommit.endpoint) explicitly. Example: false',
    );
    expect(() => plan('codecommit::us-east-1://repo', sources({ AWS_USE_FIPS_ENDPOINT: 'yes' }))).toThrow(
      "AWS_USE_FIPS_ENDPOINT is 'yes': it must be true or false",
    );
  });

  it('refuse the global STS name, another region, http and a CodeCommit API name, saying where the value came from', () => {
    const refused: [Record<string, string>, Record<string, string>, string][] = [
      [
        { AWS_ENDPOINT_URL_STS: 'https://sts.amazonaws.com' },
        {},
        "AWS_ENDPOINT_URL_STS: 'sts.amazonaws.com' is the global STS name, which no VPC endpoint serves",
      ],
      [
        {},
        { 'codecommit.stsendpoint': 'https://sts.us-east-1.amazonaws.com' },
        "git config codecommit.stsEndpoint: host 'sts.us-east-1.amazonaws.com' is in region us-east-1, but the region is eu-west-1",
      ],
      [
        { CODE_COMMIT_ENDPOINT: 'http://git-codecommit.eu-west-1.amazonaws.com' },
        {},
        "CODE_COMMIT_ENDPOINT: 'http://' URLs are not accepted, only https://",
      ],
      [
        {},
        { 'codecommit.endpoint': 'codecommit.eu-west-1.amazonaws.com' },
        "git config codecommit.endpoint: 'codecommit.eu-west-1.amazonaws.com' is the CodeCommit API endpoint, which does not serve git",
      ],
    ];
    for (const [env, config, message] of refused) {
      expect(() => plan('codecommit::eu-west-1://repo', sources(env, config))).toThrow(message);
    }
  });
});

describe('the bounds of a remote', () => {
  it("are git config codecommit.networkTimeoutSeconds and codecommit.maxAttempts, held to the action's ranges", () => {
    const config = { 'codecommit.networktimeoutseconds': '2', 'codecommit.maxattempts': '1' };
    expect(plan('codecommit::eu-west-1://repo', sources({}, config))).toMatchObject({
      timeout: 2,
      attempts: 1,
    });
    expect(() =>
      plan('codecommit::eu-west-1://repo', sources({}, { 'codecommit.networktimeoutseconds': '0' })),
    ).toThrow(/^git config codecommit\.networkTimeoutSeconds: /);
    expect(() =>
      plan('codecommit::eu-west-1://repo', sources({}, { 'codecommit.maxattempts': 'many' })),
    ).toThrow(/^git config codecommit\.maxAttempts: /);
  });
});

describe("the action's advice in the helper's words", () => {
  it('offers no GitHub OIDC outside GitHub, but the profile of the URL', () => {
    expect(
      inRemoteHelperTerms(
        "Provide them through the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the runner's instance " +
          "profile, 'aws-profile', or GitHub OIDC (permissions: id-token: write).",
      ),
    ).toBe(
      "Provide them through the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the runner's instance " +
        'profile, or a profile named in the URL (codecommit://<profile>@<repository>).',
    );
  });

  it('names the variables and git config keys instead of the inputs', () => {
    expect(
      inRemoteHelperTerms(
        "otherwise set 'sts-endpoint' to the endpoint's vpce DNS name; use a vpce name in 'codecommit-endpoint'. " +
          'Raise network-timeout-seconds or max-attempts.',
      ),
    ).toBe(
      "otherwise set AWS_ENDPOINT_URL_STS (or git config codecommit.stsEndpoint) to the endpoint's vpce DNS name; " +
        'use a vpce name in CODE_COMMIT_ENDPOINT (or git config codecommit.endpoint). Raise git config ' +
        'codecommit.networkTimeoutSeconds or git config codecommit.maxAttempts.',
    );
  });
});
