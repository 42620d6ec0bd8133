import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  gitChildEnvironment,
  gitProcessEnvironment,
  ignoredRepositoryVariablesNote,
  networkConfig,
  repositoryVariablesIn,
  signedUrlConfig,
  withCommandScopedConfig,
  type GitConfigEntry,
} from '../../src/git/git-environment.js';
import { listenTracked, type ListeningServer } from '../../test-support/server-lifecycle.js';

const HEADER = 'Authorization: Basic QUtJQSVUT0tFTjoyMDI0MDEwMlQwMzA0MDVaYWJjZGVm';
const URL = 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service';

/** The command-scoped config an env carries, rebuilt from GIT_CONFIG_COUNT/KEY_n/VALUE_n. */
function configOf(env: Record<string, string>): GitConfigEntry[] {
  const count = Number(env.GIT_CONFIG_COUNT);
  return Array.from({ length: count }, (_, index): GitConfigEntry => {
    const key = env[`GIT_CONFIG_KEY_${index}`];
    const value = env[`GIT_CONFIG_VALUE_${index}`];
    if (key === undefined || value === undefined) throw new Error(`entry ${index} is incomplete`);
    return [key, value];
  });
}

describe('withCommandScopedConfig', () => {
  it('adds entries after the command-scoped config the environment already carries', () => {
    const env = {
      PATH: '/usr/bin',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: 'Someone',
    };
    const next = withCommandScopedConfig(env, [
      ['http.extraHeader', ''],
      ['http.extraHeader', HEADER],
    ]);
    expect(configOf(next)).toEqual([
      ['user.name', 'Someone'],
      ['http.extraHeader', ''],
      ['http.extraHeader', HEADER],
    ]);
    expect(next.PATH).toBe('/usr/bin');
    expect(env.GIT_CONFIG_COUNT).toBe('1');
  });

  it('starts at entry 0 without a usable count', () => {
    for (const count of [undefined, 'x', '-1']) {
      const env: Record<string, string> = count === undefined ? {} : { GIT_CONFIG_COUNT: count };
      expect(configOf(withCommandScopedConfig(env, [['core.askPass', '']]))).toEqual([['core.askPass', '']]);
    }
  });
});

describe('networkConfig', () => {
  it('resets credential helpers, askpass and extra headers, then adds the header last, scoped to the URL', () => {
    const entries = networkConfig({ url: URL, authorizationHeader: HEADER, stallSeconds: 30 });
    const headerKey = `http.${URL}.extraHeader`;
    expect(entries).toContainEqual(['credential.helper', '']);
    expect(entries).toContainEqual(['core.askPass', '']);
    expect(entries).toContainEqual(['http.extraHeader', '']);
    const reset = entries.findIndex(([key, value]) => key === headerKey && value === '');
    const header = entries.findIndex(([, value]) => value === HEADER);
    expect(reset).toBeGreaterThanOrEqual(0);
    expect(header).toBeGreaterThan(reset);
    expect(entries[header]?.[0]).toBe(headerKey);
    expect(entries.slice(header + 1).filter(([key]) => /extraheader/i.test(key))).toEqual([]);
    expect(entries).toContainEqual([`http.${URL}.followRedirects`, 'false']);
    expect(entries).toContainEqual([`http.${URL}.sslVerify`, 'true']);
  });

  it('refuses a URL that would not stay one config key', () => {
    expect(() => networkConfig({ url: 'https://h/v1/repos/a b', stallSeconds: 30 })).toThrow(/unexpected/);
  });

  it('abandons a transfer slower than 1 KiB/s for stallSeconds', () => {
    const entries = networkConfig({ url: URL, stallSeconds: 42 });
    expect(entries).toContainEqual(['http.lowSpeedLimit', '1024']);
    expect(entries).toContainEqual(['http.lowSpeedTime', '42']);
    expect(entries).toContainEqual([`http.${URL}.lowSpeedLimit`, '1024']);
    expect(entries).toContainEqual([`http.${URL}.lowSpeedTime`, '42']);
  });

  it('adds no header when none is given, keeping the resets', () => {
    const entries = networkConfig({ url: URL, stallSeconds: 30 });
    expect(entries.filter(([key]) => /extraheader$/i.test(key))).toEqual([
      ['http.extraHeader', ''],
      [`http.${URL}.extraHeader`, ''],
    ]);
    expect(entries).toContainEqual(['credential.helper', '']);
  });
});

