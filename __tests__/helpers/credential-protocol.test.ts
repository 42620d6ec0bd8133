import {
  formatCredentialAnswer,
  isCredentialOperation,
  parseCredentialRequest,
} from '../../src/helpers/credential-protocol.js';
import {
  repositoryOfRequestPath,
  requestedRepository,
  signedAnswer,
} from '../../src/helpers/credential-answer.js';

describe('git credential protocol', () => {
  it('reads attributes up to a blank line, with or without a trailing newline', () => {
    const expected = {
      protocol: 'https',
      host: 'git-codecommit.eu-west-1.amazonaws.com',
      path: 'v1/repos/a',
    };
    const lines = ['protocol=https', 'host=git-codecommit.eu-west-1.amazonaws.com', 'path=v1/repos/a'];
    expect(parseCredentialRequest(`${lines.join('\n')}\n\n`)).toEqual(expected);
    expect(parseCredentialRequest(lines.join('\n'))).toEqual(expected);
    expect(parseCredentialRequest(`${lines.join('\r\n')}\r\n`)).toEqual(expected);
    expect(parseCredentialRequest(`${lines.join('\n')}\n\nhost=evil.example\n`)).toEqual(expected);
  });

  it('ignores unknown keys and malformed lines; the first value wins', () => {
    expect(parseCredentialRequest('wwwauth[]=Basic\nnoequals\n=x\nhost=a\nhost=b\n')).toEqual({ host: 'a' });
    expect(parseCredentialRequest('')).toEqual({});
    expect(parseCredentialRequest('\nhost=a\n')).toEqual({});
  });

  it('writes answers and refuses values that could forge attributes', () => {
    expect(formatCredentialAnswer({ username: 'u', password: 'p' })).toBe('username=u\npassword=p\n');
    expect(() => formatCredentialAnswer({ username: 'u\nhost=x' })).toThrow(/line break/);
  });

  it('knows the operations', () => {
    expect(['get', 'store', 'erase', 'list', undefined].map(isCredentialOperation)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('answering for CodeCommit', () => {
  const host = 'git-codecommit.eu-west-1.amazonaws.com';
  const target = {
    gitHost: host,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
  };

  it('reads repository paths only', () => {
    expect(repositoryOfRequestPath('v1/repos/my-service')).toBe('my-service');
    expect(repositoryOfRequestPath('/v1/repos/my-service/')).toBe('my-service');
    expect(repositoryOfRequestPath('v1/repos/../x')).toBeUndefined();
    expect(repositoryOfRequestPath('v1/repos/a/b')).toBeUndefined();
    expect(repositoryOfRequestPath(undefined)).toBeUndefined();
  });

  it('says nothing for another host, another protocol or no path', () => {
    expect(
      requestedRepository({ protocol: 'https', host: 'github.com', path: 'v1/repos/a' }, host),
    ).toBeUndefined();
    expect(requestedRepository({ protocol: 'http', host, path: 'v1/repos/a' }, host)).toBeUndefined();
    expect(requestedRepository({ protocol: 'https', host }, host)).toBeUndefined();
    expect(
      requestedRepository({ protocol: 'https', host: host.toUpperCase(), path: 'v1/repos/a' }, host),
    ).toBe('a');
  });

  it('signs a password for exactly the path asked about, fresh at every call', async () => {
    const request = { protocol: 'https', host, path: 'v1/repos/a' };
    const first = await signedAnswer(request, target, new Date('2030-01-01T00:00:00Z'));
    const later = await signedAnswer(request, target, new Date('2030-01-01T00:05:00Z'));
    expect(first).toMatch(/^username=ASIAEXAMPLE%token\npassword=20300101T000000Z[0-9a-f]{64}\n$/);
    expect(later).toMatch(/password=20300101T000500Z/);
    const other = await signedAnswer(
      { ...request, path: 'v1/repos/b' },
      target,
      new Date('2030-01-01T00:00:00Z'),
    );
    expect(other).not.toBe(first);
    expect(await signedAnswer({ ...request, host: 'other' }, target, new Date())).toBeUndefined();
  });
});
