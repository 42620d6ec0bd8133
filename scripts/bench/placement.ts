/**
 * Where the bench runs. As root it re-runs itself inside private mount and network namespaces
 * (`unshare`), the closed VPC of test-support/closed-vpc: only loopback, the regional endpoint names in a
 * bind-mounted /etc/hosts, port 443. Otherwise (or with BENCH_MODE=loopback) the fakes listen on
 * 127.0.0.1 at random ports and the action is given them as custom endpoints.
 */
import { spawn, spawnSync } from 'node:child_process';

export type BenchMode = 'closed-vpc' | 'loopback';

export interface Placement {
  mode: BenchMode;
  /** Why this mode, in words. */
  reason: string;
  /** True when this process must re-run itself inside the namespaces. */
  reexec: boolean;
}

/** `auto` (default), `closed-vpc` or `loopback`. */
export const MODE_VARIABLE = 'BENCH_MODE';
/** Set in the environment of the re-run inside the namespaces. */
const INSIDE_VARIABLE = 'CODECOMMIT_BENCH_INSIDE_NAMESPACE';
const REASON_VARIABLE = 'CODECOMMIT_BENCH_MODE_REASON';
const UNSHARE_FLAGS = ['--mount', '--net', '--propagation', 'private'];

export function decidePlacement(env: NodeJS.ProcessEnv = process.env): Placement {
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
  const unavailable =
    uid !== 0
      ? `not running as root (uid ${uid ?? 'unknown'}): private namespaces need root`
      : unshareProblem();
  if (unavailable === undefined) {
    return {
      mode: 'closed-vpc',
      reason: `root, and \`unshare ${UNSHARE_FLAGS.join(' ')}\` works`,
      reexec: true,
    };
  }
  if (requested === 'closed-vpc') throw new Error(`${MODE_VARIABLE}=closed-vpc, but ${unavailable}`);
  return { mode: 'loopback', reason: unavailable, reexec: false };
}

function unshareProblem(): string | undefined {
  const probe = spawnSync('unshare', [...UNSHARE_FLAGS, '--', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error) return `unshare is not available (${probe.error.message})`;
  if (probe.status !== 0) {
    return `unshare cannot create the namespaces (${probe.stderr.trim() || `exit ${probe.status}`})`;
  }
  return undefined;
}

/**
 * Runs this script again, with the same arguments, inside fresh namespaces; resolves with its exit
 * code. The namespaces and their mounts vanish when it ends. Signals are passed on to it.
 */
export function rerunInNamespaces(reason: string, extraEnv: Record<string, string>): Promise<number> {
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
