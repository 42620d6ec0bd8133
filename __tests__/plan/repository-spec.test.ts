import fc from 'fast-check';

import { InputError } from '../../src/plan/plan.js';
import {
  isValidProfileName,
  isValidRepositoryName,
  parseRepositorySpec,
  type RepositorySpec,
} from '../../src/plan/repository-spec.js';
import { propertyOutcomes } from '../property-outcomes.js';

function inputErrorOf(text: string): InputError {
  try {
    parseRepositorySpec(text);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`expected an InputError for ${JSON.stringify(text)}`);
}

describe('isValidRepositoryName', () => {
  it.each(['my-service', 'a', 'A_b.c-9', '_private', 'x'.repeat(100), 'name.gitx', 'my.git.repo', '9lives'])(
    'accepts %p',
    (name) => {
      expect(isValidRepositoryName(name)).toBe(true);
    },
  );

  it.each([
    '',
    'x'.repeat(101),
    '-leading-dash',
    '.hidden',
    'repo.git',
    'repo.GIT',
    'repo.Git',
    'a..b',
    'with space',
    'slash/inside',
    'percent%2D',
    'colon:name',
    'ünicode',
  ])('rejects %p', (name) => {
    expect(isValidRepositoryName(name)).toBe(false);
  });
});

describe('isValidProfileName', () => {
  it.each(['default', 'source-account', 'a.b_c', '_x', '.x', 'p'.repeat(64)])('accepts %p', (name) => {
    expect(isValidProfileName(name)).toBe(true);
  });

  it.each(['', '-x', 'p'.repeat(65), 'a b', 'a/b', 'a@b', 'a:b'])('rejects %p', (name) => {
    expect(isValidProfileName(name)).toBe(false);
  });
});

describe('parseRepositorySpec accepts', () => {
  it.each<[string, RepositorySpec]>([
    ['my-service', { name: 'my-service' }],
    ['My_Service.v2', { name: 'My_Service.v2' }],
    [
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service',
      { name: 'my-service', region: 'eu-west-1', gitHost: 'git-codecommit.eu-west-1.amazonaws.com' },
    ],
    [
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service/',
      { name: 'my-service', region: 'eu-west-1', gitHost: 'git-codecommit.eu-west-1.amazonaws.com' },
    ],
    [
      'HTTPS://Git-CodeCommit.EU-WEST-1.amazonaws.com/v1/repos/MyService',
      { name: 'MyService', region: 'eu-west-1', gitHost: 'git-codecommit.eu-west-1.amazonaws.com' },
    ],
    [
      'https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/svc',
      { name: 'svc', region: 'cn-north-1', gitHost: 'git-codecommit.cn-north-1.amazonaws.com.cn' },
    ],
    [
      'https://git-codecommit.us-gov-west-1.amazonaws.com/v1/repos/svc',
      { name: 'svc', region: 'us-gov-west-1', gitHost: 'git-codecommit.us-gov-west-1.amazonaws.com' },
    ],
    [
      'https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/svc',
      { name: 'svc', region: 'us-east-1', gitHost: 'git-codecommit-fips.us-east-1.amazonaws.com' },
    ],
    [
      'https://git-codecommit-fips.us-gov-west-1.amazonaws.com/v1/repos/svc',
      { name: 'svc', region: 'us-gov-west-1', gitHost: 'git-codecommit-fips.us-gov-west-1.amazonaws.com' },
    ],
    [
      'https://vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/myrepo',
      {
        name: 'myrepo',
        region: 'us-east-1',
        gitHost: 'vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com',
      },
    ],
    [
      'https://vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/myrepo',
      {
        name: 'myrepo',
        region: 'us-east-1',
        gitHost: 'vpce-0b47ea360adebf88a-jkl88hez-us-east-1a.git-codecommit.us-east-1.vpce.amazonaws.com',
      },
    ],
    [
      'https://vpce-0123-abcd.git-codecommit.cn-northwest-1.vpce.amazonaws.com.cn/v1/repos/r',
      {
        name: 'r',
        region: 'cn-northwest-1',
        gitHost: 'vpce-0123-abcd.git-codecommit.cn-northwest-1.vpce.amazonaws.com.cn',
      },
    ],
    ['https://git.proxy.internal/v1/repos/svc', { name: 'svc', gitHost: 'git.proxy.internal' }],
    [
      'https://git.proxy.internal:8443/v1/repos/svc',
      { name: 'svc', gitHost: 'git.proxy.internal', gitPort: 8443 },
    ],
    ['https://git.proxy.internal:443/v1/repos/svc', { name: 'svc', gitHost: 'git.proxy.internal' }],
    ['https://10.1.2.3/v1/repos/svc', { name: 'svc', gitHost: '10.1.2.3' }],
    ['https://[fd00::1]:8443/v1/repos/svc', { name: 'svc', gitHost: 'fd00::1', gitPort: 8443 }],
    ['codecommit://my-service', { name: 'my-service' }],
    ['codecommit://source-account@my-service', { name: 'my-service', profile: 'source-account' }],
    ['codecommit::eu-west-1://my-service', { name: 'my-service', region: 'eu-west-1' }],
    [
      'codecommit::us-gov-west-1://prof.1@my-service',
      { name: 'my-service', region: 'us-gov-west-1', profile: 'prof.1' },
    ],
    ['codecommit::cn-north-1://svc', { name: 'svc', region: 'cn-north-1' }],
  ])('%s', (text, expected) => {
    expect(parseRepositorySpec(text)).toEqual(expected);
  });
});

