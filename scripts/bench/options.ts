/**
 * The command line of `npm run bench`: `--runs N` (measured rounds), `--json [file]` (also write the
 * results as JSON), `--help`.
 */
import path from 'node:path';

export interface BenchOptions {
  /** Measured rounds; every case runs once per round. */
  runs: number;
  /** Where to write the results as JSON, when asked for. */
  jsonPath?: string;
  help: boolean;
}

/** Bad usage: the message says what is wrong; the bench exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const DEFAULT_RUNS = 7;
const MAX_RUNS = 200;

export const USAGE = [
  'Usage: npm run bench -- [--runs N] [--json [FILE]]',
  '',
  `  --runs N       measured rounds, 1..${MAX_RUNS} (default ${DEFAULT_RUNS}); one warm-up round comes first`,
  '  --json [FILE]  also write the results as JSON (default FILE: build/bench/results.json)',
  '  --help         this text',
  '',
  'BENCH_MODE=loopback runs on 127.0.0.1 even as root; BENCH_MODE=closed-vpc insists on the namespaces.',
].join('\n');

export function parseOptions(argv: readonly string[], projectRoot: string): BenchOptions {
  const options: BenchOptions = { runs: DEFAULT_RUNS, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg, '=') : [arg, undefined];
    if (flag === '--help' || flag === '-h') {
      options.help = true;
    } else if (flag === '--runs') {
      const value = inline ?? argv[++i];
      options.runs = parseRuns(value);
    } else if (flag === '--json') {
      let file = inline;
      if (file === undefined && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('-')) file = argv[++i];
      options.jsonPath = path.resolve(file ?? path.join(projectRoot, 'build', 'bench', 'results.json'));
    } else {
      throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  return options;
}

function parseRuns(value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) {
    throw new UsageError(`--runs needs a whole number, e.g. --runs ${DEFAULT_RUNS}`);
  }
  const runs = Number(value);
  if (runs < 1 || runs > MAX_RUNS) throw new UsageError(`--runs must be 1..${MAX_RUNS}, not ${runs}`);
  return runs;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + separator.length)];
}
