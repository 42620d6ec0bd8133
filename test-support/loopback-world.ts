/**
 * Fake AWS on loopback, for systems where no private namespace can be made (Windows, macOS, a Linux
 * without unshare): the closed VPC's accounts and repository, fake STS and CodeCommit on 127.0.0.1 at
 * random ports (reached through the sts-endpoint and codecommit-endpoint inputs, as on a runner whose VPC
 * endpoints have private DNS off), and a throw-away test CA for both. Used by the loopback end-to-end
 * suite and by the demo.
 */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRIVATE_DNS_REGION } from './closed-vpc/topology.js';
import { REPOSITORY, RUNNER_PRINCIPAL, SWITCH_ROLE } from './closed-vpc/world.js';
import { FakeAwsAccounts, type LongTermKey } from './fake-aws-accounts.js';
import { startFakeCodeCommit, type FakeCodeCommit } from './fake-codecommit.js';
import { startFakeSts, type FakeSts } from './fake-sts.js';
import { createFixtureRepository, type FixtureRepository } from './fixture-repos.js';
import { createTestPki } from './test-ca.js';

export const LOOPBACK_ADDRESS = '127.0.0.1';

export interface LoopbackWorld {
  accounts: FakeAwsAccounts;
  runnerKey: LongTermKey;
  runnerPrincipal: string;
  roleArn: string;
  region: string;
  repositoryName: string;
  repository: FixtureRepository;
  /** The test CA the fakes' certificate (for 127.0.0.1) chains to. */
  caCertPath: string;
  sts: FakeSts;
  git: FakeCodeCommit;
  /** `sts-endpoint` and `codecommit-endpoint`: the fakes' `https://127.0.0.1:<port>`. */
  endpointInputs: { 'sts-endpoint': string; 'codecommit-endpoint': string };
  close(): Promise<void>;
}

export async function startLoopbackWorld(): Promise<LoopbackWorld> {
  // realpath: macOS's temporary folder is behind /var → /private/var, Windows' may be an 8.3 short name.
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'loopback-aws-')));
  const pki = await createTestPki(path.join(root, 'pki'), []);
  const tls = { key: pki.keyPem, cert: pki.certPem };

  const accounts = new FakeAwsAccounts();
  const runnerKey = accounts.addSourceKey({ principalArn: RUNNER_PRINCIPAL });
  accounts.addRole({
    roleArn: SWITCH_ROLE,
    trustedPrincipalArns: [RUNNER_PRINCIPAL],
    maxSessionDurationSeconds: 43200,
  });
  accounts.allowRepository(REPOSITORY, SWITCH_ROLE);
  const projectRoot = path.join(root, 'codecommit');
  const repository = await createFixtureRepository(projectRoot, REPOSITORY, {
    branches: ['feature'],
    tags: ['v1.0.0'],
  });

  const address = LOOPBACK_ADDRESS;
  const sts = await startFakeSts({ accounts, region: PRIVATE_DNS_REGION, tls, address, port: 0 });
  const git = await startFakeCodeCommit({
    accounts,
    region: PRIVATE_DNS_REGION,
    projectRoot,
    tls,
    address,
    port: 0,
  }).catch(async (error: unknown) => {
    await sts.close();
    throw error;
  });

  return {
    accounts,
    runnerKey,
    runnerPrincipal: RUNNER_PRINCIPAL,
    roleArn: SWITCH_ROLE,
    region: PRIVATE_DNS_REGION,
    repositoryName: REPOSITORY,
    repository,
    caCertPath: pki.caCertPath,
    sts,
    git,
    endpointInputs: { 'sts-endpoint': sts.url, 'codecommit-endpoint': git.url },
    async close() {
      await Promise.all([sts.close(), git.close()]);
      await rm(root, { recursive: true, force: true });
    },
  };
}
