/**
 * The demo's two settings. As root it re-runs itself inside private mount and network namespaces
 * (`unshare`), where only loopback exists and a bind-mounted /etc/hosts plays the VPC's private DNS: a
 * closed VPC. Without root, or without unshare, it runs the fakes on 127.0.0.1 instead (loopback mode).
 */
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { runCommand } from '../../test-support/run-command.js';

export type DemoMode = 'closed-vpc' | 'loopback';

export interface ModeDecision {
  mode: DemoMode;
  /** Why this mode, in words. */
  reason: string;
  /** True when this process must re-run itself inside the namespaces. */
  reexec: boolean;
}

/** Set in the environment of the re-run process inside the namespaces. */
const INSIDE_VARIABLE = 'CODECOMMIT_DEMO_INSIDE_CLOSED_VPC';
const REASON_VARIABLE = 'CODECOMMIT_DEMO_MODE_REASON';
/** `auto` (default), `closed-vpc` or `loopback`. */
export const MODE_VARIABLE = 'DEMO_MODE';

const UNSHARE_FLAGS = ['--mount', '--net', '--propagation', 'private'];

export function decideMode(env: NodeJS.ProcessEnv = process.env): ModeDecision {
  if (env[INSIDE_VARIABLE] === '1') {
    return { mode: 'closed-vpc', reason: env[REASON_VARIABLE] ?? 'inside the namespaces', reexec: false };
  }
  const requested = env[MODE_VARIABLE] ?? 'auto';
  if (!['auto', 'closed-vpc', 'loopback'].includes(requested)) {
    throw new Error(`${MODE_VARIABLE}=${requested}: expected auto, closed-vpc or loopback`);
  }
  if (requested === 'loopback') {
    return { mode: 'loopback', reason: `${MODE_VARIABLE}=loopback asks for it`, reexec: false };
  }
  const uid = process.getuid?.();
  let unavailable: string | undefined;
  if (uid !== 0) {
    unavailable = `not running as root (uid ${uid ?? 'unknown'}): a private /etc/hosts and network namespace need root`;
  } else {
    unavailable = unshareProblem();
  }
  if (unavailable === undefined) {
    return {
      mode: 'closed-vpc',
      reason: `running as root and \`unshare ${UNSHARE_FLAGS.join(' ')}\` works`,
      reexec: true,
    };
  }
  if (requested === 'closed-vpc') throw new Error(`${MODE_VARIABLE}=closed-vpc, but ${unavailable}`);
  return { mode: 'loopback', reason: unavailable, reexec: false };
}

/** Why unshare cannot make the namespaces here, or undefined when it can. */
function unshareProblem(): string | undefined {
  const probe = spawnSync('unshare', [...UNSHARE_FLAGS, '--', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error) return `unshare is not available (${probe.error.message})`;
  if (probe.status !== 0) {
    return `unshare cannot create the namespaces (${probe.stderr.trim() || `exit ${probe.status}`})`;
  }
  return undefined;
}

/**
 * Runs this same script again inside fresh mount and network namespaces and resolves with its exit
 * code. The namespaces, their mounts and their loopback vanish when that process ends.
 */
export function reexecInClosedNamespace(reason: string, extraEnv: Record<string, string>): Promise<number> {
  const script = process.argv[1];
  if (script === undefined) return Promise.reject(new Error('cannot tell which script to re-run'));
  const child = spawn(
    'unshare',
    [...UNSHARE_FLAGS, '--', process.execPath, ...process.execArgv, script, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, ...extraEnv, [INSIDE_VARIABLE]: '1', [REASON_VARIABLE]: reason },
    },
  );
  // Ctrl-C reaches the child through the terminal's process group; it cleans up and exits.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

export async function bringLoopbackUp(): Promise<void> {
  await runCommand('ip', ['link', 'set', 'lo', 'up']);
}

/** Network interfaces of this namespace, from /proc/net/dev (which is per namespace). */
export async function networkInterfaces(): Promise<string[]> {
  return (await readFile('/proc/net/dev', 'utf8'))
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter((name) => name.length > 0);
}

/** What a DNS lookup of a public name gives: the error code when it fails, as it should in the VPC. */
export async function probeLookup(name: string): Promise<string> {
  try {
    const { address } = await lookup(name);
    return `resolves to ${address}`;
  } catch (error) {
    return `does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

/** What a TCP connection to a public address gives: unreachable, as it should be in the VPC. */
export function probeConnect(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: 2000 });
    const done = (outcome: string) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.once('connect', () => done('connected'));
    socket.once('timeout', () => done('no answer within 2 s'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(`fails (${error.code ?? error.message})`));
  });
}
