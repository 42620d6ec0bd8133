import * as core from '@actions/core';
import { runCloneStep } from './clone-step.js';
import { stopAllGitProcesses } from './git/git-process.js';
import { INPUT_NAMES, type RawInputs } from './plan/plan.js';
import { summaryRows } from './runtime/job-summary.js';
import { actionsStateStore, actionsLogger } from './runtime/actions-runtime.js';

// The runner runs this action on node24; on older nodes the SDK would print a support notice in every log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const raw = Object.fromEntries(
    INPUT_NAMES.map((name) => [name, core.getInput(name)]),
  ) as unknown as RawInputs;
  const context = {
    workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
    runId: process.env.GITHUB_RUN_ID ?? '',
  };
  const result = await runCloneStep(raw, context, {
    logger: actionsLogger,
    mask: (secret) => core.setSecret(secret),
    state: actionsStateStore,
    env: process.env,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  });
  core.setOutput('commit', result.clone.commit);
  core.setOutput('ref', result.clone.ref);
  core.setOutput('path', result.plan.targetPath);
  core.setOutput('assumed-role-arn', result.assumedRoleArn ?? '');
  const [header, ...rows] = summaryRows(result.summary);
  await core.summary
    .addHeading('CodeCommit clone', 3)
    .addTable([(header ?? []).map((data) => ({ data, header: true })), ...rows])
    .write();
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

try {
  await main();
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
