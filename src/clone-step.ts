import type { STSClient } from '@aws-sdk/client-sts';
import { obtainCloneCredentials, type CloneCredentials } from './aws/assume-role.js';
import { gitAuthorizationHeader } from './aws/git-authorization.js';
import { createStsClient } from './aws/sts-client.js';
import { explainGitFailure } from './diagnosis/git-failure.js';
import {
  describeDiagnosis,
  publicAddressWarnings,
  type EndpointDiagnosis,
} from './diagnosis/endpoint-diagnosis.js';
import { lookupEndpoints, probeAfterFailure, type EndpointProxies } from './diagnosis/endpoint-checks.js';
import { proxyForUrl, proxySecrets } from './aws/https-proxy.js';
import { stsFailureFacts } from './aws/sts-failure.js';
import { cloneRepository, type CloneResult } from './git/clone.js';
import { GitCommandError, stderrTail } from './git/git-process.js';
import { isTransientGitFailure } from './git/transient-git-failure.js';
import { backoffMilliseconds } from './aws/retry-policy.js';
import { parsePlan } from './plan/inputs.js';
import type { Plan, RawInputs, RunContext } from './plan/plan.js';
import {
  checkCloneTarget,
  createCloneTarget,
  planCloneTarget,
  removeCloneTarget,
  type CloneTarget,
} from './runtime/clone-target.js';
import type { CloneSummary } from './runtime/job-summary.js';
import type { Logger } from './runtime/logger.js';
import { maskCredentials } from './runtime/secrets.js';
import { recordCloneStarted, recordOutcome, type StateStore } from './runtime/step-state.js';

/** What the step needs from the world; the Actions entry point (and tests) provide it. */
export interface StepRuntime {
  logger: Logger;
  mask: (secret: string) => void;
  state: StateStore;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Defaults to the step's one STS client, built from the plan. */
  stsClient?: (plan: Plan, proxy?: URL) => STSClient;
}

/** What the step found out about its endpoints, filled in as it goes: the job summary shows it, failed or not. */
export interface StepReport {
  diagnoses: EndpointDiagnosis[];
}

export interface StepResult {
  plan: Plan;
  clone: CloneResult;
  assumedRoleArn?: string;
  summary: CloneSummary;
}

/** validate → check the target → look up endpoints → credentials → signed clone; undoes its own work on failure. */
export async function runCloneStep(
  raw: RawInputs,
  context: RunContext,
  runtime: StepRuntime,
  report: StepReport = { diagnoses: [] },
): Promise<StepResult> {
  const started = Date.now();
  const plan = parsePlan(raw, context);
  await checkCloneTarget(context.workspace, plan.targetPath);
  const proxies = selectProxies(plan, runtime);

  report.diagnoses = await lookupEndpoints(plan, proxies);
  const [stsDiagnosis, gitDiagnosis] = report.diagnoses as [EndpointDiagnosis, EndpointDiagnosis];
  for (const diagnosis of report.diagnoses) runtime.logger.info(endpointLine(diagnosis));
  for (const warning of publicAddressWarnings(report.diagnoses)) runtime.logger.warning(warning);

  const credentials = await credentialsOrDiagnose(plan, proxies, stsDiagnosis, runtime);
  maskCredentials(credentials.credentials, runtime.mask);
  if (credentials.assumedRoleArn !== undefined) runtime.logger.info(`Assumed ${credentials.assumedRoleArn}`);

  const target = await planCloneTarget(plan.targetPath);
  recordCloneStarted(runtime.state, target.path, target.createdRoot);
  await createCloneTarget(target);
  const clone = await cloneOrUndo(plan, credentials, target, runtime, gitDiagnosis);
  recordOutcome(runtime.state, 'finished');
  runtime.logger.info(`Checked out ${clone.ref} at ${clone.commit} in ${plan.targetPath}`);

  const seconds = (Date.now() - started) / 1000;
  return {
    plan,
    clone,
    ...(credentials.assumedRoleArn !== undefined ? { assumedRoleArn: credentials.assumedRoleArn } : {}),
    summary: {
      repository: plan.repositoryName,
      ref: clone.ref,
      commit: clone.commit,
      stsEndpoint: plan.sts.host,
      gitEndpoint: plan.git.host,
      ...(credentials.assumedRoleArn !== undefined ? { assumedRoleArn: credentials.assumedRoleArn } : {}),
      seconds,
    },
  };
}

