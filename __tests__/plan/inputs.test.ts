import fc from 'fast-check';

import { parsePlan } from '../../src/plan/inputs.js';
import { INPUT_NAMES, InputError, type InputName, type Plan, type RawInputs } from '../../src/plan/plan.js';

const ctx = { workspace: '/home/runner/work/app/app', runId: '9876543210' };

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
      repositoryName: 'my-service',
      region: 'eu-west-1',
      partition: 'aws',
      roleSessionName: 'codecommit-clone-9876543210',
      roleDurationSeconds: 3600,
      sts: {
        origin: 'https://sts.eu-west-1.amazonaws.com',
        host: 'sts.eu-west-1.amazonaws.com',
        hostname: 'sts.eu-west-1.amazonaws.com',
        custom: false,
      },
      git: {
        origin: 'https://git-codecommit.eu-west-1.amazonaws.com',
        host: 'git-codecommit.eu-west-1.amazonaws.com',
        hostname: 'git-codecommit.eu-west-1.amazonaws.com',
        custom: false,
      },
      repositoryPath: '/v1/repos/my-service',
      cloneUrl: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service',
      ref: { kind: 'default' },
      targetPath: '/home/runner/work/app/app/my-service',
      fetchDepth: 1,
      networkTimeoutSeconds: 30,
      maxAttempts: 3,
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
      }),
      ctx,
    );
    expect(plan).toMatchObject({
      repositoryName: 'my-service',
      roleToAssume: 'arn:aws:iam::123456789012:role/SwitchRole',
      awsProfile: 'src',
      roleSessionName: 's1',
      roleDurationSeconds: 900,
      roleExternalId: 'ext-id',
      ref: { kind: 'name', name: 'main' },
      targetPath: '/home/runner/work/app/app/out',
      fetchDepth: 5,
      networkTimeoutSeconds: 60,
    });
  });

  it('uses codecommit-clone as session name without a run id', () => {
    expect(parsePlan(raw(), { ...ctx, runId: '' }).roleSessionName).toBe('codecommit-clone');
  });

  it('leaves optional fields out when not given', () => {
    const plan = parsePlan(raw(), ctx);
    expect(plan).not.toHaveProperty('roleToAssume');
    expect(plan).not.toHaveProperty('awsProfile');
    expect(plan).not.toHaveProperty('roleExternalId');
  });
});

