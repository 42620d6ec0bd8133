import type { CloneCredentials } from '../aws/assume-role.js';
import { createCodeCommitApi, listRepositoryNames } from '../aws/codecommit-api-client.js';
import { proxyForUrl } from '../network/https-proxy.js';
import { StsOperationError } from '../aws/sts-attempts.js';
import { stsFailureFacts } from '../aws/sts-failure.js';
import { probeAfterFailure } from '../network/endpoint-reachability.js';
import { describeDiagnosis } from '../network/endpoint-diagnosis.js';
import { parsePlan } from '../plan/inputs.js';
import type { Plan, RawInputs, RunContext } from '../plan/plan.js';
import { matchesRepositoryPattern } from '../plan/repository-pattern.js';
import type { StepReport, StepRuntime } from './step-runtime.js';

/**
 * The plan with its repository patterns matched against every repository the credentials may list
 * (ListRepositories through the plan's CodeCommit API endpoint); the plan itself when it has none.
 * A pattern matching nothing is an InputError naming it. When the API endpoint does not answer, its
 * TCP and TLS are probed and the result added to the message, as for STS.
 */
export async function resolveRepositoryPatterns(
  raw: RawInputs,
  context: RunContext,
  plan: Plan,
  credentials: CloneCredentials,
  runtime: Pick<StepRuntime, 'codecommitApi' | 'logger' | 'sleep' | 'random'>,
  report: StepReport,
): Promise<Plan> {
  if (plan.repositoryPatterns.length === 0) return plan;
  const proxy = proxyForUrl(`${plan.codecommitApi.origin}/`);
  const api = await (runtime.codecommitApi ?? createCodeCommitApi)(plan, proxy, credentials.credentials);
  let listed: string[];
  try {
    listed = await listRepositoryNames(plan, api, {
      logger: runtime.logger,
      sleep: runtime.sleep,
      random: runtime.random,
      ...(credentials.assumedRoleArn !== undefined ? { principal: credentials.assumedRoleArn } : {}),
    });
  } catch (error) {
    const diagnosis = report.diagnoses.find((d) => d.role === 'codecommit-api');
    const facts = stsFailureFacts(error instanceof StsOperationError ? error.cause : undefined);
    if (diagnosis === undefined || (!facts.timedOut && facts.errno === undefined)) throw error;
    await probeAfterFailure(diagnosis, plan);
    throw new Error(`${(error as Error).message}\n${describeDiagnosis(diagnosis)}`, { cause: error });
  } finally {
    api.destroy();
  }
  runtime.logger.info(
    `ListRepositories at ${plan.codecommitApi.host}: ${listed.length} repositories in ${plan.region}`,
  );
  for (const pattern of plan.repositoryPatterns) {
    const matches = listed.filter((name) => matchesRepositoryPattern(pattern, name)).sort();
    runtime.logger.info(
      `Pattern '${pattern}' matches ${matches.length === 0 ? 'nothing' : matches.join(', ')}`,
    );
  }
  return parsePlan(raw, context, listed);
}
