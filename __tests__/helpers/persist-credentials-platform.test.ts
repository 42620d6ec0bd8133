import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { persistCredentials, type Persistence } from '../../src/helpers/persist-credentials.js';
import { GitProcessRegistry } from '../../src/git/git-process-registry.js';
import type { PrivateFiles } from '../../src/platform/private-files.js';
import { PersistRecorder } from '../../src/core/persist-state.js';
import { MemoryStateStore } from '../../test-support/memory-state-store.js';
import { examplePlan, exampleRepository } from '../plan-fixture.js';

const credentials = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret-key', sessionToken: 'token' };
const DIST = 'C:\\a\\_actions\\org\\codecommit-xaccount-clone\\v1\\dist';
const quiet = { info: () => undefined, warning: () => undefined };

let root: string;
let clone: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'persist-platform-'));
  clone = path.join(root, 'work', 'my-service');
  execFileSync('git', ['init', '--quiet', clone]);
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Protection that records what it was asked, and whether the folder still was empty then. */
function recordingProtection(): PrivateFiles & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    directoryMode: 0o700,
    fileMode: 0o600,
    protectDirectory: async (directory) => {
      calls.push(`directory ${path.basename(directory)} holding [${readdirSync(directory).join(', ')}]`);
    },
    protectFile: async (file) => {
      calls.push(`file ${path.basename(file)}`);
    },
  };
}

async function persist(extra: Partial<Persistence>): Promise<{ added: string[] }> {
  const added: string[] = [];
  const repository = { ...exampleRepository('my-service'), targetPath: clone };
  await persistCredentials(
    examplePlan({ repositories: [repository], persistCredentials: true }),
    credentials,
    [repository],
    {
      runnerTemp: root,
      nodePath: 'C:\\hostedtoolcache\\windows\\node\\24.0.0\\x64\\node.exe',
      distDir: DIST,
      addPath: (dir) => added.push(dir),
      ...extra,
    },
    new PersistRecorder(new MemoryStateStore()),
    process.env,
    quiet,
    new GitProcessRegistry(),
  );
  return { added };
}

describe('persisting the session, per system', () => {
  it('on Windows protects the empty folder first, then the credentials file, and adds a .cmd remote program', async () => {
    const protection = recordingProtection();
    const { added } = await persist({ osFamily: 'windows', privateFiles: protection });
    const [bin] = added;
    expect(protection.calls).toEqual([
      expect.stringMatching(/^directory codecommit-session-\S+ holding \[\]$/),
      'file credentials.json',
    ]);
    expect(readdirSync(bin ?? '').sort()).toEqual(['git-remote-codecommit', 'git-remote-codecommit.cmd']);
    const wrapper = await readFile(path.join(bin ?? '', 'git-remote-codecommit.cmd'), 'utf8');
    const file = path.join(path.dirname(bin ?? ''), 'credentials.json');
    expect(wrapper.split('\r\n')).toEqual([
      '@echo off',
      'rem Written by codecommit-xaccount-clone (persist-credentials); removed by its post step.',
      '"C:\\hostedtoolcache\\windows\\node\\24.0.0\\x64\\node.exe" ' +
        `"${path.join(DIST, 'git-remote-codecommit', 'index.js')}" ` +
        `"--credentials-file" "${file}" %*`,
      'exit /b %ERRORLEVEL%',
      '',
    ]);
  });

  it('on Linux and macOS writes the credentials 0600 in a 0700 folder and no .cmd', async () => {
    const { added } = await persist({ osFamily: 'posix' });
    const [bin] = added;
    const directory = path.dirname(bin ?? '');
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(directory, 'credentials.json'))).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(bin ?? '', 'git-remote-codecommit.cmd'))).toBe(false);
  });
});
