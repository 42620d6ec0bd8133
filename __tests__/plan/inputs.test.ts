import { basename as posixBasename, dirname as posixDirname } from 'node:path/posix';

import fc from 'fast-check';

import { regionOfServiceHostname } from '../../src/plan/endpoints.js';
import { parsePlan } from '../../src/plan/inputs.js';
import { expandRepositoryPatterns } from '../../src/plan/pattern-expansion.js';
import {
  INPUT_NAMES,
  InputError,
  MULTI_LINE_INPUTS,
  type InputName,
  type Plan,
  type RawInputs,
  type RepositoryPlan,
  type RunContext,
} from '../../src/plan/plan.js';
import { propertyOutcomes } from '../property-outcomes.js';

const ctx: RunContext = { workspace: '/home/runner/work/app/app', runId: '9876543210' };

function raw(overrides: Partial<RawInputs> = {}): RawInputs {
  const empty = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
  return { ...empty, repository: 'my-service', 'aws-region': 'eu-west-1', ...overrides };
}

function inputErrorOf(inputs: Partial<RawInputs>, context = ctx): InputError {
  try {
    parsePlan(raw(inputs), context);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`expected an InputError for ${JSON.stringify(inputs)}`);
}

/** The one repository of a plan (failing when there are several). */
function only(plan: Plan): RepositoryPlan {
  expect(plan.repositories).toHaveLength(1);
  return plan.repositories[0] as RepositoryPlan;
}

function expectRejected(
  inputs: Partial<RawInputs>,
  input: InputName,
  problem: RegExp,
  example?: RegExp,
): InputError {
  const error = inputErrorOf(inputs);
  expect(error.input).toBe(input);
  expect(error.problem).toMatch(problem);
  expect(error.message).toMatch(new RegExp(`^Input '${input}': `));
  expect(error.example.length).toBeGreaterThan(0);
  expect(error.message).toContain(`Example: ${error.example}`);
  if (example !== undefined) expect(error.example).toMatch(example);
  return error;
}

describe('parsePlan defaults', () => {
  it('builds the whole plan from a repository name and a region', () => {
    expect(parsePlan(raw(), ctx)).toEqual<Plan>({
      mode: 'clone',
      repositories: [
        {
          name: 'my-service',
          git: {
            origin: 'https://git-codecommit.eu-west-1.amazonaws.com',
            host: 'git-codecommit.eu-west-1.amazonaws.com',
            hostname: 'git-codecommit.eu-west-1.amazonaws.com',
            custom: false,
          },
          repositoryPath: '/v1/repos/my-service',
          cloneUrl: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service',
          targetPath: '/home/runner/work/app/app/my-service',
        },
      ],
      repositoryPatterns: [],
      codecommitApi: {
        origin: 'https://codecommit.eu-west-1.amazonaws.com',
        host: 'codecommit.eu-west-1.amazonaws.com',
        hostname: 'codecommit.eu-west-1.amazonaws.com',
        custom: false,
      },
      region: 'eu-west-1',
      partition: 'aws',
      roleChain: [],
      audience: 'sts.amazonaws.com',
      useFips: false,
      persistCredentials: false,
      sourceCredentials: 'auto',
      roleSessionName: 'codecommit-clone-9876543210',
      roleDurationSeconds: 3600,
      sts: {
        origin: 'https://sts.eu-west-1.amazonaws.com',
        host: 'sts.eu-west-1.amazonaws.com',
        hostname: 'sts.eu-west-1.amazonaws.com',
        custom: false,
      },
      ref: { kind: 'default' },
      fetchDepth: 1,
      submodules: 'none',
      sparseCheckout: [],
      networkTimeoutSeconds: 30,
      maxAttempts: 3,
      concurrency: 4,
      clean: true,
    });
  });

  it('trims every input', () => {
    const plan = parsePlan(
      raw({
        repository: '  my-service\t',
        'aws-region': ' eu-west-1 ',
        'role-to-assume': ' arn:aws:iam::123456789012:role/SwitchRole ',
        'aws-profile': ' src ',
        'role-session-name': ' s1 ',
        'role-duration-seconds': ' 900 ',
        'role-external-id': ' ext-id ',
        'sts-endpoint': ' https://sts.eu-west-1.amazonaws.com ',
        'codecommit-endpoint': ' https://git-codecommit.eu-west-1.amazonaws.com ',
        ref: ' main ',
        path: ' out ',
        'fetch-depth': ' 5 ',
        'network-timeout-seconds': ' 60 ',
        'max-attempts': ' 2 ',
        concurrency: ' 8 ',
        filter: ' blob:none ',
        'sparse-checkout': ' src \n  docs/ ',
      }),
      ctx,
    );
    expect(plan).toMatchObject({
      repositories: [{ name: 'my-service', targetPath: '/home/runner/work/app/app/out' }],
      roleChain: ['arn:aws:iam::123456789012:role/SwitchRole'],
      awsProfile: 'src',
      roleSessionName: 's1',
      roleDurationSeconds: 900,
      roleExternalId: 'ext-id',
      ref: { kind: 'name', name: 'main' },
      fetchDepth: 5,
      networkTimeoutSeconds: 60,
      maxAttempts: 2,
      concurrency: 8,
      filter: 'blob:none',
      sparseCheckout: ['src', 'docs'],
    });
  });

  it('uses codecommit-clone as session name without a run id', () => {
    expect(parsePlan(raw(), { ...ctx, runId: '' }).roleSessionName).toBe('codecommit-clone');
  });

  it('leaves optional fields out when not given', () => {
    const plan = parsePlan(raw(), ctx);
    expect(plan.roleChain).toEqual([]);
    expect(plan).not.toHaveProperty('awsProfile');
    expect(plan).not.toHaveProperty('roleExternalId');
    expect(plan).not.toHaveProperty('filter');
  });
});

const SINGLE_LINE_INPUTS = INPUT_NAMES.filter((name) => !MULTI_LINE_INPUTS.includes(name));

describe('single-line inputs', () => {
  it('are every input but repository, role-to-assume (a chain) and sparse-checkout', () => {
    expect([...MULTI_LINE_INPUTS].sort()).toEqual(['repository', 'role-to-assume', 'sparse-checkout']);
    expect(SINGLE_LINE_INPUTS).toHaveLength(INPUT_NAMES.length - 3);
  });

  it.each(SINGLE_LINE_INPUTS.map((name) => [name]))(
    'rejects a newline or control character inside %s',
    (name) => {
      for (const bad of ['a\nb', 'a\rb', 'a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b']) {
        const error = inputErrorOf({ [name]: bad });
        expect(error.input).toBe(name);
        expect(error.problem).toContain('single line');
        expect(error.example.length).toBeGreaterThan(0);
      }
    },
  );

  it('accepts a trailing newline, which trimming removes', () => {
    expect(only(parsePlan(raw({ repository: 'my-service\n' }), ctx)).name).toBe('my-service');
    expect(parsePlan(raw({ ref: 'main\r\n' }), ctx).ref).toEqual({ kind: 'name', name: 'main' });
  });
});

