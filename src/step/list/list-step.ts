import { chooseCredentialSource } from '../../plan/credential-source.js';
import { parsePlan } from '../../plan/inputs.js';
import type { Plan, RawInputs, RunContext } from '../../plan/plan.js';
import type { ListSummary } from '../../core/job-summary.js';
import { withStepReport, type StepReport, type StepRuntime } from '../step-runtime.js';
import { resolveRepositoryPatterns } from '../repository-listing.js';
import { obtainStepCredentials } from '../step-credentials.js';

export interface ListResult {
  plan: Plan;
  /** Every repository of the `repository` lines, patterns resolved, each once, in line order. */
  names: string[];
  assumedRoleArn?: string;
  summary: ListSummary;
}

/**
 * `mode: list`: the names of the repositories the `repository` lines stand for, clones nothing and
 * writes nothing in the workspace. Only patterns need AWS (credentials, then ListRepositories); names
 * are listed as given, without a network call.
 */
export function runListStep(
  raw: RawInputs,
  context: RunContext,
  runtime: StepRuntime,
): Promise<ListResult & StepReport> {
  return withStepReport((report) => listStep(parsePlan(raw, context), runtime, report));
}

/** The same, for a plan the caller has parsed already (the entry point refuses bad inputs first). */
export function runListPlan(given: Plan, runtime: StepRuntime): Promise<ListResult & StepReport> {
  return withStepReport((report) => listStep(given, runtime, report));
}

async function listStep(given: Plan, runtime: StepRuntime, report: StepReport): Promise<ListResult> {
  const started = runtime.now().getTime();
  let plan = given;
  let assumedRoleArn: string | undefined;
  if (given.repositoryPatterns.length === 0) {
    runtime.logger.info('No repository pattern: the names are listed as given, without asking AWS.');
  } else {
    const choice = chooseCredentialSource({
      mode: given.sourceCredentials,
      awsProfile: given.awsProfile,
      env: runtime.env,
      canRequestIdToken: runtime.idToken !== undefined,
    });
    const credentials = await obtainStepCredentials(given, choice, runtime, report);
    assumedRoleArn = credentials.assumedRoleArn;
    plan = await resolveRepositoryPatterns(given, credentials, runtime, report);
  }
  const names = plan.repositories.map((repository) => repository.name);
  runtime.logger.info(`Repositories (${names.length}): ${names.join(', ')}`);
  return {
    plan,
    names,
    ...(assumedRoleArn !== undefined ? { assumedRoleArn } : {}),
    summary: {
      ...(given.repositoryPatterns.length > 0 ? { apiEndpoint: plan.codecommitApi.host } : {}),
      ...(assumedRoleArn !== undefined ? { assumedRoleArn } : {}),
      repositories: plan.repositories.map(({ name, matchedBy }) => ({
        repository: name,
        ...(matchedBy !== undefined ? { pattern: matchedBy } : {}),
      })),
      seconds: (runtime.now().getTime() - started) / 1000,
    },
  };
}
