/**
 * Whether a recorded pid is still the git process main started, so that post never stops a process that
 * merely reused the pid. Linux: /proc tells the command line (git must be its program) and the process
 * group (git leads its own, so it must equal the pid). Elsewhere nothing is known: false, never stopped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function isGitProcessGroupLeader(pid: number, proc = '/proc'): boolean {
  let cmdline: string;
  let stat: string;
  try {
    cmdline = readFileSync(path.join(proc, String(pid), 'cmdline'), 'utf8');
    stat = readFileSync(path.join(proc, String(pid), 'stat'), 'utf8');
  } catch {
    return false;
  }
  const [program = ''] = cmdline.split('\0');
  if (!/^git(\.exe)?$/.test(path.basename(program))) return false;
  // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses, so read after the last `)`.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]) === pid;
}
