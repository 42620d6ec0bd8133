import { spawn, spawnSync } from 'node:child_process';
import {
  processTreeControl,
  TASKKILL_TIMEOUT_MS,
  type ProcessTreeSystem,
} from '../../src/platform/process-tree.js';
import { HOST_OS_FAMILY } from '../../src/platform/os-family.js';

/** A system that records what stopping asked of it; taskkill succeeds unless told otherwise. */
function fakeSystem(taskkillOk = true): ProcessTreeSystem & {
  kills: [number, string][];
  runs: [string, readonly string[], number][];
} {
  const kills: [number, string][] = [];
  const runs: [string, readonly string[], number][] = [];
  return {
    kills,
    runs,
    kill: (pid, signal) => void kills.push([pid, signal]),
    runToEnd: (file, args, timeoutMs) => {
      runs.push([file, args, timeoutMs]);
      return { ok: taskkillOk };
    },
  };
}

describe('stopping a process tree on Windows', () => {
  it('runs taskkill /T /F /PID <pid>, bounded, and sends no signal when it succeeds', () => {
    const system = fakeSystem();
    processTreeControl('windows', system).stop(4321);
    expect(system.runs).toEqual([['taskkill', ['/T', '/F', '/PID', '4321'], TASKKILL_TIMEOUT_MS]]);
    expect(system.kills).toEqual([]);
  });

  it('still kills the process itself when taskkill fails or is missing', () => {
    const system = fakeSystem(false);
    processTreeControl('windows', system).stop(4321);
    expect(system.kills).toEqual([[4321, 'SIGKILL']]);
  });

  it('starts the child in the runner console (not detached, which opens a console of its own), hidden', () => {
    expect(processTreeControl('windows', fakeSystem()).spawnOptions).toEqual({
      detached: false,
      windowsHide: true,
    });
  });
});

describe('stopping a process tree on Linux and macOS', () => {
  it('sends SIGKILL to the process group (negative pid) and never runs taskkill', () => {
    const system = fakeSystem();
    processTreeControl('posix', system).stop(4321);
    expect(system.kills).toEqual([[-4321, 'SIGKILL']]);
    expect(system.runs).toEqual([]);
  });

  it('starts the child as the leader of a process group of its own', () => {
    expect(processTreeControl('posix', fakeSystem()).spawnOptions.detached).toBe(true);
  });

  it('ignores a group that is already gone', () => {
    const system: ProcessTreeSystem = {
      kill: () => {
        throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
      },
      runToEnd: () => ({ ok: true }),
    };
    expect(() => processTreeControl('posix', system).stop(4321)).not.toThrow();
  });
});

describe(`stopping a real process tree on this system (${HOST_OS_FAMILY})`, () => {
  /** A node that starts a second, long-lived node and prints its pid. */
  const PARENT = [
    "const { spawn } = require('node:child_process');",
    "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
    'console.log(child.pid);',
    'setInterval(() => {}, 1000);',
  ].join('\n');

  // A killed process whose new parent has not reaped it yet is a zombie on POSIX: it no longer runs.
  const running = (pid: number): boolean => {
    if (HOST_OS_FAMILY === 'posix') {
      const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
      return stat.status === 0 && !stat.stdout.trim().startsWith('Z');
    }
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('stops the child and the grandchild it started', async () => {
    const control = processTreeControl(HOST_OS_FAMILY);
    const child = spawn(process.execPath, ['-e', PARENT], {
      ...control.spawnOptions,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const grandchild = await new Promise<number>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    expect(running(grandchild)).toBe(true);
    const closed = new Promise((resolve) => child.once('close', resolve));
    control.stop(child.pid ?? -1);
    await closed;
    for (let i = 0; i < 100 && running(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(running(grandchild)).toBe(false);
  });
});
