/**
 * How a script (the demo, the benchmark) gets into a closed VPC: as root it re-runs itself inside
 * private mount and network namespaces (`unshare`), where only loopback exists and a bind-mounted
 * /etc/hosts plays the VPC's private DNS. Without root, or without unshare, it stays outside and runs
 * the fakes on 127.0.0.1 instead (loopback mode).
 */
import { spawn, spawnSync } from 'node:child_process';

export type ClosedVpcMode = 'closed-vpc' | 'loopback';

export interface NamespaceEntry {
  mode: ClosedVpcMode;
  /** Why this mode, in words. */
  reason: string;
  /** True when this process must re-run itself inside the namespaces. */
  reexec: boolean;
}

/** The environment variables one script uses: the mode it is asked for, and those of its re-run. */
export interface EntryVariables {
  /** `auto` (default), `closed-vpc` or `loopback`. */
  mode: string;
  /** Set in the environment of the re-run inside the namespaces. */
  inside: string;
  reason: string;
}

const UNSHARE_FLAGS = ['--mount', '--net', '--propagation', 'private'];

export function decideNamespaceEntry(
  variables: EntryVariables,
  env: NodeJS.ProcessEnv = process.env,
): NamespaceEntry {
  if (env[variables.inside] === '1') {
    return { mode: 'closed-vpc', reason: env[variables.reason] ?? 'inside the namespaces', reexec: false };
  }
  const requested = env[variables.mode] ?? 'auto';
  if (!['auto', 'closed-vpc', 'loopback'].includes(requested)) {
    throw new Error(`${variables.mode}=${requested}: expected auto, closed-vpc or loopback`);
  }
  if (requested === 'loopback') {
    return { mode: 'loopback', reason: `${variables.mode}=loopback asks for it`, reexec: false };
  }
  const uid = process.getuid?.();
  const unavailable =
    uid !== 0
      ? `not running as root (uid ${uid ?? 'unknown'}): a private /etc/hosts and network namespace need root`
      : unshareProblem();
  if (unavailable === undefined) {
    return {
      mode: 'closed-vpc',
      reason: `running as root and \`unshare ${UNSHARE_FLAGS.join(' ')}\` works`,
      reexec: true,
    };
  }
  if (requested === 'closed-vpc') throw new Error(`${variables.mode}=closed-vpc, but ${unavailable}`);
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
 * Runs this same script again, with the same arguments, inside fresh mount and network namespaces and
 * resolves with its exit code. The namespaces, their mounts and their loopback vanish when it ends.
 */
export function rerunInClosedNamespace(
  variables: EntryVariables,
  reason: string,
  extraEnv: Record<string, string>,
): Promise<number> {
  const script = process.argv[1];
  if (script === undefined) return Promise.reject(new Error('cannot tell which script to re-run'));
  const child = spawn(
    'unshare',
    [...UNSHARE_FLAGS, '--', process.execPath, ...process.execArgv, script, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, ...extraEnv, [variables.inside]: '1', [variables.reason]: reason },
    },
  );
  // Ctrl-C reaches the child through the terminal's process group too; it cleans up and exits.
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
