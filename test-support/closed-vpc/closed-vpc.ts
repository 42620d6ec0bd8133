import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../run-command.js';
import { createTestPki } from '../test-ca.js';
import { certificateNames, hostsFileText } from './topology.js';

const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Set by `npm test` (scripts/test.mjs): a fresh directory of this run, removed when it ends. */
const RUN_DIR_VARIABLE = 'CLOSED_VPC_DIR';

export interface ClosedVpc {
  caCertPath: string;
  serverCertPath: string;
  serverKeyPath: string;
}

/**
 * Turns the private network and mount namespace this suite runs in (entered by `npm test` with
 * `unshare`) into a closed VPC: only loopback, a hosts file playing private DNS, a resolver that answers
 * nothing else, and a test CA trusted by git's system bundle. The mounts are private to the namespace.
 * Done once per run; later calls (other test files) reuse it.
 */
export async function ensureClosedVpc(): Promise<ClosedVpc> {
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (!runDir) {
    throw new Error(`${RUN_DIR_VARIABLE} is not set: run the end-to-end suite through \`npm test\`.`);
  }
  const vpc: ClosedVpc = {
    caCertPath: path.join(runDir, 'pki', 'ca.pem'),
    serverCertPath: path.join(runDir, 'pki', 'server.pem'),
    serverKeyPath: path.join(runDir, 'pki', 'server.key'),
  };
  const ready = path.join(runDir, 'ready');
  if (existsSync(ready)) return vpc;

  // /proc/net is per network namespace (unlike /sys, which shows the namespace that mounted it).
  const interfaces = (await readFile('/proc/net/dev', 'utf8'))
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter((name) => name.length > 0);
  if (interfaces.some((name) => name !== 'lo')) {
    throw new Error(
      `The end-to-end suite must run in a private network namespace (found interfaces: ${interfaces.join(', ')}). ` +
        'Run it through `npm test`, which enters one with unshare.',
    );
  }
  await runCommand('ip', ['link', 'set', 'lo', 'up']);
  await mkdir(runDir, { recursive: true });
  const pki = await createTestPki(path.join(runDir, 'pki'), certificateNames());
  if (
    pki.caCertPath !== vpc.caCertPath ||
    pki.certPath !== vpc.serverCertPath ||
    pki.keyPath !== vpc.serverKeyPath
  ) {
    throw new Error('the test PKI did not land where expected');
  }

  const hosts = path.join(runDir, 'hosts');
  await writeFile(hosts, hostsFileText());
  const resolver = path.join(runDir, 'resolv.conf');
  await writeFile(resolver, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  const bundle = path.join(runDir, 'ca-certificates.crt');
  const systemBundle = await readFile(SYSTEM_CA_BUNDLE, 'utf8').catch(() => '');
  await writeFile(bundle, `${systemBundle}\n${pki.caCertPem}`);

  await bindMount(hosts, '/etc/hosts');
  await bindMount(resolver, '/etc/resolv.conf');
  await bindMount(bundle, SYSTEM_CA_BUNDLE);
  await writeFile(ready, '');
  return vpc;
}

async function bindMount(source: string, target: string): Promise<void> {
  await runCommand('mount', ['--bind', source, target]);
}
