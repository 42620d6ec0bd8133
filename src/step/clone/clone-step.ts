import { lookupEndpoints } from '../../network/endpoint-reachability.js';
import type { EndpointDiagnosis } from '../../network/endpoint-diagnosis.js';
import type { SubmoduleCheckout } from '../../git/submodules.js';
import { requireSupportedGit } from '../../git/git-version.js';
import { gitProcessEnvironment, ignoredRepositoryVariablesNote } from '../../git/git-environment.js';
import { QUIET } from '../../git/network-git.js';
import { readRunnerGitConfig } from '../../git/remote-url-check.js';
import type { ConfigEntry } from '../../git/url-diversion.js';
import { GitProcessRecorder } from '../../core/git-process-state.js';
import { parsePlan } from '../../plan/inputs.js';
import { chooseCredentialSource } from '../../plan/credential-source.js';
import type { Plan, RawInputs, RepositoryPlan, RunContext } from '../../plan/plan.js';
import { loadSigning } from '../../aws/signing-sdk.js';
import type { RepositoryCloneContext } from './clone-context.js';
import { cloneOneRepository, type RepositoryOutcome } from './repository-clone.js';
import { resolveRepositoryPatterns } from '../repository-listing.js';
import { obtainStepCredentials } from '../step-credentials.js';
import { mapBounded } from '../../core/bounded-parallel.js';
import { createParents, planParents, removeEmptyDirectories } from '../../workspace/clone-target.js';
import { prepareTargets, type TargetPreparation } from '../../workspace/prepare-target.js';
import { throttlingLine, type CloneSummary, type ThrottlingSummary } from '../../core/job-summary.js';
import { AdaptiveConcurrency, mapAdaptive, type ConcurrencyLimit } from '../../core/adaptive-concurrency.js';
import { BufferedLogger, type Logger } from '../../core/logger.js';
import { StepRecorder } from '../../core/step-state.js';
import { persistCredentials } from '../../helpers/persist-credentials.js';
import { withStepReport, type StepReport, type StepRuntime } from '../step-runtime.js';
import { PersistRecorder } from '../../core/persist-state.js';

export interface StepResult {
  plan: Plan;
  /** One per repository, in the order given; some may have failed. */
  outcomes: RepositoryOutcome[];
  assumedRoleArn?: string;
  summary: CloneSummary;
}

/** A running clone is named in the log this often, so a long parallel clone is never silent. */
const HEARTBEAT_MS = 30_000;

/**
 * validate → check every target → look up endpoints → one set of credentials → clone every repository
 * (in parallel, bounded) → outcomes. Throws before any clone when the inputs, a target or the credentials
 * fail; a failed clone is an outcome, and only its own directory is removed.
 */
export function runCloneStep(
  raw: RawInputs,
  context: RunContext,
  runtime: StepRuntime,
): Promise<StepResult & StepReport> {
  return withStepReport((report) => cloneStep(parsePlan(raw, context), context, runtime, report));
}

/** The same, for a plan the caller has parsed already (the entry point refuses bad inputs first). */
export function runClonePlan(
  given: Plan,
  context: RunContext,
  runtime: StepRuntime,
): Promise<StepResult & StepReport> {
  return withStepReport((report) => cloneStep(given, context, runtime, report));
}