describe('gitProcessEnvironment', () => {
  const INHERITED = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/runner',
    HTTPS_PROXY: 'http://proxy:3128',
    GIT_SSL_CAINFO: '/etc/ssl/ca.pem',
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: 'X-Inherited: 1',
    GIT_CONFIG_KEY_1: 'credential.helper',
    GIT_CONFIG_VALUE_1: 'store',
    GIT_CONFIG_KEY_17: 'core.sshCommand',
    GIT_CONFIG_VALUE_17: 'evil',
    GIT_CONFIG_PARAMETERS: "'http.extraheader'='X-Injected: 1'",
    GIT_ASKPASS: '/usr/bin/askpass',
    SSH_ASKPASS: '/usr/bin/ssh-askpass',
    GIT_SSL_NO_VERIFY: '1',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'source-secret',
    AWS_SESSION_TOKEN: 'source-token',
    AWS_REGION: 'eu-west-1',
    GIT_TERMINAL_PROMPT: '1',
    UNSET_VALUE: undefined,
  };

  it('carries exactly the given config through GIT_CONFIG_COUNT/KEY_n/VALUE_n, in order', () => {
    const config = networkConfig({ url: URL, authorizationHeader: HEADER, stallSeconds: 30 });
    const env = gitProcessEnvironment(INHERITED, config);
    expect(configOf(env)).toEqual(config);
  });

  it('drops inherited GIT_CONFIG_* entries, GIT_CONFIG_PARAMETERS, GIT_ASKPASS, SSH_ASKPASS and GIT_SSL_NO_VERIFY', () => {
    const env = gitProcessEnvironment(INHERITED, [['advice.detachedHead', 'false']]);
    expect(env.GIT_CONFIG_COUNT).toBe('1');
    expect(env.GIT_CONFIG_KEY_1).toBeUndefined();
    expect(env.GIT_CONFIG_VALUE_1).toBeUndefined();
    expect(env.GIT_CONFIG_KEY_17).toBeUndefined();
    expect(env.GIT_CONFIG_VALUE_17).toBeUndefined();
    expect(env.GIT_CONFIG_PARAMETERS).toBeUndefined();
    expect(env.GIT_ASKPASS).toBeUndefined();
    expect(env.SSH_ASKPASS).toBeUndefined();
    expect(env.GIT_SSL_NO_VERIFY).toBeUndefined();
    expect(Object.values(env)).not.toContain('X-Inherited: 1');
  });

  it('does not hand the source AWS credentials to git', () => {
    const env = gitProcessEnvironment(INHERITED, []);
    expect(Object.values(env)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(AKIAEXAMPLE|source-secret|source-token)$/)]),
    );
    expect(env.AWS_REGION).toBe('eu-west-1');
  });

  it('keeps the rest of the environment and leaves out unset variables', () => {
    const env = gitProcessEnvironment(INHERITED, []);
    expect(env).toMatchObject({
      PATH: '/usr/bin:/bin',
      HOME: '/home/runner',
      HTTPS_PROXY: 'http://proxy:3128',
      GIT_SSL_CAINFO: '/etc/ssl/ca.pem',
    });
    expect('UNSET_VALUE' in env).toBe(false);
  });

  it('never lets git prompt, whatever was inherited', () => {
    expect(gitProcessEnvironment(INHERITED, []).GIT_TERMINAL_PROMPT).toBe('0');
  });

  it('puts the credentials only into a GIT_CONFIG_VALUE_n variable', () => {
    const env = gitProcessEnvironment(
      INHERITED,
      networkConfig({ url: URL, authorizationHeader: HEADER, stallSeconds: 30 }),
    );
    const holders = Object.entries(env)
      .filter(([name, value]) => name.includes('QUtJQSVU') || value.includes('QUtJQSVU'))
      .map(([name]) => name);
    expect(holders).toHaveLength(1);
    expect(holders[0]).toMatch(/^GIT_CONFIG_VALUE_\d+$/);
  });

  it('does not change the inherited object', () => {
    const inherited = { ...INHERITED };
    gitProcessEnvironment(
      inherited,
      networkConfig({ url: URL, authorizationHeader: HEADER, stallSeconds: 30 }),
    );
    expect(inherited).toEqual(INHERITED);
  });
});

