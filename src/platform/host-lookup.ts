/**
 * Resolving host names without letting a resolver that never answers hold the process.
 *
 * Node's `dns.lookup` runs getaddrinfo on libuv's thread pool, where it cannot be cancelled: a lookup
 * the VPC's resolver never answers keeps its thread until the system resolver gives up (timeout ×
 * attempts of resolv.conf, up to minutes), four of them stop every other file operation, and
 * `process.exit` waits for all of them, so a deadline would end the wait but not the step. Here each
 * lookup runs getaddrinfo in a child node process (same resolver, same hosts file, same answers) that
 * is killed at the deadline. A name resolved once is answered from memory for the rest of the process,
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

function lookupInChild(hostname: string, timeoutSeconds: number): Promise<HostLookupResult> {
  return new Promise((resolve) => {
    // The order of addresses this process would use; no other NODE_OPTIONS (a --require could print).
    const order = `--dns-result-order=${getDefaultResultOrder()}`;
    const child = spawn(process.execPath, [order, '-e', CHILD_SCRIPT, hostname], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, NODE_OPTIONS: '' },
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
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ addresses: [], error: 'timeout' });
    }, timeoutSeconds * 1000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    child.on('error', (error) => finish({ addresses: [], error: error.message }));
    child.on('close', () => {
      try {
        const parsed = JSON.parse(output) as { addresses?: string[]; code?: string };
        finish(
          parsed.addresses !== undefined
            ? { addresses: [...new Set(parsed.addresses)] }
            : { addresses: [], error: parsed.code ?? 'ENOTFOUND' },
        );
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
