import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  GitCommandError,
  runGit as runGitIn,
  stderrTail,
  type GitRunOptions,
} from '../../src/git/git-process.js';
import { GitProcessRegistry } from '../../src/git/git-process-registry.js';
import { startSilentListener, type SilentListener } from '../../test-support/silent-listener.js';
import { runCommandResult } from '../../test-support/run-command.js';

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'git-process-')));
  // No proxy, no system or user config: only what each test gives git.
  env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CEILING_DIRECTORIES: path.dirname(dir),
  };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** runGit with a registry of this file's own. */
const processes = new GitProcessRegistry();
function runGit(args: readonly string[], options: Omit<GitRunOptions, 'processes'>) {
  return runGitIn(args, { ...options, processes });
}

async function failure(promise: Promise<unknown>): Promise<GitCommandError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GitCommandError))
    throw new Error(`expected a GitCommandError, got ${String(error)}`);
  return error;
}

/** Running processes whose command line contains `marker` (pgrep -f, without pgrep; Linux and macOS). */
async function processesWith(marker: string): Promise<string[]> {
  const { stdout } = await runCommandResult('ps', ['-A', '-o', 'pid=,stat=,args='], { timeoutMs: 10_000 });
  const found: string[] = [];
  for (const line of stdout.split('\n')) {
    const [, pid, stat, args] = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line) ?? [];
    // A zombie has stopped running; it only waits for its parent to reap it.
    if (args === undefined || Number(pid) === process.pid || stat?.startsWith('Z')) continue;
    if (args.includes(marker)) found.push(args.trim());
  }
  return found;
}

