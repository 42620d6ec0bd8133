import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import { isGitProcessGroupLeader } from '../../src/git/git-process-identity.js';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** A process that waits on its stdin until killed. */
async function waiting(command: string, args: string[], detached: boolean): Promise<number> {
  const child = spawn(command, args, { detached, stdio: ['pipe', 'ignore', 'ignore'] });
  started.push(child);
  await once(child, 'spawn');
  if (child.pid === undefined) throw new Error(`${command} did not start`);
  return child.pid;
}

describe('isGitProcessGroupLeader (Linux /proc)', () => {
  test('a git leading its own process group, as runGit starts it, is recognised', async () => {
    expect(isGitProcessGroupLeader(await waiting('git', ['cat-file', '--batch'], true))).toBe(true);
  });

  test('a pid reused by another program is not git', async () => {
    expect(isGitProcessGroupLeader(await waiting('cat', [], true))).toBe(false);
  });

  test('a git in another process group (not one the step started) is not taken', async () => {
    expect(isGitProcessGroupLeader(await waiting('git', ['cat-file', '--batch'], false))).toBe(false);
  });

  test('a pid nothing runs under', () => {
    expect(isGitProcessGroupLeader(2 ** 22 + 12345)).toBe(false);
  });
});
