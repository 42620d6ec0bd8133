import { maskCredentials } from '../../src/core/secrets.js';

describe('maskCredentials', () => {
  it('masks the access key id, the secret key and the session token', () => {
    const masked: string[] = [];
    maskCredentials(
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret-key', sessionToken: 'session-token' },
      (secret) => masked.push(secret),
    );
    expect(masked.sort()).toEqual(['ASIAEXAMPLE', 'secret-key', 'session-token']);
  });

  it('masks the percent-encoded forms of the secret key and the session token too', () => {
    const masked: string[] = [];
    maskCredentials(
      { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'se/cret+key', sessionToken: 'tok+en/==' },
      (secret) => masked.push(secret),
    );
    expect(masked.sort()).toEqual(
      ['ASIAEXAMPLE', 'se/cret+key', 'se%2Fcret%2Bkey', 'tok+en/==', 'tok%2Ben%2F%3D%3D'].sort(),
    );
  });

  it('masks only the key pair when there is no session token', () => {
    const masked: string[] = [];
    maskCredentials({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-key' }, (secret) =>
      masked.push(secret),
    );
    expect(masked.sort()).toEqual(['AKIAEXAMPLE', 'secret-key']);
  });

  it('does not pass the expiration or anything else to mask', () => {
    const masked: string[] = [];
    maskCredentials(
      {
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 'secret-key',
        expiration: new Date(Date.UTC(2030, 0, 1)),
      },
      (secret) => masked.push(secret),
    );
    expect(masked.some((value) => value.includes('2030'))).toBe(false);
  });
});