describe('multi-line inputs', () => {
  it.each(MULTI_LINE_INPUTS.map((name) => [name]))(
    'rejects a control character other than a line break inside %s',
    (name) => {
      for (const bad of [
        'a\rb',
        'src\na\u0000b',
        'a\u001bb\nsrc',
        'a\u007fb',
        'a\u0085b',
        'a\u2028b',
        'a\tb',
      ]) {
        const error = inputErrorOf({ [name]: bad });
        expect(error.input).toBe(name);
        expect(error.problem).toBe('must not contain control characters');
        expect(error.example.length).toBeGreaterThan(0);
      }
    },
  );

  it('takes a newline in repository as a separator between repositories', () => {
    expect(parsePlan(raw({ repository: 'a\nb' }), ctx).repositories.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('takes a newline in sparse-checkout as a separator between directories', () => {
    expect(parsePlan(raw({ 'sparse-checkout': 'a\nb' }), ctx).sparseCheckout).toEqual(['a', 'b']);
  });

  it.each([
    ['filter', 'blob:none\ntree:0'],
    ['path', 'a\nb'],
    ['ref', 'main\ndev'],
    ['aws-region', 'eu-west-1\nus-east-1'],
    ['concurrency', '4\n8'],
  ] as const)('still rejects a newline inside the single-line input %s', (name, text) => {
    const error = inputErrorOf({ [name]: text });
    expect(error.input).toBe(name);
    expect(error.problem).toBe('must be a single line without control characters');
  });
});

describe('repository and region', () => {
  it('requires the repository', () => {
    expectRejected({ repository: '   ' }, 'repository', /required/, /my-service/);
  });

  it('reads the region from an https URL', () => {
    const plan = parsePlan(
      raw({ repository: 'https://git-codecommit.ap-south-1.amazonaws.com/v1/repos/svc', 'aws-region': '' }),
      ctx,
    );
    expect(plan).toMatchObject({
      region: 'ap-south-1',
      partition: 'aws',
      repositories: [
        {
          name: 'svc',
          git: { host: 'git-codecommit.ap-south-1.amazonaws.com', custom: true },
          cloneUrl: 'https://git-codecommit.ap-south-1.amazonaws.com/v1/repos/svc',
        },
      ],
      sts: { host: 'sts.ap-south-1.amazonaws.com', custom: false },
    });
  });

  it('reads the region from codecommit::<region>://', () => {
    const plan = parsePlan(raw({ repository: 'codecommit::us-gov-west-1://p@svc', 'aws-region': '' }), ctx);
    expect(plan).toMatchObject({
      region: 'us-gov-west-1',
      partition: 'aws-us-gov',
      awsProfile: 'p',
      sts: { host: 'sts.us-gov-west-1.amazonaws.com', custom: false },
      repositories: [{ git: { host: 'git-codecommit.us-gov-west-1.amazonaws.com', custom: false } }],
    });
  });

  it.each([
    ['cn-north-1', 'aws-cn', 'sts.cn-north-1.amazonaws.com.cn', 'git-codecommit.cn-north-1.amazonaws.com.cn'],
    [
      'us-gov-east-1',
      'aws-us-gov',
      'sts.us-gov-east-1.amazonaws.com',
      'git-codecommit.us-gov-east-1.amazonaws.com',
    ],
    ['us-east-1', 'aws', 'sts.us-east-1.amazonaws.com', 'git-codecommit.us-east-1.amazonaws.com'],
  ])('uses the regional names of %s (%s)', (region, partition, sts, git) => {
    const plan = parsePlan(raw({ 'aws-region': region }), ctx);
    expect(plan.partition).toBe(partition);
    expect(plan.sts.host).toBe(sts);
    expect(only(plan).git.host).toBe(git);
    expect(only(plan).cloneUrl).toBe(`https://${git}/v1/repos/my-service`);
  });

  it('accepts a region that agrees with the URL', () => {
    const plan = parsePlan(
      raw({
        repository: 'https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/svc',
        'aws-region': 'us-east-1',
      }),
      ctx,
    );
    expect(only(plan).git.host).toBe('git-codecommit-fips.us-east-1.amazonaws.com');
  });

  it('requires a region when the repository does not carry one', () => {
    expectRejected(
      { 'aws-region': '' },
      'aws-region',
      /required unless the repository URL names/,
      /^eu-west-1$/,
    );
    expectRejected(
      { repository: 'https://git.proxy.internal/v1/repos/svc', 'aws-region': '' },
      'aws-region',
      /required/,
    );
  });

  it.each(['eu-west', 'EU-WEST-1', 'europe', 'us-east-1a'])('rejects region %p', (region) => {
    expectRejected({ 'aws-region': region }, 'aws-region', /not an AWS region name/, /^eu-west-1$/);
  });

  it('rejects a region that differs from the URL', () => {
    expectRejected(
      {
        repository: 'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/svc',
        'aws-region': 'eu-west-1',
      },
      'aws-region',
      /differs from the region us-east-1/,
      /^us-east-1$/,
    );
    expectRejected(
      { repository: 'codecommit::us-east-1://svc', 'aws-region': 'eu-west-1' },
      'aws-region',
      /differs from the region us-east-1/,
    );
  });

  it.each([
    'https://git.example.com/v1/repos/svc',
    'https://git.proxy.internal:8443/v1/repos/svc',
    'https://10.1.2.3/v1/repos/svc',
    'https://[fd00::1]/v1/repos/svc',
    'https://vpce-0b47ea360adebf88a-jkl88hez.sts.eu-west-1.vpce.amazonaws.com/v1/repos/svc',
    'https://git-codecommit.eu-west-1.amazonaws.com.example.net/v1/repos/svc',
  ])('refuses a repository URL on %s, which is not a CodeCommit git host', (url) => {
    expectRejected(
      { repository: url },
      'repository',
      /is not a CodeCommit git host: .*codecommit-endpoint/,
      /^https:\/\/git-codecommit\.eu-west-1\.amazonaws\.com\/v1\/repos\/svc$/,
    );
  });

  it.each([
    ['git-codecommit.eu-west-1.amazonaws.com', 'eu-west-1'],
    ['git-codecommit-fips.us-east-1.amazonaws.com', 'us-east-1'],
    ['git-codecommit.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.eu-west-1.vpce.amazonaws.com', 'eu-west-1'],
    ['vpce-0b47ea360adebf88a-jkl88hez-eu-west-1a.git-codecommit.eu-west-1.vpce.amazonaws.com', 'eu-west-1'],
    ['vpce-0123-abcd.git-codecommit-fips.us-gov-west-1.vpce.amazonaws.com', 'us-gov-west-1'],
  ])('accepts a repository URL on the CodeCommit git host %s', (host, region) => {
    const plan = parsePlan(raw({ repository: `https://${host}/v1/repos/svc`, 'aws-region': region }), ctx);
    expect(only(plan).cloneUrl).toBe(`https://${host}/v1/repos/svc`);
  });

  it('accepts a repository URL on exactly the host and port of codecommit-endpoint', () => {
    const endpoint = 'https://git.proxy.internal:8443';
    const plan = parsePlan(
      raw({ repository: `${endpoint}/v1/repos/svc/`, 'codecommit-endpoint': endpoint }),
      ctx,
    );
    expect(only(plan).git).toEqual({
      origin: endpoint,
      host: 'git.proxy.internal:8443',
      hostname: 'git.proxy.internal',
      custom: true,
    });
    expect(only(plan).cloneUrl).toBe(`${endpoint}/v1/repos/svc`);
    for (const other of [
      'https://git.proxy.internal/v1/repos/svc',
      'https://git.other.internal:8443/v1/repos/svc',
    ]) {
      expectRejected(
        { repository: other, 'codecommit-endpoint': endpoint },
        'repository',
        /is not a CodeCommit git host/,
      );
    }
  });

  it('refuses the CodeCommit API host as repository URL', () => {
    expectRejected(
      { repository: 'https://codecommit.eu-west-1.amazonaws.com/v1/repos/svc' },
      'repository',
      /API endpoint, which does not serve git/,
      /^https:\/\/git-codecommit\.eu-west-1\.amazonaws\.com\/v1\/repos\/svc$/,
    );
  });
});

describe('role-to-assume', () => {
  it.each([
    ['eu-west-1', 'arn:aws:iam::123456789012:role/SwitchRole'],
    ['eu-west-1', 'arn:aws:iam::123456789012:role/path/to/Switch+Role=,.@_-1'],
    ['cn-north-1', 'arn:aws-cn:iam::123456789012:role/SwitchRole'],
    ['us-gov-west-1', 'arn:aws-us-gov:iam::123456789012:role/SwitchRole'],
  ])('accepts a role of the region partition (%s) %s', (region, arn) => {
    expect(parsePlan(raw({ 'aws-region': region, 'role-to-assume': arn }), ctx).roleChain).toEqual([arn]);
  });

  it.each([
    'SwitchRole',
    'arn:aws:iam::12345678901:role/SwitchRole',
    'arn:aws:iam::1234567890123:role/SwitchRole',
    'arn:aws:iam::123456789012:user/Someone',
    'arn:aws:iam::123456789012:role/',
    'arn:aws:iam::123456789012:role/path/',
    'arn:aws:iam::123456789012:role//SwitchRole',
    'arn:aws:iam::123456789012:role/Switch Role',
    'arn:aws:sts::123456789012:assumed-role/SwitchRole/x',
    'arn:aws-iso:iam::123456789012:role/SwitchRole',
    'arn:aws:iam:eu-west-1:123456789012:role/SwitchRole',
    `arn:aws:iam::123456789012:role/${'r'.repeat(513)}`,
  ])('rejects %p', (arn) => {
    expectRejected(
      { 'role-to-assume': arn },
      'role-to-assume',
      /not an IAM role ARN/,
      /^arn:aws:iam::\d{12}:role\//,
    );
  });

  it.each([
    ['eu-west-1', 'arn:aws-cn:iam::123456789012:role/R', /^arn:aws:iam::/],
    ['cn-north-1', 'arn:aws:iam::123456789012:role/R', /^arn:aws-cn:iam::/],
    ['us-gov-west-1', 'arn:aws:iam::123456789012:role/R', /^arn:aws-us-gov:iam::/],
  ])('rejects a role of another partition than region %s', (region, arn, example) => {
    expectRejected({ 'aws-region': region, 'role-to-assume': arn }, 'role-to-assume', /partition/, example);
  });
});

describe('aws-profile', () => {
  it('accepts a profile', () => {
    expect(parsePlan(raw({ 'aws-profile': 'source.account_1' }), ctx).awsProfile).toBe('source.account_1');
  });

  it('accepts the same profile from input and URL', () => {
    expect(parsePlan(raw({ repository: 'codecommit://p@svc', 'aws-profile': 'p' }), ctx).awsProfile).toBe(
      'p',
    );
  });

  it.each(['-p', 'a b', 'a/b', 'p'.repeat(65)])('rejects %p', (profile) => {
    expectRejected({ 'aws-profile': profile }, 'aws-profile', /not a profile name/, /^source-account$/);
  });

  it('rejects a profile that differs from the URL', () => {
    expectRejected(
      { repository: 'codecommit://p@svc', 'aws-profile': 'q' },
      'aws-profile',
      /differs from the profile p/,
    );
  });
});

describe('source-credentials', () => {
  it.each([
    ['', 'auto'],
    ['auto', 'auto'],
    ['runner', 'runner'],
    ['GitHub-OIDC', 'github-oidc'],
  ])('%p is %p', (text, mode) => {
    const plan = parsePlan(
      raw({ 'source-credentials': text, 'role-to-assume': 'arn:aws:iam::123456789012:role/R' }),
      ctx,
    );
    expect(plan.sourceCredentials).toBe(mode);
  });

  it('rejects an unknown source, listing the three', () => {
    expectRejected({ 'source-credentials': 'oidc' }, 'source-credentials', /auto, runner or github-oidc/);
  });

  it('rejects github-oidc together with a profile, from the input or a codecommit:// URL', () => {
    const role = 'arn:aws:iam::123456789012:role/R';
    for (const inputs of [
      { 'aws-profile': 'ci' },
      { repository: 'codecommit::eu-west-1://ci@svc' },
    ] as Partial<RawInputs>[]) {
      expectRejected(
        { ...inputs, 'source-credentials': 'github-oidc', 'role-to-assume': role },
        'source-credentials',
        /not the profile 'ci'/,
        /^runner$/,
      );
    }
  });

  it('rejects github-oidc without a role to assume', () => {
    expectRejected(
      { 'source-credentials': 'github-oidc' },
      'role-to-assume',
      /token\.actions\.githubusercontent\.com/,
    );
  });
});

describe('AWS_ENDPOINT_URL_STS', () => {
  const vpce = 'vpce-0123456789abcdef0-abcd1234.sts.eu-west-1.vpce.amazonaws.com';

  it('is the STS endpoint when sts-endpoint is empty, and the plan says where it came from', () => {
    const plan = parsePlan(raw(), { ...ctx, environmentStsEndpoint: `https://${vpce}` });
    expect(plan.sts).toEqual({ origin: `https://${vpce}`, host: vpce, hostname: vpce, custom: true });
    expect(plan.stsEndpointVariable).toBe('AWS_ENDPOINT_URL_STS');
  });

  it('gives way to sts-endpoint', () => {
    const plan = parsePlan(raw({ 'sts-endpoint': 'https://sts.eu-west-1.amazonaws.com' }), {
      ...ctx,
      environmentStsEndpoint: `https://${vpce}`,
    });
    expect(plan.sts.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(plan.stsEndpointVariable).toBeUndefined();
  });

  it.each(['https://sts.amazonaws.com', 'https://sts.us-east-1.amazonaws.com', 'http://10.0.0.1'])(
    'is held to the rules of sts-endpoint: %s is refused, naming the variable',
    (url) => {
      const error = inputErrorOf({}, { ...ctx, environmentStsEndpoint: url });
      expect(error.input).toBe('sts-endpoint');
      expect(error.problem).toMatch(/AWS_ENDPOINT_URL_STS/);
    },
  );
});

describe('role-session-name', () => {
  it.each([
    ['my session/name', 'my-session-name'],
    ['ok_+=,.@-', 'ok_+=,.@-'],
    ['héllo', 'h-llo'],
    ['😀x', '-x'],
    ['s'.repeat(80), 's'.repeat(64)],
  ])('reduces %p to %p', (given, expected) => {
    expect(parsePlan(raw({ 'role-session-name': given }), ctx).roleSessionName).toBe(expected);
  });

  it('reduces a strange run id in the default', () => {
    expect(parsePlan(raw(), { ...ctx, runId: '12 34' }).roleSessionName).toBe('codecommit-clone-12-34');
  });

  it('rejects a name shorter than 2 characters', () => {
    expectRejected(
      { 'role-session-name': 'x' },
      'role-session-name',
      /2-64 characters/,
      /^codecommit-clone-/,
    );
  });
});

describe('whole numbers', () => {
  it.each([
    ['role-duration-seconds', '900', 900],
    ['role-duration-seconds', '43200', 43200],
    ['role-duration-seconds', '03600', 3600],
    ['fetch-depth', '0', 0],
    ['fetch-depth', '2147483647', 2147483647],
    ['fetch-depth', '05', 5],
    ['network-timeout-seconds', '1', 1],
    ['network-timeout-seconds', '3600', 3600],
    ['max-attempts', '1', 1],
    ['max-attempts', '10', 10],
    ['concurrency', '1', 1],
    ['concurrency', '32', 32],
    ['concurrency', '016', 16],
  ] as const)('%s accepts %p', (input, text, value) => {
    const plan = parsePlan(raw({ [input]: text }), ctx);
    const field = {
      'role-duration-seconds': 'roleDurationSeconds',
      'fetch-depth': 'fetchDepth',
      'network-timeout-seconds': 'networkTimeoutSeconds',
      'max-attempts': 'maxAttempts',
      concurrency: 'concurrency',
    } as const;
    expect(plan[field[input]]).toBe(value);
  });

  it.each([
    ['role-duration-seconds', '899', /from 900 to 43200/],
    ['role-duration-seconds', '43201', /from 900 to 43200/],
    ['role-duration-seconds', '1h', /from 900 to 43200/],
    ['fetch-depth', '-1', /from 0 to 2147483647/],
    ['fetch-depth', '+5', /from 0 to 2147483647/],
    ['fetch-depth', '1e3', /from 0 to 2147483647/],
    ['fetch-depth', '2147483648', /from 0 to 2147483647/],
    ['fetch-depth', '99999999999999999999999', /from 0 to 2147483647/],
    ['fetch-depth', '1.0', /from 0 to 2147483647/],
    ['fetch-depth', '0x10', /from 0 to 2147483647/],
    ['fetch-depth', '1 000', /from 0 to 2147483647/],
    ['fetch-depth', '٣', /from 0 to 2147483647/],
    ['fetch-depth', 'full', /from 0 to 2147483647/],
    ['network-timeout-seconds', '0', /from 1 to 3600/],
    ['network-timeout-seconds', '3601', /from 1 to 3600/],
    ['network-timeout-seconds', 'Infinity', /from 1 to 3600/],
    ['max-attempts', '0', /from 1 to 10/],
    ['max-attempts', '11', /from 1 to 10/],
    ['max-attempts', 'forever', /from 1 to 10/],
    ['concurrency', '0', /from 1 to 32/],
    ['concurrency', '33', /from 1 to 32/],
    ['concurrency', '-1', /from 1 to 32/],
    ['concurrency', '2.5', /from 1 to 32/],
    ['concurrency', 'auto', /from 1 to 32/],
  ] as const)('%s rejects %p', (input, text, problem) => {
    expectRejected({ [input]: text }, input, problem, /^\d+/);
  });
});

describe('role-external-id', () => {
  it.each(['ab', 'urn:ext/id=1,2@x.y+z_-', 'e'.repeat(1224)])('accepts %p', (id) => {
    expect(parsePlan(raw({ 'role-external-id': id }), ctx).roleExternalId).toBe(id);
  });

  it.each(['a', 'e'.repeat(1225), 'has space', 'semi;colon', 'quote"'])('rejects %p', (id) => {
    expectRejected({ 'role-external-id': id }, 'role-external-id', /2-1224/);
  });
});

describe('sts-endpoint', () => {
  it('uses a VPC endpoint name of the region', () => {
    const host = 'vpce-0123456789abcdef0-abcd1234.sts.eu-west-1.vpce.amazonaws.com';
    expect(parsePlan(raw({ 'sts-endpoint': `https://${host}/` }), ctx).sts).toEqual({
      origin: `https://${host}`,
      host,
      hostname: host,
      custom: true,
    });
  });

  it('uses a proxy with a port', () => {
    expect(parsePlan(raw({ 'sts-endpoint': 'https://10.0.0.10:8443' }), ctx).sts.host).toBe('10.0.0.10:8443');
  });

  it('rejects the global STS name', () => {
    expectRejected(
      { 'sts-endpoint': 'https://sts.amazonaws.com' },
      'sts-endpoint',
      /no VPC endpoint serves/,
      /vpce/,
    );
  });

  it.each([
    'https://sts.us-east-1.amazonaws.com',
    'https://vpce-0123-abcd.sts.us-east-1.vpce.amazonaws.com',
    'https://sts.cn-north-1.amazonaws.com.cn',
  ])('rejects %s, which is in another region than eu-west-1', (url) => {
    expectRejected(
      { 'sts-endpoint': url },
      'sts-endpoint',
      /wrong region/,
      /^https:\/\/sts\.eu-west-1\.amazonaws\.com$/,
    );
  });

  it('rejects an STS name whose suffix does not fit its region', () => {
    expectRejected(
      { 'aws-region': 'cn-north-1', 'sts-endpoint': 'https://sts.cn-north-1.amazonaws.com' },
      'sts-endpoint',
      /amazonaws\.com\.cn/,
    );
  });

  it.each(['http://sts.eu-west-1.amazonaws.com', 'https://sts.eu-west-1.amazonaws.com/path', 'https://a@b'])(
    'rejects a malformed URL %p',
    (url) => {
      expectRejected(
        { 'sts-endpoint': url },
        'sts-endpoint',
        /./,
        /^https:\/\/sts\.eu-west-1\.amazonaws\.com/,
      );
    },
  );
});

describe('codecommit-endpoint', () => {
  const vpce = 'vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.eu-west-1.vpce.amazonaws.com';

  it('overrides the regional git host', () => {
    const plan = parsePlan(raw({ 'codecommit-endpoint': `https://${vpce}` }), ctx);
    expect(only(plan).git).toEqual({ origin: `https://${vpce}`, host: vpce, hostname: vpce, custom: true });
    expect(only(plan).cloneUrl).toBe(`https://${vpce}/v1/repos/my-service`);
  });

  it('overrides the host of a repository URL', () => {
    const plan = parsePlan(
      raw({
        repository: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/svc',
        'aws-region': '',
        'codecommit-endpoint': `https://${vpce}`,
      }),
      ctx,
    );
    expect(only(plan).cloneUrl).toBe(`https://${vpce}/v1/repos/svc`);
  });

  it('keeps a non-443 port in the clone URL', () => {
    expect(only(parsePlan(raw({ 'codecommit-endpoint': 'https://[fd00::7]:8443' }), ctx)).cloneUrl).toBe(
      'https://[fd00::7]:8443/v1/repos/my-service',
    );
  });

  it('rejects a git endpoint in another region', () => {
    expectRejected(
      { 'codecommit-endpoint': 'https://git-codecommit.us-east-1.amazonaws.com' },
      'codecommit-endpoint',
      /in region us-east-1, but the region is eu-west-1/,
      /^https:\/\/git-codecommit\.eu-west-1\.amazonaws\.com$/,
    );
  });

  it('rejects the CodeCommit API endpoint', () => {
    expectRejected(
      { 'codecommit-endpoint': 'https://codecommit.eu-west-1.amazonaws.com' },
      'codecommit-endpoint',
      /does not serve git/,
    );
  });

  it('rejects a path', () => {
    expectRejected(
      { 'codecommit-endpoint': 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x' },
      'codecommit-endpoint',
      /without a path/,
      /git-codecommit/,
    );
  });
});

describe('ref', () => {
  it.each([
    ['main', { kind: 'name', name: 'main' }],
    ['feature/x-1', { kind: 'name', name: 'feature/x-1' }],
    ['v1.2.0', { kind: 'name', name: 'v1.2.0' }],
    ['refs/heads/main', { kind: 'name', name: 'refs/heads/main' }],
    ['refs/tags/v1', { kind: 'name', name: 'refs/tags/v1' }],
    ['release@2024', { kind: 'name', name: 'release@2024' }],
    ['ünïcode', { kind: 'name', name: 'ünïcode' }],
    [
      '0123456789abcdef0123456789abcdef01234567',
      { kind: 'sha', sha: '0123456789abcdef0123456789abcdef01234567' },
    ],
    [
      '0123456789ABCDEF0123456789ABCDEF01234567',
      { kind: 'sha', sha: '0123456789abcdef0123456789abcdef01234567' },
    ],
    ['a'.repeat(64), { kind: 'sha', sha: 'a'.repeat(64) }],
    ['abc1234', { kind: 'name', name: 'abc1234' }],
    ['a'.repeat(41), { kind: 'name', name: 'a'.repeat(41) }],
  ])('reads %p', (text, expected) => {
    expect(parsePlan(raw({ ref: text }), ctx).ref).toEqual(expected);
  });

  it.each([
    ['-x', /starting with '-'/],
    ['--upload-pack=evil', /starting with '-'/],
    ['refs/heads/-x', /starting with '-'/],
    ['a..b', /'\.\.'/],
    ['a b', /space/],
    ['a~1', /~/],
    ['a^', /~/],
    ['a:b', /~/],
    ['a?', /~/],
    ['a*', /~/],
    ['a[b', /~/],
    ['a\\b', /~/],
    ['a@{1}', /'@\{'/],
    ['@', /'@'/],
    ['.hidden', /starting with '\.'/],
    ['a/.b', /starting with '\.'/],
    ['a.lock', /ending with '\.lock'/],
    ['a.lock/b', /ending with '\.lock'/],
    ['a/', /empty path component/],
    ['/a', /empty path component/],
    ['a//b', /empty path component/],
    ['a.', /ends with '\.'/],
    ['refs/pull/1/head', /outside refs\/heads\/ and refs\/tags\//],
    ['refs/heads/', /empty path component/],
  ])('rejects %p', (text, problem) => {
    expectRejected({ ref: text }, 'ref', problem, /main/);
  });
});

describe('path', () => {
  it.each([
    ['', '/home/runner/work/app/app/my-service'],
    ['out', '/home/runner/work/app/app/out'],
    ['out/', '/home/runner/work/app/app/out'],
    ['./a/b/../c', '/home/runner/work/app/app/a/c'],
    ['a//b', '/home/runner/work/app/app/a/b'],
    ['/home/runner/work/app/app/abs', '/home/runner/work/app/app/abs'],
    ['../app/inside', '/home/runner/work/app/app/inside'],
    ['my dir', '/home/runner/work/app/app/my dir'],
  ])('places %p at %p', (text, target) => {
    expect(only(parsePlan(raw({ path: text }), ctx)).targetPath).toBe(target);
  });

  it('accepts a workspace given with a trailing slash', () => {
    expect(only(parsePlan(raw({ path: 'x' }), { ...ctx, workspace: '/ws/' })).targetPath).toBe('/ws/x');
  });

  it('works with / as workspace', () => {
    expect(only(parsePlan(raw({ path: 'x' }), { ...ctx, workspace: '/' })).targetPath).toBe('/x');
  });

  it.each([
    '.',
    './',
    'a/..',
    '..',
    '../x',
    '../app2',
    '../../..',
    '/etc',
    '/home/runner/work/app/app',
    '/home/runner/work/app/app-other',
    '/home/runner/work/app/app/../app2/x',
  ])('rejects %p', (text) => {
    expectRejected(
      { path: text },
      'path',
      /not a directory inside the workspace \/home\/runner\/work\/app\/app/,
      /my-service/,
    );
  });

  it('rejects / as target when the workspace is /', () => {
    expect(inputErrorOf({ path: '/' }, { ...ctx, workspace: '/' }).input).toBe('path');
  });

  it('refuses a relative workspace as a caller error, not an input error', () => {
    expect(() => parsePlan(raw(), { ...ctx, workspace: 'relative/ws' })).toThrow(/not an absolute path/);
    expect(() => parsePlan(raw(), { ...ctx, workspace: 'relative/ws' })).not.toThrow(InputError);
  });
});

const names = (plan: Plan): string[] => plan.repositories.map((repository) => repository.name);
const targets = (plan: Plan): string[] => plan.repositories.map((repository) => repository.targetPath);

describe('several repositories', () => {
  it('reads one repository per line, in order, each with its own URL and target', () => {
    const plan = parsePlan(raw({ repository: 'alpha\nbeta\ngamma' }), ctx);
    expect(plan.repositories).toEqual(
      ['alpha', 'beta', 'gamma'].map((name) => ({
        name,
        git: {
          origin: 'https://git-codecommit.eu-west-1.amazonaws.com',
          host: 'git-codecommit.eu-west-1.amazonaws.com',
          hostname: 'git-codecommit.eu-west-1.amazonaws.com',
          custom: false,
        },
        repositoryPath: `/v1/repos/${name}`,
        cloneUrl: `https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/${name}`,
        targetPath: `/home/runner/work/app/app/${name}`,
      })),
    );
  });

  it('ignores blank lines, whitespace-only lines and # comments, and trims each line', () => {
    const text = '# services of team A\n\n  alpha  \n   \n   # beta is retired\n    gamma\n#delta\n';
    expect(names(parsePlan(raw({ repository: text }), ctx))).toEqual(['alpha', 'gamma']);
  });

  it('reads CRLF line ends', () => {
    const plan = parsePlan(raw({ repository: 'alpha\r\n# c\r\n\r\nbeta\r\n' }), ctx);
    expect(names(plan)).toEqual(['alpha', 'beta']);
  });

  it('does not take a # after a name as a comment: the line is rejected', () => {
    expectRejected({ repository: 'alpha # main service' }, 'repository', /alpha # main service/);
  });

  it('rejects a bad line among good ones, quoting it', () => {
    expectRejected({ repository: 'alpha\n-beta\ngamma' }, 'repository', /'-beta'/);
  });

  it('requires at least one repository when only comments and blank lines are given', () => {
    expectRejected(
      { repository: '# nothing yet\n\n  \n# still nothing' },
      'repository',
      /required/,
      /my-service/,
    );
  });

  it.each([
    ['alpha\nbeta\nalpha', 'alpha'],
    ['alpha\ncodecommit://alpha', 'alpha'],
    ['https://git.a.internal/v1/repos/svc\nhttps://git.b.internal/v1/repos/svc', 'svc'],
    ['codecommit::eu-west-1://p@svc\nsvc', 'svc'],
  ])('rejects a repository listed twice: %j', (text, name) => {
    expectRejected({ repository: text }, 'repository', new RegExp(`'${name}' is listed more than once`));
  });

  it('refuses names differing only in case: they would share a folder on a case-insensitive file system', () => {
    expectRejected(
      { repository: 'Svc\nsvc' },
      'repository',
      /'svc' is listed more than once .*differ only in case/,
    );
  });

  it('takes the region from the one URL that names it, for every repository', () => {
    const plan = parsePlan(
      raw({ repository: 'alpha\ncodecommit::us-east-1://beta\ngamma', 'aws-region': '' }),
      ctx,
    );
    expect(plan.region).toBe('us-east-1');
    expect(plan.sts.host).toBe('sts.us-east-1.amazonaws.com');
    expect(plan.repositories.map((r) => r.git.host)).toEqual(
      Array(3).fill('git-codecommit.us-east-1.amazonaws.com'),
    );
  });

  it('accepts several URLs that agree on the region', () => {
    const plan = parsePlan(
      raw({
        repository:
          'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/alpha\ncodecommit::us-east-1://beta',
        'aws-region': '',
      }),
      ctx,
    );
    expect(plan.region).toBe('us-east-1');
    expect(names(plan)).toEqual(['alpha', 'beta']);
  });

  it('rejects URLs naming several regions, as a repository error naming the regions', () => {
    const error = expectRejected(
      {
        repository:
          'codecommit::us-east-1://alpha\nbeta\nhttps://git-codecommit.eu-west-1.amazonaws.com/v1/repos/gamma',
        'aws-region': '',
      },
      'repository',
      /several regions \(us-east-1, eu-west-1\).*a step per region/,
    );
    expect(error.example).toMatch(/my-service/);
  });

  it('rejects several regions even when aws-region names one of them', () => {
    expectRejected(
      {
        repository: 'codecommit::us-east-1://alpha\ncodecommit::eu-west-1://beta',
        'aws-region': 'eu-west-1',
      },
      'repository',
      /several regions/,
    );
  });

  it('rejects an aws-region that differs from the one region of the URLs', () => {
    expectRejected(
      {
        repository: 'codecommit::us-east-1://alpha\ncodecommit::us-east-1://beta',
        'aws-region': 'eu-west-1',
      },
      'aws-region',
      /differs from the region us-east-1/,
      /^us-east-1$/,
    );
  });

  it('takes the profile of the codecommit:// URLs that name one', () => {
    const plan = parsePlan(raw({ repository: 'codecommit://src@alpha\nbeta\ncodecommit://src@gamma' }), ctx);
    expect(plan.awsProfile).toBe('src');
    expect(names(plan)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('rejects URLs naming several profiles, as a repository error naming them', () => {
    expectRejected(
      { repository: 'codecommit://p@alpha\ncodecommit://q@beta' },
      'repository',
      /several profiles \(p, q\)/,
      /my-service/,
    );
  });

  it('rejects an aws-profile that differs from the one profile of the URLs', () => {
    expectRejected(
      { repository: 'codecommit://p@alpha\ncodecommit://p@beta', 'aws-profile': 'q' },
      'aws-profile',
      /differs from the profile p/,
    );
  });

  it("keeps each repository URL's CodeCommit host and puts codecommit-endpoint on all of them", () => {
    const text =
      'alpha\nhttps://vpce-0a1b2c3d4e5f67890-abcd1234.git-codecommit.eu-west-1.vpce.amazonaws.com/v1/repos/beta';
    expect(parsePlan(raw({ repository: text }), ctx).repositories.map((r) => r.cloneUrl)).toEqual([
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/alpha',
      'https://vpce-0a1b2c3d4e5f67890-abcd1234.git-codecommit.eu-west-1.vpce.amazonaws.com/v1/repos/beta',
    ]);
    const vpce = 'vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.eu-west-1.vpce.amazonaws.com';
    const plan = parsePlan(raw({ repository: text, 'codecommit-endpoint': `https://${vpce}` }), ctx);
    expect(plan.repositories.map((r) => r.cloneUrl)).toEqual([
      `https://${vpce}/v1/repos/alpha`,
      `https://${vpce}/v1/repos/beta`,
    ]);
  });
});

describe('path with one or several repositories', () => {
  const WS = ctx.workspace;

  it('is the clone itself for one repository, also when comments and blank lines surround it', () => {
    expect(targets(parsePlan(raw({ repository: '# ours\n\nalpha\n', path: 'out' }), ctx))).toEqual([
      `${WS}/out`,
    ]);
  });

  it('defaults to the workspace as the parent of several repositories', () => {
    expect(targets(parsePlan(raw({ repository: 'alpha\nbeta' }), ctx))).toEqual([
      `${WS}/alpha`,
      `${WS}/beta`,
    ]);
  });

  it.each([
    ['deps', `${WS}/deps`],
    ['deps/', `${WS}/deps`],
    ['./a/../deps', `${WS}/deps`],
    [`${WS}/deps/nested`, `${WS}/deps/nested`],
    ['.', WS],
    ['./', WS],
    ['a/..', WS],
    [WS, WS],
    [`${WS}/`, WS],
    ['../app', WS],
  ])('takes %p as the parent folder of several repositories (%s)', (text, parent) => {
    expect(targets(parsePlan(raw({ repository: 'alpha\nbeta', path: text }), ctx))).toEqual([
      `${parent}/alpha`,
      `${parent}/beta`,
    ]);
  });

  it.each(['.', './', 'a/..', WS])(
    'still refuses %p, the workspace itself, as the clone of one repository',
    (text) => {
      expectRejected(
        { repository: 'alpha\n# beta', path: text },
        'path',
        /not a directory inside the workspace/,
      );
    },
  );

  it.each(['..', '../x', '../app2', '/etc', '/', `${WS}-other`, `${WS}/../app2/x`, '../../..'])(
    'rejects %p as the parent of several repositories',
    (text) => {
      expectRejected(
        { repository: 'alpha\nbeta', path: text },
        'path',
        new RegExp(`not a directory inside the workspace ${WS}`),
        /my-service/,
      );
    },
  );

  it('places several repositories at /<name> when the workspace is /', () => {
    expect(targets(parsePlan(raw({ repository: 'alpha\nbeta' }), { ...ctx, workspace: '/' }))).toEqual([
      '/alpha',
      '/beta',
    ]);
  });
});

describe('filter', () => {
  it.each([
    'blob:none',
    'blob:limit=1m',
    'blob:limit=100',
    'blob:limit=512k',
    'blob:limit=2g',
    'tree:0',
    'tree:3',
    'object:type=blob',
    'object:type=tree',
    'object:type=commit',
    'object:type=tag',
  ])('accepts %p', (filter) => {
    expect(parsePlan(raw({ filter }), ctx).filter).toBe(filter);
  });

  it.each([
    '-blob:none',
    '--upload-pack=touch /tmp/x',
    'blob:none --upload-pack=x',
    'blob: none',
    'blob:none tree:0',
    'BLOB:NONE',
    'blob:limit=',
    'blob:limit=-1',
    'blob:limit=1t',
    'blob:limit=1mb',
    'tree:',
    'tree:-1',
    'object:type=blobs',
    'object:type=',
    'combine:blob:none+tree:0',
    'sparse:oid=main:.sparse',
    'none',
  ])('rejects %p', (filter) => {
    expectRejected({ filter }, 'filter', /is not a partial-clone filter/, /^blob:none$/);
  });
});

describe('sparse-checkout', () => {
  it('is empty by default', () => {
    expect(parsePlan(raw(), ctx).sparseCheckout).toEqual([]);
  });

  it('reads one directory per line, trimmed, without blank lines, comments or trailing slashes', () => {
    const text = '# what the build needs\nsrc/\n\n  docs/guide  \r\nlib//\n  # not this\nmy dir\nv1..2';
    expect(parsePlan(raw({ 'sparse-checkout': text }), ctx).sparseCheckout).toEqual([
      'src',
      'docs/guide',
      'lib',
      'my dir',
      'v1..2',
    ]);
  });

  it.each([
    '..',
    '../sibling',
    'src/..',
    'src/../..',
    '/etc',
    '/',
    '//src',
    '-x',
    '--stdin',
    './src',
    'src/./lib',
    'src//lib',
    '*',
    'src/*',
    'src/**/lib',
    'lib?',
    'lib[0-9]',
    'a\\b',
    '!src',
  ])('rejects %p', (directory) => {
    expectRejected(
      { 'sparse-checkout': `src\n${directory}\ndocs` },
      'sparse-checkout',
      /not a directory of the repository for a cone-mode sparse checkout/,
      /^src\/\ndocs\/$/,
    );
  });

  it.each(['src\na\u0001b', 'src\u0000', 'a\tb', 'src\u2029docs'])(
    'rejects the control characters in %j',
    (text) => {
      expectRejected({ 'sparse-checkout': text }, 'sparse-checkout', /control characters/);
    },
  );
});

describe('parsePlan properties', () => {
  const valid = raw();
  const mutatedInputs = fc
    .array(
      fc.tuple(
        fc.constantFrom(...INPUT_NAMES),
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.constantFrom('0', '1', '900', '-1', '..', '/', 'https://', 'codecommit::eu-west-1://x'),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => ({ ...valid, ...Object.fromEntries(pairs) }) as RawInputs);

  it('throws nothing but InputError for any inputs, and accepts a share of them', () => {
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(mutatedInputs, fc.string(), (inputs, runId) => {
        try {
          parsePlan(inputs, { ...ctx, runId });
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          outcomes.refused();
          return;
        }
        outcomes.accepted();
      }),
      { numRuns: 3000 },
    );
    outcomes.expectBoth(0.02);
  });

  const refLike = fc.oneof(
    fc.string(),
    fc.stringMatching(/^[-./@{a-z]{1,12}$/),
    fc
      .array(fc.constantFrom('refs', 'heads', 'tags', '-', '.', '..', '-x', 'a', '.lock', '@', '{'), {
        maxLength: 5,
      })
      .map((parts) => parts.join('/')),
  );

  it('never accepts a ref that starts with - (in any component)', () => {
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(refLike, (ref) => {
        let plan: Plan;
        try {
          plan = parsePlan({ ...valid, ref }, ctx);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          outcomes.refused();
          return;
        }
        // An empty ref (the default branch) is accepted by any parser: it does not count.
        if (ref.trim() !== '') outcomes.accepted();
        if (plan.ref.kind === 'name') {
          expect(plan.ref.name.startsWith('-')).toBe(false);
          expect(plan.ref.name.split('/').some((c) => c.startsWith('-') || c === '')).toBe(false);
          expect(plan.ref.name).not.toMatch(/\.\.|@\{|[\s~^:?*[\\]/);
        }
        if (plan.ref.kind === 'sha') expect(plan.ref.sha).toMatch(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
      }),
      { numRuns: 3000 },
    );
    outcomes.expectBoth(0.02);
  });

  const pathLike = fc.oneof(
    fc.string(),
    fc
      .array(fc.constantFrom('..', '.', 'a', '', 'app', 'work', '/', '/home/runner/work/app/app'), {
        maxLength: 8,
      })
      .map((parts) => parts.join('/')),
  );

  it('keeps every accepted path strictly inside the workspace', () => {
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(pathLike, (path) => {
        let plan: Plan;
        try {
          plan = parsePlan({ ...valid, path }, ctx);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          outcomes.refused();
          return;
        }
        if (path.trim() !== '') outcomes.accepted();
        const { targetPath } = only(plan);
        expect(targetPath.startsWith(`${ctx.workspace}/`)).toBe(true);
        expect(targetPath.length).toBeGreaterThan(ctx.workspace.length + 1);
        expect(targetPath.split('/')).not.toContain('..');
      }),
      { numRuns: 3000 },
    );
    outcomes.expectBoth(0.02);
  });

  const repositoryLine = fc.oneof(
    fc.constantFrom(
      'alpha',
      'beta',
      'Alpha',
      '# a comment',
      '',
      '   ',
      'codecommit://p@alpha',
      'codecommit://q@beta',
      'codecommit::us-east-1://gamma',
      'codecommit::eu-west-1://delta',
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/epsilon',
      'https://git.proxy.internal:8443/v1/repos/zeta',
      '-alpha',
      '..',
      'a b',
    ),
    fc.stringMatching(/^[A-Za-z0-9._-]{1,8}$/),
    fc.string({ maxLength: 12 }),
  );
  const repositoryList = fc
    .tuple(fc.array(repositoryLine, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
    .map(([lines, eol]) => lines.join(eol));

  it('throws nothing but InputError for any list of repositories, path and region', () => {
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(
        repositoryList,
        pathLike,
        fc.constantFrom('', 'eu-west-1', 'us-east-1'),
        fc.constantFrom('', 'p', 'q'),
        (repository, path, region, profile) => {
          let plan: Plan;
          try {
            plan = parsePlan(
              { ...valid, repository, path, 'aws-region': region, 'aws-profile': profile },
              ctx,
            );
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            outcomes.refused();
            return;
          }
          outcomes.accepted();
          const listed = plan.repositories.map((r) => r.name);
          expect(listed.length + plan.repositoryPatterns.length).toBeGreaterThan(0);
          expect(new Set(listed).size).toBe(listed.length);
          expect(new Set(targets(plan)).size).toBe(listed.length);
          for (const target of targets(plan)) {
            expect(target.startsWith(`${ctx.workspace}/`)).toBe(true);
            expect(target.split('/')).not.toContain('..');
          }
          if (plan.repositories.length > 1 || plan.repositoryPatterns.length > 0) {
            for (const r of plan.repositories) {
              expect(posixBasename(r.targetPath)).toBe(r.name);
              const parent = posixDirname(r.targetPath);
              expect(parent === ctx.workspace || parent.startsWith(`${ctx.workspace}/`)).toBe(true);
            }
            // One folder holds them all (none yet when only patterns were given).
            expect(new Set(plan.repositories.map((r) => posixDirname(r.targetPath))).size).toBe(
              Math.min(1, plan.repositories.length),
            );
          }
          for (const r of plan.repositories) {
            expect(r.cloneUrl).toBe(`${r.git.origin}/v1/repos/${r.name}`);
            // Without codecommit-endpoint, only a CodeCommit git host of the step's region is ever planned.
            expect(regionOfServiceHostname('git-codecommit', r.git.hostname)).toEqual({
              region: plan.region,
            });
          }
        },
      ),
      { numRuns: 3000 },
    );
    outcomes.expectBoth(0.02);
  });

  const sparseLine = fc.oneof(
    fc
      .array(
        fc.constantFrom('src', 'a', '-', '-x', '.', '..', '', '*', '?', '[', '\\', '!', ' ', '#', 'v1..2'),
        {
          maxLength: 4,
        },
      )
      .map((parts) => parts.join('/')),
    fc.string({ maxLength: 10 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );

  it('only ever accepts sparse-checkout directories that are relative, plain and not options', () => {
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(fc.array(sparseLine, { maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        let plan: Plan;
        try {
          plan = parsePlan({ ...valid, 'sparse-checkout': lines.join(eol) }, ctx);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).input).toBe('sparse-checkout');
          outcomes.refused();
          return;
        }
        if (plan.sparseCheckout.length > 0) outcomes.accepted();
        for (const directory of plan.sparseCheckout) {
          expect(directory.startsWith('-')).toBe(false);
          expect(directory.startsWith('/')).toBe(false);
          expect(directory.endsWith('/')).toBe(false);
          expect(directory.startsWith('#')).toBe(false);
          expect(directory).toBe(directory.trimStart());
          expect(directory.trim()).not.toBe('');
          expect(directory.split('/')).not.toContain('..');
          expect(directory.split('/')).not.toContain('.');
          expect(directory.split('/')).not.toContain('');
          expect(directory).not.toMatch(/[*?[\\!]/);
          // eslint-disable-next-line no-control-regex
          expect(directory).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        }
      }),
      { numRuns: 3000 },
    );
    outcomes.expectBoth(0.02);
  });

  it('only ever accepts a filter of the known forms, never an option', () => {
    const filterLike = fc.oneof(
      fc.string(),
      fc.constantFrom('blob:none', 'blob:limit=1m', 'blob:limit=42', 'tree:0', 'tree:3', 'object:type=blob'),
      fc
        .tuple(
          fc.constantFrom('', '-', '--', ' '),
          fc.constantFrom('blob', 'tree', 'object', 'sparse', 'combine'),
          fc.constantFrom(':', '=', ''),
          fc.constantFrom('none', 'limit=', 'type=', '0', '-1', 'blob', ''),
          fc.constantFrom('', '1', '1m', '1k', '1G', 'x', ' ', '+tree:0'),
        )
        .map((parts) => parts.join('')),
    );
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(filterLike, (filter) => {
        let plan: Plan;
        try {
          plan = parsePlan({ ...valid, filter }, ctx);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).input).toBe('filter');
          outcomes.refused();
          return;
        }
        if (plan.filter === undefined) {
          expect(filter.trim()).toBe('');
          return;
        }
        outcomes.accepted();
        expect(plan.filter).toMatch(
          /^(blob:none|blob:limit=\d+[kmg]?|tree:\d+|object:type=(blob|tree|commit|tag))$/,
        );
      }),
      { numRuns: 3000 },
    );
    outcomes.expectBoth(0.02);
  });

  it('always derives cloneUrl from the git origin and the repository path', () => {
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(mutatedInputs, (inputs) => {
        let plan: Plan;
        try {
          plan = parsePlan(inputs, ctx);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          outcomes.refused();
          return;
        }
        outcomes.accepted();
        expect(plan.repositories.length + plan.repositoryPatterns.length).toBeGreaterThan(0);
        for (const repository of plan.repositories) {
          expect(repository.repositoryPath).toBe(`/v1/repos/${repository.name}`);
          expect(repository.cloneUrl).toBe(`${repository.git.origin}${repository.repositoryPath}`);
        }
        expect(plan.sts.hostname).not.toMatch(/^sts(-fips)?\.amazonaws\.com(\.cn)?$/);
        expect(plan.roleSessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
      }),
      { numRuns: 2000 },
    );
    outcomes.expectBoth(0.02);
  });
});

describe('role chains, OIDC audience, FIPS and persist-credentials', () => {
  it('reads one role per line, in order, each checked against the region partition', () => {
    const plan = parsePlan(
      raw({
        'role-to-assume':
          'arn:aws:iam::333333333333:role/Hop\n# then the reader\narn:aws:iam::111111111111:role/Reader',
      }),
      ctx,
    );
    expect(plan.roleChain).toEqual([
      'arn:aws:iam::333333333333:role/Hop',
      'arn:aws:iam::111111111111:role/Reader',
    ]);
    expectRejected(
      { 'role-to-assume': 'arn:aws:iam::333333333333:role/Hop\narn:aws-cn:iam::111111111111:role/Reader' },
      'role-to-assume',
      /partition aws-cn/,
    );
  });

  it('defaults the audience to sts.amazonaws.com and refuses spaces in it', () => {
    expect(parsePlan(raw(), ctx).audience).toBe('sts.amazonaws.com');
    expect(parsePlan(raw({ audience: 'my-audience' }), ctx).audience).toBe('my-audience');
    expectRejected({ audience: 'two words' }, 'audience', /printable/);
  });

  it('use-fips selects the FIPS hosts of STS and git, and refuses a region without them', () => {
    const plan = parsePlan(raw({ 'aws-region': 'us-east-1', 'use-fips': 'true' }), ctx);
    expect(plan.sts.host).toBe('sts-fips.us-east-1.amazonaws.com');
    expect(plan.repositories[0]?.git.host).toBe('git-codecommit-fips.us-east-1.amazonaws.com');
    expect(plan.repositories[0]?.cloneUrl).toBe(
      'https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/my-service',
    );
    const gov = parsePlan(raw({ 'aws-region': 'us-gov-west-1', 'use-fips': 'TRUE' }), ctx);
    expect(gov.sts.host).toBe('sts-fips.us-gov-west-1.amazonaws.com');
    expectRejected({ 'aws-region': 'eu-west-1', 'use-fips': 'true' }, 'use-fips', /no FIPS endpoints/);
    expectRejected({ 'use-fips': 'yes' }, 'use-fips', /not a boolean/);
  });

  it('explicit endpoints override use-fips', () => {
    const plan = parsePlan(
      raw({
        'aws-region': 'eu-west-1',
        'use-fips': 'true',
        'sts-endpoint': 'https://vpce-0a1b2c3d4e5f67890-abcd1234.sts.eu-west-1.vpce.amazonaws.com',
        'codecommit-endpoint':
          'https://vpce-0a1b2c3d4e5f67890-efgh5678.git-codecommit.eu-west-1.vpce.amazonaws.com',
      }),
      ctx,
    );
    expect(plan.sts.hostname).toMatch(/^vpce-/);
  });

  it('china and govcloud regions use their partition hosts', () => {
    const china = parsePlan(
      raw({ 'aws-region': 'cn-north-1', 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/R' }),
      ctx,
    );
    expect([china.sts.host, china.repositories[0]?.git.host]).toEqual([
      'sts.cn-north-1.amazonaws.com.cn',
      'git-codecommit.cn-north-1.amazonaws.com.cn',
    ]);
    const gov = parsePlan(raw({ 'aws-region': 'us-gov-west-1' }), ctx);
    expect(gov.partition).toBe('aws-us-gov');
    expect(gov.sts.host).toBe('sts.us-gov-west-1.amazonaws.com');
  });

  it('persist-credentials is a boolean, false by default', () => {
    expect(parsePlan(raw(), ctx).persistCredentials).toBe(false);
    expect(parsePlan(raw({ 'persist-credentials': 'true' }), ctx).persistCredentials).toBe(true);
    expectRejected({ 'persist-credentials': '1' }, 'persist-credentials', /not a boolean/);
  });

  it('clean is a boolean, true when absent (the CLI passes no default)', () => {
    expect(parsePlan(raw(), ctx).clean).toBe(true);
    expect(parsePlan(raw({ clean: 'False' }), ctx).clean).toBe(false);
    expect(parsePlan(raw({ clean: 'true' }), ctx).clean).toBe(true);
    expectRejected({ clean: 'no' }, 'clean', /not a boolean/, /true or false/);
  });

  it('submodules is false (none, the default), true (the top level) or recursive, in any case', () => {
    expect(parsePlan(raw(), ctx).submodules).toBe('none');
    expect(parsePlan(raw({ submodules: 'FALSE' }), ctx).submodules).toBe('none');
    expect(parsePlan(raw({ submodules: 'True' }), ctx).submodules).toBe('top-level');
    expect(parsePlan(raw({ submodules: ' recursive ' }), ctx).submodules).toBe('recursive');
    for (const text of ['yes', '1', 'recurse', '--recursive'])
      expectRejected({ submodules: text }, 'submodules', /is not false, true .* or recursive/, /true/);
  });
});

describe('mode', () => {
  it('is clone by default and list when asked, in any case', () => {
    expect(parsePlan(raw(), ctx).mode).toBe('clone');
    expect(parsePlan(raw({ mode: 'clone' }), ctx).mode).toBe('clone');
    expect(parsePlan(raw({ mode: 'list' }), ctx).mode).toBe('list');
    expect(parsePlan(raw({ mode: 'List' }), ctx).mode).toBe('list');
  });

  it('is diagnose when asked, whatever the other inputs say about a clone', () => {
    expect(parsePlan(raw({ mode: 'diagnose' }), ctx).mode).toBe('diagnose');
    expect(parsePlan(raw({ mode: 'Diagnose', 'fetch-depth': '0', clean: 'false' }), ctx).mode).toBe(
      'diagnose',
    );
  });

  it('refuses another value, naming the input and the values', () => {
    expectRejected(
      { mode: 'copy' },
      'mode',
      /'copy' is not a mode: clone, list, diagnose/,
      /clone, list or diagnose/,
    );
  });

  it('refuses persist-credentials with mode list, which clones nothing', () => {
    expectRejected({ mode: 'list', 'persist-credentials': 'true' }, 'persist-credentials', /clones nothing/);
  });
});

describe('codecommit-api-endpoint', () => {
  it('defaults to the regional CodeCommit API name, FIPS with use-fips', () => {
    expect(parsePlan(raw(), ctx).codecommitApi).toEqual({
      origin: 'https://codecommit.eu-west-1.amazonaws.com',
      host: 'codecommit.eu-west-1.amazonaws.com',
      hostname: 'codecommit.eu-west-1.amazonaws.com',
      custom: false,
    });
    const fips = parsePlan(raw({ 'aws-region': 'us-east-1', 'use-fips': 'true', repository: 'team-*' }), ctx);
    expect(fips.codecommitApi.host).toBe('codecommit-fips.us-east-1.amazonaws.com');
    const china = parsePlan(raw({ 'aws-region': 'cn-north-1' }), ctx);
    expect(china.codecommitApi.host).toBe('codecommit.cn-north-1.amazonaws.com.cn');
  });

  it('takes the vpce name of the interface endpoint com.amazonaws.<region>.codecommit', () => {
    const vpce = 'vpce-0a1b2c3d4e5f67890-api00001.codecommit.eu-west-1.vpce.amazonaws.com';
    const plan = parsePlan(raw({ 'codecommit-api-endpoint': `https://${vpce}/`, repository: 'team-*' }), ctx);
    expect(plan.codecommitApi).toEqual({
      origin: `https://${vpce}`,
      host: vpce,
      hostname: vpce,
      custom: true,
    });
  });

  it.each([
    [
      'https://git-codecommit.eu-west-1.amazonaws.com',
      /the git endpoint \(git-codecommit\).*ListRepositories/,
    ],
    ['https://vpce-0123-abcd.git-codecommit.eu-west-1.vpce.amazonaws.com', /the git endpoint/],
    ['https://sts.eu-west-1.amazonaws.com', /an STS endpoint/],
    ['https://codecommit.us-east-1.amazonaws.com', /in region us-east-1, but the region is eu-west-1/],
    ['https://codecommit.eu-west-1.amazonaws.com/v1', /without a path/],
    ['http://codecommit.eu-west-1.amazonaws.com', /only https/],
  ])('refuses %s', (url, problem) => {
    expectRejected(
      { 'codecommit-api-endpoint': url },
      'codecommit-api-endpoint',
      problem,
      /codecommit\.eu-west-1\.amazonaws\.com/,
    );
  });

  it('is no reason to refuse use-fips in a region without FIPS endpoints when no pattern needs it', () => {
    const plan = parsePlan(
      raw({
        'use-fips': 'true',
        'sts-endpoint': 'https://sts.eu-west-1.amazonaws.com',
        'codecommit-endpoint': 'https://git-codecommit.eu-west-1.amazonaws.com',
      }),
      ctx,
    );
    expect(plan.repositoryPatterns).toEqual([]);
    expectRejected(
      {
        repository: 'team-*',
        'use-fips': 'true',
        'sts-endpoint': 'https://sts.eu-west-1.amazonaws.com',
        'codecommit-endpoint': 'https://git-codecommit.eu-west-1.amazonaws.com',
      },
      'use-fips',
      /no FIPS endpoints.*codecommit-api-endpoint/,
    );
  });
});

describe('repository patterns in the plan', () => {
  const lines = ['zeta', 'team-*', 'team-b', 'svc-?'].join('\n');
  const listed = ['team-b', 'svc-1', 'team-a', 'other', 'svc-22'];

  it('before listing: the patterns apart, the name lines as repositories, in <path>/<name>', () => {
    const plan = parsePlan(raw({ repository: 'team-*\nzeta', path: 'deps' }), ctx);
    expect(plan.repositoryPatterns).toEqual(['team-*']);
    expect(plan.repositories.map((r) => [r.name, r.targetPath])).toEqual([
      ['zeta', '/home/runner/work/app/app/deps/zeta'],
    ]);
  });

  it('after listing: line order, sorted matches, duplicates once, each in <path>/<name>', () => {
    const plan = expandRepositoryPatterns(parsePlan(raw({ repository: lines, path: 'deps' }), ctx), listed);
    expect(plan.repositories.map((r) => r.name)).toEqual(['zeta', 'team-a', 'team-b', 'svc-1']);
    for (const repository of plan.repositories) {
      expect(repository.targetPath).toBe(`/home/runner/work/app/app/deps/${repository.name}`);
      expect(repository.cloneUrl).toBe(
        `https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/${repository.name}`,
      );
    }
  });

  it('a pattern matching one repository still clones into <path>/<name>, not into <path>', () => {
    const plan = expandRepositoryPatterns(parsePlan(raw({ repository: 'svc-?', path: 'deps' }), ctx), listed);
    expect(plan.repositories.map((r) => r.targetPath)).toEqual(['/home/runner/work/app/app/deps/svc-1']);
  });

  it('keeps the host of a name line given as a URL, and gives matches the step’s git endpoint', () => {
    const vpce = 'vpce-0123-abcd.git-codecommit.eu-west-1.vpce.amazonaws.com';
    const plan = expandRepositoryPatterns(
      parsePlan(
        raw({
          repository: `https://${vpce}/v1/repos/team-b\nteam-*`,
          'codecommit-endpoint': `https://${vpce}`,
        }),
        ctx,
      ),
      listed,
    );
    expect(plan.repositories.map((r) => [r.name, r.git.host])).toEqual([
      ['team-b', vpce],
      ['team-a', vpce],
    ]);
  });

  it('a pattern matching nothing is an error naming it and how many could be listed', () => {
    // Before listing a pattern is just a pattern.
    expect(parsePlan(raw({ repository: 'Team-*' }), ctx).repositoryPatterns).toEqual(['Team-*']);
    let error: unknown;
    try {
      expandRepositoryPatterns(parsePlan(raw({ repository: 'team-*\nTeam-*\nnone-?' }), ctx), listed);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    const refused = error as InputError;
    expect(refused.input).toBe('repository');
    expect(refused.problem).toMatch(
      /^the pattern 'Team-\*' matches none of the 5 repositories the credentials may list in eu-west-1 \(nor do 'none-\?'\); patterns are case-sensitive/,
    );
    expect(refused.example).toMatch(/team-\*/);
  });

  it('refuses matches that differ only in case from another repository (one folder)', () => {
    expect(() =>
      expandRepositoryPatterns(parsePlan(raw({ repository: 'Svc-1\nsvc-?' }), ctx), listed),
    ).toThrow(/'svc-1' is listed more than once/);
  });

  it('refuses a pattern that is not made of name characters, naming the forms', () => {
    expectRejected({ repository: 'codecommit://team-*' }, 'repository', /not a repository pattern.*not URLs/);
    expectRejected({ repository: 'my-service\n-x*' }, 'repository', /can match no repository/);
  });

  it('lets the same pattern be given twice', () => {
    const plan = expandRepositoryPatterns(parsePlan(raw({ repository: 'team-*\nteam-*' }), ctx), listed);
    expect(plan.repositoryPatterns).toEqual(['team-*']);
    expect(plan.repositories.map((r) => r.name)).toEqual(['team-a', 'team-b']);
  });
});
