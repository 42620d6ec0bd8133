import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gitConfigProxy } from '../../src/helpers/git-endpoint-check.js';
import { parseConfigListing, readRemoteGitConfig } from '../../src/helpers/remote-git-config.js';
import { parseRemoteCall } from '../../src/helpers/remote-invocation.js';

describe("git-remote-codecommit's settings in git's config", () => {
  it('reads `git config --null --get-regexp` output: lower-cased keys, the last value wins, a bare key is true', () => {
    const listing =
      'codecommit.stsendpoint\nhttps://a.example\0codecommit.endpoint\nvpce-1\0' +
      'codecommit.stsendpoint\nhttps://b.example\0codecommit.flag\0codecommit.multi\nline one\nline two\0';
    expect(parseConfigListing(listing)).toEqual(
      new Map([
        ['codecommit.stsendpoint', 'https://b.example'],
        ['codecommit.endpoint', 'vpce-1'],
        ['codecommit.flag', 'true'],
        ['codecommit.multi', 'line one\nline two'],
      ]),
    );
    expect(parseConfigListing('')).toEqual(new Map());
  });

  describe('as the git that started the helper sees them', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'remote-config-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    function env(extra: Record<string, string>): Record<string, string> {
      return {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        GIT_CONFIG_NOSYSTEM: '1',
        ...extra,
      };
    }

    it('the global file, then `git -c` of the command (GIT_CONFIG_PARAMETERS) and command-scoped config', async () => {
      await writeFile(
        path.join(dir, '.gitconfig'),
        '[codecommit]\n\tstsEndpoint = https://global.example\n\tendpoint = vpce-global\n[http]\n\tsslVerify = true\n' +
          '[http "https://Git.Example"]\n\tproxy = http://proxy.example:3128\n\tproxyAuthMethod = basic\n',
      );
      const read = await readRemoteGitConfig(env({}));
      expect(read).toEqual(
        new Map([
          ['codecommit.stsendpoint', 'https://global.example'],
          ['codecommit.endpoint', 'vpce-global'],
          ['http.https://git.example.proxy', 'http://proxy.example:3128'],
        ]),
      );
      expect(gitConfigProxy(read)).toBe(true);
      const given = await readRemoteGitConfig(
        env({
          GIT_CONFIG_PARAMETERS: "'codecommit.stsEndpoint'='https://dash-c.example'",
          GIT_CONFIG_COUNT: '1',
          GIT_CONFIG_KEY_0: 'codecommit.maxAttempts',
          GIT_CONFIG_VALUE_0: '2',
        }),
      );
      expect(given.get('codecommit.stsendpoint')).toBe('https://dash-c.example');
      expect(given.get('codecommit.maxattempts')).toBe('2');
    });

    it('nothing set: an empty map (git config exits 1)', async () => {
      expect(await readRemoteGitConfig(env({}))).toEqual(new Map());
    });
  });

  it('tells when git goes through a proxy: http.proxy or http.<url>.proxy, not empty', () => {
    expect(gitConfigProxy(new Map([['http.proxy', 'http://p:3128']]))).toBe(true);
    expect(gitConfigProxy(new Map([['http.https://h.example/.proxy', 'p:3128']]))).toBe(true);
    for (const key of ['http.proxy', 'http.https://h.example.proxy'])
      expect(gitConfigProxy(new Map([[key, '']]))).toBe(false);
    expect(gitConfigProxy(new Map([['http.proxyauthmethod', 'basic']]))).toBe(false);
    expect(gitConfigProxy(new Map([['codecommit.endpoint', 'vpce-1']]))).toBe(false);
  });
});

describe('how git-remote-codecommit is called', () => {
  it.each([
    [['origin', 'codecommit://repo'], { kind: 'standalone', remote: 'origin', address: 'codecommit://repo' }],
    [
      ['codecommit::eu-west-1://repo', 'eu-west-1://repo'],
      { kind: 'standalone', remote: 'codecommit::eu-west-1://repo', address: 'eu-west-1://repo' },
    ],
    [
      ['--credentials-file', '/s/credentials.json', 'origin', 'eu-west-1://repo'],
      { kind: 'session', file: '/s/credentials.json', remote: 'origin', address: 'eu-west-1://repo' },
    ],
    [['--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
    [['--version'], { kind: 'version' }],
    [[], { kind: 'usage' }],
    [['origin'], { kind: 'usage' }],
    [['origin', 'codecommit://repo', 'extra'], { kind: 'usage' }],
    [['--credentials-file', '/s/credentials.json'], { kind: 'usage' }],
    [['--nope', 'x'], { kind: 'usage' }],
  ])('%j', (argv, expected) => {
    expect(parseRemoteCall(argv)).toEqual(expected);
  });
});
