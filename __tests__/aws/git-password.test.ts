import { createHmac, createHash } from 'node:crypto';

import aws4 from 'aws4';
import fc from 'fast-check';

import { signGitPassword } from '../../src/aws/git-password.js';
import { GIT_PASSWORD_VECTORS } from '../git-password-vectors.js';

function dateOf(timestamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(timestamp);
  if (m === null) throw new Error(`bad timestamp ${timestamp}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** The recipe written out with node:crypto only, independent of the signer under test. */
function referencePassword(secret: string, region: string, host: string, path: string, date: Date): string {
  const timestamp = date.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const day = timestamp.slice(0, 8);
  const hmac = (key: string | Buffer, data: string): Buffer =>
    createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 'codecommit'), 'aws4_request');
  const canonical = `GIT\n${path}\n\nhost:${host}\n\nhost\n`;
  const toSign = `AWS4-HMAC-SHA256\n${timestamp}\n${day}/${region}/codecommit/aws4_request\n${createHash('sha256').update(canonical).digest('hex')}`;
  return `${timestamp}Z${createHmac('sha256', key).update(toSign).digest('hex')}`;
}

describe('signGitPassword', () => {
  it('has vectors to check', () => {
    expect(GIT_PASSWORD_VECTORS.length).toBe(8);
  });

  it.each(GIT_PASSWORD_VECTORS.map((v) => [v.source, v] as const))(
    'reproduces %s',
    async (_source, vector) => {
      const result = await signGitPassword(
        {
          accessKeyId: vector.accessKeyId,
          secretAccessKey: vector.secretAccessKey,
          ...(vector.sessionToken !== null ? { sessionToken: vector.sessionToken } : {}),
        },
        { host: vector.host, path: vector.path, region: vector.region },
        dateOf(vector.timestamp),
      );
      expect(result).toEqual({ username: vector.username, password: vector.password });
    },
  );

  const base = {
    host: 'git-codecommit.us-west-2.amazonaws.com',
    path: '/v1/repos/test_repo',
    region: 'us-west-2',
  };
  const date = new Date(Date.UTC(2017, 11, 24, 11, 53, 20));

  it('ignores milliseconds: the timestamp has second precision', async () => {
    const withMillis = await signGitPassword(
      { accessKeyId: 'access', secretAccessKey: 'secret' },
      base,
      new Date(date.getTime() + 999),
    );
    expect(withMillis.password).toBe(
      '20171224T115320Zb6df2d758a8023b2f000a546417007b65494f3ce8ad0300fd45fcfa173f1959a',
    );
  });

  it('treats an empty session token as none', async () => {
    const result = await signGitPassword(
      { accessKeyId: 'access', secretAccessKey: 'secret', sessionToken: '' },
      base,
      date,
    );
    expect(result.username).toBe('access');
  });

  it('keeps a session token raw after a literal %', async () => {
    const token = 'IQoJb3JpZ2luX2VjE+/abc==';
    const result = await signGitPassword(
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: token },
      base,
      date,
    );
    expect(result.username).toBe(`ASIAEXAMPLE%${token}`);
  });

  it.each([
    ['host', { ...base, host: 'evil.example\nhost:x' }],
    ['path', { ...base, path: '/v1/repos/x\r\n' }],
  ])('refuses a multi-line %s', async (_field, target) => {
    await expect(signGitPassword({ accessKeyId: 'a', secretAccessKey: 's' }, target, date)).rejects.toThrow(
      /single line/,
    );
  });

  it('signs host, path, region and date: changing any changes the password', async () => {
    const creds = { accessKeyId: 'access', secretAccessKey: 'secret' };
    const reference = (await signGitPassword(creds, base, date)).password;
    const variants = await Promise.all([
      signGitPassword(creds, { ...base, host: `${base.host}:8443` }, date),
      signGitPassword(creds, { ...base, path: '/v1/repos/test_rep' }, date),
      signGitPassword(creds, { ...base, region: 'us-east-1' }, date),
      signGitPassword(creds, base, new Date(date.getTime() + 1000)),
      signGitPassword({ ...creds, secretAccessKey: 'secreT' }, base, date),
    ]);
    for (const variant of variants) expect(variant.password).not.toBe(reference);
  });

  const repoName = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,20}$/);
  const region = fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1');
  const host = fc.constantFrom(
    'git-codecommit.us-east-1.amazonaws.com',
    'git-codecommit-fips.us-gov-west-1.amazonaws.com',
    'vpce-0b47ea360adebf88a-jkl88hez.git-codecommit.us-east-1.vpce.amazonaws.com',
    'proxy.internal:8443',
  );
  const when = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  });
  const secret = fc.string({ minLength: 1, maxLength: 40 });

  it('matches an independent node:crypto implementation of the recipe', async () => {
    await fc.assert(
      fc.asyncProperty(secret, region, host, repoName, when, async (s, r, h, name, d) => {
        const path = `/v1/repos/${name}`;
        const result = await signGitPassword(
          { accessKeyId: 'AKID', secretAccessKey: s },
          { host: h, path, region: r },
          d,
        );
        expect(result.password).toBe(referencePassword(s, r, h, path, d));
      }),
      { numRuns: 200 },
    );
  });

  it('matches the aws4 package on its codecommit GIT mode', async () => {
    await fc.assert(
      fc.asyncProperty(secret, region, host, repoName, when, async (s, r, h, name, d) => {
        const path = `/v1/repos/${name}`;
        const signer = new aws4.RequestSigner(
          { service: 'codecommit', region: r, method: 'GIT', host: h, path },
          { accessKeyId: 'AKID', secretAccessKey: s },
        );
        signer.datetime = d.toISOString().replace(/[-:]/g, '').slice(0, 15);
        const expected = `${signer.getDateTime()}Z${signer.signature()}`;
        const result = await signGitPassword(
          { accessKeyId: 'AKID', secretAccessKey: s },
          { host: h, path, region: r },
          d,
        );
        expect(result.password).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});