async function cloneStep(
  given: Plan,
  context: RunContext,
  runtime: StepRuntime,
  report: StepReport,
): Promise<StepResult> {
  const started = runtime.now().getTime();
  if (given.persistCredentials && runtime.persistence === undefined) {
    throw new Error('persist-credentials needs a later step to keep the session for; it has none here');
  }
  const choice = chooseCredentialSource({
    mode: given.sourceCredentials,
    awsProfile: given.awsProfile,
    env: runtime.env,
    canRequestIdToken: runtime.idToken !== undefined,
  });
  // If main is killed hard, post finds the git processes it left running here, and stops them.
  const gitProcesses = new GitProcessRecorder(runtime.state);
  runtime.processes.watch((pids) => gitProcesses.running(pids));
  const patterns = given.repositoryPatterns.length > 0;
  const early = await checkLocally(given, context, runtime);
  // Read when the first clone needs it, or now, beside the credentials, when a clone is sure to.
  const runnerConfig = runnerConfigOnce(runtime);
  const readNowIfCloning = (preparations: readonly TargetPreparation[]) => {
    if (preparations.some((p) => p.kind !== 'reuse')) runnerConfig().catch(() => undefined);
  };
  if (early !== undefined) readNowIfCloning(early);
  const credentials = await obtainStepCredentials(given, choice, runtime, report);
  const plan = await resolveRepositoryPatterns(given, credentials, runtime, report);
  if (patterns) report.diagnoses.push(...(await gitDiagnosesMissing(plan, report.diagnoses, runtime.env)));
  const preparations =
    early ?? (await prepareTargets(plan, context.workspace, runtime.env, runtime.logger, runtime.processes));
  if (early === undefined) readNowIfCloning(preparations);

  const recorder = new StepRecorder(runtime.state);
  const targets = plan.repositories.map((repository) => repository.targetPath);
  const parents = await planParents(targets);
  recorder.parentsCreated(parents);
  await createParents(targets);

  const { outcomes, throttling } = await cloneAll(plan, preparations, report.diagnoses, runtime, {
    plan,
    credentials,
    recorder,
    mask: runtime.mask,
    env: runtime.env,
    now: runtime.now,
    sleep: runtime.sleep,
    random: runtime.random,
    every: runtime.every,
    processes: runtime.processes,
    runnerConfig,
  });
  runtime.stages?.mark('clone done');
  if (outcomes.every((outcome) => !outcome.ok)) {
    for (const parent of parents) await removeEmptyDirectories(parent);
  }
  if (plan.persistCredentials && runtime.persistence !== undefined) {
    await persistCredentials(
      plan,
      credentials.credentials,
      outcomes.flatMap((outcome) =>
        outcome.ok
          ? [outcome.repository, ...codecommitSubmodules(outcome.repository, outcome.submodules)]
          : [],
      ),
      runtime.persistence,
      new PersistRecorder(runtime.state),
      runtime.env,
      runtime.logger,
      runtime.processes,
    );
  }
  return {
    plan,
    outcomes,
    ...(credentials.assumedRoleArn !== undefined ? { assumedRoleArn: credentials.assumedRoleArn } : {}),
    summary: {
      stsEndpoint: plan.sts.host,
      ...(credentials.assumedRoleArn !== undefined ? { assumedRoleArn: credentials.assumedRoleArn } : {}),
      repositories: outcomes.map((outcome) => ({
        repository: outcome.repository.name,
        gitEndpoint: outcome.repository.git.host,
        seconds: outcome.seconds,
        ...(outcome.ok
          ? {
              ref: outcome.clone.ref,
              commit: outcome.clone.commit,
              preparedness: outcome.preparedness,
              withCache: outcome.withCache,
              ...(outcome.clone.ignoredFilter !== undefined
                ? { ignoredFilter: outcome.clone.ignoredFilter }
                : {}),
            }
          : { failure: outcome.failure }),
      })),
      ...(throttling !== undefined ? { throttling } : {}),
      seconds: (runtime.now().getTime() - started) / 1000,
    },
  };
}

/**
 * What needs no network comes first: git's version and, without patterns, every target (all known now),
 * so that a step refused for them makes no network call. Meanwhile the signer loads: every clone signs
 * a git password with it, and a signed STS request before that, and it needs neither.
 */
async function checkLocally(
  given: Plan,
  context: RunContext,
  runtime: StepRuntime,
): Promise<TargetPreparation[] | undefined> {
  loadSigning().catch(() => undefined);
  await requireSupportedGit(runtime.env, runtime.processes);
  const ignored = ignoredRepositoryVariablesNote(runtime.env);
  if (ignored !== undefined) runtime.logger.info(ignored);
  return given.repositoryPatterns.length > 0
    ? undefined
    : await prepareTargets(given, context.workspace, runtime.env, runtime.logger, runtime.processes);
}

/** The runner's git config for the divert check of every new clone: read once, when first asked for. */
function runnerConfigOnce(runtime: StepRuntime): () => Promise<readonly ConfigEntry[]> {
  let reading: Promise<readonly ConfigEntry[]> | undefined;
  return () =>
    (reading ??= readRunnerGitConfig(gitProcessEnvironment(runtime.env, QUIET), runtime.processes));
}

