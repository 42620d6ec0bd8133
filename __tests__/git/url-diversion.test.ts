import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  diversionMessage,
  parseConfigListing,
  remoteUrlDiversions,
  withoutUserinfo,
  type ConfigEntry,
} from '../../src/git/url-diversion.js';

const PLANNED = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service';
const HOST = 'https://git-codecommit.eu-west-1.amazonaws.com/';

describe('parseConfigListing', () => {
  it('reads scope, origin, key and value of `git config --list --show-scope --show-origin -z`', () => {
    const text =
      'global\0file:/home/runner/.gitconfig\0url.https://Elsewhere/.insteadof\nhttps://x/\0' +
      'local\0file:.git/config\0core.bare\nfalse\0' +
      'command\0command line:\0http.https://h/v1/repos/a.extraheader\n\0' +
      'global\0file:/home/runner/.gitconfig\0core.flag\0';
    expect(parseConfigListing(text)).toEqual<ConfigEntry[]>([
      {
        scope: 'global',
        origin: 'file:/home/runner/.gitconfig',
        key: 'url.https://Elsewhere/.insteadof',
        value: 'https://x/',
      },
      { scope: 'local', origin: 'file:.git/config', key: 'core.bare', value: 'false' },
      { scope: 'command', origin: 'command line:', key: 'http.https://h/v1/repos/a.extraheader', value: '' },
      { scope: 'global', origin: 'file:/home/runner/.gitconfig', key: 'core.flag', value: undefined },
    ]);
    expect(parseConfigListing('')).toEqual([]);
  });
});

/**
 * Each case is a global config; the pure resolution, fed with what `git config --list` prints, must
 * agree with git's own `git remote get-url [--push] --all origin` in a clone whose origin is PLANNED.
 */
describe('remoteUrlDiversions agrees with git', () => {
  let dir: string;
  let home: string;
  let clone: string;
  let neutral: string;

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'url-diversion-')));
    home = path.join(dir, 'home');
    clone = path.join(dir, 'clone');
    neutral = path.join(dir, 'neutral');
    await Promise.all([mkdir(home), mkdir(neutral)]);
    execFileSync('git', ['init', '--quiet', clone], { env: envFor() });
    execFileSync('git', ['remote', 'add', 'origin', PLANNED], { cwd: clone, env: envFor() });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function envFor(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CEILING_DIRECTORIES: dir,
    };
  }

  const git = (cwd: string, args: string[]): string =>
    execFileSync('git', args, { cwd, env: envFor(), encoding: 'utf8' });

  const listing = (cwd: string): ConfigEntry[] =>
    parseConfigListing(git(cwd, ['config', '--list', '--show-scope', '--show-origin', '-z']));

  const cases: Array<[string, string, { fetch?: string; push: string[] }]> = [
    [
      'nothing that applies',
      `[url "https://mirror.internal/"]\n\tinsteadOf = https://github.com/\n`,
      { push: [] },
    ],
    [
      'insteadOf the exact URL',
      `[url "https://elsewhere.example/x"]\n\tinsteadOf = ${PLANNED}\n`,
      { fetch: 'https://elsewhere.example/x', push: ['https://elsewhere.example/x'] },
    ],
    [
      'insteadOf the host',
      `[url "https://elsewhere.example/"]\n\tinsteadOf = ${HOST}\n`,
      {
        fetch: 'https://elsewhere.example/v1/repos/my-service',
        push: ['https://elsewhere.example/v1/repos/my-service'],
      },
    ],
    [
      'a prefix that ends inside the name',
      `[url "https://elsewhere.example/"]\n\tinsteadOf = ${HOST}v1/repos/my\n`,
      { fetch: 'https://elsewhere.example/-service', push: ['https://elsewhere.example/-service'] },
    ],
    [
      'the longest of two prefixes',
      `[url "https://a.example/"]\n\tinsteadOf = ${HOST}\n[url "https://b.example/"]\n\tinsteadOf = ${HOST}v1/\n`,
      { fetch: 'https://b.example/repos/my-service', push: ['https://b.example/repos/my-service'] },
    ],
    [
      'the first of two equally long prefixes',
      `[url "https://a.example/"]\n\tinsteadOf = ${HOST}\n[url "https://b.example/"]\n\tinsteadOf = ${HOST}\n`,
      {
        fetch: 'https://a.example/v1/repos/my-service',
        push: ['https://a.example/v1/repos/my-service'],
      },
    ],
    [
      'pushInsteadOf',
      `[url "https://elsewhere.example/"]\n\tpushInsteadOf = ${HOST}\n`,
      { push: ['https://elsewhere.example/v1/repos/my-service'] },
    ],
    [
      'pushInsteadOf beside insteadOf',
      `[url "https://a.example/"]\n\tinsteadOf = ${HOST}\n[url "https://b.example/"]\n\tpushInsteadOf = ${HOST}\n`,
      { fetch: 'https://a.example/v1/repos/my-service', push: ['https://b.example/v1/repos/my-service'] },
    ],
    [
      'a remote.origin.url of the global config',
      `[remote "origin"]\n\turl = https://elsewhere.example/x\n`,
      { fetch: 'https://elsewhere.example/x', push: ['https://elsewhere.example/x'] },
    ],
    [
      'a remote.origin.pushurl of the global config',
      `[remote "origin"]\n\tpushurl = https://elsewhere.example/x\n`,
      { push: ['https://elsewhere.example/x'] },
    ],
    [
      'a pushurl rewritten by insteadOf, not by pushInsteadOf',
      `[remote "origin"]\n\tpushurl = https://p.example/x\n[url "https://a.example/"]\n\tinsteadOf = https://p.example/\n` +
        `[url "https://b.example/"]\n\tpushInsteadOf = https://p.example/\n`,
      { push: ['https://a.example/x'] },
    ],
  ];

  it.each(cases)('%s', async (_title, config, expected) => {
    await writeFile(path.join(home, '.gitconfig'), config);
    const gitFetch = git(clone, ['remote', 'get-url', 'origin']).trim();
    const gitPush = git(clone, ['remote', 'get-url', '--push', '--all', 'origin']).trim().split('\n');
    // The expectations are git's own answers, not only this module's.
    expect(gitFetch).toBe(expected.fetch ?? PLANNED);
    expect(gitPush.filter((url) => url !== PLANNED).sort()).toEqual([...expected.push].sort());

    for (const [entries, cloneWritesUrl] of [
      [listing(clone), false],
      [listing(neutral), true],
    ] as const) {
      const diversions = remoteUrlDiversions(entries, {
        remote: 'origin',
        plannedUrl: PLANNED,
        cloneWritesUrl,
        push: true,
      });
      expect(diversions.find((d) => d.operation === 'fetch')?.url).toBe(expected.fetch);
      expect(
        diversions
          .filter((d) => d.operation === 'push')
          .map((d) => d.url)
          .sort(),
      ).toEqual([...expected.push].sort());
      for (const diversion of diversions) expect(diversion.because.length).toBeGreaterThan(0);
    }
  });

  it('leaves pushes out unless asked', async () => {
    await writeFile(
      path.join(home, '.gitconfig'),
      `[url "https://elsewhere.example/"]\n\tpushInsteadOf = ${HOST}\n`,
    );
    const question = { remote: 'origin', plannedUrl: PLANNED, cloneWritesUrl: false, push: false };
    expect(remoteUrlDiversions(listing(clone), question)).toEqual([]);
  });
});