/** The proxies HTTPS_PROXY/NO_PROXY select for STS and git; their credentials are masked at once. */
function selectProxies(plan: Plan, runtime: StepRuntime): EndpointProxies {
  const sts = proxyForUrl(plan.sts.origin);
  const git = proxyForUrl(plan.cloneUrl);
  for (const proxy of [sts, git]) if (proxy !== undefined) proxySecrets(proxy).forEach(runtime.mask);
  return { ...(sts !== undefined ? { sts } : {}), ...(git !== undefined ? { git } : {}) };
}

function endpointLine(diagnosis: EndpointDiagnosis): string {
  const role = diagnosis.role === 'sts' ? 'STS endpoint' : 'Git endpoint';
  const kind = diagnosis.endpoint.custom ? 'custom' : 'regional';
  return `${role}: ${diagnosis.endpoint.origin} (${kind}); ${describeDiagnosis(diagnosis)}`;
}

async function credentialsOrDiagnose(
  plan: Plan,
  proxies: EndpointProxies,
  diagnosis: EndpointDiagnosis,
  runtime: StepRuntime,
): Promise<CloneCredentials> {
  const client = (runtime.stsClient ?? createStsClient)(plan, proxies.sts);
  try {
    return await obtainCloneCredentials(plan, {
      client,
      logger: runtime.logger,
      sleep: runtime.sleep,
      random: runtime.random,
    });
  } catch (error) {
    const facts = stsFailureFacts(error instanceof Error ? error.cause : undefined);
    if (!facts.timedOut && facts.errno === undefined) throw error;
    await probeAfterFailure(diagnosis, plan);
    throw new Error(`${(error as Error).message}\n${describeDiagnosis(diagnosis)}`, { cause: error });
  } finally {
    client.destroy();
  }
}

/**
 * Clones with up to `plan.maxAttempts` attempts when git fails transiently, removing the partial clone
 * between attempts; on the final failure removes what this step created and explains the failure.
 */
async function cloneOrUndo(
  plan: Plan,
  credentials: CloneCredentials,
  target: CloneTarget,
  runtime: StepRuntime,
  diagnosis: EndpointDiagnosis,
): Promise<CloneResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await cloneRepository(plan, {
        logger: runtime.logger,
        inheritedEnv: runtime.env,
        authorizationHeader: () =>
          gitAuthorizationHeader(
            credentials.credentials,
            { host: plan.git.host, path: plan.repositoryPath, region: plan.region },
            runtime.now(),
            runtime.mask,
          ),
      });
    } catch (error) {
      await removeCloneTarget(target);
      const retry =
        error instanceof GitCommandError &&
        attempt < plan.maxAttempts &&
        isTransientGitFailure(error.stderr, error.timedOutAfterSeconds !== undefined);
      if (!retry) {
        recordOutcome(runtime.state, 'cleaned');
        if (!(error instanceof GitCommandError)) throw error;
        if (isNetworkGitFailure(error)) await probeAfterFailure(diagnosis, plan);
        throw explainedGitError(plan, error, attempt, diagnosis);
      }
      const waitMs = backoffMilliseconds(attempt, runtime.random());
      runtime.logger.warning(
        `${capitalized(error.what)} failed (attempt ${attempt} of ${plan.maxAttempts}): ` +
          `${explainGitFailure(plan, error.stderr, error.timedOutAfterSeconds)} Retrying in ${waitMs} ms.`,
      );
      await runtime.sleep(waitMs);
      await createCloneTarget(target);
    }
  }
}

/** No HTTP answer came back: DNS, connect, TLS, a reset or a stall. */
function isNetworkGitFailure(error: GitCommandError): boolean {
  return (
    error.timedOutAfterSeconds !== undefined ||
    !/returned error: \d{3}|Remote branch .* not found|couldn't find remote ref|not our ref/i.test(
      error.stderr,
    )
  );
}

function explainedGitError(
  plan: Plan,
  error: GitCommandError,
  attempts: number,
  diagnosis: EndpointDiagnosis,
): Error {
  const explanation = explainGitFailure(plan, error.stderr, error.timedOutAfterSeconds);
  const said =
    error.timedOutAfterSeconds === undefined && error.stderr.trim()
      ? `\ngit: ${stderrTail(error.stderr)}`
      : '';
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const found = isNetworkGitFailure(error) ? `\n${describeDiagnosis(diagnosis)}` : '';
  return new Error(`${capitalized(error.what)} failed${tries}: ${explanation}${said}${found}`, {
    cause: error,
  });
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
