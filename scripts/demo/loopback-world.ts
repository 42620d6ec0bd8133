/**
 * The loopback setting, for when no private namespace can be made: the same accounts and repository,
 * fake STS and CodeCommit on 127.0.0.1 at random ports (test-support/loopback-world.ts), reached through
 * explicit endpoint inputs, and a test CA given to node (NODE_EXTRA_CA_CERTS) and to git (GIT_SSL_CAINFO).
 */
import { startLoopbackWorld as startLoopbackFakes } from '../../test-support/loopback-world.js';
import type { DemoWorld } from './demo-world.js';

export async function startLoopbackWorld(): Promise<DemoWorld> {
  const world = await startLoopbackFakes();
  const { sts, git, region, caCertPath } = world;
  return {
    ...world,
    mode: 'loopback',
    endpoints: [
      { kind: 'sts', name: sts.host, listen: sts.host, role: `fake STS of ${region}`, fake: sts },
      {
        kind: 'git',
        name: git.host,
        listen: git.host,
        role: `fake CodeCommit git endpoint of ${region}`,
        fake: git,
      },
    ],
    stepEnv: { GIT_SSL_CAINFO: caCertPath },
    setting: [
      `fake STS:        ${sts.url}  (region ${region})`,
      `fake CodeCommit: ${git.url}  (git smart HTTP behind CodeCommit's signed Basic auth)`,
      'no private DNS here: the action is given both endpoints as inputs (sts-endpoint, codecommit-endpoint),',
      '  as on a runner whose VPC endpoints have private DNS off',
      'the global sts.amazonaws.com cannot be redirected without a private namespace, so whether it is',
      '  contacted is not observable in this mode (the closed-VPC mode shows it)',
      `TLS: a throw-away test CA (${caCertPath}) signs the fakes' certificate (for 127.0.0.1);`,
      "     node trusts it through NODE_EXTRA_CA_CERTS, git through GIT_SSL_CAINFO in the step's environment",
    ],
  };
}
