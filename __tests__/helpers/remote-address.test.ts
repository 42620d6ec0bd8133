import { parseRemoteUrl, REMOTE_URL_FORMS, RemoteAddressError } from '../../src/helpers/remote-address.js';

/**
 * The URLs of AWS's git-remote-codecommit, as git hands them over: `codecommit://…` whole, and for
 * `codecommit::<region>://…` the part after `codecommit::`. Its own tests accept and refuse these.
 */
describe('the remote URLs git-remote-codecommit accepts', () => {
  it.each([
    ['codecommit://test_repo', { repository: 'test_repo', url: 'codecommit://test_repo' }],
    [
      'codecommit://profile@test_repo',
      { repository: 'test_repo', profile: 'profile', url: 'codecommit://profile@test_repo' },
    ],
    [
      'ca-central-1://test_repo',
      { repository: 'test_repo', region: 'ca-central-1', url: 'codecommit::ca-central-1://test_repo' },
    ],
    [
      'ca-central-1://profile@test_repo',
      {
        repository: 'test_repo',
        region: 'ca-central-1',
        profile: 'profile',
        url: 'codecommit::ca-central-1://profile@test_repo',
      },
    ],
    [
      'us-gov-west-1://switchrole@my-service.v2',
      {
        repository: 'my-service.v2',
        region: 'us-gov-west-1',
        profile: 'switchrole',
        url: 'codecommit::us-gov-west-1://switchrole@my-service.v2',
      },
    ],
    ['cn-north-1://repo', { repository: 'repo', region: 'cn-north-1', url: 'codecommit::cn-north-1://repo' }],
  ])('%s', (address, expected) => {
    expect(parseRemoteUrl(address)).toEqual(expected);
  });

  it.each([
    // AWS's own malformed examples.
    ['', `'' is not a CodeCommit remote URL: use ${REMOTE_URL_FORMS}`],
    ['boom', `'boom' is not a CodeCommit remote URL: use ${REMOTE_URL_FORMS}`],
    [
      'codecommit:/test_repo',
      `'codecommit:/test_repo' is not a CodeCommit remote URL: use ${REMOTE_URL_FORMS}`,
    ],
    [
      'codecommit//test_repo',
      `'codecommit//test_repo' is not a CodeCommit remote URL: use ${REMOTE_URL_FORMS}`,
    ],
    ['://test_repo', `'://test_repo' is not a CodeCommit remote URL: use ${REMOTE_URL_FORMS}`],
    ['codecommit://', `codecommit:// names no repository: use ${REMOTE_URL_FORMS}`],
    // `codecommit:://test_repo`: git splits at the first '::' and hands over '//test_repo'.
    ['//test_repo', `'//test_repo' is not a CodeCommit remote URL: use ${REMOTE_URL_FORMS}`],
    [
      'codecommit:///test_repo',
      `'/test_repo' in codecommit:///test_repo is not a CodeCommit repository name (1-100 letters, digits, '.', '_' or '-', not starting with '.' or '-', without '..' and not ending in '.git'): use ${REMOTE_URL_FORMS}`,
    ],
    // And what else can go wrong.
    [
      'nowhere://repo',
      `'nowhere' in codecommit::nowhere://repo is not an AWS region such as eu-west-1: use ${REMOTE_URL_FORMS}`,
    ],
    ['eu-west-1://', `codecommit::eu-west-1:// names no repository: use ${REMOTE_URL_FORMS}`],
    ['eu-west-1://p@', `codecommit::eu-west-1://p@ names no repository: use ${REMOTE_URL_FORMS}`],
    [
      'codecommit://@repo',
      `'' in codecommit://@repo is not a profile name (1-64 letters, digits, '.', '_' or '-', not starting with '-'): use ${REMOTE_URL_FORMS}`,
    ],
    [
      'codecommit://-p@repo',
      `'-p' in codecommit://-p@repo is not a profile name (1-64 letters, digits, '.', '_' or '-', not starting with '-'): use ${REMOTE_URL_FORMS}`,
    ],
  ])('refuses %j, naming the valid forms', (address, message) => {
    expect(() => parseRemoteUrl(address)).toThrow(new RemoteAddressError(message));
  });

  it.each([
    'codecommit://a@b@c',
    'codecommit://repo/',
    'codecommit://repo.git',
    'codecommit://../x',
    'eu-west-1://a b',
    'eu-west-1://repo?x=1',
    'codecommit://repo\n',
    `codecommit://${'r'.repeat(101)}`,
  ])('refuses the repository name of %j', (address) => {
    expect(() => parseRemoteUrl(address)).toThrow(
      /is not a CodeCommit repository name .*: use codecommit:\/\//,
    );
  });

  it('takes no https URL, which git gives to its own https helper and never to this one', () => {
    expect(() => parseRemoteUrl('https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x')).toThrow(
      "'https' in codecommit::https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/x is not an AWS region",
    );
  });
});
