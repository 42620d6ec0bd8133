import * as core from '@actions/core';
import { runCloneStep, type StepReport } from './clone-step.js';
import { stopAllGitProcesses } from './git/git-process.js';
import { INPUT_NAMES, type RawInputs } from './plan/plan.js';
import type { CloneSummary } from './runtime/job-summary.js';
import { writeJobSummary } from './runtime/actions-summary.js';
import { actionsStateStore, actionsLogger } from './runtime/actions-runtime.js';

// The runner runs this action on node24; on older nodes the SDK would print a support notice in every log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(report: StepReport): Promise<CloneSummary> {
  const raw = Object.fromEntries(
    INPUT_NAMES.map((name) => [name, core.getInput(name)]),
  ) as unknown as RawInputs;
  const context = {
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    runId: process.env.GITHUB_RUN_ID ?? '',
  };
  const result = await runCloneStep(
    raw,
    context,
    {
      logger: actionsLogger,
      mask: (secret) => core.setSecret(secret),
      state: actionsStateStore,
      env: process.env,
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
    },
    report,
  );
  core.setOutput('commit', result.clone.commit);
  core.setOutput('ref', result.clone.ref);
  core.setOutput('path', result.plan.targetPath);
  core.setOutput('assumed-role-arn', result.assumedRoleArn ?? '');
  return result.summary;
}

// git runs in process groups of its own (so a stalled one can be killed whole); when the runner cancels
// the step, take them down too rather than leaving a hung git behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAllGitProcesses();
    core.setFailed(`Stopped by ${signal}; the post step removes the partial clone.`);
    process.exit(1);
  });
}

const report: StepReport = { diagnoses: [] };
let clone: CloneSummary | undefined;
try {
  clone = await main(report);
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
await writeJobSummary(clone, report.diagnoses).catch((error: unknown) =>
  core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`),
);
