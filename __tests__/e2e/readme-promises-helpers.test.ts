import path from 'node:path';
import { bundlePath } from '../../test-support/action-under-test.js';
import { runShellStep } from '../../test-support/actions-runner.js';
import {
  NODES,
  prepareRunnerHost,
  runMain,
  runPost,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';
import type { RecordedCodeCommitRequest } from '../../test-support/fake-codecommit.js';
import { runCommandResult } from '../../test-support/run-command.js';

/**
 * The credential helpers' promises: the helper persist-credentials installs signs a fresh password at
 * every call, and the command's `credential-helper` with a vpce `--codecommit-endpoint` lets git clone
 * through that name and answers nothing for any other host or path. The git endpoints of this world
 * accept only passwords signed in the last PASSWORD_WINDOW_SECONDS (CodeCommit takes about 15 minutes).
 */
const node = NODES[1].path;
const CLI = bundlePath('cli');
const PASSWORD_WINDOW_SECONDS = 2;
let world: VpcWorld;

beforeAll(async () => {
  world = await startVpcWorld({ maxPasswordAgeSeconds: PASSWORD_WINDOW_SECONDS });
});
afterAll(async () => {
  await world?.close();
});

/** The requests git signed (after the anonymous first one), with when the password says it was signed. */
function signed(requests: RecordedCodeCommitRequest[]): { at: number; signedAt: number }[] {
  return requests
    .filter((request) => request.passwordSignedAt !== undefined)
    .map((request) => ({ at: request.time.getTime(), signedAt: request.passwordSignedAt?.getTime() ?? 0 }));
}

function gitEnv(host: RunnerHost): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: host.directories.home,
    GIT_SSL_CAINFO: world.caCertPath,
    GIT_TERMINAL_PROMPT: '0',
  };
}

describe('the helper persist-credentials installs', () => {
  test('signs a fresh password at every call: two fetches 3 s apart each carry one signed within the second', async () => {
    const host = await prepareRunnerHost(world);
    const main = await runMain(host, node, {
      repository: REPOSITORY,
      'aws-region': PRIVATE_DNS_REGION,
      'role-to-assume': SWITCH_ROLE,
      'persist-credentials': 'true',
    });
    expect(main.errors).toEqual([]);
    const before = world.regionalGit.requests.length;
    const later = await runShellStep({
      script: 'git fetch origin\nsleep 3\ngit fetch origin',
      directories: host.directories,
      env: gitEnv(host),
      earlier: [main],
      cwd: path.join(host.directories.workspace, REPOSITORY),
    });
    expect(later.stderr).toBe('');
    expect(later.exitCode).toBe(0);
    const requests = world.regionalGit.requests.slice(before);
    // The second fetch got through only with a password signed after the first one's window had passed.
    expect(requests.filter((request) => request.auth === 'rejected')).toEqual([]);
    const passwords = signed(requests);
    expect(passwords.length).toBeGreaterThanOrEqual(2);
    for (const { at, signedAt } of passwords) {
      // Signed in the second of the request or the one before it (the timestamp has whole seconds).
      expect(at - signedAt).toBeGreaterThanOrEqual(0);
      expect(at - signedAt).toBeLessThan(2000);
    }
    const first = passwords[0]?.signedAt ?? 0;
    const last = passwords.at(-1)?.signedAt ?? 0;
    expect(last - first).toBeGreaterThanOrEqual(3000);
    expect((await runPost(host, node, main.state)).exitCode).toBe(0);
  });
});

