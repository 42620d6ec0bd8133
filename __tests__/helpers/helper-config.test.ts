import { execFileSync } from 'node:child_process';
import {
  credentialHelperEntries,
  credentialHelperKeys,
  helperCommand,
  remoteShim,
  shellQuote,
} from '../../src/helpers/helper-config.js';
import {
  expiredSessionMessage,
  parseSession,
  serializeSession,
  sessionExpired,
  type PersistedSession,
} from '../../src/helpers/persisted-session.js';

describe('helper config', () => {
  it('quotes paths so that sh reads them back unchanged', () => {
    for (const word of ["/tmp/it's here/$(touch x)/`id`", '/a b/"c"', '/plain']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' })).toBe(word);
    }
  });

  it('builds a `!` helper of paths only, and refuses line breaks', () => {
    expect(helperCommand('/n o/node', '/d/helper.js', '/t/c.json')).toBe(
      "!'/n o/node' '/d/helper.js' '/t/c.json'",
    );
    expect(() => helperCommand('/node', '/x\n', '/c')).toThrow(/line break/);
  });

  it('scopes every entry to the clone URL, resetting other helpers and headers first', () => {
    const url = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/a';
    expect(credentialHelperEntries(url, '!cmd')).toEqual([
      [`credential.${url}.helper`, ''],
      [`credential.${url}.helper`, '!cmd'],
      [`credential.${url}.useHttpPath`, 'true'],
      [`http.${url}.extraHeader`, ''],
    ]);
    expect(credentialHelperKeys(url)).toHaveLength(3);
    expect(() => credentialHelperEntries('https://x/"a', '!cmd')).toThrow();
  });

  it('writes a remote program that passes its arguments on', () => {
    expect(remoteShim('/node', '/r.js', '/c.json')).toMatch(
      /^#!\/bin\/sh\n[^\n]*\nexec '\/node' '\/r.js' --credentials-file '\/c.json' "\$@"\n$/,
    );
  });
});

describe('persisted session', () => {
  const session: PersistedSession = {
    credentials: {
      accessKeyId: 'ASIA1',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date('2030-01-01T01:00:00Z'),
    },
    region: 'eu-west-1',
    gitOrigin: 'https://git-codecommit.eu-west-1.amazonaws.com',
    gitHosts: ['git-codecommit.eu-west-1.amazonaws.com'],
    roleDurationSeconds: 3600,
  };

  it('round-trips and rejects malformed files', () => {
    expect(parseSession(serializeSession(session))).toEqual(session);
    expect(() => parseSession('{')).toThrow(/JSON/);
    expect(() => parseSession('{"version":1}')).toThrow(/region/);
    expect(() => parseSession('{"version":2}')).toThrow(/version/);
  });

  it('is expired a little before its end, and says what to change', () => {
    expect(sessionExpired(session, new Date('2030-01-01T00:59:00Z'))).toBe(false);
    expect(sessionExpired(session, new Date('2030-01-01T00:59:45Z'))).toBe(true);
    expect(expiredSessionMessage(session)).toMatch(
      /the AWS session of the clone step expired at 2030-01-01T01:00:00.000Z \(role-duration-seconds: 3600\)\. Raise role-duration-seconds/,
    );
  });
});
