/**
 * CPU time used by this process and every descendant it (or they) waited for, from /proc/self/stat:
 * the fakes serving in this process, their `git http-backend` children, the runner's node and the git
 * processes under it. The difference across a run is what the run cost the machine, client and server
 * together; with the machine's cores it bounds how fast any parallel schedule of that work can be.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** `after − before`, or undefined when either could not be read. */
export function cpuDifference(before: number | undefined, after: number | undefined): number | undefined {
  return before !== undefined && after !== undefined ? after - before : undefined;
}

/** Milliseconds of CPU (user + system) of this process and its waited-for descendants; undefined off Linux. */
export function processTreeCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at field 3: state.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime are fields 14..17, i.e. indexes 11..14 here.
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
  return (ticks * 1000) / clockTicks();
}