describe("the command's credential-helper with a vpce --codecommit-endpoint", () => {
  const ARGS = [
    '--aws-region',
    VPCE_ONLY_REGION,
    '--role-to-assume',
    SWITCH_ROLE,
    '--sts-endpoint',
    `https://${HOSTS.vpceSts.name}`,
    '--codecommit-endpoint',
    `https://${HOSTS.vpceGit.name}`,
  ];

  test('git clones through the vpce name with it; it answers nothing for another host or path, and asks STS nothing then', async () => {
    const host = await prepareRunnerHost(world);
    const env = { ...host.env, HOME: host.directories.home };
    const helper = `!'${process.execPath}' '${CLI}' credential-helper ${ARGS.map((a) => `'${a}'`).join(' ')}`;
    const key = `credential.https://${HOSTS.vpceGit.name}`;
    const target = path.join(host.directories.workspace, 'through-helper');
    const activity = world.activityByHost();
    const gitBefore = world.vpceGit.requests.length;
    const clone = await runCommandResult(
      'git',
      [
        ...['-c', `${key}.helper=`, '-c', `${key}.helper=${helper}`, '-c', `${key}.useHttpPath=true`],
        // The runner's global config (action-harness.ts) sends a header of its own for every host.
        ...[
          '-c',
          'http.extraHeader=',
          'clone',
          '--quiet',
          `https://${HOSTS.vpceGit.name}/v1/repos/${REPOSITORY}`,
          target,
        ],
      ],
      { env: { ...env, GIT_TERMINAL_PROMPT: '0' } },
    );
    expect(clone.stderr).toBe('');
    expect(clone.exitCode).toBe(0);
    const head = await runCommandResult('git', ['-C', target, 'rev-parse', 'HEAD'], { env });
    expect(head.stdout.trim()).toBe(world.repository.headSha);
    expect(world.hostsContactedSince(activity)).toEqual([HOSTS.vpceGit.name, HOSTS.vpceSts.name].sort());
    expect(new Set(world.vpceGit.requests.slice(gitBefore).map((r) => r.auth))).toEqual(
      new Set(['anonymous', 'accepted']),
    );

    const stsBefore = world.vpceSts.requests.length;
    const ask = (input: string) =>
      runCommandResult(process.execPath, [CLI, 'credential-helper', ...ARGS, 'get'], { env, input });
    const signedFor = `protocol=https\nhost=${HOSTS.vpceGit.name}\npath=v1/repos/${REPOSITORY}\n`;
    expect((await ask(signedFor)).stdout).toMatch(
      /^username=ASIA[A-Z0-9]+%.+\npassword=\d{8}T\d{6}Z[0-9a-f]{64}\n$/,
    );
    const answered = world.vpceSts.requests.length;
    expect(answered).toBeGreaterThan(stsBefore);
    for (const input of [
      // The regional name of the same region, and another host altogether.
      `protocol=https\nhost=git-codecommit.${VPCE_ONLY_REGION}.amazonaws.com\npath=v1/repos/${REPOSITORY}\n`,
      `protocol=https\nhost=${HOSTS.regionalGit.name}\npath=v1/repos/${REPOSITORY}\n`,
      `protocol=https\nhost=${HOSTS.elsewhere.name}\npath=v1/repos/${REPOSITORY}\n`,
      // The vpce host with a port it was not given, plain http, and paths that are not a repository.
      `protocol=https\nhost=${HOSTS.vpceGit.name}:8443\npath=v1/repos/${REPOSITORY}\n`,
      `protocol=http\nhost=${HOSTS.vpceGit.name}\npath=v1/repos/${REPOSITORY}\n`,
      `protocol=https\nhost=${HOSTS.vpceGit.name}\npath=v1/repos/${REPOSITORY}/info/refs\n`,
      `protocol=https\nhost=${HOSTS.vpceGit.name}\npath=v2/repos/${REPOSITORY}\n`,
      `protocol=https\nhost=${HOSTS.vpceGit.name}\npath=v1/repos/../${REPOSITORY}\n`,
      `protocol=https\nhost=${HOSTS.vpceGit.name}\n`,
    ]) {
      const quiet = await ask(input);
      expect({ input, stdout: quiet.stdout, exitCode: quiet.exitCode }).toEqual({
        input,
        stdout: '',
        exitCode: 0,
      });
    }
    expect(world.vpceSts.requests.length).toBe(answered);
  });
});
