import { isSameRepository, originIdentity } from '../../src/workspace/same-repository.js';
import { exampleRepository } from '../plan-fixture.js';

const VPCE_HOST = 'vpce-0123456789abcdef0-abcd1234.git-codecommit.eu-west-1.vpce.amazonaws.com';
const repository = exampleRepository('my-service');

describe('isSameRepository: the same region and name, whatever the host form', () => {
  test.each([
    ['the regional name', 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service'],
    ['the FIPS name', 'https://git-codecommit-fips.eu-west-1.amazonaws.com/v1/repos/my-service'],
    ['a vpce name of the region', `https://${VPCE_HOST}/v1/repos/my-service`],
    [
      'a zonal vpce name',
      'https://vpce-0123456789abcdef0-abcd1234-eu-west-1a.git-codecommit.eu-west-1.vpce.amazonaws.com/v1/repos/my-service',
    ],
    ['upper-case host', 'https://GIT-CODECOMMIT.EU-WEST-1.AMAZONAWS.COM/v1/repos/my-service'],
    ['a .git suffix', 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service.git'],
    ['a trailing slash', 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service/'],
    ['both', 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service.git/'],
    [
      'surrounding whitespace from git config',
      ' https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service\n',
    ],
  ])('%s counts as the same repository', (_, url) => {
    expect(isSameRepository(url, repository, 'eu-west-1')).toBe(true);
  });

  test("the step's own codecommit-endpoint host (not an AWS name) counts, with its port, as the step's region", () => {
    const proxied = exampleRepository('my-service', 'git.internal.example:8443');
    expect(
      isSameRepository('https://git.internal.example:8443/v1/repos/my-service', proxied, 'eu-west-1'),
    ).toBe(true);
    expect(
      isSameRepository('https://GIT.internal.example:8443/v1/repos/my-service.git', proxied, 'eu-west-1'),
    ).toBe(true);
    expect(isSameRepository('https://git.internal.example/v1/repos/my-service', proxied, 'eu-west-1')).toBe(
      false,
    );
  });

  test.each([
    ['another region', 'https://git-codecommit.eu-west-2.amazonaws.com/v1/repos/my-service'],
    [
      'a vpce name of another region',
      `https://${VPCE_HOST.replace('eu-west-1', 'eu-central-1')}/v1/repos/my-service`,
    ],
    ['another name', 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/other'],
    [
      'a name differing in case (names are case-sensitive)',
      'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/My-Service',
    ],
    ['a host that is no CodeCommit name', 'https://git.example.com/v1/repos/my-service'],
    ['the China partition', 'https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/my-service'],
    ['another path', 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service/extra'],
    ['plain http', 'http://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service'],
    ['an ssh URL', 'ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service'],
    ['a URL with credentials', 'https://user:pw@git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service'],
    ['a local path', '/srv/git/my-service'],
  ])('%s is another repository', (_, url) => {
    expect(isSameRepository(url, repository, 'eu-west-1')).toBe(false);
  });
});

describe('originIdentity', () => {
  test('reads the region from the host and the partition from the region', () => {
    expect(
      originIdentity('https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/app', {
        host: 'x',
        region: 'eu-west-1',
      }),
    ).toEqual({ name: 'app', region: 'cn-north-1', partition: 'aws-cn' });
    expect(
      originIdentity('https://git-codecommit-fips.us-gov-west-1.amazonaws.com/v1/repos/app.git', {
        host: 'x',
        region: 'eu-west-1',
      }),
    ).toEqual({ name: 'app', region: 'us-gov-west-1', partition: 'aws-us-gov' });
  });

  test('is undefined for a host that names a region in the wrong partition', () => {
    expect(
      originIdentity('https://git-codecommit.cn-north-1.amazonaws.com/v1/repos/app', {
        host: 'x',
        region: 'eu-west-1',
      }),
    ).toBeUndefined();
  });
});
