import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { httpsRequest } from '../../test-support/https-request.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { listenTracked, type ListeningServer } from '../../test-support/server-lifecycle.js';
import { createTestPki, type TestPki } from '../../test-support/test-ca.js';

const NAMES = [
  'sts.ap-northeast-1.amazonaws.com',
  '*.sts.ap-northeast-1.vpce.amazonaws.com',
  'git-codecommit.ap-northeast-1.amazonaws.com',
];

describe('test PKI', () => {
  let dir: string;
  let pki: TestPki;
  let server: ListeningServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'test-ca-test-'));
    pki = await createTestPki(path.join(dir, 'pki'), NAMES);
    const https = createServer({ key: pki.keyPem, cert: pki.certPem }, (_req, res) => res.end('ok'));
    server = await listenTracked(https, '127.0.0.1', 0);
  });

  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a CA and a short-lived server certificate for every name plus loopback', () => {
    const ca = new X509Certificate(pki.caCertPem);
    const leaf = new X509Certificate(pki.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName?.split(', ').sort()).toEqual(
      [
        ...NAMES.map((n) => `DNS:${n}`),
        'DNS:localhost',
        'IP Address:127.0.0.1',
        'IP Address:0:0:0:0:0:0:0:1',
      ].sort(),
    );
    expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    const lifetimeHours = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 3_600_000;
    expect(lifetimeHours).toBeGreaterThanOrEqual(24);
    expect(lifetimeHours).toBeLessThanOrEqual(72);
  });

  it('is trusted by Node TLS for a regional name, a VPC endpoint name and 127.0.0.1', async () => {
    for (const host of [
      'sts.ap-northeast-1.amazonaws.com',
      'vpce-0abc-xyz.sts.ap-northeast-1.vpce.amazonaws.com',
      '127.0.0.1',
    ]) {
      const response = await httpsRequest({
        address: '127.0.0.1',
        port: server.port,
        headers: { host },
        ca: pki.caCertPem,
      });
      expect(response.body).toBe('ok');
    }
    await expect(
      httpsRequest({
        address: '127.0.0.1',
        port: server.port,
        headers: { host: 'sts.amazonaws.com' },
        ca: pki.caCertPem,
      }),
    ).rejects.toThrow(/altnames|does not match/i);
  });

  it('is trusted by curl, as git uses it, for a name the certificate covers and no other', async () => {
    const curl = (host: string): ReturnType<typeof runCommandResult> =>
      runCommandResult('curl', [
        '--silent',
        '--show-error',
        '--max-time',
        '5',
        '--cacert',
        pki.caCertPath,
        '--resolve',
        `${host}:${server.port}:127.0.0.1`,
        `https://${host}:${server.port}/`,
      ]);
    const trusted = await curl('git-codecommit.ap-northeast-1.amazonaws.com');
    expect(trusted).toEqual(expect.objectContaining({ exitCode: 0, stdout: 'ok' }));
    const untrusted = await curl('git-codecommit.us-east-1.amazonaws.com');
    expect(untrusted.exitCode).not.toBe(0);
  });
});