/** What the real git binary makes of the produced environment, with a HOME whose .gitconfig interferes. */
describe('the produced environment, as the real git sees it', () => {
  let dir: string;
  let home: string;
  let helperMarker: string;
  let askpassMarker: string;

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'git-env-')));
    home = dir;
    helperMarker = path.join(dir, 'helper-was-called');
    askpassMarker = path.join(dir, 'askpass-was-called');
    const askpass = path.join(dir, 'askpass.sh');
    await writeFile(askpass, `#!/bin/sh\ntouch '${askpassMarker}'\necho x\n`, { mode: 0o755 });
    await writeFile(
      path.join(home, '.gitconfig'),
      [
        '[credential]',
        `\thelper = "!f() { touch '${helperMarker}'; }; f"`,
        '[http]',
        '\textraHeader = X-Global: leaked',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The environment a runner gives the action: the HOME above, plus hostile inherited git variables. */
  function inherited(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_PARAMETERS: "'http.extraheader'='X-Parameters: leaked'",
      GIT_ASKPASS: path.join(dir, 'askpass.sh'),
      SSH_ASKPASS: path.join(dir, 'askpass.sh'),
    };
  }

  function git(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve) => {
      execFile('git', args, { cwd: dir, env, encoding: 'utf8' }, (error, stdout) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout });
      });
    });
  }

  /** git's rule for multi-valued lists like these: an empty value resets the list. */
  function effective(values: string[]): string[] {
    const reset = values.lastIndexOf('');
    return values.slice(reset + 1);
  }

  async function values(key: string, env: Record<string, string>): Promise<string[]> {
    const { stdout } = await git(['config', '--get-all', key], env);
    return stdout.split('\n').slice(0, -1);
  }

  it('the .gitconfig does interfere without the reset (control)', async () => {
    const env = { ...inherited(), GIT_TERMINAL_PROMPT: '0' };
    expect(effective(await values('http.extraHeader', env))).toEqual([
      'X-Global: leaked',
      'X-Parameters: leaked',
    ]);
    expect(effective(await values('credential.helper', env))).toHaveLength(1);
  });

  it('sees the plain http.extraHeader list reset after every inherited entry', async () => {
    const env = gitProcessEnvironment(
      inherited(),
      networkConfig({ url: URL, authorizationHeader: HEADER, stallSeconds: 30 }),
    );
    expect(await values('http.extraHeader', env)).toEqual(['X-Global: leaked', '']);
    expect(effective(await values(`http.${URL}.extraHeader`, env))).toEqual([HEADER]);
  });

  it('sees the credential helper list reset to empty', async () => {
    const env = gitProcessEnvironment(
      inherited(),
      networkConfig({ url: URL, authorizationHeader: HEADER, stallSeconds: 30 }),
    );
    const helpers = await values('credential.helper', env);
    expect(helpers.at(-1)).toBe('');
    expect(effective(helpers)).toEqual([]);
  });

  describe('over HTTP', () => {
    let server: ListeningServer;
    let seen: IncomingHttpHeaders[];

    beforeEach(async () => {
      seen = [];
      const http = createServer((request, response) => {
        seen.push(request.headers);
        response.writeHead(401, { 'www-authenticate': 'Basic realm="codecommit"' });
        response.end();
      });
      server = await listenTracked(http, '127.0.0.1', 0);
      await rm(helperMarker, { force: true });
      await rm(askpassMarker, { force: true });
    });
    afterEach(() => server.close());

    const url = (): string => `http://127.0.0.1:${server.port}/v1/repos/my-service`;
    const exists = (file: string): Promise<boolean> =>
      stat(file).then(
        () => true,
        () => false,
      );

    it('without the cleaning, the global header leaks and helper and askpass run (control)', async () => {
      const result = await git(['ls-remote', url()], inherited());
      expect(result.code).not.toBe(0);
      expect(seen[0]?.['x-global']).toBe('leaked');
      expect(await exists(helperMarker)).toBe(true);
      expect(await exists(askpassMarker)).toBe(true);
    });

    it('sends only our Authorization header, runs no helper or askpass, and does not prompt', async () => {
      const env = gitProcessEnvironment(
        inherited(),
        networkConfig({ url: url(), authorizationHeader: HEADER, stallSeconds: 30 }),
      );
      const result = await git(['ls-remote', url()], env);
      expect(result.code).not.toBe(0);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.authorization).toBe(HEADER.slice('Authorization: '.length));
      expect(seen[0]?.['x-global']).toBeUndefined();
      expect(seen[0]?.['x-parameters']).toBeUndefined();
      expect(await exists(helperMarker)).toBe(false);
      expect(await exists(askpassMarker)).toBe(false);
    });
  });
});

