/**
 * What git-remote-codecommit hands to `git remote-https`, in either of its modes (the session file the
 * action's persist-credentials wrote, or the profile of the URL on its own), and how it is called.
 */
import { REMOTE_URL_FORMS } from './remote-address.js';

/** The https URL of the repository, and the environment carrying its freshly signed header. */
export interface RemoteInvocation {
  httpsUrl: string;
  env: Record<string, string>;
}

/** Why no `git remote-https` was started; `exitCode` 2 for a URL or setting to fix, 1 otherwise. */
export class RemoteHelperError extends Error {
  override name = 'RemoteHelperError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

export const REMOTE_HELPER_USAGE =
  'usage: git-remote-codecommit <remote> codecommit://[profile@]<repository>\n' +
  '       git-remote-codecommit <remote> <region>://[profile@]<repository>\n' +
  `git runs it for the remote URLs ${REMOTE_URL_FORMS}\n` +
  '(git clone codecommit::eu-west-1://my-profile@my-repository). Settings: AWS_ENDPOINT_URL_STS or\n' +
  'git config codecommit.stsEndpoint, CODE_COMMIT_ENDPOINT or git config codecommit.endpoint,\n' +
  'AWS_USE_FIPS_ENDPOINT, git config codecommit.networkTimeoutSeconds and codecommit.maxAttempts.\n';

/** How the program was called: by git (with or without the action's session file), or by a person. */
export type RemoteCall =
  | { kind: 'session'; file: string; remote: string; address: string }
  | { kind: 'standalone'; remote: string; address: string }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage' };

export function parseRemoteCall(argv: readonly string[]): RemoteCall {
  const [first, second, third, fourth] = argv;
  if (first === '--credentials-file') {
    return second !== undefined && third !== undefined && fourth !== undefined
      ? { kind: 'session', file: second, remote: third, address: fourth }
      : { kind: 'usage' };
  }
  if (argv.length === 1 && (first === '--help' || first === '-h')) return { kind: 'help' };
  if (argv.length === 1 && first === '--version') return { kind: 'version' };
  if (argv.length === 2 && first !== undefined && second !== undefined && !first.startsWith('-')) {
    return { kind: 'standalone', remote: first, address: second };
  }
  return { kind: 'usage' };
}
