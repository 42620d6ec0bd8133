import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { cloneRepository } from '../../src/git/clone.js';
import { GitCommandError } from '../../src/git/git-process.js';
import { DivertedRemoteError } from '../../src/git/remote-url-check.js';
import { GitProcessRegistry } from '../../src/git/git-process-registry.js';
import type { Plan } from '../../src/plan/plan.js';
import { listenTracked, type ListeningServer } from '../../test-support/server-lifecycle.js';
import { examplePlan, exampleRepository } from '../plan-fixture.js';

const HEADER = 'Authorization: Basic QUtJQSVUT0tFTjoyMDI0MDEwMlQwMzA0MDVaYWJjZGVm';
const SHA = 'a'.repeat(40);

/**
 * cloneRepository against two recording servers: the planned one, and `elsewhere`, where the runner's
 * config tries to send git. Both answer 401, so a clone that gets through fails with git's error.
 */
describe('cloneRepository with a runner config that sends git elsewhere', () => {
  let dir: string;
  let planned: ListeningServer;
  let elsewhere: ListeningServer;
  let requests: { planned: number; elsewhere: number };
  let signed: number;

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'remote-url-check-')));
    const recorder = (which: 'planned' | 'elsewhere') =>
      createServer((_request, response) => {
        requests[which] += 1;
        response.writeHead(401, { 'www-authenticate': 'Basic realm="x"' });
        response.end();
      });
    planned = await listenTracked(recorder('planned'), '127.0.0.1', 0);
    elsewhere = await listenTracked(recorder('elsewhere'), '127.0.0.1', 0);
  });
  afterAll(async () => {
    await Promise.all([planned.close(), elsewhere.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  let home: string;
  let target: string;
  beforeEach(async () => {
    requests = { planned: 0, elsewhere: 0 };
    signed = 0;
    const run = await mkdtemp(path.join(dir, 'run-'));
    home = path.join(run, 'home');
    target = path.join(run, 'work', 'my-service');
    await mkdir(home);
    await mkdir(target, { recursive: true });
  });

  const plannedUrl = (): string => `http://127.0.0.1:${planned.port}/v1/repos/my-service`;
  const elsewhereUrl = (): string => `http://127.0.0.1:${elsewhere.port}/`;

  function planFor(overrides: Partial<Plan> = {}): Plan {
    const repository = { ...exampleRepository('my-service'), cloneUrl: plannedUrl(), targetPath: target };
    return examplePlan({
      repositories: [repository],
      networkTimeoutSeconds: 10,
      maxAttempts: 1,
      ...overrides,
    });
  }

  function clone(plan: Plan, env: Record<string, string> = {}): Promise<unknown> {
    const [repository] = plan.repositories;
    if (repository === undefined) throw new Error('no repository');
    return cloneRepository(plan, repository, {
      logger: { info: () => undefined, warning: () => undefined },
      processes: new GitProcessRegistry(),
      inheritedEnv: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        GIT_CONFIG_NOSYSTEM: '1',
        ...env,
      },
      authorizationHeader: () => {
        signed += 1;
        return Promise.resolve(HEADER);
      },
    });
  }

  const globalConfig = (text: string) => writeFile(path.join(home, '.gitconfig'), text);

  it('clones from the planned URL when nothing diverts it (control)', async () => {
    await globalConfig(`[url "${elsewhereUrl()}"]\n\tinsteadOf = https://github.com/\n`);
    await expect(clone(planFor())).rejects.toBeInstanceOf(GitCommandError);
    expect(requests).toEqual({ planned: 1, elsewhere: 0 });
  });

  it('refuses an insteadOf of the global config before signing or contacting anything, naming it', async () => {
    await globalConfig(`[url "${elsewhereUrl()}"]\n\tinsteadOf = ${plannedUrl()}\n`);
    const error = await clone(planFor()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DivertedRemoteError);
    const message = (error as Error).message;
    expect(message).toContain(`git would fetch from ${elsewhereUrl()}`);
    expect(message).toContain(
      `url.${elsewhereUrl()}.insteadof = ${plannedUrl()} (global config, ${home}/.gitconfig)`,
    );
    expect(message).toContain(
      `git config --file '${home}/.gitconfig' --unset-all 'url.${elsewhereUrl()}.insteadof'`,
    );
    expect(requests).toEqual({ planned: 0, elsewhere: 0 });
    expect(signed).toBe(0);
    expect(await readdir(target)).toEqual([]);
  });

  it('refuses an insteadOf of the system config (GIT_CONFIG_SYSTEM), naming that file', async () => {
    const system = path.join(home, 'system.gitconfig');
    await writeFile(system, `[url "${elsewhereUrl()}"]\n\tinsteadOf = http://127.0.0.1:${planned.port}/\n`);
    const error = await clone(planFor(), { GIT_CONFIG_NOSYSTEM: '', GIT_CONFIG_SYSTEM: system }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DivertedRemoteError);
    expect((error as Error).message).toContain(`(system config, ${system})`);
    expect(requests).toEqual({ planned: 0, elsewhere: 0 });
  });

  it('refuses a remote.origin.url of the global config, which git clone would fetch from', async () => {
    await globalConfig(`[remote "origin"]\n\turl = ${elsewhereUrl()}x\n`);
    const error = await clone(planFor()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DivertedRemoteError);
    expect((error as Error).message).toContain(`remote.origin.url = ${elsewhereUrl()}x (global config`);
    expect(requests).toEqual({ planned: 0, elsewhere: 0 });
  });

  it('refuses it on the commit-SHA path too, where the fetch runs in the new clone', async () => {
    await globalConfig(`[remote "origin"]\n\turl = ${elsewhereUrl()}x\n`);
    const error = await clone(planFor({ ref: { kind: 'sha', sha: SHA } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DivertedRemoteError);
    expect(requests).toEqual({ planned: 0, elsewhere: 0 });
    expect(signed).toBe(0);
  });

  it('refuses a pushInsteadOf only when later steps may push (persist-credentials)', async () => {
    await globalConfig(`[url "${elsewhereUrl()}"]\n\tpushInsteadOf = ${plannedUrl()}\n`);
    await expect(clone(planFor())).rejects.toBeInstanceOf(GitCommandError);
    expect(requests).toEqual({ planned: 1, elsewhere: 0 });
    requests = { planned: 0, elsewhere: 0 };
    const error = await clone(planFor({ persistCredentials: true })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DivertedRemoteError);
    expect((error as Error).message).toContain(`git would push to ${elsewhereUrl()}`);
    expect(requests).toEqual({ planned: 0, elsewhere: 0 });
  });

  it('ignores the config of a repository around the target, which git clone does not read', async () => {
    const around = path.dirname(target);
    execFileSync('git', ['init', '--quiet', around], { env: { PATH: process.env.PATH ?? '', HOME: home } });
    execFileSync('git', ['config', `url.${elsewhereUrl()}.insteadOf`, plannedUrl()], { cwd: around });
    await expect(clone(planFor())).rejects.toBeInstanceOf(GitCommandError);
    expect(requests).toEqual({ planned: 1, elsewhere: 0 });
  });
});