describe('parseRepositorySpec rejects', () => {
  it.each([
    ['', /repository is required/],
    ['repo.git', /not a valid repository name/],
    ['-rm', /not a valid repository name/],
    ['.hidden', /not a valid repository name/],
    ['a..b', /not a valid repository name/],
    ['x'.repeat(101), /not a valid repository name/],
    ['with space', /not a valid repository name/],
    ['owner/repo', /neither a repository name nor a supported URL/],
    ['git-codecommit.eu-west-1.amazonaws.com/v1/repos/x', /neither a repository name nor a supported URL/],
    ['user@host:repo', /neither a repository name nor a supported URL/],
    ['http://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x', /'http:\/\/' URLs are not accepted/],
    ['ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x', /'ssh:\/\/' URLs are not accepted/],
    ['https://user@git-codecommit.eu-west-1.amazonaws.com/v1/repos/x', /credentials in the URL/],
    ['https://AKID:pw@git-codecommit.eu-west-1.amazonaws.com/v1/repos/x', /credentials in the URL/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x?ref=main', /query/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x#main', /fragment/],
    ['https://git-codecommit.eu-west-1.amazonaws.com', /path must be \/v1\/repos\/<name>, got '\(none\)'/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/', /path must be \/v1\/repos\/<name>/],
    [
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/',
      /'' in the URL is not a valid repository name/,
    ],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x//', /path must be \/v1\/repos\/<name>/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/a/b', /path must be \/v1\/repos\/<name>/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v2/repos/x', /path must be \/v1\/repos\/<name>/],
    ['https://git-codecommit.eu-west-1.amazonaws.com//v1/repos/x', /path must be \/v1\/repos\/<name>/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x.git', /not a valid repository name/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my%2Dservice', /not a valid repository name/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/..', /not a valid repository name/],
    ['https://git-codecommit.nowhere.amazonaws.com/v1/repos/x', /not an AWS region/],
    ['https://git-codecommit.cn-north-1.amazonaws.com/v1/repos/x', /amazonaws\.com\.cn/],
    ['https://git-codecommit.eu-west-1.amazonaws.com:99999/v1/repos/x', /port/],
    ['https://bad_host/v1/repos/x', /not a valid host name/],
    ['codecommit://', /not a valid repository name/],
    ['codecommit://@svc', /not a valid profile name/],
    ['codecommit://-p@svc', /not a valid profile name/],
    ['codecommit://a@b@svc', /more than one '@'/],
    ['codecommit://prof@svc.git', /not a valid repository name/],
    ['codecommit://svc/', /not a valid repository name/],
    [
      'codecommit:://svc',
      /not a codecommit URL: the forms are codecommit:\/\/\[profile@\]<name> and codecommit::<region>:\/\//,
    ],
    ['codecommit::://svc', /'' in codecommit::<region>:\/\/ is not an AWS region name/],
    ['codecommit::eu-west://svc', /not an AWS region name/],
    ['codecommit::EU-WEST-1://svc', /not an AWS region name/],
    ['codecommit:eu-west-1://svc', /not a codecommit URL/],
  ])('%p', (text, problem) => {
    const error = inputErrorOf(text);
    expect(error.input).toBe('repository');
    expect(error.problem).toMatch(problem);
    expect(error.message).toMatch(/^Input 'repository': /);
    expect(error.message).toContain(
      'Example: my-service, https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service or codecommit::eu-west-1://my-service',
    );
  });

  it('lists the accepted forms when the text is not understood', () => {
    expect(inputErrorOf('owner/repo').problem).toContain('codecommit::<region>://[profile@]<name>');
    expect(inputErrorOf('ftp://host/v1/repos/x').problem).toContain(
      'https://<git-codecommit host>/v1/repos/<name>',
    );
  });
});

describe('parseRepositorySpec properties', () => {
  const anyText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string().map((s) => `https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/${s}`),
    fc.string().map((s) => `codecommit://${s}`),
    fc.tuple(fc.string(), fc.string()).map(([r, s]) => `codecommit::${r}://${s}`),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
  );

  it('throws nothing but InputError, and what it accepts has a valid name', () => {
    const outcomes = propertyOutcomes();
    fc.assert(
      fc.property(anyText, (text) => {
        let spec: RepositorySpec;
        try {
          spec = parseRepositorySpec(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).input).toBe('repository');
          outcomes.refused();
          return;
        }
        outcomes.accepted();
        expect(isValidRepositoryName(spec.name)).toBe(true);
        if (spec.profile !== undefined) expect(isValidProfileName(spec.profile)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    outcomes.expectBoth(0.02);
  });

  it('round-trips every valid name through every form', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/).filter(isValidRepositoryName);
    fc.assert(
      fc.property(name, (n) => {
        expect(parseRepositorySpec(n).name).toBe(n);
        expect(parseRepositorySpec(`codecommit://${n}`).name).toBe(n);
        expect(parseRepositorySpec(`codecommit::eu-west-1://p@${n}`)).toEqual({
          name: n,
          region: 'eu-west-1',
          profile: 'p',
        });
        expect(parseRepositorySpec(`https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/${n}`).name).toBe(
          n,
        );
      }),
    );
  });
});
