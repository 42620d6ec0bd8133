/**
 * `npm run demo`: shows the bundled action cloning a CodeCommit repository of another account from a
 * runner in a closed VPC (as root: inside private namespaces; otherwise on loopback), with checks.
 * Exits 0 when every check passed, 1 when one failed (the reasons are printed), 2 on bad usage.
 * DEMO_MODE=loopback forces loopback mode; DEMO_MODE=closed-vpc insists on the closed VPC.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CleanupStack } from './cleanup.js';
import { decideMode, reexecInClosedNamespace, type ModeDecision } from './closed-namespace.js';
import { MissingPrerequisite, runDemo } from './demo.js';
import { processesUsing, stopProcesses } from './leftovers.js';
import { Report } from './report.js';

/** Passed to the re-run inside the namespaces: the folder the outer process made for this run. */
const ROOT_VARIABLE = 'CODECOMMIT_DEMO_ROOT';
/** How long an interrupted demo may take to reach its next stage before it is cleaned up anyway. */
const INTERRUPT_GRACE_MS = 5000;

async function main(): Promise<number> {
  let decision: ModeDecision;
  try {
    decision = decideMode();
  } catch (error) {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (decision.reexec) {
    const demoRoot = await mkdtemp(path.join(tmpdir(), 'codecommit-demo-'));
    try {
      return await reexecInClosedNamespace(decision.reason, { [ROOT_VARIABLE]: demoRoot });
    } finally {
      if (existsSync(demoRoot)) {
        await rm(demoRoot, { recursive: true, force: true });
        process.stderr.write(`demo: removed ${demoRoot}, which the run inside the namespaces left behind\n`);
      }
    }
  }
  const demoRoot = process.env[ROOT_VARIABLE] ?? (await mkdtemp(path.join(tmpdir(), 'codecommit-demo-')));
  return demo(decision, demoRoot);
}

async function demo(decision: ModeDecision, demoRoot: string): Promise<number> {
  const started = Date.now();
  const report = new Report();
  const cleanup = new CleanupStack();
  // Every temporary folder of the fakes and the runner (os.tmpdir()) lands in the demo's own folder.
  process.env.TMPDIR = path.join(demoRoot, 'tmp');
  await mkdir(process.env.TMPDIR, { recursive: true });

  let finishing: Promise<void> | undefined;
  let interruptedBy: NodeJS.Signals | undefined;
  const exitCodeOf = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 130 : 143);
  const finishInterrupted = (signal: NodeJS.Signals): Promise<void> => {
    if (finishing === undefined) {
      const out = new Report();
      out.line();
      out.line(`Interrupted by ${signal}.`);
      finishing = cleanUp(out, cleanup, demoRoot);
    }
    return finishing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedBy !== undefined) return;
    interruptedBy = signal;
    // Nothing new starts; what runs now (a step, its git) is stopped; the demo then stops at its next
    // stage and cleans up, or is cleaned up after anyway if it has not within a few seconds.
    cleanup.close();
    if (finishing === undefined) report.mute();
    else report.line(`(Interrupted by ${signal} while cleaning up: the cleanup goes on.)`);
    void processesUsing(demoRoot).then(stopProcesses);
    setTimeout(
      () => void finishInterrupted(signal).then(() => process.exit(exitCodeOf(signal))),
      INTERRUPT_GRACE_MS,
    ).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await runDemo({ mode: decision.mode, reason: decision.reason, demoRoot }, report, cleanup);
  } catch (error) {
    report.line();
    report.fail(`the demo stopped: ${error instanceof Error ? error.message : String(error)}`);
    // Where it stopped, for anything but a missing prerequisite the message already explains.
    if (error instanceof Error && !(error instanceof MissingPrerequisite) && error.stack) {
      report.block(error.stack.split('\n').slice(1, 6), 9);
    }
  }
  if (interruptedBy !== undefined) {
    await finishInterrupted(interruptedBy);
    return exitCodeOf(interruptedBy);
  }
  finishing ??= cleanUp(report, cleanup, demoRoot);
  await finishing;
  if (interruptedBy !== undefined) return exitCodeOf(interruptedBy);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  report.line();
  if (report.failed.length === 0) {
    report.line(`Result: all ${report.checkCount} checks passed (${decision.mode} mode, ${seconds} s).`);
    return 0;
  }
  report.line(
    `Result: ${report.failed.length} of ${report.checkCount} checks FAILED (${decision.mode} mode, ${seconds} s):`,
  );
  for (const reason of report.failed) report.line(`  - ${reason.split('\n')[0] ?? ''}`);
  return 1;
}

/** Closes the servers, removes every folder, and stops any process still using the demo's folder. */
async function cleanUp(report: Report, cleanup: CleanupStack, demoRoot: string): Promise<void> {
  report.line();
  report.line('Cleanup:');
  // First what the run started and left running (a git in a process group of its own survives its
  // step), so that nothing writes into the folders while they are removed.
  const leftovers = await processesUsing(demoRoot);
  stopProcesses(leftovers);
  report.checkNone(
    'no process of the run still running (none runs in, or on files of, the demo folder)',
    leftovers.map(({ pid, command }) => `pid ${pid}: ${command} (stopped now)`),
  );
  for (const outcome of await cleanup.runAll()) {
    report.check(outcome.error === undefined, outcome.what, outcome.error);
  }
  const late = await processesUsing(demoRoot);
  stopProcesses(late);
  report.checkNone(
    'no process left behind once the servers were closed',
    late.map(({ pid, command }) => `pid ${pid}: ${command} (stopped now)`),
  );
  const removed = await rm(demoRoot, { recursive: true, force: true }).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  report.check(!existsSync(demoRoot), `removed ${demoRoot}: no temporary folder left`, removed);
}

process.exit(await main());