/**
 * Where the real git sends the header, with a runner config that tries to take it elsewhere: a
 * URL-scoped header for the very URL (which beats any plain entry), and a `url.<base>.insteadOf` that
 * sends the planned URL to another server. Both servers answer 401 and record what they got.
 */
describe('the header goes to its URL or nowhere, as the real git sends it', () => {
  let dir: string;
  let codecommit: ListeningServer;
  let elsewhere: ListeningServer;
  let seenByCodeCommit: IncomingHttpHeaders[];
  let seenElsewhere: IncomingHttpHeaders[];
  const INTRUDER = 'Basic aW50cnVkZXI6aW50cnVkZXI=';

  const recorder = (seen: () => IncomingHttpHeaders[]) =>
    createServer((request, response) => {
      seen().push(request.headers);
      response.writeHead(401, { 'www-authenticate': 'Basic realm="x"' });
      response.end();
    });

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'git-scoped-')));
    codecommit = await listenTracked(
      recorder(() => seenByCodeCommit),
      '127.0.0.1',
      0,
    );
    elsewhere = await listenTracked(
      recorder(() => seenElsewhere),
      '127.0.0.1',
      0,
    );
  });
  afterAll(async () => {
    await Promise.all([codecommit.close(), elsewhere.close()]);
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    seenByCodeCommit = [];
    seenElsewhere = [];
  });

  const planned = (): string => `http://127.0.0.1:${codecommit.port}/v1/repos/my-service`;
  const other = (): string => `http://127.0.0.1:${elsewhere.port}/stolen`;

  /** The runner's environment with `text` as its global config (or its system config). */
  async function runnerWith(text: string, where: 'global' | 'system'): Promise<Record<string, string>> {
    const file = path.join(dir, `${where}.gitconfig`);
    await writeFile(file, text);
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      ...(where === 'global' ? { GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1' } : {}),
      ...(where === 'system' ? { GIT_CONFIG_SYSTEM: file, GIT_CONFIG_GLOBAL: '/dev/null' } : {}),
    };
  }

  function lsRemote(env: Record<string, string>): Promise<void> {
    return new Promise((resolve) => {
      execFile('git', ['ls-remote', planned()], { cwd: dir, env }, () => resolve());
    });
  }

  /** What the action gave git before its header was scoped: a plain reset and a plain header. */
  function unscoped(inheritedEnv: Record<string, string>): Record<string, string> {
    return gitProcessEnvironment(inheritedEnv, [
      ['credential.helper', ''],
      ['http.extraHeader', ''],
      ['http.extraHeader', HEADER],
    ]);
  }

  const scoped = (inheritedEnv: Record<string, string>): Record<string, string> =>
    gitProcessEnvironment(
      inheritedEnv,
      networkConfig({ url: planned(), authorizationHeader: HEADER, stallSeconds: 30 }),
    );

  const hostileHeader = (): string =>
    `[http "${planned()}"]\n\textraHeader = Authorization: ${INTRUDER}\n[http]\n\textraHeader = X-Global: leaked\n`;

  it.each(['global', 'system'] as const)(
    'keeps redirects off, TLS verified and the stall bound for the URL over URL-scoped entries of the %s config',
    async (where) => {
      const hostile = `[http "${planned()}"]\n\tfollowRedirects = true\n\tsslVerify = false\n\tlowSpeedLimit = 0\n`;
      const env = scoped(await runnerWith(hostile, where));
      const effective = (key: string): string =>
        execFileSync('git', ['config', '--get-urlmatch', key, planned()], {
          cwd: dir,
          env,
          encoding: 'utf8',
        }).trim();
      expect([
        effective('http.followRedirects'),
        effective('http.sslVerify'),
        effective('http.lowSpeedLimit'),
      ]).toEqual(['false', 'true', '1024']);
    },
  );

  it.each(['global', 'system'] as const)(
    'an unscoped header loses to a URL-scoped one in the %s config (control)',
    async (where) => {
      await lsRemote(unscoped(await runnerWith(hostileHeader(), where)));
      expect(seenByCodeCommit[0]?.authorization).toBe(INTRUDER);
    },
  );

  it.each(['global', 'system'] as const)(
    'sends exactly our header, over a URL-scoped header for the same URL in the %s config',
    async (where) => {
      await lsRemote(scoped(await runnerWith(hostileHeader(), where)));
      expect(seenByCodeCommit).toHaveLength(1);
      expect(seenByCodeCommit[0]?.authorization).toBe(HEADER.slice('Authorization: '.length));
      expect(seenByCodeCommit[0]?.['x-global']).toBeUndefined();
    },
  );

  const diverting = (): string => `[url "${other()}"]\n\tinsteadOf = ${planned()}\n`;

  it('an unscoped header follows a url.insteadOf to the other server (control)', async () => {
    await lsRemote(unscoped(await runnerWith(diverting(), 'global')));
    expect(seenElsewhere[0]?.authorization).toBe(HEADER.slice('Authorization: '.length));
  });

  it.each(['global', 'system'] as const)(
    'sends no header to the server a url.insteadOf in the %s config sends git to',
    async (where) => {
      await lsRemote(scoped(await runnerWith(diverting(), where)));
      expect(seenElsewhere.length).toBeGreaterThan(0);
      expect(seenElsewhere.map((headers) => headers.authorization)).toEqual(
        seenElsewhere.map(() => undefined),
      );
      expect(seenByCodeCommit).toEqual([]);
    },
  );
});

