#!/usr/bin/env node
/**
 * git-remote-codecommit: `git clone codecommit::<region>://[profile@]<repository>`. Maps the address to
 * the https clone URL of the repository and execs `git remote-https <remote> <url>` with a freshly signed
 * Authorization header passed only as command-scoped config in its environment: never in argv, a URL or
 * a file. With `--credentials-file` (the program persist-credentials puts on a job's PATH) it signs with
 * the action's session; without, with the URL's profile through the AWS SDK's chain
 * (helpers/standalone-remote.ts, loaded only then).
 */
import { runRemoteHttps } from '../git/remote-https.js';
import {
  parseRemoteCall,
  REMOTE_HELPER_USAGE,
  RemoteHelperError,
  type RemoteInvocation,
} from '../helpers/remote-invocation.js';
import { sessionRemote } from '../helpers/session-remote.js';
import { HOST_OS_FAMILY } from '../platform/os-family.js';
import { exitWhenFlushed } from './adapters/exit-process.js';
import { messageOf } from '../core/text.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function run(argv: readonly string[]): Promise<number> {
  const call = parseRemoteCall(argv);
  let invocation: RemoteInvocation;
  if (call.kind === 'help' || call.kind === 'usage') {
    (call.kind === 'help' ? process.stdout : process.stderr).write(REMOTE_HELPER_USAGE);
    return call.kind === 'help' ? 0 : 2;
  }
  if (call.kind === 'version') {
    process.stdout.write('git-remote-codecommit (codecommit-xaccount-clone 1.0.0)\n');
    return 0;
  }
  try {
    if (call.kind === 'session') {
      invocation = await sessionRemote(call.file, call.address, process.env, new Date());
    } else {
      const { standaloneRemote } = await import('../helpers/standalone-remote.js');
      invocation = await standaloneRemote(call.address, {
        env: process.env,
        osFamily: HOST_OS_FAMILY,
        warn: (line) => process.stderr.write(`warning: ${line}\n`),
        now: () => new Date(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: Math.random,
      });
    }
  } catch (error) {
    if (!(error instanceof RemoteHelperError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  return runRemoteHttps(call.remote, invocation.httpsUrl, invocation.env);
}

run(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (error: unknown) => {
    process.stderr.write(`git-remote-codecommit: ${messageOf(error)}\n`);
    exitWhenFlushed(1);
  },
);
