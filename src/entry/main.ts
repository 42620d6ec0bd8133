import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { StageTimes } from '../core/stage-times.js';
import { StepFailure, type StepRuntime } from '../step/step-runtime.js';
import { repositoriesFailedText } from '../core/failure-record.js';
import type { EndpointDiagnosis } from '../network/endpoint-diagnosis.js';
import { summaryLine, type DiagnoseRow } from '../step/diagnose/diagnose-report.js';
import { writeDiagnoseSummary } from './adapters/diagnose-summary.js';
import { systemClock } from './adapters/system-clock.js';
import { enableCompileCache } from './adapters/compile-cache.js';
import type { DiagnoseRuntime } from '../step/diagnose/diagnose-runtime.js';
import { GitProcessRegistry } from '../git/git-process-registry.js';
import { cancelSignals } from '../platform/cancel-signals.js';
import { HOST_OS_FAMILY } from '../platform/os-family.js';
import { parseMode, parsePlan } from '../plan/inputs.js';
import { INPUT_NAMES, type RawInputs, type RunContext } from '../plan/plan.js';
import type { CloneSummary, ListSummary } from '../core/job-summary.js';
import { writeJobSummary, writeListSummary } from './adapters/actions-summary.js';
import { actionsStateStore, actionsLogger } from './adapters/actions-runtime.js';
import { requestIdToken } from './adapters/oidc-token-bundle.js';
import { exitWhenFlushed } from './adapters/exit-process.js';
import * as runner from './adapters/runner-protocol.js';
import { messageOf } from '../core/text.js';

/** When the step reached each stage: one debug line at the end. */
const stages = new StageTimes(() => performance.now(), performance.timeOrigin);
stages.mark('bundle loaded');

// The runner runs this action on node24; on older nodes the SDK would print a support notice in every log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// This bundle is dist/main/index.js; the OIDC token client, the helper and the remote are its siblings.
const bundle = path.resolve(process.argv[1] ?? '.');
const distDir = path.dirname(path.dirname(bundle));

// Before the code of a mode is loaded: its chunks are then compiled from the runner's cache.
enableCompileCache({ env: process.env, uid: process.getuid?.(), nodeVersion: process.version, bundle });

/** Every git the step starts, while it runs: a cancelled step stops them all. */
const processes = new GitProcessRegistry({
  onStarted: ({ args }) => {
    if (['clone', 'fetch', 'ls-remote'].includes(args[0] ?? '')) stages.mark('git started');
  },
});

/** What the step has for the job summary: its mode, once known, and what it did. */
interface StepSummary {
  list: boolean;
  /** `mode: diagnose`: its rows, once every check has run. */
  diagnosis?: DiagnoseRow[];
  clone?: CloneSummary;
  listing?: ListSummary;
  /** What was found about the endpoints, also when the step failed. */
  diagnoses: EndpointDiagnosis[];
}

async function main(summary: StepSummary): Promise<void> {
  const raw = Object.fromEntries(
    INPUT_NAMES.map((name) => [name, runner.getInput(name)]),
  ) as unknown as RawInputs;
  const context: RunContext = {
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    runId: process.env.GITHUB_RUN_ID ?? '',
    osFamily: HOST_OS_FAMILY,
    ...(process.env.AWS_ENDPOINT_URL_STS ? { environmentStsEndpoint: process.env.AWS_ENDPOINT_URL_STS } : {}),
  };
  // Diagnose clones and writes nothing: it gets no state for the post step and no persistence.
  const shared: DiagnoseRuntime = {
    logger: actionsLogger,
    mask: (secret) => runner.setSecret(secret),
    env: process.env,
    ...systemClock,
    processes,
    stages,
    idToken: (audience) => requestIdToken(distDir, audience),
  };
  const runtime: StepRuntime = {
    ...shared,
    state: actionsStateStore,
    persistence: {
      runnerTemp: process.env.RUNNER_TEMP || os.tmpdir(),
      nodePath: process.execPath,
      distDir,
      addPath: (dir) => runner.addPath(dir),
    },
  };

  const mode = parseMode(raw.mode);
  summary.list = mode === 'list';
  // The first decision: inputs are refused here, before the code of any mode (and the AWS SDK) is loaded.
  const plan = parsePlan(raw, context);
  stages.mark('first decision');
  if (mode === 'diagnose') {
    const { runDiagnosePlan } = await import('../step/diagnose/diagnose-step.js');
    const result = await runDiagnosePlan(plan, shared);
    summary.diagnosis = result.rows;
    if (!result.ok) throw new Error(summaryLine(result.rows));
    return;
  }
  if (mode === 'list') {
    const { runListPlan } = await import('../step/list/list-step.js');
    const listed = await runListPlan(plan, runtime);
    summary.diagnoses = listed.diagnoses;
    runner.setOutput('names', JSON.stringify(listed.names));
    runner.setOutput('assumed-role-arn', listed.assumedRoleArn ?? '');
    summary.listing = listed.summary;
    return;
  }
  const { runClonePlan } = await import('../step/clone/clone-step.js');
  const result = await runClonePlan(plan, context, runtime);
  summary.diagnoses = result.diagnoses;
  const cloned = result.outcomes.flatMap((outcome) => (outcome.ok ? [outcome] : []));
  runner.setOutput(
    'repositories',
    JSON.stringify(
      cloned.map(({ repository, clone, seconds }) => ({
        name: repository.name,
        path: repository.targetPath,
        ref: clone.ref,
        commit: clone.commit,
        seconds: Math.round(seconds * 10) / 10,
      })),
    ),
  );
  const [only] = cloned;
  if (result.outcomes.length === 1 && only !== undefined) {
    runner.setOutput('commit', only.clone.commit);
    runner.setOutput('ref', only.clone.ref);
    runner.setOutput('path', only.repository.targetPath);
  }
  runner.setOutput('assumed-role-arn', result.assumedRoleArn ?? '');
  summary.clone = result.summary;
  const failed = result.outcomes.flatMap((outcome) =>
    outcome.ok ? [] : [{ name: outcome.repository.name, failure: outcome.failure }],
  );
  if (failed.length > 0) throw new Error(repositoriesFailedText(failed, result.outcomes.length));
}

// git runs so that its whole tree can be stopped (a stalled one is killed whole); when the runner cancels
// the step (SIGINT, SIGTERM; Ctrl-C and Ctrl-Break on Windows), take them down too rather than leaving a
// hung git behind.
for (const signal of cancelSignals(HOST_OS_FAMILY)) {
  process.once(signal, () => {
    processes.stopAll();
    runner.setFailed(`Stopped by ${signal}; the post step removes the partial clone.`);
    process.exit(1);
  });
}

const summary: StepSummary = { list: false, diagnoses: [] };
let failed = false;
try {
  await main(summary);
} catch (error) {
  failed = true;
  if (error instanceof StepFailure) summary.diagnoses = error.diagnoses;
  runner.setFailed(messageOf(error));
}
try {
  if (summary.diagnosis !== undefined)
    writeDiagnoseSummary(summary.diagnosis, summaryLine(summary.diagnosis));
  else if (summary.list) writeListSummary(summary.listing, summary.diagnoses);
  else writeJobSummary(summary.clone, summary.diagnoses);
} catch (error) {
  runner.warning(`Could not write the job summary: ${messageOf(error)}`);
}
stages.mark('step done');
runner.debug(stages.line());
// Nothing that gave up waiting (an SDK retry, a socket, a credential_process) may keep the step alive.
exitWhenFlushed(failed ? 1 : 0);
