/**
 * The floor: plain `git clone --depth 1` of a repository from the same fake endpoint, with an
 * `Authorization: Basic` header made by hand. The password is computed by test-support's independent
 * signer (aws4), for a role session issued directly by the fake accounts, once per repository (renewed
 * long before CodeCommit's 15 minutes run out); git gets the header through GIT_CONFIG_COUNT/KEY/VALUE,
 * as the action passes it.
 */
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import {
  codeCommitGitPassword,
  codeCommitGitUsername,
  gitPasswordTimestamp,
} from '../../test-support/codecommit-git-auth.js';
import { repositorySigningPath } from '../../test-support/codecommit-layout.js';
import type { IssuedSession } from '../../test-support/fake-aws-accounts.js';
import { runCommandResult } from '../../test-support/run-command.js';
import type { BenchWorld } from './bench-world.js';

/** A header older than this is made again (the fake refuses passwords older than 15 minutes). */
const HEADER_RENEW_MS = 5 * 60 * 1000;
const CLONE_LIMIT_MS = 120_000;

export interface PlainCloneTiming {
  /** Epoch ms taken just before git was spawned. */
  spawnedAt: number;
  /** Spawn to exit. */
  ms: number;
}

export class PlainGit {
  private readonly session: IssuedSession;
  private readonly headers = new Map<string, { value: string; madeAt: number }>();

  private constructor(
    private readonly world: BenchWorld,
    /** git's HOME for every plain clone (empty, as on a fresh runner). */
    readonly home: string,
  ) {
    this.session = world.accounts.issueSession(world.role, 'bench-plain-git', 3600, world.runnerKey);
  }

  /** `scratch` gets an empty HOME for git, like the runner's. */
  static async create(world: BenchWorld, scratch: string): Promise<PlainGit> {
    return new PlainGit(world, await mkdtemp(path.join(scratch, 'plain-git-home-')));
  }

  /** Makes every header now, so that no clone ever pays for one. */
  prepare(names: readonly string[]): void {
    for (const name of names) this.header(name);
  }

  /** Clones the default branch, depth 1, into `target` (which must not exist); throws if git fails. */
  async clone(name: string, target: string): Promise<PlainCloneTiming> {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.home,
      GIT_TERMINAL_PROMPT: '0',
      ...this.world.gitTrustEnv,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: this.header(name),
    };
    const url = this.world.git.repositoryUrl(name);
    const spawnedAt = Date.now();
    const started = performance.now();
    const result = await runCommandResult('git', ['clone', '--depth', '1', '--', url, target], {
      env,
      timeoutMs: CLONE_LIMIT_MS,
    });
    const ms = performance.now() - started;
    if (result.exitCode !== 0) {
      throw new Error(
        `plain git clone of ${name} exited with ${result.exitCode ?? result.signal}: ${result.stderr.trim()}`,
      );
    }
    return { spawnedAt, ms };
  }

  /** The commit checked out in a clone (for checking it, outside the timed part). */
  async headOf(target: string): Promise<string> {
    const result = await runCommandResult('git', ['-C', target, 'rev-parse', 'HEAD'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.home },
    });
    return result.stdout.trim();
  }

  private header(name: string): string {
    const cached = this.headers.get(name);
    if (cached !== undefined && Date.now() - cached.madeAt < HEADER_RENEW_MS) return cached.value;
    const madeAt = Date.now();
    const password = codeCommitGitPassword({
      accessKeyId: this.session.accessKeyId,
      secretAccessKey: this.session.secretAccessKey,
      region: this.world.region,
      host: this.world.git.host,
      path: repositorySigningPath(name),
      timestamp: gitPasswordTimestamp(new Date(madeAt)),
    });
    const username = codeCommitGitUsername(this.session.accessKeyId, this.session.sessionToken);
    const value = `Authorization: Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    this.headers.set(name, { value, madeAt });
    return value;
  }
}