describe('runGit', () => {
  it('returns what git wrote on stdout when it succeeds', async () => {
    const result = await runGit(['--version'], { env, inactivitySeconds: 10, what: 'git version' });
    expect(result.stdout).toMatch(/^git version \d+\.\d+/);
  });

  it('runs in the given directory', async () => {
    await runGit(['init', '--quiet', 'repo'], { cwd: dir, env, inactivitySeconds: 10, what: 'git init' });
    const { stdout } = await runGit(['rev-parse', '--show-toplevel'], {
      cwd: path.join(dir, 'repo'),
      env,
      inactivitySeconds: 10,
      what: 'git rev-parse',
    });
    expect(stdout.trim()).toBe(path.join(dir, 'repo'));
  });

  it('uses the given environment, not its own', async () => {
    const { stdout } = await runGit(['config', '--get', 'probe.value'], {
      env: { ...env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'probe.value', GIT_CONFIG_VALUE_0: 'from-env' },
      inactivitySeconds: 10,
      what: 'git config',
    });
    expect(stdout).toBe('from-env\n');
  });

  it('raises GitCommandError with the exit code, stderr and what it was doing', async () => {
    const missing = path.join(dir, 'no-such-repository');
    const error = await failure(
      runGit(['ls-remote', missing], { env, inactivitySeconds: 10, what: 'listing no-such-repository' }),
    );
    expect(error.exitCode).toBe(128);
    expect(error.stderr).toContain(`'${missing}' does not appear to be a git repository`);
    expect(error.what).toBe('listing no-such-repository');
    expect(error.timedOutAfterSeconds).toBeUndefined();
    // The message carries only git's last four stderr lines, joined by ' | '.
    expect(error.message).toMatch(
      /^listing no-such-repository: git exited with 128: fatal: Could not read from remote repository\. \|.* \| and the repository exists\.$/,
    );
    expect(error.message).not.toContain('does not appear to be a git repository');
  });

  it('reports a failure with empty stderr by its exit code alone', async () => {
    const error = await failure(
      runGit(['config', '--get', 'no.such-key'], { env, inactivitySeconds: 10, what: 'reading config' }),
    );
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('reading config: git exited with 1');
  });

  it('says git could not be started when it is not on PATH', async () => {
    const error = await failure(
      runGit(['--version'], {
        env: { ...env, PATH: path.join(dir, 'empty-bin') },
        inactivitySeconds: 10,
        what: 'x',
      }),
    );
    expect(error.exitCode).toBeNull();
    expect(error.stderr).toMatch(/^could not start git: /);
  });

  it('passes arguments verbatim, never through a shell', async () => {
    const marker = path.join(dir, 'shell-ran');
    const argument = `a b "c" 'd' ; $(touch ${marker}) \`touch ${marker}\` | & > < * ~`;
    const { stdout } = await runGit(['rev-parse', '--sq-quote', argument], {
      env,
      inactivitySeconds: 10,
      what: 'quoting',
    });
    // git's --sq-quote: one space, then the argument in single quotes, each ' written as '\''.
    expect(stdout.trim()).toBe(`'${argument.replace(/'/g, "'\\''")}'`);
    await expect(stat(marker)).rejects.toThrow();
  });

  it('passes an argument with a newline or that looks like an option as one argument', async () => {
    const { stdout } = await runGit(['rev-parse', '--sq-quote', 'line1\nline2', '--not-an-option'], {
      env,
      inactivitySeconds: 10,
      what: 'quoting',
    });
    expect(stdout.trim()).toBe(`'line1\nline2' '--not-an-option'`);
  });

  it('hands each stderr line to onStderrLine, in order, without empty lines', async () => {
    const lines: string[] = [];
    const missing = path.join(dir, 'absent');
    await failure(
      runGit(['ls-remote', missing], {
        env,
        inactivitySeconds: 10,
        what: 'x',
        onStderrLine: (line) => lines.push(line),
      }),
    );
    expect(lines[0]).toBe(`fatal: '${missing}' does not appear to be a git repository`);
    expect(lines).toContain('fatal: Could not read from remote repository.');
    expect(lines).not.toContain('');
  });

  it('splits stderr on \\r as well, as git writes its progress', async () => {
    const lines: string[] = [];
    await runGit(['-c', "alias.progress=!printf 'step 1\\rstep 2\\rdone\\n' >&2", 'progress'], {
      env,
      inactivitySeconds: 10,
      what: 'x',
      onStderrLine: (line) => lines.push(line),
    });
    expect(lines).toEqual(['step 1', 'step 2', 'done']);
  });

  it('hands over a last stderr line that has no line break', async () => {
    const lines: string[] = [];
    await runGit(['-c', "alias.tail=!printf 'first\\nlast' >&2", 'tail'], {
      env,
      inactivitySeconds: 10,
      what: 'x',
      onStderrLine: (line) => lines.push(line),
    });
    expect(lines).toEqual(['first', 'last']);
  });

  it('lets a command run longer than the inactivity limit while it keeps writing, on stdout or stderr', async () => {
    const slow = (stream: string): Promise<unknown> =>
      runGit(
        [
          '-c',
          // Five gaps of 0.5 s, 2.5 s in all: longer than the 2 s limit, each gap well inside it.
          `alias.slow=!${['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => `printf ${letter}${stream}`).join('; sleep 0.5; ')}`,
          'slow',
        ],
        {
          env,
          inactivitySeconds: 2,
          what: `slow but alive on ${stream === '' ? 'stdout' : 'stderr'}`,
        },
      );
    const [onStdout, onStderr] = await Promise.all([slow(''), slow(' >&2')]);
    expect(onStdout).toEqual({ stdout: 'abcdef', stderr: '' });
    expect(onStderr).toEqual({ stdout: '', stderr: 'abcdef' });
  });

  describe('once git reports the remote has answered', () => {
    const afterLine = (line: string, silenceSeconds: number): Promise<unknown> =>
      runGit(['-c', `alias.quiet=!printf '%s\\n' "${line}" >&2; sleep ${silenceSeconds}`, 'quiet'], {
        env,
        inactivitySeconds: 1,
        transferInactivitySeconds: 2,
        what: `quiet after ${line}`,
      });

    it.each(['remote: Enumerating objects: 240, done.', 'Receiving objects:  10% (24/240)'])(
      'after "%s" git may stay silent for transferInactivitySeconds, longer than inactivitySeconds',
      async (line) => {
        await expect(afterLine(line, 1.5)).resolves.toEqual({ stdout: '', stderr: `${line}\n` });
      },
    );

    it('a line git writes before it contacts the remote ("Cloning into") keeps the shorter window', async () => {
      const error = await failure(afterLine("Cloning into 'x'...", 1.5));
      expect(error.timedOutAfterSeconds).toBe(1);
    });

    it('a silence longer than transferInactivitySeconds still stops git, and the message names that window', async () => {
      const error = await failure(afterLine('remote: Counting objects: 1, done.', 4));
      expect(error.timedOutAfterSeconds).toBe(2);
      expect(error.message).toContain('no progress for 2 s');
    });
  });

  describe('input', () => {
    /** git's object id of a blob holding `data`. */
    const blobId = (data: Buffer): string =>
      createHash('sha1')
        .update(Buffer.concat([Buffer.from(`blob ${data.length}\0`), data]))
        .digest('hex');

    it("reaches git's standard input", async () => {
      const { stdout } = await runGit(['hash-object', '--stdin'], {
        env,
        inactivitySeconds: 10,
        what: 'hashing',
        input: 'hello\n',
      });
      expect(stdout).toBe('ce013625030ba8dba906f756967f9e9ca394464a\n');
    });

    it('arrives whole and as UTF-8 when it is large', async () => {
      const text = `${'line with ünïcödé and a tab\t\n'.repeat(80_000)}end`;
      const { stdout } = await runGit(['hash-object', '--stdin'], {
        env,
        inactivitySeconds: 10,
        what: 'hashing',
        input: text,
      });
      expect(Buffer.byteLength(text)).toBeGreaterThan(2_000_000);
      expect(stdout.trim()).toBe(blobId(Buffer.from(text, 'utf8')));
    });

    it('without input, git reads an empty, closed standard input (it never waits for one)', async () => {
      const { stdout } = await runGit(['hash-object', '--stdin'], {
        env,
        inactivitySeconds: 5,
        what: 'hashing',
      });
      expect(stdout).toBe(`${blobId(Buffer.alloc(0))}\n`);
    });

    it('sends an empty input as an empty standard input', async () => {
      const { stdout } = await runGit(['hash-object', '--stdin'], {
        env,
        inactivitySeconds: 5,
        what: 'hashing',
        input: '',
      });
      expect(stdout).toBe(`${blobId(Buffer.alloc(0))}\n`);
    });

    it('does not fail when git exits without reading its input', async () => {
      const { stdout } = await runGit(['--version'], {
        env,
        inactivitySeconds: 10,
        what: 'git version',
        input: 'x'.repeat(4_000_000),
      });
      expect(stdout).toMatch(/^git version /);
    });

    it('gives git sparse-checkout its directories, one a line, as clone.ts does', async () => {
      const repo = path.join(dir, 'sparse');
      await runGit(['init', '--quiet', repo], { env, inactivitySeconds: 10, what: 'init' });
      await runGit(['sparse-checkout', 'set', '--cone', '--stdin'], {
        cwd: repo,
        env,
        inactivitySeconds: 10,
        what: 'sparse checkout',
        input: 'src\ndocs/guide\n-not-an-option\n',
      });
      const patterns = await readFile(path.join(repo, '.git/info/sparse-checkout'), 'utf8');
      expect(patterns.split('\n')).toEqual(
        expect.arrayContaining(['/src/', '/docs/guide/', '/-not-an-option/']),
      );
    });
  });

  describe('against a server that accepts and never answers', () => {
    let listener: SilentListener;

    beforeAll(async () => {
      listener = await startSilentListener('127.0.0.1', 0);
    });
    afterAll(() => listener.close());

    it('kills the whole git process tree after inactivitySeconds and reports the timeout', async () => {
      const marker = `stall-${randomUUID()}`;
      const url = `http://127.0.0.1:${listener.port}/${marker}/v1/repos/my-service`;
      const accepted = listener.acceptedConnections();
      let runningWhileStalled: string[] = [];
      const watcher = setInterval(() => {
        if (listener.acceptedConnections() > accepted && runningWhileStalled.length === 0) {
          void processesWith(marker).then((found) => {
            if (runningWhileStalled.length === 0) runningWhileStalled = found;
          });
        }
      }, 50);

      const started = Date.now();
      const error = await failure(
        // 2 s: the watcher above has that long to see git and its helper while the connection hangs.
        runGit(['ls-remote', url], { env, inactivitySeconds: 2, what: 'listing refs of my-service' }),
      );
      const elapsed = Date.now() - started;
      clearInterval(watcher);

      expect(error.timedOutAfterSeconds).toBe(2);
      expect(error.message).toBe('listing refs of my-service: git made no progress for 2 s and was stopped');
      expect(elapsed).toBeGreaterThanOrEqual(1900);
      // The limit, git's start and the kill of its tree; margin 2 s on 2 shared cores.
      expect(elapsed).toBeLessThan(2000 + 2000);
      // git and its remote helper were both there while the connection hung…
      expect(runningWhileStalled.some((cmd) => /remote-https?/.test(cmd))).toBe(true);
      expect(runningWhileStalled.length).toBeGreaterThanOrEqual(2);
      // …and none of them outlives runGit.
      // …and none of them outlives runGit: polled for up to 5 s, as a killed tree takes a moment to go.
      let left = await processesWith(marker);
      for (let i = 0; i < 50 && left.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        left = await processesWith(marker);
      }
      expect(left).toEqual([]);
    }, 15_000);
  });
});

describe('stderrTail', () => {
  it('keeps the last four lines, each progress line only as its last rewrite shows it', () => {
    const stderr =
      "Cloning into 'x'...\n" +
      'remote: Counting objects:  50% (1/2)\rremote: Counting objects: 100% (2/2), done.\n' +
      'Receiving objects:  10% (1/10)\rReceiving objects: 100% (10/10), done.\n' +
      'error: object file .git/objects/ab/cd is empty\n' +
      'fatal: loose object abcd is corrupt\n\n';
    expect(stderrTail(stderr)).toBe(
      'remote: Counting objects: 100% (2/2), done. | Receiving objects: 100% (10/10), done. | ' +
        'error: object file .git/objects/ab/cd is empty | fatal: loose object abcd is corrupt',
    );
  });
});
