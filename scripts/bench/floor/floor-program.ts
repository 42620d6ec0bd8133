/**
 * The floor: the least any program that does the action's job in order must do, and nothing else. It
 * sends one AssumeRole signed with the runner's key through the action's own STS client
 * (src/aws/sts-query-client.ts), signs each repository's git password with the action's own signer
 * (src/aws/git-password.ts) and runs `git clone --depth 1` with the header, `concurrency` at a time, as
 * plain git is run. No input is checked, nothing is looked up, logged, masked or recorded, no target is
 * prepared and no config is read: whatever the action spends beyond this program is its own work, and
 * what this program spends beyond plain git no program that signs in node can avoid.
 *
 * The bench bundles it with ncc and starts it through a loader that enables V8's compile cache first,
 * as the action's bundle does (see floor-step.ts). Argument: the job as JSON (FloorJob). Exits 0 when
 * every clone succeeded, 1 otherwise (what failed on stderr).
 */
import { spawn } from 'node:child_process';
import { Agent } from 'node:https';
import { signGitPassword } from '../../../src/aws/git-password.js';
import { stsQueryClient } from '../../../src/aws/sts-query-client.js';

export interface FloorJob {
  /** `https://host[:port]` of STS. */
  sts: string;
  region: string;
  roleArn: string;
  concurrency: number;
  clones: { url: string; target: string }[];
}

interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as FloorJob;
const env = process.env;

async function assumeRole(): Promise<Session> {
  // The action's own STS client, with node's plain agent: no bounded lookup, no proxy.
  const client = stsQueryClient({
    region: job.region,
    origin: job.sts,
    agent: new Agent({ keepAlive: true }),
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  });
  const { Credentials: issued } = await client.session(
    'AssumeRole',
    { RoleArn: job.roleArn, RoleSessionName: 'floor' },
    new AbortController().signal,
  );
  const { AccessKeyId, SecretAccessKey, SessionToken } = issued ?? {};
  if (AccessKeyId === undefined || SecretAccessKey === undefined || SessionToken === undefined) {
    throw new Error('STS answered AssumeRole without a session');
  }
  return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken };
}

async function clone(session: Session, { url, target }: FloorJob['clones'][number]): Promise<void> {
  const parsed = new URL(url);
  const { username, password } = await signGitPassword(
    session,
    { host: parsed.host, path: parsed.pathname, region: job.region },
    new Date(),
  );
  const header = `Authorization: Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  await new Promise<void>((resolve, reject) => {
    const git = spawn('git', ['clone', '--depth', '1', '--', url, target], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: header,
      },
    });
    let stderr = '';
    git.stderr.setEncoding('utf8');
    git.stderr.on('data', (chunk: string) => (stderr += chunk));
    git.on('error', reject);
    git.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git clone ${url} exited with ${code}: ${stderr}`)),
    );
  });
}

try {
  const session = await assumeRole();
  const queue = [...job.clones];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await clone(session, next);
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(job.concurrency, job.clones.length)) }, worker),
  );
  process.exit(0);
} catch (error) {
  process.stderr.write(`floor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
