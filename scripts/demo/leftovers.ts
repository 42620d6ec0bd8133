/**
 * Processes the demo may have left behind: anything still running in, or on files of, the demo's own
 * folder (a fresh temporary folder nothing else knows of), such as a git the action started in a
 * process group of its own. Found through /proc, stopped by pid.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

export interface LeftoverProcess {
  pid: number;
  command: string;
}

export async function processesUsing(dir: string): Promise<LeftoverProcess[]> {
  const found: LeftoverProcess[] = [];
  const inside = (text: string) => text === dir || text.startsWith(`${dir}${path.sep}`);
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    const pid = Number(entry);
    if (!/^\d+$/.test(entry) || pid === process.pid) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (inside(cwd) || argv.some((arg) => arg.includes(dir))) {
      found.push({ pid, command: argv.join(' ').trim().slice(0, 120) });
    }
  }
  return found;
}

export function stopProcesses(processes: readonly LeftoverProcess[]): void {
  for (const { pid } of processes) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}
