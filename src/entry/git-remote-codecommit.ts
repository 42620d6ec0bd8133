/**
 * git-remote-codecommit for later steps (persist-credentials): `git clone codecommit::<region>://<name>`.
 * Maps the address to the https clone URL of the persisted session's endpoint and execs
 * `git remote-https <remote> <url>` with a freshly signed Authorization header passed only as
 * command-scoped config in its environment: never in argv, a URL or a file.
 */
import { spawn } from 'node:child_process';
import { gitAuthorizationHeader } from '../aws/git-authorization.js';
import { gitChildEnvironment, signedUrlConfig } from '../git/git-environment.js';
import { expiredSessionMessage, sessionExpired } from '../helpers/persisted-session.js';
import { readSessionFile } from '../helpers/read-session.js';
import { remoteTarget } from '../helpers/codecommit-remote-url.js';
import { exitWhenFlushed } from './adapters/exit-process.js';

async function run(argv: readonly string[]): Promise<number> {
  const [flag, file, remote, address] = argv;
  if (flag !== '--credentials-file' || file === undefined || remote === undefined || address === undefined) {
    process.stderr.write('usage: git-remote-codecommit <remote> codecommit://[profile@]<name>\n');
    return 2;
  }
  const session = await readSessionFile(file);
  if (session === undefined) {
    process.stderr.write(
      'git-remote-codecommit: the session of codecommit-xaccount-clone was removed by its post step\n',
    );
    return 1;
  }
  const now = new Date();
  if (sessionExpired(session, now)) {
    process.stderr.write(`${expiredSessionMessage(session)}\n`);
    return 1;
  }
  const target = remoteTarget(address, session);
  const header = await gitAuthorizationHeader(
    session.credentials,
    { host: target.host, path: `/v1/repos/${target.name}`, region: target.region },
    now,
    () => undefined,
  );
  // Scoped to the URL it is signed for, so that it beats the clone's own `http.<url>.extraHeader` reset
  // (persist-credentials writes one) and any header the runner's config gives for that URL. git's own
  // variables (the repository it fetches into, its command-scoped config) are kept: git started this program.
  const env = gitChildEnvironment(process.env, signedUrlConfig(target.httpsUrl, header));
  return new Promise((resolve) => {
    const child = spawn('git', ['remote-https', remote, target.httpsUrl], { stdio: 'inherit', env });
    child.on('error', (error) => {
      process.stderr.write(`git-remote-codecommit: could not start git: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

run(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (error: unknown) => {
    process.stderr.write(
      `git-remote-codecommit: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    exitWhenFlushed(1);
  },
);
