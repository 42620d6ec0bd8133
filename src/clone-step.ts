import type { STSClient } from '@aws-sdk/client-sts';
import { obtainCloneCredentials, type CloneCredentials } from './aws/assume-role.js';
import { gitAuthorizationHeader } from './aws/git-authorization.js';
import { createStsClient } from './aws/sts-client.js';
import { explainGitFailure } from './diagnosis/git-failure.js';
import { cloneRepository, type CloneResult } from './git/clone.js';
import { GitCommandError, stderrTail } from './git/git-process.js';
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
  stsClient?: (plan: Plan) => STSClient;
}

export interface StepResult {
  plan: Plan;
  clone: CloneResult;
  assumedRoleArn?: string;
  summary: CloneSummary;
}

/** validate → check the target → credentials → signed clone → result; undoes its own work on failure. */
export async function runCloneStep(
  raw: RawInputs,
  context: RunContext,
  runtime: StepRuntime,
): Promise<StepResult> {
  const started = Date.now();
  const plan = parsePlan(raw, context);
  await checkCloneTarget(context.workspace, plan.targetPath);
  runtime.logger.info(`STS endpoint: ${plan.sts.origin}${plan.sts.custom ? ' (custom)' : ' (regional)'}`);
  runtime.logger.info(`Git endpoint: ${plan.git.origin}${plan.git.custom ? ' (custom)' : ' (regional)'}`);

  const client = (runtime.stsClient ?? createStsClient)(plan);
  let credentials: CloneCredentials;
  try {
    credentials = await obtainCloneCredentials(plan, {
      client,
      logger: runtime.logger,
      sleep: runtime.sleep,
      random: runtime.random,
    });
  } finally {
    client.destroy();
  }
  maskCredentials(credentials.credentials, runtime.mask);
  if (credentials.assumedRoleArn !== undefined) runtime.logger.info(`Assumed ${credentials.assumedRoleArn}`);

  const target = await planCloneTarget(plan.targetPath);
  recordCloneStarted(runtime.state, target.path, target.createdRoot);
  await createCloneTarget(target);
  const clone = await cloneOrUndo(plan, credentials, target, runtime);
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

async function cloneOrUndo(
  plan: Plan,
  credentials: CloneCredentials,
  target: CloneTarget,
  runtime: StepRuntime,
): Promise<CloneResult> {
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
    recordOutcome(runtime.state, 'cleaned');
    if (error instanceof GitCommandError) {
      const explanation = explainGitFailure(plan, error.stderr, error.timedOutAfterSeconds);
      const said =
        error.timedOutAfterSeconds === undefined && error.stderr.trim()
          ? `\ngit: ${stderrTail(error.stderr)}`
          : '';
      throw new Error(`${capitalized(error.what)} failed: ${explanation}${said}`, { cause: error });
    }
    throw error;
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
