/**
 * A throw-away PKI for the fakes: one CA and one server certificate for every name the tests use,
 * made with the `openssl` CLI. Both are valid for about two days.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { runCommand } from './run-command.js';

export interface TestPki {
  caCertPath: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
  certPath: string;
  keyPath: string;
}

/** Names every test certificate covers, in addition to the ones asked for. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

const VALIDITY_DAYS = '2';
const EC_KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Creates `ca.pem` and `server.pem`/`server.key` in `dir`. `names` are DNS names (a leading `*.` is a
 * wildcard) or IPv4/IPv6 addresses; loopback names are always included.
 */
export async function createTestPki(dir: string, names: string[]): Promise<TestPki> {
  await mkdir(dir, { recursive: true });
  const files = pkiFiles(dir);
  const allNames = [...new Set([...names, ...LOOPBACK_NAMES])];
  await createCa(files);
  await createServerCertificate(files, allNames);
  return {
    caCertPath: files.caCert,
    caCertPem: await readFile(files.caCert, 'utf8'),
    certPem: await readFile(files.serverCert, 'utf8'),
    keyPem: await readFile(files.serverKey, 'utf8'),
    certPath: files.serverCert,
    keyPath: files.serverKey,
  };
}

/** `subjectAltName` value for the names: `DNS:a,IP:127.0.0.1,...`. */
export function subjectAltName(names: readonly string[]): string {
  return names.map(subjectAltNameEntry).join(',');
}

function subjectAltNameEntry(name: string): string {
  if (isIP(name) !== 0) return `IP:${name}`;
  if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(name)) {
    throw new Error(
      `Not a DNS name or IP address for a certificate: ${JSON.stringify(name)} (e.g. "sts.ap-northeast-1.amazonaws.com")`,
    );
  }
  return `DNS:${name}`;
}

interface PkiFiles {
  caKey: string;
  caCert: string;
  serverKey: string;
  serverCsr: string;
  serverCert: string;
  serverExtensions: string;
}

function pkiFiles(dir: string): PkiFiles {
  return {
    caKey: path.join(dir, 'ca.key'),
    caCert: path.join(dir, 'ca.pem'),
    serverKey: path.join(dir, 'server.key'),
    serverCsr: path.join(dir, 'server.csr'),
    serverCert: path.join(dir, 'server.pem'),
    serverExtensions: path.join(dir, 'server-extensions.cnf'),
  };
}

async function createCa(files: PkiFiles): Promise<void> {
  await openssl([
    'req',
    '-x509',
    '-new',
    ...EC_KEY_ARGS,
    '-keyout',
    files.caKey,
    '-out',
    files.caCert,
    '-days',
    VALIDITY_DAYS,
    '-sha256',
    '-subj',
    '/O=codecommit-xaccount-clone tests/CN=Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

async function createServerCertificate(files: PkiFiles, names: readonly string[]): Promise<void> {
  await openssl([
    'req',
    '-new',
    ...EC_KEY_ARGS,
    '-keyout',
    files.serverKey,
    '-out',
    files.serverCsr,
    '-subj',
    `/O=codecommit-xaccount-clone tests/CN=${commonName(names)}`,
  ]);
  await writeFile(files.serverExtensions, serverExtensions(names));
  await openssl([
    'x509',
    '-req',
    '-in',
    files.serverCsr,
    '-CA',
    files.caCert,
    '-CAkey',
    files.caKey,
    '-set_serial',
    randomSerial(),
    '-days',
    VALIDITY_DAYS,
    '-sha256',
    '-extfile',
    files.serverExtensions,
    '-extensions',
    'server',
    '-out',
    files.serverCert,
  ]);
}

function serverExtensions(names: readonly string[]): string {
  return [
    '[server]',
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    `subjectAltName = ${subjectAltName(names)}`,
    '',
  ].join('\n');
}

/** The first DNS name, as the certificate's CN (clients match on subjectAltName only). */
function commonName(names: readonly string[]): string {
  return names.find((name) => isIP(name) === 0 && !name.startsWith('*.')) ?? 'localhost';
}

/** A positive 128-bit serial number. */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return `0x${bytes.toString('hex')}`;
}

async function openssl(args: string[]): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    // An MSYS openssl (Git for Windows) would otherwise take `-subj /O=…` for a path and rewrite it.
    MSYS_NO_PATHCONV: '1',
    MSYS2_ARG_CONV_EXCL: '*',
  };
  if (process.env.SystemRoot !== undefined) env.SystemRoot = process.env.SystemRoot;
  await runCommand('openssl', args, { env });
}
