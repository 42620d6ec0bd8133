/**
 * The part every mode of the step shares: the proxies' secrets masked, the endpoints looked up and
 * logged, then the credentials (source, then each role), with a probe of the STS endpoint when it is
 * what did not answer.
 */
import { obtainCloneCredentials, type CloneCredentials } from '../aws/assume-role.js';
import type { AwsCredentials } from '../core/aws-credentials.js';
import { withDeadline } from '../core/deadline.js';
import { proxyForUrl, proxySecrets } from '../network/https-proxy.js';
import { isLongTermKey, sessionOfLongTermKey } from '../aws/session-token.js';
import { describeRunner, sdkRunnerCredentials, type RunnerCredentials } from '../aws/source-chain.js';
import { AwsOperationError } from '../aws/aws-attempts.js';
import { awsFailureFacts } from '../aws/aws-failure.js';
import { createStsClient } from '../aws/sts-client.js';
import { lookupEndpoints, probeAfterFailure } from '../network/endpoint-reachability.js';
import {
  describeDiagnosis,
  publicAddressWarnings,
  type EndpointDiagnosis,
} from '../network/endpoint-diagnosis.js';
import { SERVICE_OF_ROLE } from '../network/vpc-advice.js';
import type { SourceChoice } from '../plan/credential-source.js';
import type { Plan } from '../plan/plan.js';
import type { StepReport, StepRuntime } from './step-runtime.js';

/**
 * Masks the proxies' credentials, looks up every endpoint the plan uses (into `report`, logged, with a
 * warning for public addresses), then obtains the step's credentials.
 */
export async function obtainStepCredentials(
  plan: Plan,
  choice: SourceChoice,
  runtime: StepRuntime,
  report: StepReport,
): Promise<CloneCredentials> {
  const stsProxy = maskProxies(plan, runtime);
  report.diagnoses = await lookupEndpoints(plan, runtime.env);
  for (const diagnosis of report.diagnoses) runtime.logger.info(endpointLine(diagnosis, plan));
  for (const warning of publicAddressWarnings(report.diagnoses)) runtime.logger.warning(warning);
  const credentials = await credentialsOrDiagnose(plan, choice, stsProxy, report.diagnoses[0], runtime);
  if (credentials.assumedRoleArn !== undefined) {
    runtime.stages?.mark('STS answered');
    runtime.logger.info(`Assumed ${credentials.assumedRoleArn}`);
  }
  return credentials;
}

/** Masks the credentials of any proxy HTTPS_PROXY selects; returns the one STS goes through. */
function maskProxies(plan: Plan, runtime: StepRuntime): URL | undefined {
  const sts = proxyForUrl(`${plan.sts.origin}/`, runtime.env);
  const proxies = [
    sts,
    ...plan.repositories.map((repository) => proxyForUrl(repository.cloneUrl, runtime.env)),
    ...(plan.repositoryPatterns.length > 0
      ? [proxyForUrl(`${plan.codecommitApi.origin}/`, runtime.env)]
      : []),
  ];
  for (const proxy of proxies) if (proxy !== undefined) proxySecrets(proxy).forEach(runtime.mask);
  return sts;
}

function endpointLine(diagnosis: EndpointDiagnosis, plan: Plan): string {
  const role = `${diagnosis.role === 'git' ? 'Git' : SERVICE_OF_ROLE[diagnosis.role].label} endpoint`;
  const kind = !diagnosis.endpoint.custom
    ? 'regional'
    : diagnosis.role === 'sts' && plan.stsEndpointVariable !== undefined
      ? `custom, from ${plan.stsEndpointVariable}`
      : 'custom';
  return `${role}: ${diagnosis.endpoint.origin} (${kind}); ${describeDiagnosis(diagnosis)}`;
}

async function credentialsOrDiagnose(
  plan: Plan,
  choice: SourceChoice,
  proxy: URL | undefined,
  diagnosis: EndpointDiagnosis | undefined,
  runtime: StepRuntime,
): Promise<CloneCredentials> {
  const makeClient = runtime.stsClient ?? createStsClient;
  const idToken = runtime.idToken;
  const oidc = choice.source === 'github-oidc' && idToken !== undefined;
  const runnerSource = oidc
    ? undefined
    : await describeRunner(plan.awsProfile, runtime.env, runtime.runnerProfiles);
  runtime.logger.info(
    oidc
      ? `Source credentials: GitHub OIDC, audience ${plan.audience} (${choice.reason})`
      : `Source credentials: the runner's, ${runnerSource?.label ?? ''} (${choice.reason})`,
  );
  const tokenService = tokenServiceHost(runtime.env);
  const deps = {
    client: (credentials?: AwsCredentials) => makeClient(plan, proxy, credentials),
    logger: runtime.logger,
    sleep: runtime.sleep,
    random: runtime.random,
    now: runtime.now,
    mask: runtime.mask,
  };
  try {
    const obtained = await obtainCloneCredentials(plan, {
      ...deps,
      runnerCredentials: markedWhenResolved(
        (runtime.runnerCredentials ?? sdkRunnerCredentials)(plan),
        runtime,
      ),
      ...(runnerSource !== undefined ? { runnerSource } : {}),
      ...(oidc
        ? {
            webIdentityToken: async (audience: string) =>
              maskedToken(
                await withDeadline(
                  plan.networkTimeoutSeconds,
                  "GitHub's OIDC token service",
                  tokenService,
                  () => idToken(audience),
                ),
                runtime,
              ),
          }
        : {}),
    });
    if (!plan.persistCredentials || !isLongTermKey(obtained.credentials)) return obtained;
    runtime.logger.info(
      'persist-credentials: the source credentials are a long-term access key; exchanging them for a ' +
        `session of ${plan.roleDurationSeconds} s (GetSessionToken), so that only temporary credentials are written.`,
    );
    return { ...obtained, credentials: await sessionOfLongTermKey(plan, obtained.credentials, deps) };
  } catch (error) {
    // Probe the STS endpoint only when it is what failed; a metadata service or a credential_process
    // that did not answer says so itself.
    const atSts = stsOperationIn(error);
    const facts = awsFailureFacts(atSts?.cause);
    if (diagnosis === undefined || atSts === undefined || (!facts.timedOut && facts.errno === undefined))
      throw error;
    await probeAfterFailure(diagnosis, plan);
    throw new Error(`${(error as Error).message}\n${describeDiagnosis(diagnosis)}`, { cause: error });
  }
}

/** The STS operation that failed, if the error is one or wraps one. */
function stsOperationIn(error: unknown): AwsOperationError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof AwsOperationError) return current;
  }
  return undefined;
}

/** `host[:port]` of ACTIONS_ID_TOKEN_REQUEST_URL, for messages. */
function tokenServiceHost(env: Readonly<Record<string, string | undefined>>): string {
  try {
    return new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '').host || 'ACTIONS_ID_TOKEN_REQUEST_URL';
  } catch {
    return 'ACTIONS_ID_TOKEN_REQUEST_URL';
  }
}

function maskedToken(token: string, runtime: StepRuntime): string {
  runtime.mask(token);
  runtime.stages?.mark('source credentials');
  return token;
}

/** The runner's credentials, with the stage marked when they are first resolved. */
function markedWhenResolved(credentials: RunnerCredentials, runtime: StepRuntime): RunnerCredentials {
  return (assumers) => {
    const provide = credentials(assumers);
    return async () => {
      const resolved = await provide();
      runtime.stages?.mark('source credentials');
      return resolved;
    };
  };
}