describe('diversionMessage', () => {
  const entry: ConfigEntry = {
    scope: 'global',
    origin: 'file:/home/runner/.gitconfig',
    key: 'url.https://elsewhere.example/.insteadof',
    value: HOST,
  };

  it('names what git would do, the entry with its scope and file, and how to remove it', () => {
    const message = diversionMessage(
      'Cloning my-service from git-codecommit.eu-west-1.amazonaws.com',
      PLANNED,
      [
        { operation: 'fetch', url: 'https://elsewhere.example/v1/repos/my-service', because: [entry] },
        { operation: 'push', url: 'https://elsewhere.example/v1/repos/my-service', because: [entry] },
      ],
    );
    expect(message).toMatch(/^Cloning my-service from git-codecommit\.eu-west-1\.amazonaws\.com: /);
    expect(message).toContain(`sends ${PLANNED} elsewhere`);
    expect(message).toContain('git would fetch from https://elsewhere.example/v1/repos/my-service');
    expect(message).toContain('git would push to https://elsewhere.example/v1/repos/my-service');
    expect(message).toContain(
      `url.https://elsewhere.example/.insteadof = ${HOST} (global config, /home/runner/.gitconfig)`,
    );
    expect(message).toContain(
      "git config --file '/home/runner/.gitconfig' --unset-all 'url.https://elsewhere.example/.insteadof'",
    );
    expect(message.split("--unset-all 'url.https://elsewhere.example/.insteadof'")).toHaveLength(2);
    expect(message).toMatch(/never sent anywhere else/);
  });

  it('shows no credentials a URL in the config carries', () => {
    const withToken = { ...entry, key: 'url.https://ci:ghp_SECRET@elsewhere.example/.insteadof' };
    const message = diversionMessage('Cloning', PLANNED, [
      {
        operation: 'fetch',
        url: 'https://ci:ghp_SECRET@elsewhere.example/v1/repos/my-service',
        because: [withToken],
      },
    ]);
    expect(message).not.toContain('ghp_SECRET');
    expect(message).toContain('https://***@elsewhere.example/');
    expect(withoutUserinfo('https://host/path@x')).toBe('https://host/path@x');
  });
});
