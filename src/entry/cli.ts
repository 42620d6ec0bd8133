#!/usr/bin/env node
/**
 * `codecommit-xaccount-clone`: the action's core as a command for other CI systems (GitLab CI, Jenkins,
 * CodeBuild) inside the VPC. Plain output, the current directory as workspace, no post step: a failed or
 * interrupted clone is removed before the command exits. Exit 0 done, 1 failed, 2 bad usage or inputs,
 * 130 or 143 when stopped by SIGINT or SIGTERM (149 by Ctrl-Break, SIGBREAK, on Windows).
 */
import { runCloneStep } from '../step/clone/clone-step.js';
import { runListStep } from '../step/list/list-step.js';
import { runDiagnose } from '../step/diagnose/diagnose-step.js';
import { answerCredentialRequest } from '../cli/cli-credential-helper.js';
import { parseCliArguments, UsageError, type CliCommand } from '../cli/cli-arguments.js';
import { CLI_HELP } from '../cli/cli-help.js';
import { parseCredentialRequest } from '../helpers/credential-protocol.js';
import { readStdin } from '../helpers/read-stdin.js';
import { GitProcessRegistry } from '../git/git-process-registry.js';
import { cancelSignals, exitCodeForSignal } from '../platform/cancel-signals.js';
import { HOST_OS_FAMILY } from '../platform/os-family.js';
import { InputError } from '../plan/plan.js';
import { runPostStep } from '../step/post/post-step.js';
import { StepFailure } from '../step/step-runtime.js';
import { failureText } from '../core/failure-record.js';
import { consoleLogger } from './adapters/console-logger.js';
import { systemClock } from './adapters/system-clock.js';
import { MemoryState } from '../core/memory-state.js';
import { exitWhenFlushed } from './adapters/exit-process.js';
import { messageOf } from '../core/text.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Every git the command starts, while it runs: an interrupted clone stops them all. */
const processes = new GitProcessRegistry();

const context = () => ({
  workspace: process.cwd(),
  runId: process.env.CI_JOB_ID ?? process.env.BUILD_ID ?? '',
  osFamily: HOST_OS_FAMILY,
  ...(process.env.AWS_ENDPOINT_URL_STS ? { environmentStsEndpoint: process.env.AWS_ENDPOINT_URL_STS } : {}),
});

async function clone(command: Extract<CliCommand, { kind: 'clone' }>): Promise<number> {
  const state = new MemoryState();
  for (const signal of cancelSignals(HOST_OS_FAMILY)) {
    const exitCode = exitCodeForSignal(signal);
    process.once(signal, () => {
      processes.stopAll();
      void runPostStep(state, process.env, processes)
        .then((lines) => lines.forEach((line) => process.stderr.write(`${line}\n`)))
        .catch((error: unknown) => process.stderr.write(`Cleanup was not complete: ${messageOf(error)}\n`))
        .finally(() => {
          process.stderr.write(`codecommit-xaccount-clone: stopped by ${signal}\n`);
          process.exit(exitCode);
        });
    });
  }
  const logger = consoleLogger(process.stdout, process.stderr);
  const result = await runCloneStep(command.raw, context(), {
    logger,
    mask: () => undefined,
    state,
    env: process.env,
    ...systemClock,
    processes,
  });
  const failed = result.outcomes.filter((outcome) => !outcome.ok);
  for (const outcome of failed)
    if (!outcome.ok) process.stderr.write(`${outcome.repository.name}: ${failureText(outcome.failure)}\n`);
  return failed.length === 0 ? 0 : 1;
}

/** Names on stdout, nothing else there: progress and warnings go to stderr. */
async function list(command: Extract<CliCommand, { kind: 'list' }>): Promise<number> {
  const result = await runListStep(command.raw, context(), {
    logger: consoleLogger(process.stderr, process.stderr),
    mask: () => undefined,
    state: new MemoryState(),
    env: process.env,
    ...systemClock,
    processes,
  });
  process.stdout.write(
    command.json ? `${JSON.stringify(result.names)}\n` : result.names.map((name) => `${name}\n`).join(''),
  );
  return 0;
}

/** The report goes to stdout with the progress lines; exit 0 when every check is fine, 1 otherwise. */
async function diagnose(command: Extract<CliCommand, { kind: 'diagnose' }>): Promise<number> {
  const result = await runDiagnose(command.raw, context(), {
    logger: consoleLogger(process.stdout, process.stderr),
    mask: () => undefined,
    env: process.env,
    ...systemClock,
    processes,
  });
  return result.ok ? 0 : 1;
}

async function credentialHelper(
  command: Extract<CliCommand, { kind: 'credential-helper' }>,
): Promise<number> {
  const request = parseCredentialRequest(await readStdin());
  if (command.operation !== 'get') return 0;
  const answer = await answerCredentialRequest(
    command.raw,
    request,
    context(),
    // Only warnings: git shows a helper's stderr among its own output.
    { info: () => undefined, warning: (line) => process.stderr.write(`warning: ${line}\n`) },
  );
  if (answer !== undefined) process.stdout.write(answer);
  return 0;
}

async function run(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`codecommit-xaccount-clone: ${error.message}\n`);
    return 2;
  }
  try {
    if (command.kind === 'help') process.stdout.write(CLI_HELP);
    else if (command.kind === 'version') process.stdout.write('codecommit-xaccount-clone 1.0.0\n');
    else if (command.kind === 'clone') return await clone(command);
    else if (command.kind === 'list') return await list(command);
    else if (command.kind === 'diagnose') return await diagnose(command);
    else return await credentialHelper(command);
    return 0;
  } catch (error) {
    process.stderr.write(`codecommit-xaccount-clone: ${messageOf(error)}\n`);
    const cause = error instanceof StepFailure ? error.failure : error;
    return cause instanceof InputError ? 2 : 1;
  }
}

// Nothing that gave up waiting (an SDK retry, a socket, a credential_process) may keep the command alive.
exitWhenFlushed(await run(process.argv.slice(2)));
