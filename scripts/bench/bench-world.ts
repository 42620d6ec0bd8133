/**
 * The fake AWS the bench clones from: the runner's account with a long-term key, the repositories'
 * account with a role that may pull every repository, one fake STS and one fake CodeCommit. In the closed
 * VPC they listen on the regional names' private addresses (port 443, test-support/closed-vpc); in
 * loopback mode on 127.0.0.1 at random ports, given to the action as custom endpoints.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureClosedVpc } from '../../test-support/closed-vpc/closed-vpc.js';
import { HOSTS, PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import { FakeAwsAccounts, type LongTermKey, type Role } from '../../test-support/fake-aws-accounts.js';
import { startFakeCodeCommit, type FakeCodeCommit } from '../../test-support/fake-codecommit.js';
import { startFakeSts, type FakeSts } from '../../test-support/fake-sts.js';
import { createTestPki } from '../../test-support/test-ca.js';
import type { BenchMode } from './placement.js';

const RUNNER_PRINCIPAL = 'arn:aws:iam::222222222222:user/bench-runner';
const CLONE_ROLE = 'arn:aws:iam::111111111111:role/BenchCloneRole';

export interface BenchWorld {
  mode: BenchMode;
  region: string;
  accounts: FakeAwsAccounts;
  runnerKey: LongTermKey;
  role: Role;
  sts: FakeSts;
  git: FakeCodeCommit;
  /** Holds the bare repositories at `<projectRoot>/v1/repos/<name>`. */
  projectRoot: string;
  /** Inputs the step needs besides repository, region and role (custom endpoints in loopback mode). */
  endpointInputs: Record<string, string>;
  /** The fakes' test CA (PEM file). */
  caCertPath: string;
  /** How a node started by the bench trusts it. */
  nodeTrustEnv: Record<string, string>;
  /** How git trusts it (nothing in the closed VPC, whose system bundle has the CA). */
  gitTrustEnv: Record<string, string>;
  /** Lines describing the setting. */
  setting: string[];
  close(): Promise<void>;
}

/** `root` holds everything the world creates; the caller removes it. */
export async function startBenchWorld(mode: BenchMode, root: string): Promise<BenchWorld> {
  const accounts = new FakeAwsAccounts();
  const runnerKey = accounts.addSourceKey({ principalArn: RUNNER_PRINCIPAL });
  const role = accounts.addRole({ roleArn: CLONE_ROLE, trustedPrincipalArns: [RUNNER_PRINCIPAL] });
  accounts.allowRepository('*', CLONE_ROLE);
  const projectRoot = path.join(root, 'codecommit');
  const base = { accounts, region: PRIVATE_DNS_REGION };

  let sts: FakeSts;
  let git: FakeCodeCommit;
  let caCertPath: string;
  if (mode === 'closed-vpc') {
    process.env.CLOSED_VPC_DIR = path.join(root, 'closed-vpc');
    const vpc = await ensureClosedVpc();
    caCertPath = vpc.caCertPath;
    const tls = {
      key: await readFile(vpc.serverKeyPath, 'utf8'),
      cert: await readFile(vpc.serverCertPath, 'utf8'),
    };
    const at = (key: 'regionalSts' | 'regionalGit') => ({
      tls,
      address: HOSTS[key].address,
      port: 443,
      expectedHost: HOSTS[key].name,
    });
    sts = await startFakeSts({ ...base, ...at('regionalSts') });
    git = await startFakeCodeCommit({ ...base, projectRoot, ...at('regionalGit') }).catch(closing(sts));
  } else {
    const pki = await createTestPki(path.join(root, 'pki'), []);
    caCertPath = pki.caCertPath;
    const tls = { key: pki.keyPem, cert: pki.certPem };
    sts = await startFakeSts({ ...base, tls, address: '127.0.0.1', port: 0 });
    git = await startFakeCodeCommit({ ...base, projectRoot, tls, address: '127.0.0.1', port: 0 }).catch(
      closing(sts),
    );
  }

  const closedVpc = mode === 'closed-vpc';
  return {
    mode,
    region: PRIVATE_DNS_REGION,
    accounts,
    runnerKey,
    role,
    sts,
    git,
    projectRoot,
    caCertPath,
    endpointInputs: closedVpc ? {} : { 'sts-endpoint': sts.url, 'codecommit-endpoint': git.url },
    nodeTrustEnv: { NODE_EXTRA_CA_CERTS: caCertPath },
    gitTrustEnv: closedVpc ? {} : { GIT_SSL_CAINFO: caCertPath },
    setting: closedVpc
      ? [
          'closed VPC: private mount and network namespaces, loopback only; the regional names resolve',
          "through the namespace's /etc/hosts, port 443:",
          `  ${sts.host} -> ${sts.address}`,
          `  ${git.host} -> ${git.address}`,
          'the action uses its default regional endpoints; plain git the same git URL',
        ]
      : [
          `loopback: fake STS ${sts.url}, fake CodeCommit ${git.url}`,
          'the action is given both as custom endpoints (sts-endpoint, codecommit-endpoint)',
        ],
    close: () => Promise.all([sts.close(), git.close()]).then(() => undefined),
  };
}

function closing(server: { close(): Promise<void> }) {
  return async (error: unknown): Promise<never> => {
    await server.close();
    throw error;
  };
}
