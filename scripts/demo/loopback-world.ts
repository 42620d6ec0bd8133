/**
 * The loopback setting, for when no private namespace can be made: the same accounts and repository,
 * fake STS and CodeCommit on 127.0.0.1 at random ports, reached through explicit endpoint inputs, and
 * a test CA given to node (NODE_EXTRA_CA_CERTS) and to git (GIT_SSL_CAINFO).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import { REPOSITORY, RUNNER_PRINCIPAL, SWITCH_ROLE } from '../../test-support/closed-vpc/world.js';
import { FakeAwsAccounts } from '../../test-support/fake-aws-accounts.js';
import { startFakeCodeCommit } from '../../test-support/fake-codecommit.js';
import { startFakeSts } from '../../test-support/fake-sts.js';
import { createFixtureRepository } from '../../test-support/fixture-repos.js';
import { createTestPki } from '../../test-support/test-ca.js';
import type { DemoWorld } from './demo-world.js';

const ADDRESS = '127.0.0.1';

export async function startLoopbackWorld(): Promise<DemoWorld> {
  const root = await mkdtemp(path.join(tmpdir(), 'loopback-aws-'));
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

  const sts = await startFakeSts({ accounts, region: PRIVATE_DNS_REGION, tls, address: ADDRESS, port: 0 });
  const git = await startFakeCodeCommit({
    accounts,
    region: PRIVATE_DNS_REGION,
    projectRoot,
    tls,
    address: ADDRESS,
    port: 0,
  }).catch(async (error: unknown) => {
    await sts.close();
    throw error;
  });

  return {
    mode: 'loopback',
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
    endpoints: [
      { kind: 'sts', name: sts.host, listen: sts.host, role: `fake STS of ${PRIVATE_DNS_REGION}`, fake: sts },
      {
        kind: 'git',
        name: git.host,
        listen: git.host,
        role: `fake CodeCommit git endpoint of ${PRIVATE_DNS_REGION}`,
        fake: git,
      },
    ],
    endpointInputs: { 'sts-endpoint': sts.url, 'codecommit-endpoint': git.url },
    stepEnv: { GIT_SSL_CAINFO: pki.caCertPath },
    setting: [
      `fake STS:        ${sts.url}  (region ${PRIVATE_DNS_REGION})`,
      `fake CodeCommit: ${git.url}  (git smart HTTP behind CodeCommit's signed Basic auth)`,
      'no private DNS here: the action is given both endpoints as inputs (sts-endpoint, codecommit-endpoint),',
      '  as on a runner whose VPC endpoints have private DNS off',
      'the global sts.amazonaws.com cannot be redirected without a private namespace, so whether it is',
      '  contacted is not observable in this mode (the closed-VPC mode shows it)',
      `TLS: a throw-away test CA (${pki.caCertPath}) signs the fakes' certificate (for 127.0.0.1);`,
      "     node trusts it through NODE_EXTRA_CA_CERTS, git through GIT_SSL_CAINFO in the step's environment",
    ],
    async close() {
      await Promise.all([sts.close(), git.close()]);
      await rm(root, { recursive: true, force: true });
    },
  };
}
