/**
 * git-remote-codecommit for later steps of a job (persist-credentials): the address mapped to the https
 * clone URL of the persisted session's git endpoint (its own region) or the regional endpoint of another
 * region, with a header signed now from the session file the action wrote.
 */
import { gitAuthorizationHeader } from '../aws/git-authorization.js';
import { gitChildEnvironment, signedUrlConfig } from '../git/git-environment.js';
import { remoteTarget } from './codecommit-remote-url.js';
import { expiredSessionMessage, sessionExpired } from './persisted-session.js';
import { readSessionFile } from './read-session.js';
import { RemoteHelperError, type RemoteInvocation } from './remote-invocation.js';

export async function sessionRemote(
  file: string,
  address: string,
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): Promise<RemoteInvocation> {
  const session = await readSessionFile(file);
  if (session === undefined) {
    throw new RemoteHelperError(
      'git-remote-codecommit: the session of codecommit-xaccount-clone was removed by its post step',
      1,
    );
  }
  if (sessionExpired(session, now)) throw new RemoteHelperError(expiredSessionMessage(session), 1);
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
  return {
    httpsUrl: target.httpsUrl,
    env: gitChildEnvironment(env, signedUrlConfig(target.httpsUrl, header)),
  };
}
