import { parseRemoteAddress, remoteTarget } from '../../src/helpers/codecommit-remote-url.js';

describe('git-remote-codecommit addresses', () => {
  const session = {
    region: 'eu-west-1',
    gitOrigin: 'https://vpce-1-a.git-codecommit.eu-west-1.vpce.amazonaws.com',
  };

  it('accepts both forms, with and without a profile', () => {
    expect(parseRemoteAddress('codecommit://repo')).toEqual({ name: 'repo' });
    expect(parseRemoteAddress('codecommit://dev@repo')).toEqual({ name: 'repo' });
    expect(parseRemoteAddress('eu-west-1://repo')).toEqual({ name: 'repo', region: 'eu-west-1' });
    expect(parseRemoteAddress('us-east-2://p@repo')).toEqual({ name: 'repo', region: 'us-east-2' });
    for (const bad of ['codecommit://a b', 'nowhere://repo', 'eu-west-1://../x', 'codecommit://a@b@c'])
      expect(() => parseRemoteAddress(bad)).toThrow();
  });

  it('uses the session endpoint in its region and the regional one elsewhere', () => {
    expect(remoteTarget('eu-west-1://repo', session).httpsUrl).toBe(`${session.gitOrigin}/v1/repos/repo`);
    expect(remoteTarget('codecommit://repo', session).host).toBe(
      'vpce-1-a.git-codecommit.eu-west-1.vpce.amazonaws.com',
    );
    expect(remoteTarget('us-east-2://repo', session)).toMatchObject({
      region: 'us-east-2',
      httpsUrl: 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/repo',
    });
  });
});
