/**
 * The closed-VPC setting, inside the private namespaces: the test suite's own topology and fakes
 * (test-support/closed-vpc), every endpoint on its private address, port 443, found through the
 * namespace's /etc/hosts, and the global STS name pointed at a listener that never answers.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureClosedVpc } from '../../test-support/closed-vpc/closed-vpc.js';
import { HOSTS, PRIVATE_DNS_REGION, type HostKey } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  RUNNER_PRINCIPAL,
  startVpcWorld,
  SWITCH_ROLE,
} from '../../test-support/closed-vpc/world.js';
import { bringLoopbackUp, networkInterfaces, probeConnect, probeLookup } from './closed-namespace.js';
import type { DemoWorld, ObservedEndpoint } from './demo-world.js';

const ROLES: Record<HostKey, string> = {
  regionalSts: `fake STS of ${PRIVATE_DNS_REGION} (private DNS on: the regional name)`,
  regionalGit: `fake CodeCommit git endpoint of ${PRIVATE_DNS_REGION}`,
  vpceSts: 'fake STS behind a vpce name (private DNS off; other scenarios)',
  vpceGit: 'fake CodeCommit behind a vpce name (private DNS off; other scenarios)',
  regionalApi: `CodeCommit API name of ${PRIVATE_DNS_REGION} (repository patterns; nothing listens here in the demo)`,
  vpceApi: 'CodeCommit API behind a vpce name (repository patterns; nothing listens here in the demo)',
  silentApi:
    'CodeCommit API name whose endpoint never answers (pattern tests; nothing listens here in the demo)',
  silentSts: 'STS name whose endpoint accepts TCP and never answers (hang scenarios)',
  silentGit: 'git name whose endpoint accepts TCP and never answers (hang scenarios)',
  refusingSts: 'STS name where nothing listens: connection refused',
  faultySts: 'fake STS with injected faults (throttling, 5xx, stalls; other scenarios)',
  faultyGit: 'fake CodeCommit with injected faults (5xx, resets, stalls; other scenarios)',
  fipsSts: 'fake STS behind the FIPS name of us-east-1 (other scenarios)',
  fipsGit: 'fake CodeCommit behind the FIPS name of us-east-1 (other scenarios)',
  foreignGit: 'a git server that is not CodeCommit (submodule tests; nothing listens here)',
  elsewhere: "a host a runner's git config may send git to (hostile-config tests; nothing listens here)",
  globalSts: 'the GLOBAL STS name: a silent listener that must see no connection',
};

/** `closedVpcDir` becomes CLOSED_VPC_DIR: the hosts file, resolver and test CA of this run. */
export async function startClosedVpcWorld(closedVpcDir: string): Promise<DemoWorld> {
  process.env.CLOSED_VPC_DIR = closedVpcDir;
  await bringLoopbackUp();
  const vpc = await ensureClosedVpc();
  const world = await startVpcWorld();
  const fixtureRoot = path.resolve(world.repository.path, '..', '..', '..');
  const listen = (key: HostKey) => `${HOSTS[key].address}:443`;
  const endpoints: ObservedEndpoint[] = [
    {
      kind: 'sts',
      name: HOSTS.regionalSts.name,
      listen: listen('regionalSts'),
      role: ROLES.regionalSts,
      fake: world.regionalSts,
    },
    {
      kind: 'git',
      name: HOSTS.regionalGit.name,
      listen: listen('regionalGit'),
      role: ROLES.regionalGit,
      fake: world.regionalGit,
    },
    {
      kind: 'sts',
      name: HOSTS.vpceSts.name,
      listen: listen('vpceSts'),
      role: ROLES.vpceSts,
      fake: world.vpceSts,
    },
    {
      kind: 'git',
      name: HOSTS.vpceGit.name,
      listen: listen('vpceGit'),
      role: ROLES.vpceGit,
      fake: world.vpceGit,
    },
    {
      kind: 'silent',
      name: HOSTS.silentSts.name,
      listen: listen('silentSts'),
      role: ROLES.silentSts,
      listener: world.silentSts,
    },
    {
      kind: 'silent',
      name: HOSTS.silentGit.name,
      listen: listen('silentGit'),
      role: ROLES.silentGit,
      listener: world.silentGit,
    },
    {
      kind: 'silent',
      name: HOSTS.globalSts.name,
      listen: listen('globalSts'),
      role: ROLES.globalSts,
      listener: world.globalSts,
    },
  ];

  const interfaces = await networkInterfaces();
  const setting = [
    `network interfaces: ${interfaces.join(', ')} (loopback only: no route out of the namespace)`,
    `internet: TCP to 1.1.1.1:443 ${await probeConnect('1.1.1.1', 443)}; github.com ${await probeLookup('github.com')}`,
    "private DNS: the namespace's own /etc/hosts (bind-mounted), resolver 127.0.0.1 answering nothing else:",
    ...Object.entries(HOSTS).map(
      ([key, { name, address }]) =>
        `    ${address.padEnd(11)} ${name}\n${' '.repeat(20)}${ROLES[key as HostKey]}`,
    ),
    `TLS: a throw-away test CA (${vpc.caCertPath}) signs every endpoint's certificate;`,
    '     git trusts it through the system bundle (bind-mounted with the CA added), node through NODE_EXTRA_CA_CERTS',
    `all of it lives in ${closedVpcDir} and in mounts that vanish with the namespace`,
  ];

  return {
    mode: 'closed-vpc',
    accounts: world.accounts,
    runnerKey: world.runnerKey,
    runnerPrincipal: RUNNER_PRINCIPAL,
    roleArn: SWITCH_ROLE,
    region: PRIVATE_DNS_REGION,
    repositoryName: REPOSITORY,
    repository: world.repository,
    caCertPath: vpc.caCertPath,
    sts: world.regionalSts,
    git: world.regionalGit,
    globalSts: world.globalSts,
    endpoints,
    endpointInputs: {},
    stepEnv: {},
    setting,
    async close() {
      await world.close();
      await rm(fixtureRoot, { recursive: true, force: true });
    },
  };
}
