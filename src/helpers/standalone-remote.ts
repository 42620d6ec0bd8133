/**
 * git-remote-codecommit on its own, for AWS's remote URLs outside the action (an EC2 instance, a GitLab
 * runner, a developer's shell): the git endpoint checked for silence (git-endpoint-check.ts), the
 * profile of the URL resolved through the AWS SDK's chain with every STS call of that chain sent to the
 * STS endpoint chosen (remote-settings.ts), bounded and retried like the action's own; then a git
 * password signed now for the git host git will contact. A fresh password at every invocation: git runs
 * this program once per fetch, pull or push.
 */
import { obtainCloneCredentials } from '../aws/assume-role.js';
import { gitAuthorizationHeader } from '../aws/git-authorization.js';
import { loadRunnerProfiles, sdkRunnerCredentials } from '../aws/source-chain.js';
import { createStsClient } from '../aws/sts-client.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { gitChildEnvironment, networkConfig } from '../git/git-environment.js';
import { proxyForUrl } from '../network/https-proxy.js';
import type { Plan } from '../plan/plan.js';
import { describeRunnerSource, type Profiles } from '../plan/runner-source.js';
import type { OsFamily } from '../platform/os-family.js';
import { gitConfigProxy, silentGitEndpoint } from './git-endpoint-check.js';
import { parseRemoteUrl, RemoteAddressError, type RemoteAddress } from './remote-address.js';
import { readRemoteGitConfig } from './remote-git-config.js';
import { RemoteHelperError, type RemoteInvocation } from './remote-invocation.js';
import { inRemoteHelperTerms, remotePlan, RemoteSettingsError } from './remote-settings.js';
import { messageOf } from '../core/text.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface StandaloneRemoteDependencies {
  /** The environment git gave this program (its own variables included). */
  env: Env;
  osFamily: OsFamily;
  /** Where a retried attempt is announced: git shows the helper's stderr among its own lines. */
  warn: (line: string) => void;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Defaults to the `codecommit.*` and proxy keys of git's config (remote-git-config.ts), bounded. */
  readGitConfig?: (env: Env) => Promise<ReadonlyMap<string, string>>;
  /** Defaults to the shared AWS files. */
  loadProfiles?: () => Promise<Profiles>;
}

const PREFIX = 'git-remote-codecommit: ';

/** What the remote URL and the machine's settings say, before any network call. */
interface RemoteContext {
  remote: RemoteAddress;
  plan: Plan;
  profiles: Profiles;
  gitConfig: ReadonlyMap<string, string>;
}

export async function standaloneRemote(
  address: string,
  deps: StandaloneRemoteDependencies,
): Promise<RemoteInvocation> {
  const context = await remoteContext(address, deps);
  const { plan } = context;
  const [repository] = plan.repositories;
  if (repository === undefined) throw new Error(`no repository in ${context.remote.url}`);
  if (proxyForUrl(repository.cloneUrl, deps.env) === undefined && !gitConfigProxy(context.gitConfig)) {
    const silent = await silentGitEndpoint(repository.git, plan.region, plan.networkTimeoutSeconds);
    if (silent !== undefined) throw new RemoteHelperError(`${PREFIX}${inRemoteHelperTerms(silent)}`, 1);
  }
  const header = await gitAuthorizationHeader(
    await profileCredentials(context, deps),
    { host: repository.git.host, path: repository.repositoryPath, region: plan.region },
    deps.now(),
    () => undefined,
  );
  // The header only as command-scoped config of `git remote-https`, scoped to the URL it is signed for,
  // with git's own low-speed bound for that URL; git's variables (its repository, its `-c`) are kept.
  return {
    httpsUrl: repository.cloneUrl,
    env: gitChildEnvironment(
      deps.env,
      networkConfig({
        url: repository.cloneUrl,
        stallSeconds: plan.networkTimeoutSeconds,
        authorizationHeader: header,
      }),
    ),
  };
}

/** The URL, git's config and the shared AWS files read, the plan decided; a refusal exits 2. */
async function remoteContext(address: string, deps: StandaloneRemoteDependencies): Promise<RemoteContext> {
  try {
    const remote = parseRemoteUrl(address);
    const [gitConfig, profiles] = await Promise.all([
      (deps.readGitConfig ?? readRemoteGitConfig)(deps.env),
      (deps.loadProfiles ?? loadRunnerProfiles)(),
    ]);
    const plan = remotePlan(remote, { env: deps.env, gitConfig, profiles, osFamily: deps.osFamily });
    return { remote, plan, profiles, gitConfig };
  } catch (error) {
    if (error instanceof RemoteAddressError || error instanceof RemoteSettingsError) {
      throw new RemoteHelperError(`${PREFIX}${error.message}`, 2, { cause: error });
    }
    throw error;
  }
}

/** The profile's credentials, every STS call of its chain through the plan's endpoint, bounded. */
async function profileCredentials(
  { remote, plan, profiles }: RemoteContext,
  deps: StandaloneRemoteDependencies,
): Promise<AwsCredentials> {
  const proxy = proxyForUrl(`${plan.sts.origin}/`, deps.env);
  try {
    const { credentials } = await obtainCloneCredentials(plan, {
      client: (source) => createStsClient(plan, proxy, source),
      logger: { info: () => undefined, warning: (line) => deps.warn(inRemoteHelperTerms(line)) },
      sleep: deps.sleep,
      random: deps.random,
      now: deps.now,
      // Nothing is printed that holds a credential: no log to mask.
      mask: () => undefined,
      runnerCredentials: sdkRunnerCredentials(plan),
      // The profile as the URL or AWS_PROFILE names it, for the messages.
      runnerSource: describeRunnerSource(remote.profile, deps.env, profiles),
    });
    return credentials;
  } catch (error) {
    const message = messageOf(error);
    throw new RemoteHelperError(
      `${PREFIX}${inRemoteHelperTerms(message).replace(/\(aws-profile\)/g, `(of ${remote.url})`)}`,
      1,
      { cause: error },
    );
  }
}
