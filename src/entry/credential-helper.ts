/**
 * The credential helper persist-credentials configures in each clone:
 * `<node> credential-helper/index.js <credentials file> <get|store|erase>`. For `get` it signs a fresh
 * CodeCommit password from the persisted session for the host and path git asks about; `store` and
 * `erase` do nothing. Never prints a secret anywhere but git's pipe.
 */
import { QUIT_ANSWER, signedAnswer } from '../helpers/credential-answer.js';
import { isCredentialOperation, parseCredentialRequest } from '../helpers/credential-protocol.js';
import { readStdin } from '../helpers/read-stdin.js';
import { expiredSessionMessage, sessionExpired } from '../helpers/persisted-session.js';
import { readSessionFile } from '../helpers/read-session.js';
import { exitWhenFlushed } from './adapters/exit-process.js';
import { messageOf } from '../core/text.js';

async function run(argv: readonly string[]): Promise<number> {
  const [file, operation] = argv;
  if (file === undefined || !isCredentialOperation(operation)) {
    process.stderr.write('usage: credential-helper <credentials file> get|store|erase\n');
    return 2;
  }
  const request = parseCredentialRequest(await readStdin());
  if (operation !== 'get') return 0;
  const session = await readSessionFile(file);
  if (session === undefined) return 0;
  if (!session.gitHosts.some((host) => host.toLowerCase() === request.host?.toLowerCase())) return 0;
  const now = new Date();
  if (sessionExpired(session, now)) {
    process.stderr.write(`${expiredSessionMessage(session)}\n`);
    process.stdout.write(QUIT_ANSWER);
    return 0;
  }
  const host = request.host ?? '';
  const answer = await signedAnswer(request, { ...session, gitHost: host }, now);
  if (answer !== undefined) process.stdout.write(answer);
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (error: unknown) => {
    process.stderr.write(`codecommit-xaccount-clone credential helper: ${messageOf(error)}\n`);
    exitWhenFlushed(1);
  },
);
