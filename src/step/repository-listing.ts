import type { CloneCredentials } from '../aws/assume-role.js';
import { createCodeCommitApi, listRepositoryNames } from '../aws/codecommit-api-client.js';
import { proxyForUrl } from '../network/https-proxy.js';
import { AwsOperationError } from '../aws/aws-attempts.js';
import { awsFailureFacts } from '../aws/aws-failure.js';
import { probeAfterFailure } from '../network/endpoint-reachability.js';
import { describeDiagnosis } from '../network/endpoint-diagnosis.js';
import { expandRepositoryPatterns, listedMatches } from '../plan/pattern-expansion.js';
import type { Plan } from '../plan/plan.js';
import type { StepReport, StepRuntime } from './step-runtime.js';

/**
 * The plan with its repository patterns matched against every repository the credentials may list
 * (ListRepositories through the plan's CodeCommit API endpoint); the plan itself when it has none.
 * A pattern matching nothing is an InputError naming it. When the API endpoint does not answer, its
 * TCP and TLS are probed and the result added to the message, as for STS.
 */
export async function resolveRepositoryPatterns(
  plan: Plan,
  credentials: CloneCredentials,
  runtime: Pick<StepRuntime, 'codecommitApi' | 'logger' | 'sleep' | 'random' | 'now' | 'env'>,
  report: StepReport,
): Promise<Plan> {
  if (plan.repositoryPatterns.length === 0) return plan;
  const proxy = proxyForUrl(`${plan.codecommitApi.origin}/`, runtime.env);
  const api = await (runtime.codecommitApi ?? createCodeCommitApi)(plan, proxy, credentials.credentials);
  let listed: string[];
  try {
    listed = await listRepositoryNames(plan, api, {
      logger: runtime.logger,
      sleep: runtime.sleep,
      random: runtime.random,
      now: runtime.now,
      ...(credentials.assumedRoleArn !== undefined ? { principal: credentials.assumedRoleArn } : {}),
    });
  } catch (error) {
    const diagnosis = report.diagnoses.find((d) => d.role === 'codecommit-api');
    const facts = awsFailureFacts(error instanceof AwsOperationError ? error.cause : undefined);
    if (diagnosis === undefined || (!facts.timedOut && facts.errno === undefined)) throw error;
    await probeAfterFailure(diagnosis, plan);
    throw new Error(`${(error as Error).message}\n${describeDiagnosis(diagnosis)}`, { cause: error });
  } finally {
    api.destroy();
  }
  runtime.logger.info(
    `ListRepositories at ${plan.codecommitApi.host}: ${listed.length} repositories in ${plan.region}`,
  );
  for (const { pattern, names } of listedMatches(plan.repositoryPatterns, listed)) {
    runtime.logger.info(`Pattern '${pattern}' matches ${names.length === 0 ? 'nothing' : names.join(', ')}`);
  }
  return expandRepositoryPatterns(plan, listed);
}
