/**
 * `npm run bench`: times the bundled action against plain git on the local fake AWS (closed VPC as
 * root, loopback otherwise) and prints medians, ratios and the targets. Exits 0 whether or not the
 * targets are met (it is a measurement), 1 when the bench itself failed, 2 on bad usage, 130/143 when
 * interrupted.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../test-support/actions-runner.js';
import { runBench } from './bench.js';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options.js';
import { decidePlacement, rerunInNamespaces, type Placement } from './placement.js';
import { reportLines } from './report.js';
import { writeResultsFile } from './results-file.js';

/** Passed to the re-run inside the namespaces: the folder the outer process made for this run. */
const ROOT_VARIABLE = 'CODECOMMIT_BENCH_ROOT';
/** How long an interrupted bench may take to reach its next clone before it is cleaned up anyway. */
const INTERRUPT_GRACE_MS = 5000;

async function main(): Promise<number> {
  let options: BenchOptions;
  let placement: Placement;
  try {
    options = parseOptions(process.argv.slice(2), PROJECT_ROOT);
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    placement = decidePlacement();
  } catch (error) {
    process.stderr.write(`bench: ${message(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (placement.reexec) {
    const root = await mkdtemp(path.join(tmpdir(), 'codecommit-bench-'));
    try {
      return await rerunInNamespaces(placement.reason, { [ROOT_VARIABLE]: root });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  const root = process.env[ROOT_VARIABLE] ?? (await mkdtemp(path.join(tmpdir(), 'codecommit-bench-')));
  return bench(options, placement, root);
}

async function bench(options: BenchOptions, placement: Placement, root: string): Promise<number> {
  // Every temporary folder of the fakes and the runner (os.tmpdir()) lands in the bench's own folder.
  process.env.TMPDIR = path.join(root, 'tmp');
  await mkdir(process.env.TMPDIR, { recursive: true });
  let interruptedBy: NodeJS.Signals | undefined;
  const exitCodeOf = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 130 : 143);
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedBy !== undefined) return;
    interruptedBy = signal;
    process.stderr.write(`bench: ${signal}: stopping after the clone running now\n`);
    setTimeout(() => {
      void rm(root, { recursive: true, force: true }).finally(() => process.exit(exitCodeOf(signal)));
    }, INTERRUPT_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const results = await runBench(
      options,
      { mode: placement.mode, reason: placement.reason, root },
      (line) => process.stderr.write(`${line}\n`),
      () => interruptedBy !== undefined,
    );
    if (options.jsonPath !== undefined) await writeResultsFile(options.jsonPath, results);
    process.stdout.write(`\n${reportLines(results).join('\n')}\n`);
    return 0;
  } catch (error) {
    if (interruptedBy !== undefined) return exitCodeOf(interruptedBy);
    process.stderr.write(`bench: failed: ${message(error)}\n`);
    if (error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack.split('\n').slice(1, 6).join('\n')}\n`);
    }
    return 1;
  } finally {
    if (existsSync(root)) await rm(root, { recursive: true, force: true });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

process.exit(await main());
