/**
 * `codecommit-xaccount-clone credential-helper get`: for a CodeCommit repository URL on the configured git
 * endpoint, assume the role (or use the environment's credentials) and answer a freshly signed password.
 * Anything else: say nothing, so git or another helper decides. Logs only to stderr: stdout is git's.
 */
import { obtainCloneCredentials } from '../aws/assume-role.js';
import { proxyForUrl } from '../network/https-proxy.js';
import { sdkRunnerCredentials } from '../aws/source-chain.js';
import { createStsClient } from '../aws/sts-client.js';
import { repositoryOfRequestPath, signedAnswer } from '../helpers/credential-answer.js';
import type { CredentialRequest } from '../helpers/credential-protocol.js';
import { chooseCredentialSource } from '../plan/credential-source.js';
import { parsePlan } from '../plan/inputs.js';
import type { RawInputs, RunContext } from '../plan/plan.js';
import type { Logger } from '../core/logger.js';

export async function answerCredentialRequest(
  raw: RawInputs,
  request: CredentialRequest,
  context: RunContext,
  logger: Logger,
): Promise<string | undefined> {
  const name = repositoryOfRequestPath(request.path);
  if (request.protocol !== 'https' || name === undefined || request.host === undefined) return undefined;
  const plan = parsePlan({ ...raw, repository: name, path: '' }, context);
  const [repository] = plan.repositories;
  if (repository === undefined || repository.git.host.toLowerCase() !== request.host.toLowerCase())
    return undefined;
  // No GitHub token service here: github-oidc is refused, auto is the runner's chain.
  chooseCredentialSource({
    mode: plan.sourceCredentials,
    awsProfile: plan.awsProfile,
    env: process.env,
    canRequestIdToken: false,
  });
  const proxy = proxyForUrl(`${plan.sts.origin}/`, process.env);
  const { credentials } = await obtainCloneCredentials(plan, {
    client: (source) => createStsClient(plan, proxy, source),
    logger,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    // No runner masks this output: nothing here prints a credential.
    mask: () => undefined,
    runnerCredentials: sdkRunnerCredentials(plan),
  });
  return signedAnswer(
    request,
    { gitHost: repository.git.host, region: plan.region, credentials },
    new Date(),
  );
}