/** The git endpoints of repositories a pattern brought in, looked up as the others were. */
async function gitDiagnosesMissing(
  plan: Plan,
  known: readonly EndpointDiagnosis[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<EndpointDiagnosis[]> {
  const found = await lookupEndpoints({ ...plan, repositoryPatterns: [] }, env);
  return found.filter(
    (d) => d.role === 'git' && !known.some((k) => k.role === 'git' && k.endpoint.host === d.endpoint.host),
  );
}

/** The CodeCommit submodules of a clone, as repositories persist-credentials serves (work tree as target). */
function codecommitSubmodules(
  repository: RepositoryPlan,
  submodules: readonly SubmoduleCheckout[],
): RepositoryPlan[] {
  return submodules.flatMap(({ source, workTree }) =>
    source.kind === 'codecommit'
      ? [
          {
            name: source.name,
            git: repository.git,
            repositoryPath: source.repositoryPath,
            cloneUrl: source.cloneUrl,
            targetPath: workTree,
          },
        ]
      : [],
  );
}

type SharedCloneContext = Omit<RepositoryCloneContext, 'logger' | 'diagnosis'>;

/** What the step knows of one repository before cloning it: its plan, its target, its endpoint. */
interface RepositoryWork {
  repository: RepositoryPlan;
  preparation: TargetPreparation;
  /** What was found about its git endpoint; a network failure adds a probe to it. */
  diagnosis: EndpointDiagnosis | undefined;
}

/** One record per repository, in the plan's order. */
function repositoryWork(
  plan: Plan,
  preparations: readonly TargetPreparation[],
  diagnoses: readonly EndpointDiagnosis[],
): RepositoryWork[] {
  return plan.repositories.map((repository, index) => ({
    repository,
    preparation: preparations[index] ?? { kind: 'clone' },
    diagnosis: diagnoses.find((d) => d.role === 'git' && d.endpoint.host === repository.git.host),
  }));
}

/**
 * One repository, or one at a time: each in a log group, live. Several at once: each clone's lines are
 * kept and written as one group when it ends, so groups never interleave; a heartbeat names the clones
 * still running.
 */
async function cloneAll(
  plan: Plan,
  preparations: readonly TargetPreparation[],
  diagnoses: EndpointDiagnosis[],
  runtime: StepRuntime,
  shared: SharedCloneContext,
): Promise<{ outcomes: RepositoryOutcome[]; throttling: ThrottlingSummary | undefined }> {
  const work = repositoryWork(plan, preparations, diagnoses);
  const { logger } = runtime;
  const live = plan.repositories.length === 1 || plan.concurrency === 1;
  // One at a time already: throttling is only counted, for the summary.
  const ceiling = live ? 1 : Math.min(plan.concurrency, plan.repositories.length);
  const limiter = runtime.concurrencyLimit?.(ceiling) ?? new AdaptiveConcurrency(ceiling);
  /** Each clone reports its throttled attempts against the limit it started under. */
  const cloneOne = async (
    { repository, preparation, diagnosis }: RepositoryWork,
    repositoryLogger: Logger,
  ): Promise<RepositoryOutcome> => {
    const ticket = limiter.started();
    runtime.stages?.mark('clone started');
    const outcome = await cloneOneRepository(
      repository,
      {
        ...shared,
        logger: repositoryLogger,
        diagnosis,
        onGitAttemptFailed: (failure) => {
          if (failure.kind === 'throttled') limiter.throttledAt(ticket);
        },
      },
      preparation,
    );
    if (outcome.ok) limiter.succeeded();
    return outcome;
  };
  if (live) {
    const outcomes = await mapBounded(work, 1, async (item) => {
      logger.startGroup(`Clone ${item.repository.name}`);
      try {
        return await cloneOne(item, logger);
      } finally {
        logger.endGroup();
      }
    });
    return { outcomes, throttling: throttlingOf(limiter, logger) };
  }
  logger.info(
    `Cloning ${plan.repositories.length} repositories, up to ${plan.concurrency} at a time: ` +
      plan.repositories.map((r) => r.name).join(', '),
  );
  const running = new Map<string, number>();
  const stopHeartbeat = runtime.every(HEARTBEAT_MS, () => {
    const now = runtime.now().getTime();
    const names = [...running].map(([name, since]) => `${name} (${Math.round((now - since) / 1000)} s)`);
    if (names.length > 0) logger.info(`Still cloning: ${names.join(', ')}`);
  });
  try {
    const outcomes = await mapAdaptive(work, limiter, async (item) => {
      const { repository } = item;
      running.set(repository.name, runtime.now().getTime());
      const buffer = new BufferedLogger();
      const outcome = await cloneOne(item, buffer);
      running.delete(repository.name);
      const result = outcome.ok ? `${outcome.clone.commit.slice(0, 12)}` : 'failed';
      logger.startGroup(`${repository.name}: ${result} (${outcome.seconds.toFixed(1)} s)`);
      buffer.flush(logger);
      logger.endGroup();
      return outcome;
    });
    return { outcomes, throttling: throttlingOf(limiter, logger) };
  } finally {
    stopHeartbeat();
  }
}

/** What throttling the step met, said in the log; undefined when the endpoint never throttled. */
function throttlingOf(limiter: ConcurrencyLimit, logger: Logger): ThrottlingSummary | undefined {
  if (limiter.throttled === 0) return undefined;
  const summary = {
    throttledRequests: limiter.throttled,
    concurrency: limiter.ceiling,
    lowestConcurrency: limiter.lowest,
    finalConcurrency: limiter.limit,
  };
  logger.info(throttlingLine(summary));
  return summary;
}
