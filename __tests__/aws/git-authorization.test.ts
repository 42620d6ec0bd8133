import aws4 from 'aws4';

import { gitAuthorizationHeader } from '../../src/aws/git-authorization.js';

const TARGET = {
  host: 'git-codecommit.eu-west-1.amazonaws.com',
  path: '/v1/repos/my-service',
  region: 'eu-west-1',
};
const NOW = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const SESSION = {
  accessKeyId: 'ASIAEXAMPLESESSION01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+token/with=chars',
};

/** The CodeCommit git password recomputed with aws4's own CodeCommit signing, independent of src. */
function aws4Password(secretAccessKey: string, accessKeyId: string, timestamp: string): string {
  const signer = new aws4.RequestSigner(
    {
      service: 'codecommit',
      region: TARGET.region,
      method: 'GIT',
      host: TARGET.host,
      path: TARGET.path,
      headers: {},
    },
    { accessKeyId, secretAccessKey },
  );
  signer.datetime = timestamp;
  return `${timestamp}Z${signer.signature()}`;
}

function decode(header: string): { username: string; password: string; encoded: string } {
  const match = /^Authorization: Basic ([A-Za-z0-9+/]+=*)$/.exec(header);
  if (match?.[1] === undefined) throw new Error(`not an Authorization: Basic header: ${header}`);
  const pair = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return { username: pair.slice(0, colon), password: pair.slice(colon + 1), encoded: match[1] };
}

describe('gitAuthorizationHeader', () => {
  it('is `Authorization: Basic base64(AKID%token:password)` for session credentials', async () => {
    const header = await gitAuthorizationHeader(SESSION, TARGET, NOW, () => undefined);
    const { username, password } = decode(header);
    expect(username).toBe(`${SESSION.accessKeyId}%${SESSION.sessionToken}`);
    expect(password).toMatch(/^20240102T030405Z[0-9a-f]{64}$/);
  });

  it('signs a password that aws4 computes independently for the same host, path, region and time', async () => {
    const header = await gitAuthorizationHeader(SESSION, TARGET, NOW, () => undefined);
    expect(decode(header).password).toBe(
      aws4Password(SESSION.secretAccessKey, SESSION.accessKeyId, '20240102T030405'),
    );
  });

  it('uses the bare access key id as username for long-term credentials', async () => {
    const longTerm = { accessKeyId: 'AKIAEXAMPLELONGTERM1', secretAccessKey: 'long/term/secret' };
    const { username, password } = decode(
      await gitAuthorizationHeader(longTerm, TARGET, NOW, () => undefined),
    );
    expect(username).toBe('AKIAEXAMPLELONGTERM1');
    expect(password).toBe(aws4Password(longTerm.secretAccessKey, longTerm.accessKeyId, '20240102T030405'));
  });

  it('signs for the time it is given', async () => {
    const later = new Date(NOW.getTime() + 61_000);
    const first = decode(await gitAuthorizationHeader(SESSION, TARGET, NOW, () => undefined)).password;
    const second = decode(await gitAuthorizationHeader(SESSION, TARGET, later, () => undefined)).password;
    expect(second).toMatch(/^20240102T030506Z/);
    expect(second).not.toBe(first);
  });

  it('passes every derived secret form to mask: password, username, pair, base64 and `Basic …`', async () => {
    const masked: string[] = [];
    const header = await gitAuthorizationHeader(SESSION, TARGET, NOW, (secret) => masked.push(secret));
    const { username, password, encoded } = decode(header);
    expect(masked).toEqual(
      expect.arrayContaining([password, username, `${username}:${password}`, encoded, `Basic ${encoded}`]),
    );
    expect(masked).toHaveLength(5);
  });

  it('masks before handing out the header, so the value after `Authorization: ` is always covered', async () => {
    const masked = new Set<string>();
    let maskedWhenReturned = 0;
    const header = await gitAuthorizationHeader(SESSION, TARGET, NOW, (secret) => masked.add(secret)).then(
      (value) => {
        maskedWhenReturned = masked.size;
        return value;
      },
    );
    expect(maskedWhenReturned).toBe(5);
    expect(masked.has(header.slice('Authorization: '.length))).toBe(true);
  });

  it('refuses a target with a line break rather than signing it', async () => {
    await expect(
      gitAuthorizationHeader(SESSION, { ...TARGET, path: '/v1/repos/x\r\nX-Evil: 1' }, NOW, () => undefined),
    ).rejects.toThrow(/single line/);
  });
});
