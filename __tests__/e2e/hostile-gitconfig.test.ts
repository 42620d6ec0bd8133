import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect } from 'node:net';
import path from 'node:path';
import { bundlePath } from '../../test-support/action-under-test.js';
import { runShellStep, type StepRun } from '../../test-support/actions-runner.js';
import {
  HOSTILE_GLOBAL_GITCONFIG,
  knownSecrets,
  NODES,
  prepareRunnerHost,
  runMain,
  runPost,
  secretsIn,
  type RunnerHost,
} from '../../test-support/closed-vpc/action-harness.js';
import { ensureClosedVpc } from '../../test-support/closed-vpc/closed-vpc.js';
import { HOSTS, PRIVATE_DNS_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';
import { runCommandResult } from '../../test-support/run-command.js';
import { listenTracked, type ListeningServer } from '../../test-support/server-lifecycle.js';

/**
 * A runner whose shared HOME and system config try to take git, and the CodeCommit credentials, to
 * `elsewhere`: `url.<base>.insteadOf` and `pushInsteadOf`, URL-scoped `extraHeader`, `credential.helper`
 * and `http.<url>.proxy` entries. `elsewhere` is an HTTPS server (answering 401, to tempt git into asking
 * for credentials) and a CONNECT proxy on the same address, recording every request it gets.
 */

const CODECOMMIT = `https://${HOSTS.regionalGit.name}/`;
const CLONE_URL = `${CODECOMMIT}v1/repos/${REPOSITORY}`;
const ELSEWHERE = `https://${HOSTS.elsewhere.name}/`;
const PROXY = `http://${HOSTS.elsewhere.address}:3128`;
const INTRUDER = 'Basic aW50cnVkZXI6aW50cnVkZXI=';
const CLI = bundlePath('cli');
const PERSISTED_HELPER = bundlePath('credential-helper');

interface SeenElsewhere {
  kind: 'https' | 'proxy';
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

interface Elsewhere {
  seen: SeenElsewhere[];
  close(): Promise<void>;
}

async function startElsewhere(): Promise<Elsewhere> {
  const vpc = await ensureClosedVpc();
  const tls = {
    key: await readFile(vpc.serverKeyPath, 'utf8'),
    cert: await readFile(vpc.serverCertPath, 'utf8'),
  };
  const seen: SeenElsewhere[] = [];
  const https = createHttpsServer(tls, (request, response) => {
    seen.push({
      kind: 'https',
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
    });
    request.resume();
    response.writeHead(401, { 'www-authenticate': 'Basic realm="elsewhere"' });
    response.end();
  });
  const proxy = createHttpServer((request, response) => {
    seen.push({
      kind: 'proxy',
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
    });
    request.resume();
    response.writeHead(405);
    response.end();
  });
  // Tunnels like any CONNECT proxy, so that a clone through it can succeed: TLS stays end to end.
  proxy.on('connect', (request, client) => {
    seen.push({ kind: 'proxy', method: 'CONNECT', url: request.url ?? '', headers: request.headers });
    const [host = '', port = '443'] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  const servers: ListeningServer[] = await Promise.all([
    listenTracked(https, HOSTS.elsewhere.address, 443),
    listenTracked(proxy, HOSTS.elsewhere.address, 3128),
  ]);
  return {
    seen,
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

let world: VpcWorld;
let elsewhere: Elsewhere;

beforeAll(async () => {
  world = await startVpcWorld({ allowPush: true });
  world.accounts.allowRepository(REPOSITORY, SWITCH_ROLE, 'write');
  elsewhere = await startElsewhere();
});

afterAll(async () => {
  await Promise.all([world?.close(), elsewhere?.close()]);
});

beforeEach(() => {
  elsewhere.seen.length = 0;
});

/** Every credential the fakes issued: secrets, tokens, access key ids, and git passwords or Basic headers. */
function credentialsIn(text: string): string[] {
  const ids = world.accounts
    .issuedSessions()
    .map((session) => session.accessKeyId)
    .concat(world.runnerKey.accessKeyId);
  return [...secretsIn(text, knownSecrets(world)), ...ids.filter((id) => text.includes(id))];
}

/**
 * What elsewhere got: never the action's Authorization header (only, in later steps, the one the hostile
 * config itself adds for every host), never any part of the credentials.
 */
function expectNoCredentialsElsewhere(): void {
  for (const request of elsewhere.seen) {
    expect([undefined, INTRUDER]).toContain(request.headers.authorization);
    expect(credentialsIn(JSON.stringify(request))).toEqual([]);
  }
}

const redirect = (kind: 'insteadOf' | 'pushInsteadOf'): string =>
  `[url "${ELSEWHERE}"]\n\t${kind} = ${CODECOMMIT}\n`;

/** Leave marks in HOME when git runs them: the action must run neither. */
const markingHelper = (mark: string): string =>
  `\thelper = "!f() { touch \\"$HOME/${mark}\\"; echo username=x; echo password=y; }; f"\n`;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** A host whose system config is a file of its own (GIT_CONFIG_SYSTEM), holding `system`. */
async function hostWith(global: string, system: string): Promise<RunnerHost & { systemConfig: string }> {
  const probe = await prepareRunnerHost(world);
  const systemConfig = path.join(probe.directories.commandFiles, 'system.gitconfig');
  await writeFile(systemConfig, system);
  const host = { ...probe, env: { ...probe.env, GIT_CONFIG_SYSTEM: systemConfig }, systemConfig };
  await writeFile(path.join(host.directories.home, '.gitconfig'), `${HOSTILE_GLOBAL_GITCONFIG}${global}`);
  return host;
}

const INPUTS = { repository: REPOSITORY, 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };

describe.each(NODES)('a hostile git config on the runner, $label', ({ path: node }) => {
  test.each(['global', 'system'] as const)(
    'a url.insteadOf in the %s config fails the step, naming the entry and its file; git contacts nothing',
    async (where) => {
      const host = await hostWith(
        where === 'global' ? redirect('insteadOf') : '',
        where === 'system' ? redirect('insteadOf') : '',
      );
      const file = where === 'global' ? path.join(host.directories.home, '.gitconfig') : host.systemConfig;
      const before = world.activityByHost();
      const main = await runMain(host, node, INPUTS);
      expect(main.exitCode).toBe(1);
      const error = main.errors.join('\n');
      expect(error).toContain(`git would fetch from ${ELSEWHERE}v1/repos/${REPOSITORY}`);
      expect(error).toContain(`url.${ELSEWHERE}.insteadof = ${CODECOMMIT} (${where} config, ${file})`);
      expect(error).toContain(`git config --file '${file}' --unset-all 'url.${ELSEWHERE}.insteadof'`);
      expect(elsewhere.seen).toEqual([]);
      expect(world.hostsContactedSince(before)).toEqual([HOSTS.regionalSts.name]);
      await expect(stat(path.join(host.directories.workspace, REPOSITORY))).rejects.toThrow();
    },
  );

  test("URL-scoped headers, helpers and a proxy of both configs: the clone carries the action's header only, through the proxy's tunnel", async () => {
    const host = await hostWith(
      [`[http "${CLONE_URL}"]`, `\textraHeader = Authorization: ${INTRUDER}`, `\tproxy = ${PROXY}`, ''].join(
        '\n',
      ) + `[credential "${CODECOMMIT}"]\n${markingHelper('global-url-helper-ran')}`,
      [
        '[http]',
        '\textraHeader = X-System: leaked',
        `[http "${CODECOMMIT}"]`,
        `\textraHeader = Authorization: ${INTRUDER}`,
        '[credential]',
        markingHelper('system-helper-ran'),
      ].join('\n'),
    );
    const gitBefore = world.regionalGit.requests.length;
    const main = await runMain(host, node, INPUTS);
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    const requests = world.regionalGit.requests.slice(gitBefore);
    expect(requests.length).toBeGreaterThan(0);
    expect(new Set(requests.map((request) => request.auth))).toEqual(new Set(['accepted']));
    // The proxy of the config carried the connection, and saw nothing but the tunnel's target.
    expect(elsewhere.seen.map(({ kind, method, url }) => ({ kind, method, url }))).toContainEqual({
      kind: 'proxy',
      method: 'CONNECT',
      url: `${HOSTS.regionalGit.name}:443`,
    });
    expect(elsewhere.seen.every((request) => request.method === 'CONNECT')).toBe(true);
    expectNoCredentialsElsewhere();
    for (const mark of ['global-url-helper-ran', 'system-helper-ran', 'credential-helper-was-called'])
      expect(await exists(path.join(host.directories.home, mark))).toBe(false);
  });
});

describe('a repository URL on another host', () => {
  test('is refused by the step and the command before any network call, with an example', async () => {
    const [{ path: node }] = NODES;
    const host = await prepareRunnerHost(world);
    const url = `${ELSEWHERE}v1/repos/${REPOSITORY}`;
    const before = world.networkActivity();
    const main = await runMain(host, node, { ...INPUTS, repository: url });
    expect(main.exitCode).toBe(1);
    const refusal = `Input 'repository': '${HOSTS.elsewhere.name}' is not a CodeCommit git host`;
    expect(main.errors.join('\n')).toContain(refusal);
    expect(main.errors.join('\n')).toContain(`Example: ${CLONE_URL}`);
    const command = await runCommandResult(
      process.execPath,
      [CLI, '--repository', url, '--aws-region', PRIVATE_DNS_REGION, '--role-to-assume', SWITCH_ROLE],
      { cwd: host.directories.workspace, env: { ...host.env, HOME: host.directories.home } },
    );
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toContain(refusal);
    expect(world.networkActivity()).toBe(before);
    expect(elsewhere.seen).toEqual([]);
  });
});

/** A later `run:` step of the same job (no AWS credentials, the job's HOME). */
function laterStep(host: RunnerHost, main: StepRun, script: string, cwd?: string) {
  return runShellStep({
    script,
    directories: host.directories,
    env: {
      PATH: '/usr/bin:/bin',
      GIT_SSL_CAINFO: world.caCertPath,
      GIT_CONFIG_SYSTEM: host.env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig',
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

describe('persist-credentials with a hostile git config', () => {
  const [{ path: node }] = NODES;
  const PERSIST = { ...INPUTS, 'persist-credentials': 'true', 'fetch-depth': '0' };

  test('a pushInsteadOf at the time of the step fails it, naming the entry, since later pushes would go elsewhere', async () => {
    const host = await hostWith(redirect('pushInsteadOf'), '');
    const main = await runMain(host, node, PERSIST);
    expect(main.exitCode).toBe(1);
    expect(main.errors.join('\n')).toContain(`git would push to ${ELSEWHERE}v1/repos/${REPOSITORY}`);
    expect(main.errors.join('\n')).toContain(`url.${ELSEWHERE}.pushinsteadof = ${CODECOMMIT} (global config`);
    expect(main.addedPaths).toEqual([]);
    expect(elsewhere.seen).toEqual([]);
  });

  test('a redirect written after the step: later fetch and push reach elsewhere without credentials; codecommit:// still reaches CodeCommit with its header', async () => {
    const host = await hostWith('', '');
    const main = await runMain(host, node, PERSIST);
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    const clone = path.join(host.directories.workspace, REPOSITORY);
    await writeFile(
      path.join(host.directories.home, '.gitconfig'),
      `${HOSTILE_GLOBAL_GITCONFIG}${redirect('insteadOf')}${redirect('pushInsteadOf')}`,
    );
    const gitBefore = world.regionalGit.requests.length;

    const fetch = await laterStep(host, main, 'git fetch origin', clone);
    expect(fetch.exitCode).not.toBe(0);
    const push = await laterStep(
      host,
      main,
      'git commit -q --allow-empty -m later && git push origin HEAD:refs/heads/from-later',
      clone,
    );
    expect(push.exitCode).not.toBe(0);
    expect(elsewhere.seen.filter((request) => request.kind === 'https').length).toBeGreaterThanOrEqual(2);
    expectNoCredentialsElsewhere();
    expect(world.regionalGit.requests.length).toBe(gitBefore);

    // git-remote-codecommit for the clone's own repository: the clone's reset of headers for that URL
    // must not strip the remote's header (the first request already carries it, none is anonymous).
    const remote = await laterStep(
      host,
      main,
      `git remote add cc codecommit::${PRIVATE_DNS_REGION}://${REPOSITORY} && git fetch --quiet cc`,
      clone,
    );
    expect(remote.stderr).toBe('');
    expect(remote.exitCode).toBe(0);
    const remoteRequests = world.regionalGit.requests.slice(gitBefore);
    expect(remoteRequests.length).toBeGreaterThan(0);
    expect(new Set(remoteRequests.map((request) => request.auth))).toEqual(new Set(['accepted']));
    expectNoCredentialsElsewhere();

    // The persisted helper itself answers only https requests for a repository on the signed host.
    const [bin] = main.addedPaths;
    const file = path.join(path.dirname(bin ?? ''), 'credentials.json');
    for (const request of [
      `protocol=https\nhost=${HOSTS.elsewhere.name}\npath=v1/repos/${REPOSITORY}\n`,
      `protocol=http\nhost=${HOSTS.regionalGit.name}\npath=v1/repos/${REPOSITORY}\n`,
      `protocol=https\nhost=${HOSTS.regionalGit.name}\n`,
    ]) {
      const answer = await runCommandResult(process.execPath, [PERSISTED_HELPER, file, 'get'], {
        input: request,
      });
      expect({ request, stdout: answer.stdout, exitCode: answer.exitCode }).toEqual({
        request,
        stdout: '',
        exitCode: 0,
      });
    }
    const signed = await runCommandResult(process.execPath, [PERSISTED_HELPER, file, 'get'], {
      input: `protocol=https\nhost=${HOSTS.regionalGit.name}\npath=v1/repos/${REPOSITORY}\n`,
    });
    expect(signed.stdout).toMatch(/^username=.+\npassword=\d{8}T\d{6}Z[0-9a-f]{64}\n$/);

    const post = await runPost(host, node, main.state);
    expect(post.exitCode).toBe(0);
  });
});

describe("the command's credential-helper with a hostile git config", () => {
  test('configured for every host, it answers CodeCommit, and says nothing when insteadOf sends git elsewhere', async () => {
    const host = await prepareRunnerHost(world);
    const args = ['--aws-region', PRIVATE_DNS_REGION, '--role-to-assume', SWITCH_ROLE];
    const helper = `!'${process.execPath}' '${CLI}' credential-helper ${args.map((a) => `'${a}'`).join(' ')}`;
    const helperConfig = `[credential]\n\thelper =\n\thelper = ${JSON.stringify(helper)}\n\tuseHttpPath = true\n`;
    const gitClone = (target: string) =>
      runCommandResult(
        'git',
        ['clone', '--quiet', CLONE_URL, path.join(host.directories.workspace, target)],
        {
          env: { ...host.env, HOME: host.directories.home, GIT_TERMINAL_PROMPT: '0' },
        },
      );

    await writeFile(path.join(host.directories.home, '.gitconfig'), helperConfig);
    const direct = await gitClone('direct');
    expect(direct.stderr).toBe('');
    expect(direct.exitCode).toBe(0);

    await writeFile(
      path.join(host.directories.home, '.gitconfig'),
      `${helperConfig}${redirect('insteadOf')}`,
    );
    const gitBefore = world.regionalGit.requests.length;
    const diverted = await gitClone('diverted');
    expect(diverted.exitCode).not.toBe(0);
    expect(elsewhere.seen.filter((request) => request.kind === 'https').length).toBeGreaterThan(0);
    expectNoCredentialsElsewhere();
    expect(world.regionalGit.requests.length).toBe(gitBefore);
  });
});
