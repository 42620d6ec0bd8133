/**
 * Where the job's secrets could have leaked, checked with the test harness's own helpers: the raw
 * output before each mask was registered, the masked log, git's argv, the step's state, outputs and
 * summary, and every file below the runner's folders once the post step has run.
 */
import { linesLeakingBeforeMask, type StepRun } from '../../test-support/actions-runner.js';
import {
  filesHoldingSecrets,
  gitArgvText,
  PASSWORD_PATTERN,
  secretsIn,
  snapshotTree,
} from '../../test-support/closed-vpc/action-harness.js';
import { issuedSession, type DemoWorld } from './demo-world.js';
import type { DemoRunnerHost } from './runner-host.js';

export interface LeakCheck {
  what: string;
  problems: string[];
}

/**
 * Every secret the fakes handed out or hold for this job (as `knownSecrets` of the harness does for
 * the closed-VPC world), plus every value the steps masked: git passwords and the headers carrying them.
 */
export function jobSecrets(world: DemoWorld, runs: readonly StepRun[]): string[] {
  const secrets = new Set([world.runnerKey.secretAccessKey]);
  for (const session of world.accounts.issuedSessions()) {
    secrets.add(session.secretAccessKey);
    secrets.add(session.sessionToken);
    secrets.add(Buffer.from(session.sessionToken).toString('base64'));
  }
  for (const run of runs) for (const mask of run.masks) if (mask.length > 0) secrets.add(mask);
  return [...secrets];
}

export async function leakChecks(
  world: DemoWorld,
  host: DemoRunnerHost,
  runs: { main: StepRun; post: StepRun },
): Promise<LeakCheck[]> {
  const steps = [
    ['main', runs.main],
    ['post', runs.post],
  ] as const;
  const secrets = jobSecrets(world, [runs.main, runs.post]);
  const checks: LeakCheck[] = [];
  checks.push({
    what: 'no secret in the raw output before its ::add-mask:: (nor on stderr)',
    problems: steps.flatMap(([name, run]) =>
      secrets.flatMap((secret) =>
        linesLeakingBeforeMask(run, secret).map(
          (line) => `${name}: ${secret.slice(0, 8)}… in ${line.slice(0, 60)}…`,
        ),
      ),
    ),
  });
  checks.push({
    what: 'no secret left in the masked log',
    problems: steps.flatMap(([name, run]) =>
      secretsIn(run.maskedLog, secrets).map((hit) => `${name}: ${hit}`),
    ),
  });
  checks.push({
    what: "no secret in git's argv (every git call recorded)",
    problems: secretsIn(await gitArgvText(host), secrets),
  });
  checks.push({
    what: 'no secret in the saved state, the outputs or the job summary',
    problems: steps.flatMap(([name, run]) => [
      ...secretsIn(JSON.stringify(run.state), secrets).map((hit) => `${name} state: ${hit}`),
      ...secretsIn(JSON.stringify(run.outputs), secrets).map((hit) => `${name} outputs: ${hit}`),
      ...secretsIn(run.summary, secrets).map((hit) => `${name} summary: ${hit}`),
    ]),
  });
  const { workspace, runnerTemp, home, commandFiles } = host.directories;
  checks.push({
    what: 'no secret in any file under the workspace, RUNNER_TEMP, HOME, TMPDIR or the command files',
    problems: await filesHoldingSecrets(
      [workspace, runnerTemp, home, host.systemTemp, commandFiles],
      secrets,
    ),
  });
  const homeNow = await snapshotTree(home);
  checks.push({
    what: 'HOME unchanged (no credential helper ran, no config or credential file written)',
    problems: diffTrees(host.homeBefore, homeNow),
  });
  checks.push({
    what: 'the git password was masked before git ran with it',
    problems: runs.main.masks.some((mask) => new RegExp(`^${PASSWORD_PATTERN.source}$`).test(mask))
      ? []
      : ['no git password among the registered masks'],
  });
  if (issuedSession(world) === undefined) {
    checks.push({ what: 'a session was issued to check for', problems: ['STS issued no session'] });
  }
  return checks;
}

function diffTrees(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [file, digest] of after) {
    if (!before.has(file)) changes.push(`added ${file}`);
    else if (before.get(file) !== digest) changes.push(`changed ${file}`);
  }
  for (const file of before.keys()) if (!after.has(file)) changes.push(`removed ${file}`);
  return changes;
}

/** What each registered mask is, in words, counted: never the values. */
export function describeMasks(world: DemoWorld, masks: readonly string[]): string[] {
  const session = issuedSession(world);
  const counts = new Map<string, number>();
  for (const mask of masks) {
    const kind = maskKind(mask, session);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, count]) => (count > 1 ? `${kind} ×${count}` : kind));
}

function maskKind(
  mask: string,
  session: { accessKeyId: string; secretAccessKey: string; sessionToken: string } | undefined,
): string {
  if (session !== undefined) {
    if (mask === session.accessKeyId) return 'session access key id';
    if (mask === session.secretAccessKey) return 'session secret access key';
    if (mask === session.sessionToken) return 'session token';
    if (mask.startsWith(`${session.accessKeyId}%`)) {
      return mask.includes(':') ? 'git user:password pair' : 'git username (key id%session token)';
    }
  }
  if (new RegExp(`^${PASSWORD_PATTERN.source}$`).test(mask)) return 'git password';
  if (mask.startsWith('Basic ')) return 'Authorization header value';
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(mask)) return 'base64 of user:password';
  return 'other value';
}
