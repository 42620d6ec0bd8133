/**
 * Resolving host names without letting a resolver that never answers hold the process.
 *
 * Node's `dns.lookup` runs getaddrinfo on libuv's thread pool, where it cannot be cancelled: a lookup
 * the VPC's resolver never answers keeps its thread until the system resolver gives up (timeout ×
 * attempts of resolv.conf, up to minutes), four of them stop every other file operation, and
 * `process.exit` waits for all of them, so a deadline would end the wait but not the step. Here each
 * lookup runs getaddrinfo in a child process (`getent` on Linux, else node; same resolver, same hosts
 * file, same answers) that is killed at the deadline. A name resolved once is answered from memory for the rest of the process,
 * so the requests that follow the step's first lookups start no new one.
 */
import { spawn } from 'node:child_process';
import { getDefaultResultOrder, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

export interface HostLookupResult {
  addresses: string[];
  /** The resolver's error code (ENOTFOUND, EAI_AGAIN …) or `timeout`. */
  error?: string;
}

/** Runs dns.lookup in the child: prints `{"addresses":[…]}` or `{"code":"…"}`. */
const CHILD_SCRIPT = [
  "require('node:dns').lookup(process.argv[1], { all: true }, (error, found) => {",
  '  process.stdout.write(JSON.stringify(error ? { code: error.code } : { addresses: found.map((a) => a.address) }));',
  '});',
].join('\n');

const resolved = new Map<string, string[]>();
const inFlight = new Map<string, Promise<HostLookupResult>>();

/**
 * The addresses of `hostname` as getaddrinfo gives them (hosts file included), or why there are none;
 * `timeout` when the resolver gave no answer within `timeoutSeconds`. Concurrent lookups of one name
 * share one child.
 */
export function lookupHost(hostname: string, timeoutSeconds: number): Promise<HostLookupResult> {
  if (isIP(hostname) !== 0) return Promise.resolve({ addresses: [hostname] });
  const key = hostname.toLowerCase();
  const known = resolved.get(key);
  if (known !== undefined) return Promise.resolve({ addresses: known });
  let pending = inFlight.get(key);
  if (pending === undefined) {
    pending = lookupInChild(hostname, timeoutSeconds).then((result) => {
      inFlight.delete(key);
      if (result.error === undefined && result.addresses.length > 0) resolved.set(key, result.addresses);
      return result;
    });
    inFlight.set(key, pending);
  }
  return pending;
}

/** One way of running getaddrinfo in a process of its own, and how to read what it prints. */
interface LookupProcess {
  command: string;
  args: (hostname: string) => string[];
  env: NodeJS.ProcessEnv;
  read: (output: string) => HostLookupResult;
}

/** glibc's `getent ahosts`: getaddrinfo through nsswitch as this process would, started in a millisecond or two. */
const GETENT: LookupProcess = {
  command: 'getent',
  args: (hostname) => ['ahosts', '--', hostname],
  env: process.env,
  read: readGetentOutput,
};

/** A node child running dns.lookup: on every system, and the resolver's own error code when there is none. */
const NODE_CHILD: LookupProcess = {
  command: process.execPath,
  // The order of addresses this process would use; no other NODE_OPTIONS (a --require could print).
  args: (hostname) => [`--dns-result-order=${getDefaultResultOrder()}`, '-e', CHILD_SCRIPT, hostname],
  env: { ...process.env, NODE_OPTIONS: '' },
  read: (output) => {
    const parsed = JSON.parse(output) as { addresses?: string[]; code?: string };
    return parsed.addresses !== undefined
      ? { addresses: [...new Set(parsed.addresses)] }
      : { addresses: [], error: parsed.code ?? 'ENOTFOUND' };
  },
};

/**
 * The lookup processes to try, in order. On Linux `getent` answers a name in about 1 ms where a node
 * child takes about 90 ms to start; a name it cannot resolve (or a system without it) goes to the node
 * child, which tells a missing name (ENOTFOUND) from a resolver failure worth retrying (EAI_AGAIN).
 */
export function lookupProcessesFor(platform: NodeJS.Platform): readonly LookupProcess[] {
  return platform === 'linux' ? [GETENT, NODE_CHILD] : [NODE_CHILD];
}

/** The distinct addresses of `getent ahosts` output (`<address> STREAM <name>`, one line per socket type). */
export function readGetentOutput(output: string): HostLookupResult {
  const addresses = output
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((address) => isIP(address) !== 0);
  return addresses.length > 0
    ? { addresses: [...new Set(addresses)] }
    : { addresses: [], error: 'ENOTFOUND' };
}

async function lookupInChild(hostname: string, timeoutSeconds: number): Promise<HostLookupResult> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const processes = lookupProcessesFor(process.platform);
  let result: HostLookupResult = { addresses: [], error: 'ENOTFOUND' };
  for (const [index, lookup] of processes.entries()) {
    result = await runLookupProcess(lookup, hostname, deadline);
    const last = index === processes.length - 1;
    if (result.addresses.length > 0 || result.error === 'timeout' || last) return result;
  }
  return result;
}

function runLookupProcess(
  lookup: LookupProcess,
  hostname: string,
  deadline: number,
): Promise<HostLookupResult> {
  return new Promise((resolve) => {
    const child = spawn(lookup.command, lookup.args(hostname), {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: lookup.env,
      windowsHide: true,
    });
    let output = '';
    let settled = false;
    const finish = (result: HostLookupResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
        finish({ addresses: [], error: 'timeout' });
      },
      Math.max(0, deadline - Date.now()),
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    child.on('error', (error) => finish({ addresses: [], error: error.message }));
    child.on('close', () => {
      try {
        finish(lookup.read(output));
      } catch {
        finish({ addresses: [], error: 'the lookup process ended without an answer' });
      }
    });
  });
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/tls connections (an https.Agent's option) that resolves through `lookupHost`,
 * bounded by `timeoutSeconds`: what a connection to an endpoint the step already resolved uses.
 */
export function boundedConnectLookup(timeoutSeconds: number) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    void lookupHost(hostname, timeoutSeconds).then(({ addresses, error }) => {
      const family = typeof options.family === 'number' ? options.family : 0;
      const matching = addresses
        .map((address) => ({ address, family: isIP(address) }))
        .filter((entry) => family === 0 || entry.family === family);
      if (matching.length === 0) {
        const code = error === 'timeout' ? 'ETIMEOUT' : (error ?? 'ENOTFOUND');
        const failure: NodeJS.ErrnoException = new Error(
          error === 'timeout'
            ? `DNS lookup of ${hostname} got no answer within ${timeoutSeconds} s`
            : `getaddrinfo ${code} ${hostname}`,
        );
        failure.code = code;
        failure.syscall = 'getaddrinfo';
        callback(failure, options.all ? [] : '');
        return;
      }
      if (options.all) callback(null, matching);
      else callback(null, matching[0]?.address ?? '', matching[0]?.family);
    });
  };
}