describe("a job's repository variables", () => {
  const LEFT_BY_A_JOB = {
    GIT_DIR: '/work/other/.git',
    GIT_WORK_TREE: '/work/other',
    GIT_INDEX_FILE: '/work/other/.git/index',
    GIT_OBJECT_DIRECTORY: '/work/other/.git/objects',
    GIT_ALTERNATE_OBJECT_DIRECTORIES: '/work/shared/objects',
    GIT_COMMON_DIR: '/work/other/.git',
    GIT_NAMESPACE: 'team',
    PATH: '/usr/bin',
  };

  it("are left out of the action's own git, and named", () => {
    const env = gitProcessEnvironment(LEFT_BY_A_JOB, []);
    for (const name of Object.keys(LEFT_BY_A_JOB).filter((n) => n.startsWith('GIT_'))) {
      expect(env[name]).toBeUndefined();
    }
    expect(env.PATH).toBe('/usr/bin');
    expect(repositoryVariablesIn(LEFT_BY_A_JOB)).toEqual([
      'GIT_DIR',
      'GIT_WORK_TREE',
      'GIT_INDEX_FILE',
      'GIT_OBJECT_DIRECTORY',
      'GIT_ALTERNATE_OBJECT_DIRECTORIES',
      'GIT_COMMON_DIR',
      'GIT_NAMESPACE',
    ]);
    expect(ignoredRepositoryVariablesNote({ GIT_DIR: '' })).toMatch(
      /^The job sets GIT_DIR: the action's own git runs without it/,
    );
    expect(ignoredRepositoryVariablesNote({ PATH: '/usr/bin' })).toBeUndefined();
  });

  it('cover every variable git itself lists as local to a repository', () => {
    const listed = execFileSync('git', ['rev-parse', '--local-env-vars'], { encoding: 'utf8' })
      .split('\n')
      .filter((name) => name !== '');
    const inherited = Object.fromEntries(listed.map((name) => [name, 'x']));
    expect(Object.keys(gitProcessEnvironment(inherited, [])).filter((name) => listed.includes(name))).toEqual(
      // GIT_CONFIG_COUNT is the action's own command-scoped config.
      ['GIT_CONFIG_COUNT'],
    );
  });

  it("are kept for a git that a program git started runs, with the signed settings after git's own config", () => {
    const fromGit = withCommandScopedConfig({ GIT_DIR: '/work/clone/.git', GIT_ASKPASS: '/bin/ask' }, [
      ['http.proxy', 'http://proxy.internal:3128'],
    ]);
    const env = gitChildEnvironment(fromGit, signedUrlConfig(URL, HEADER));
    expect(env.GIT_DIR).toBe('/work/clone/.git');
    expect(env.GIT_ASKPASS).toBeUndefined();
    expect(env.GIT_TERMINAL_PROMPT).toBe('0');
    const config = configOf(env);
    expect(config[0]).toEqual(['http.proxy', 'http://proxy.internal:3128']);
    expect(config).toContainEqual(['core.askPass', '']);
    expect(config).toContainEqual([`http.${URL}.followRedirects`, 'false']);
    expect(config.at(-1)).toEqual([`http.${URL}.extraHeader`, HEADER]);
  });

  it('never reach the repository they name when the real git runs with the cleaned environment', async () => {
    const dir = await realpath(await mkdtemp(path.join(tmpdir(), 'git-env-vars-')));
    try {
      const other = path.join(dir, 'other');
      const target = path.join(dir, 'target');
      execFileSync('git', ['init', '-q', other]);
      execFileSync('git', ['init', '-q', target]);
      await writeFile(path.join(target, 'file.txt'), 'content');
      const leftover = {
        ...process.env,
        GIT_DIR: path.join(other, '.git'),
        GIT_INDEX_FILE: path.join(other, '.git', 'index'),
        GIT_OBJECT_DIRECTORY: path.join(other, '.git', 'objects'),
      };
      const env = gitProcessEnvironment(leftover, []);
      execFileSync('git', ['add', 'file.txt'], { cwd: target, env });
      const written = execFileSync('git', ['ls-files'], { cwd: target, env, encoding: 'utf8' });
      expect(written).toBe('file.txt\n');
      const inOther = execFileSync('git', ['count-objects'], { cwd: other, encoding: 'utf8' });
      expect(inOther).toMatch(/^0 objects/);
      await expect(stat(path.join(other, '.git', 'index'))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
