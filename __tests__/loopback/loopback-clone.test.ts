/**
 * The bundled action against the fakes over loopback, on whatever system runs the suite (Linux here,
 * Windows and macOS in CI): sts-endpoint and codecommit-endpoint set to the fakes' https://127.0.0.1:<port>,
 * a test CA, no Linux namespace, no root. What the closed-VPC suite checks that needs neither.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readStagesLine, STAGES } from '../../src/core/stage-times.js';
import { startSilentListener, type SilentListener } from '../../test-support/silent-listener.js';
import {
  startLoopbackWorld,
  LOOPBACK_ADDRESS,
  type LoopbackWorld,
} from '../../test-support/loopback-world.js';
import {
  issuedSecrets,
  laterGit,
  prepareLoopbackHost,
  removeLoopbackHosts,
  runLoopbackMain,
  runLoopbackPost,
  sessionDirectory,
} from './loopback-runner.js';

let world: LoopbackWorld;
beforeAll(async () => {
  world = await startLoopbackWorld();
});
afterAll(() => world?.close());
afterEach(() => removeLoopbackHosts());

const on = `on ${process.platform}, node ${process.versions.node}`;

describe(`the bundled action over loopback (${on})`, () => {
  it('clones through the given sts-endpoint and codecommit-endpoint, and no secret reaches the log or the clone', async () => {
    const host = await prepareLoopbackHost(world);
    const main = await runLoopbackMain(host, world, { repository: world.repositoryName, path: 'src/app' });
    expect({ exitCode: main.exitCode, errors: main.errors }).toEqual({ exitCode: 0, errors: [] });

    const clone = path.join(host.directories.workspace, 'src', 'app');
    expect(main.outputs.path).toBe(clone);
    expect(main.outputs.commit).toBe(world.repository.headSha);
    const head = execFileSync('git', ['-C', clone, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(head).toBe(world.repository.headSha);
    expect(world.sts.requests.length).toBeGreaterThan(0);

    const secrets = issuedSecrets(world);
    expect(secrets.length).toBeGreaterThan(1);
    const config = await readFile(path.join(clone, '.git', 'config'), 'utf8');
    for (const secret of secrets) {
      expect(main.maskedLog.includes(secret)).toBe(false);
      expect(config.includes(secret)).toBe(false);
    }
    expect(config).not.toMatch(/\d{8}T\d{6}Z[0-9a-f]{64}/);

    const post = await runLoopbackPost(host, main.state);
    expect({ exitCode: post.exitCode, warnings: post.warnings }).toEqual({ exitCode: 0, warnings: [] });
  });

  it("ends with a debug line giving every stage of a clone, in the order reached, after the process's start", async () => {
    const host = await prepareLoopbackHost(world);
    const before = Date.now();
    const main = await runLoopbackMain(host, world, { repository: world.repositoryName });
    expect({ exitCode: main.exitCode, errors: main.errors }).toEqual({ exitCode: 0, errors: [] });
    const debug = main.stdout
      .split(/\r?\n/)
      .filter((line) => line.startsWith('::debug::'))
      .map((line) => line.slice('::debug::'.length));
    const read = debug.map(readStagesLine).find((stages) => stages !== undefined);
    expect(read).toBeDefined();
    expect(read?.startedAt).toBeGreaterThanOrEqual(before - 5);
    expect(read?.startedAt).toBeLessThanOrEqual(before + main.durationMs);
    const reached = Object.entries(read?.stages ?? {});
    expect(reached.map(([stage]) => stage)).toEqual([...STAGES]);
    const times = reached.map(([, ms]) => ms);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[times.length - 1]).toBeLessThanOrEqual(main.durationMs);
  });

  it('persist-credentials: a later step fetches through the credential helper and codecommit:: through git-remote-codecommit, until the post step', async () => {
    const host = await prepareLoopbackHost(world);
    const main = await runLoopbackMain(host, world, {
      repository: world.repositoryName,
      'persist-credentials': 'true',
    });
    expect({ exitCode: main.exitCode, errors: main.errors }).toEqual({ exitCode: 0, errors: [] });
    const clone = main.outputs.path ?? '';

    // The session file: the current user's only (a mode on Linux and macOS, an ACL on Windows).
    const directory = (await sessionDirectory(host)) ?? '';
    const file = path.join(directory, 'credentials.json');
    if (process.platform === 'win32') {
      const acl = execFileSync('icacls', [file], { encoding: 'utf8' });
      const entries = acl.split(/\r?\n/).filter((line) => /:\((?:[A-Z]+,?)+\)/.test(line));
      expect(entries).toHaveLength(1);
      expect(acl).not.toMatch(/\(I\)/);
      // cmd runs the wrapper (node, the remote's script, the session file) and passes on its exit code.
      const wrapper = path.join(directory, 'bin', 'git-remote-codecommit.cmd');
      const usage = spawnSync(`"${wrapper}"`, { shell: true, encoding: 'utf8', timeout: 30_000 });
      expect({ status: usage.status, stderr: usage.stderr }).toEqual({
        status: 2,
        stderr: expect.stringContaining('usage: git-remote-codecommit <remote> codecommit://'),
      });
    } else {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }

    const fetch = await laterGit(host, main, ['fetch', 'origin', 'feature'], clone);
    expect({ exitCode: fetch.exitCode, stderr: fetch.stderr }).toEqual({
      exitCode: 0,
      stderr: expect.any(String),
    });
    const fetched = execFileSync('git', ['-C', clone, 'rev-parse', 'FETCH_HEAD'], {
      encoding: 'utf8',
    }).trim();
    expect(fetched).toBe(world.repository.branchShas.feature);

    const remote = `codecommit::${world.region}://${world.repositoryName}`;
    const listed = await laterGit(host, main, ['ls-remote', remote, 'refs/heads/main'], clone);
    expect({ exitCode: listed.exitCode, stderr: listed.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(listed.stdout).toContain(world.repository.headSha);

    const post = await runLoopbackPost(host, main.state);
    expect(post.exitCode).toBe(0);
    expect(existsSync(directory)).toBe(false);
    const after = await laterGit(host, main, ['fetch', 'origin', 'feature'], clone);
    expect(after.exitCode).not.toBe(0);
  });

  describe('a git endpoint that accepts connections and never answers', () => {
    let silent: SilentListener;
    beforeAll(async () => {
      silent = await startSilentListener(LOOPBACK_ADDRESS, 0);
    });
    afterAll(() => silent?.close());

    it('fails the step within its bound (network-timeout-seconds: 3), naming the endpoint, and leaves no clone', async () => {
      const host = await prepareLoopbackHost(world);
      const started = Date.now();
      const main = await runLoopbackMain(host, world, {
        repository: world.repositoryName,
        'codecommit-endpoint': silent.url,
        'network-timeout-seconds': '3',
        'max-attempts': '1',
      });
      const seconds = (Date.now() - started) / 1000;
      expect(main.exitCode).toBe(1);
      expect(main.errors.join('\n')).toContain(silent.host);
      expect(seconds).toBeLessThan(60);
      expect(silent.acceptedConnections()).toBeGreaterThan(0);
      expect(existsSync(path.join(host.directories.workspace, world.repositoryName))).toBe(false);
    });
  });
});
