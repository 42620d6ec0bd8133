/** What the bench ran on: CPU, cores, memory, kernel, the nodes and git. */
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  /** The node running the bench (and the fakes). */
  benchNode: string;
  /** The node the action runs on. */
  runnerNode: string;
  git: string;
}

export function describeMachine(runnerNode: string): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    kernel: `Linux ${release()}`,
    benchNode: process.version,
    runnerNode: execFileSync(runnerNode, ['--version'], { encoding: 'utf8' }).trim(),
    git: execFileSync('git', ['--version'], { encoding: 'utf8' })
      .trim()
      .replace(/^git version /, ''),
  };
}
