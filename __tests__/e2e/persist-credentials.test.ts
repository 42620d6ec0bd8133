import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runShellStep, type StepRun } from '../../test-support/actions-runner.js';
import {
  filesHoldingSecrets,
  knownSecrets,
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

let world: VpcWorld;

beforeAll(async () => {
  world = await startVpcWorld({ allowPush: true });
  world.accounts.allowRepository(REPOSITORY, SWITCH_ROLE, 'write');
});

afterAll(async () => {
  await world?.close();
});

/**
 * The PATH of a later `run:` step on a runner without node: only git, a shell and a few tools, so the
 * helper and the remote must find node by its absolute path.
 */
async function toolsWithoutNode(host: RunnerHost): Promise<string> {
  const dir = path.join(host.directories.commandFiles, 'tools');
  await mkdir(dir, { recursive: true });
  for (const tool of [
    'git',
    'sh',
    'bash',
    'cat',
    'ls',
    'date',
    'echo',
    'test',
    'env',
    'grep',
    'touch',
    'sed',
  ])
    await symlink(`/usr/bin/${tool}`, path.join(dir, tool)).catch(() => undefined);
  return dir;
}

/** A later step with no AWS credentials at all (and no node). */
async function laterStep(host: RunnerHost, main: StepRun, script: string, cwd?: string) {
  return runShellStep({
    script,
    directories: host.directories,
    env: {
      PATH: await toolsWithoutNode(host),
      NODE_EXTRA_CA_CERTS: '',
      GIT_SSL_CAINFO: world.caCertPath,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Later Step',
      GIT_AUTHOR_EMAIL: 'later@example.invalid',
      GIT_COMMITTER_NAME: 'Later Step',
      GIT_COMMITTER_EMAIL: 'later@example.invalid',
    },
    earlier: [main],
    ...(cwd !== undefined ? { cwd } : {}),
  });
}

const INPUTS = {
  repository: REPOSITORY,
  'aws-region': PRIVATE_DNS_REGION,
  'role-to-assume': SWITCH_ROLE,
  'persist-credentials': 'true',
  'fetch-depth': '0',
};

describe.each(NODES)('persist-credentials on $label', ({ path: node }) => {
  test('later steps fetch and push without AWS credentials until the post step; then nothing is left', async () => {
    const host = await prepareRunnerHost(world);
    const main = await runMain(host, node, INPUTS);
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    const clone = path.join(host.directories.workspace, REPOSITORY);
    const url = `https://${HOSTS.regionalGit.name}/v1/repos/${REPOSITORY}`;

    // Only paths in the config and the state; the session file is private.
    const config = await readFile(path.join(clone, '.git', 'config'), 'utf8');
    expect(config).toContain(`[credential "${url}"]`);
    expect(config).toMatch(/useHttpPath = true/);
    expect(config).not.toMatch(/Authorization|Basic /i);
    // Only an empty header: it drops any other config's header for this URL.
    expect(config).toMatch(/\[http "[^"]+"\]\n\textraHeader = \n/);
    for (const text of [config, JSON.stringify(main.state), main.maskedLog])
      expect(knownSecretsIn(text)).toEqual([]);
    const [bin] = main.addedPaths;
    expect(bin).toBeDefined();
    const sessionDir = path.dirname(bin ?? '');
    expect(path.dirname(sessionDir)).toBe(host.directories.runnerTemp);
    expect(path.basename(sessionDir)).toMatch(/^codecommit-session-.{6}$/);
    expect((await stat(sessionDir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(sessionDir, 'credentials.json'))).mode & 0o777).toBe(0o600);

    const gitBefore = world.regionalGit.requests.length;
    const branch = `from-later-step-${path.basename(host.directories.commandFiles.replace(/\/commands$/, ''))}`;
    const later = await laterStep(
      host,
      main,
      [
        'git fetch origin',
        'git pull --ff-only origin main',
        'echo later > later-step.txt',
        'git add later-step.txt',
        'git commit -q -m "From a later step"',
        `git push origin HEAD:refs/heads/${branch}`,
        `git ls-remote origin refs/heads/${branch}`,
      ].join('\n'),
      clone,
    );
    expect(later.stderr).not.toMatch(/could not read|Authentication failed|403/);
    expect(later.exitCode).toBe(0);
    // git's own report of the push, and nothing that went wrong (a helper's complaint, a retried auth).
    expect(later.stderr).toMatch(new RegExp(`\\* \\[new branch\\]\\s+HEAD -> ${branch}`));
    expect(
      later.stderr.split('\n').filter((line) => /^(warning|error|fatal|remote: error)\b/i.test(line)),
    ).toEqual([]);
    expect(later.stdout).toContain(`refs/heads/${branch}`);
    expect(
      world.regionalGit.requests
        .slice(gitBefore)
        .some((r) => r.auth === 'accepted' && r.path.endsWith('git-receive-pack')),
    ).toBe(true);
    expect(knownSecretsIn(`${later.stdout}${later.stderr}`)).toEqual([]);
    // The hostile global helper of HOME was never consulted.
    await expect(stat(path.join(host.directories.home, 'credential-helper-was-called'))).rejects.toThrow();

    // Another repository through git-remote-codecommit, on the same credentials and endpoints.
    const remote = await laterStep(
      host,
      main,
      `git clone --quiet codecommit::${PRIVATE_DNS_REGION}://${REPOSITORY} via-remote && git -C via-remote rev-parse HEAD`,
    );
    expect(remote.stderr).toBe('');
    expect(remote.exitCode).toBe(0);
    expect(remote.stdout.trim()).toMatch(/^[0-9a-f]{40}$/);
    expect(knownSecretsIn(`${remote.stdout}${remote.stderr}`)).toEqual([]);

    const post = await runPost(host, node, main.state);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(/Removed the credential helper/);
    const after = await readFile(path.join(clone, '.git', 'config'), 'utf8');
    expect(after).not.toMatch(/helper|useHttpPath|extraHeader/i);
    await expect(stat(sessionDir)).rejects.toThrow();
    const denied = await laterStep(host, main, 'git fetch origin', clone);
    expect(denied.exitCode).not.toBe(0);
    expect(
      await filesHoldingSecrets(
        [host.directories.workspace, host.directories.runnerTemp, host.directories.home],
        knownSecrets(world),
      ),
    ).toEqual([]);
  });

  test('private DNS off: the helper and codecommit:// remotes reach git through the vpce name only', async () => {
    const host = await prepareRunnerHost(world);
    const main = await runMain(host, node, {
      ...INPUTS,
      'aws-region': VPCE_ONLY_REGION,
      'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
      'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
    });
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    const clone = path.join(host.directories.workspace, REPOSITORY);
    const activityBefore = world.activityByHost();
    const gitBefore = world.vpceGit.requests.length;

    const later = await laterStep(
      host,
      main,
      [
        'git fetch origin',
        // A remote naming only the region: the shim must take the job's vpce git endpoint, not the
        // regional name, which does not resolve with private DNS off.
        `git clone --quiet codecommit::${VPCE_ONLY_REGION}://${REPOSITORY} ../via-remote`,
        'git -C ../via-remote rev-parse HEAD',
      ].join('\n'),
      clone,
    );
    expect(later.stderr).toBe('');
    expect(later.exitCode).toBe(0);
    expect(later.stdout.trim()).toBe(world.repository.headSha);
    const requests = world.vpceGit.requests.slice(gitBefore);
    expect(requests.length).toBeGreaterThan(0);
    // git asks anonymously first and calls the helper on the 401; every signed request is accepted.
    expect(new Set(requests.map((r) => r.host))).toEqual(new Set([HOSTS.vpceGit.name]));
    expect(new Set(requests.map((r) => r.auth))).toEqual(new Set(['anonymous', 'accepted']));
    expect(world.hostsContactedSince(activityBefore)).toEqual([HOSTS.vpceGit.name]);
    expect(knownSecretsIn(`${later.stdout}${later.stderr}`)).toEqual([]);

    const post = await runPost(host, node, main.state);
    expect(post.exitCode).toBe(0);
    const denied = await laterStep(host, main, 'git fetch origin', clone);
    expect(denied.exitCode).not.toBe(0);
  });

  test('an expired session: the helper says when it ended and what to change', async () => {
    const host = await prepareRunnerHost(world);
    const main = await runMain(host, node, { ...INPUTS, 'role-duration-seconds': '900' });
    expect(main.exitCode).toBe(0);
    const clone = path.join(host.directories.workspace, REPOSITORY);
    const [bin] = main.addedPaths;
    const file = path.join(path.dirname(bin ?? ''), 'credentials.json');
    // Time passes: the session's end is behind us, for the fakes and for the helper.
    const session = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const ended = new Date(Date.now() - 60_000);
    await writeFile(file, JSON.stringify({ ...session, expiration: ended.toISOString() }), { mode: 0o600 });
    world.accounts.advanceClock(3600_000);
    try {
      const later = await laterStep(host, main, 'git fetch origin', clone);
      expect(later.exitCode).not.toBe(0);
      expect(later.stderr).toContain(`the AWS session of the clone step expired at ${ended.toISOString()}`);
      expect(later.stderr).toContain('role-duration-seconds: 900');
      expect(later.stderr).toMatch(/Raise role-duration-seconds/);
    } finally {
      world.accounts.advanceClock(-3600_000);
      await runPost(host, node, main.state);
    }
  });
});

describe('persist-credentials with long-term source keys and no role-to-assume', () => {
  test('the key is exchanged for a GetSessionToken session through the step STS; the session file never holds the AKIA key', async () => {
    const host = await prepareRunnerHost(world);
    expect(world.runnerKey.accessKeyId).toMatch(/^AKIA/);
    const stsBefore = world.vpceSts.requests.length;
    const main = await runMain(host, NODES[1].path, {
      repository: REPOSITORY,
      'aws-region': VPCE_ONLY_REGION,
      'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
      'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
      'persist-credentials': 'true',
      'role-duration-seconds': '1800',
    });
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    const calls = world.vpceSts.requests.slice(stsBefore);
    expect(calls.map((r) => [r.action, r.params.DurationSeconds, r.callerAccessKeyId, r.outcome])).toEqual([
      ['GetSessionToken', '1800', world.runnerKey.accessKeyId, 'ok'],
    ]);
    expect(main.stdout).toMatch(/long-term access key; exchanging them for a session of 1800 s/);

    const [bin] = main.addedPaths;
    const file = path.join(path.dirname(bin ?? ''), 'credentials.json');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(world.runnerKey.accessKeyId);
    expect(text).not.toContain(world.runnerKey.secretAccessKey);
    const session = JSON.parse(text) as Record<string, unknown>;
    expect(session.accessKeyId).toBe(calls[0]?.issuedAccessKeyId);
    expect(session.accessKeyId).toMatch(/^ASIA/);
    expect(typeof session.sessionToken).toBe('string');
    const issued = world.accounts.findCredential(String(session.accessKeyId));
    if (issued?.kind !== 'session') throw new Error('the persisted key is no session the fake STS issued');
    for (const secret of [issued.secretAccessKey, issued.sessionToken]) expect(main.masks).toContain(secret);

    const clone = path.join(host.directories.workspace, REPOSITORY);
    const later = await laterStep(host, main, 'git fetch origin && git rev-parse FETCH_HEAD', clone);
    expect(later.stderr).toBe('');
    expect(later.exitCode).toBe(0);
    expect(later.stdout.trim()).toBe(world.repository.headSha);

    const post = await runPost(host, NODES[1].path, main.state);
    expect(post.exitCode).toBe(0);
    expect(
      await filesHoldingSecrets(
        [host.directories.workspace, host.directories.runnerTemp, host.directories.home],
        knownSecrets(world),
      ),
    ).toEqual([]);
  });
});

describe('the post step always finishes its work', () => {
  test("a later step broke the clone's config: post still removes the session, warns once and exits 0", async () => {
    const host = await prepareRunnerHost(world);
    const node = NODES[1].path;
    const main = await runMain(host, node, INPUTS);
    expect(main.exitCode).toBe(0);
    const clone = path.join(host.directories.workspace, REPOSITORY);
    const sessionDir = path.dirname(main.addedPaths[0] ?? '');
    await writeFile(path.join(clone, '.git', 'config'), '[core\n\tnot a config line\n');

    const post = await runPost(host, node, main.state);

    expect(post.exitCode).toBe(0);
    expect(post.errors).toEqual([]);
    expect(post.warnings).toHaveLength(1);
    expect(post.warnings[0]).toMatch(
      new RegExp(
        `^Cleanup was not complete \\(1 of its parts failed\\):\\n- removing the credential helper from ${clone}`,
      ),
    );
    expect(post.stdout).toContain(`Removed the persisted session and git-remote-codecommit (${sessionDir}).`);
    await expect(stat(sessionDir)).rejects.toThrow();
    expect(await filesHoldingSecrets([host.directories.runnerTemp], knownSecrets(world))).toEqual([]);
  });
});

function knownSecretsIn(text: string): string[] {
  return knownSecrets(world).filter((secret) => text.includes(secret));
}