describe('single-line inputs', () => {
  it.each(INPUT_NAMES.map((name) => [name]))('rejects a newline or control character inside %s', (name) => {
    for (const bad of ['a\nb', 'a\rb', 'a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b']) {
      const error = inputErrorOf({ [name]: bad });
      expect(error.input).toBe(name);
      expect(error.problem).toContain('single line');
      expect(error.example.length).toBeGreaterThan(0);
    }
  });

  it('accepts a trailing newline, which trimming removes', () => {
    expect(parsePlan(raw({ repository: 'my-service\n' }), ctx).repositoryName).toBe('my-service');
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
      git: { host: 'git-codecommit.ap-south-1.amazonaws.com', custom: true },
      sts: { host: 'sts.ap-south-1.amazonaws.com', custom: false },
      cloneUrl: 'https://git-codecommit.ap-south-1.amazonaws.com/v1/repos/svc',
    });
  });

  it('reads the region from codecommit::<region>://', () => {
    const plan = parsePlan(raw({ repository: 'codecommit::us-gov-west-1://p@svc', 'aws-region': '' }), ctx);
    expect(plan).toMatchObject({
      region: 'us-gov-west-1',
      partition: 'aws-us-gov',
      awsProfile: 'p',
      sts: { host: 'sts.us-gov-west-1.amazonaws.com', custom: false },
      git: { host: 'git-codecommit.us-gov-west-1.amazonaws.com', custom: false },
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
    expect(plan.git.host).toBe(git);
    expect(plan.cloneUrl).toBe(`https://${git}/v1/repos/my-service`);
  });

  it('accepts a region that agrees with the URL', () => {
    const plan = parsePlan(
      raw({
        repository: 'https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/svc',
        'aws-region': 'us-east-1',
      }),
      ctx,
    );
    expect(plan.git.host).toBe('git-codecommit-fips.us-east-1.amazonaws.com');
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

  it('keeps a custom git host and port from the URL', () => {
    const plan = parsePlan(raw({ repository: 'https://git.proxy.internal:8443/v1/repos/svc/' }), ctx);
    expect(plan.git).toEqual({
      origin: 'https://git.proxy.internal:8443',
      host: 'git.proxy.internal:8443',
      hostname: 'git.proxy.internal',
      custom: true,
    });
    expect(plan.cloneUrl).toBe('https://git.proxy.internal:8443/v1/repos/svc');
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
    expect(parsePlan(raw({ 'aws-region': region, 'role-to-assume': arn }), ctx).roleToAssume).toBe(arn);
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
  ] as const)('%s accepts %p', (input, text, value) => {
    const plan = parsePlan(raw({ [input]: text }), ctx);
    const field = {
      'role-duration-seconds': 'roleDurationSeconds',
      'fetch-depth': 'fetchDepth',
      'network-timeout-seconds': 'networkTimeoutSeconds',
      'max-attempts': 'maxAttempts',
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
    expect(plan.git).toEqual({ origin: `https://${vpce}`, host: vpce, hostname: vpce, custom: true });
    expect(plan.cloneUrl).toBe(`https://${vpce}/v1/repos/my-service`);
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
    expect(plan.cloneUrl).toBe(`https://${vpce}/v1/repos/svc`);
  });

  it('keeps a non-443 port in the clone URL', () => {
    expect(parsePlan(raw({ 'codecommit-endpoint': 'https://[fd00::7]:8443' }), ctx).cloneUrl).toBe(
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
    expect(parsePlan(raw({ path: text }), ctx).targetPath).toBe(target);
  });

  it('accepts a workspace given with a trailing slash', () => {
    expect(parsePlan(raw({ path: 'x' }), { ...ctx, workspace: '/ws/' }).targetPath).toBe('/ws/x');
  });

  it('works with / as workspace', () => {
    expect(parsePlan(raw({ path: 'x' }), { ...ctx, workspace: '/' }).targetPath).toBe('/x');
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
    expect(() => parsePlan(raw(), { ...ctx, workspace: 'relative/ws' })).toThrow(
      /not an absolute POSIX path/,
    );
    expect(() => parsePlan(raw(), { ...ctx, workspace: 'relative/ws' })).not.toThrow(InputError);
  });
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

  it('throws nothing but InputError for any inputs', () => {
    fc.assert(
      fc.property(mutatedInputs, fc.string(), (inputs, runId) => {
        try {
          parsePlan(inputs, { ...ctx, runId });
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 3000 },
    );
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
    fc.assert(
      fc.property(refLike, (ref) => {
        let plan: Plan;
        try {
          plan = parsePlan({ ...valid, ref }, ctx);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        if (plan.ref.kind === 'name') {
          expect(plan.ref.name.startsWith('-')).toBe(false);
          expect(plan.ref.name.split('/').some((c) => c.startsWith('-') || c === '')).toBe(false);
          expect(plan.ref.name).not.toMatch(/\.\.|@\{|[\s~^:?*[\\]/);
        }
        if (plan.ref.kind === 'sha') expect(plan.ref.sha).toMatch(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
      }),
      { numRuns: 3000 },
    );
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
    fc.assert(
      fc.property(pathLike, (path) => {
        let plan: Plan;
        try {
          plan = parsePlan({ ...valid, path }, ctx);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          return;
        }
        expect(plan.targetPath.startsWith(`${ctx.workspace}/`)).toBe(true);
        expect(plan.targetPath.length).toBeGreaterThan(ctx.workspace.length + 1);
        expect(plan.targetPath.split('/')).not.toContain('..');
      }),
      { numRuns: 3000 },
    );
  });

  it('always derives cloneUrl from the git origin and the repository path', () => {
    fc.assert(
      fc.property(mutatedInputs, (inputs) => {
        let plan: Plan;
        try {
          plan = parsePlan(inputs, ctx);
        } catch {
          return;
        }
        expect(plan.repositoryPath).toBe(`/v1/repos/${plan.repositoryName}`);
        expect(plan.cloneUrl).toBe(`${plan.git.origin}${plan.repositoryPath}`);
        expect(plan.sts.hostname).not.toMatch(/^sts(-fips)?\.amazonaws\.com(\.cn)?$/);
        expect(plan.roleSessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
      }),
      { numRuns: 2000 },
    );
  });
});
