import { mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { actionUnderTest, bundlePath } from './action-under-test.js';
import { runCommandResult } from './run-command.js';

export { PROJECT_ROOT } from './action-under-test.js';

/**
 * Runs a bundled entry of the action under test (test-support/action-under-test.ts) the way the GitHub
 * Actions runner does: a node process with INPUT_* (action.yml defaults applied), GITHUB_OUTPUT /
 * GITHUB_STATE / GITHUB_STEP_SUMMARY files, RUNNER_TEMP and GITHUB_WORKSPACE; for post, STATE_* from
 * main's state file. Reads back what the step wrote, and reproduces the runner's masking from the
 * `::add-mask::` commands it printed.
 */

export interface RunnerDirectories {
  workspace: string;
  runnerTemp: string;
  home: string;
  /** Holds the command files of every step; outside workspace, RUNNER_TEMP and HOME. */
  commandFiles: string;
}

export interface StepRun {
  exitCode: number | null;
  /** The raw bytes the step printed: what the runner sees before masking. */
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Values registered with ::add-mask::, in order. */
  masks: string[];
  /** The log as the runner would show it: masked values replaced with ***. */
  maskedLog: string;
  /** Error annotations (`::error::…`). */
  errors: string[];
  warnings: string[];
  durationMs: number;
  /** True when `stopWhen` held and the step was sent `killSignal` for it. */
  stopped: boolean;
  /** Folders the step added with `core.addPath` (GITHUB_PATH), in the order added. */
  addedPaths: string[];
  /** Variables the step exported with `core.exportVariable` (GITHUB_ENV). */
  exportedEnv: Record<string, string>;
}

export interface StepOptions {
  /** Absolute path of the node binary (the runner's node24, or node 20). */
  node: string;
  inputs: Record<string, string>;
  directories: RunnerDirectories;
  /** Extra environment (AWS source credentials, PATH with a git recorder, CA variables …). */
  env: Record<string, string>;
  /** For post: the state main saved. */
  state?: Record<string, string>;
  /** Kill the step after this long; a test of a hang must still end. */
  killAfterMs?: number;
  /** The signal sent then: SIGKILL by default; the runner cancels a step with SIGINT/SIGTERM. */
  killSignal?: NodeJS.Signals;
  /** Checked every 50 ms while the step runs: once true, the step is sent `killSignal` (a cancel). */
  stopWhen?: () => boolean;
}

export async function createRunnerDirectories(): Promise<RunnerDirectories> {
  // realpath: macOS's temporary folder is behind /var → /private/var, Windows' may be an 8.3 short name.
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'runner-')));
  const make = async (name: string): Promise<string> => {
    const dir = path.join(root, name);
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    return dir;
  };
  return {
    workspace: await make('work/repo/repo'),
    runnerTemp: await make('temp'),
    home: await make('home'),
    commandFiles: await make('commands'),
  };
}

let actionDefaults: Promise<Record<string, string>> | undefined;

async function readActionDefaults(): Promise<Record<string, string>> {
  const action = parseYaml(await readFile(path.join(actionUnderTest(), 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) defaults[name] = spec.default ?? '';
  return defaults;
}

function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

let stepCounter = 0;

export async function runStep(entry: 'main' | 'post', options: StepOptions): Promise<StepRun> {
  actionDefaults ??= readActionDefaults();
  const defaults = await actionDefaults;
  const unknown = Object.keys(options.inputs).filter((name) => !(name in defaults));
  if (unknown.length > 0) throw new Error(`inputs not declared in action.yml: ${unknown.join(', ')}`);
  const id = `${process.pid}-${++stepCounter}`;
  const files = {
    output: path.join(options.directories.commandFiles, `output-${id}`),
    state: path.join(options.directories.commandFiles, `state-${id}`),
    summary: path.join(options.directories.commandFiles, `summary-${id}`),
    env: path.join(options.directories.commandFiles, `env-${id}`),
    path: path.join(options.directories.commandFiles, `path-${id}`),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.directories.home,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.directories.workspace,
    RUNNER_TEMP: options.directories.runnerTemp,
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    ...options.env,
  };
  for (const [name, value] of Object.entries({ ...defaults, ...options.inputs }))
    env[inputVariable(name)] = value;
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;

  const started = Date.now();
  const stop = new AbortController();
  const stopWhen = options.stopWhen;
  const poll =
    stopWhen === undefined
      ? undefined
      : setInterval(() => {
          if (stopWhen()) {
            clearInterval(poll);
            stop.abort();
          }
        }, 50);
  const { exitCode, stdout, stderr } = await runCommandResult(options.node, [bundlePath(entry)], {
    env,
    cwd: options.directories.workspace,
    timeoutMs: options.killAfterMs ?? 180_000,
    stop: stop.signal,
    ...(options.killSignal !== undefined ? { killSignal: options.killSignal } : {}),
  }).finally(() => clearInterval(poll));
  const durationMs = Date.now() - started;
  const masks = [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((match) => match[1] ?? '');
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseCommandFile(await readFile(files.output, 'utf8')),
    state: parseCommandFile(await readFile(files.state, 'utf8')),
    summary: await readFile(files.summary, 'utf8'),
    masks,
    maskedLog: maskLog(`${stdout}\n${stderr}`, masks),
    errors: [...stdout.matchAll(/^::error(?: [^:]*)?::(.*)$/gm)].map((match) =>
      unescapeCommand(match[1] ?? ''),
    ),
    warnings: [...stdout.matchAll(/^::warning(?: [^:]*)?::(.*)$/gm)].map((match) =>
      unescapeCommand(match[1] ?? ''),
    ),
    durationMs,
    stopped: stop.signal.aborted,
    addedPaths: (await readFile(files.path, 'utf8')).split('\n').filter((line) => line !== ''),
    exportedEnv: parseCommandFile(await readFile(files.env, 'utf8')),
  };
}

export interface ShellStepOptions {
  /** Run with `bash -e -o pipefail -c`, as the runner runs `run:` steps. */
  script: string;
  directories: RunnerDirectories;
  /** The step's environment; PATH is the job's base PATH. */
  env: Record<string, string>;
  /** Earlier steps' `GITHUB_PATH` and `GITHUB_ENV`, applied like the runner does. */
  earlier?: readonly Pick<StepRun, 'addedPaths' | 'exportedEnv'>[];
  cwd?: string;
}

export interface ShellRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A later `run:` step of the same job: every folder earlier steps added to GITHUB_PATH goes before PATH
 * (the latest first), and their GITHUB_ENV variables are set, as the runner does between steps.
 */
export async function runShellStep(options: ShellStepOptions): Promise<ShellRun> {
  const env: Record<string, string> = {
    HOME: options.directories.home,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.directories.workspace,
    RUNNER_TEMP: options.directories.runnerTemp,
    ...options.env,
  };
  const added: string[] = [];
  for (const step of options.earlier ?? []) {
    Object.assign(env, step.exportedEnv);
    added.unshift(...[...step.addedPaths].reverse());
  }
  env.PATH = [...added, env.PATH ?? '/usr/bin:/bin'].join(path.delimiter);
  const { exitCode, stdout, stderr } = await runCommandResult(
    'bash',
    ['-e', '-o', 'pipefail', '-c', options.script],
    { env, cwd: options.cwd ?? options.directories.workspace, timeoutMs: 120_000 },
  );
  return { exitCode, stdout, stderr };
}

/** The runner's file command format: `name<<delimiter\nvalue\ndelimiter` (and `name=value`). */
export function parseCommandFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '');
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

function maskLog(log: string, masks: string[]): string {
  let masked = log;
  for (const secret of [...masks].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) masked = masked.split(secret).join('***');
  }
  return masked;
}

/** A workflow command's message as written before the runner's escaping (%25, %0D, %0A). */
export function unescapeCommand(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/**
 * Where a secret shows up in the raw output before the step registered its mask (the runner would have
 * printed it in clear there), or anywhere on stderr. Returns the offending lines.
 */
export function linesLeakingBeforeMask(run: StepRun, secret: string): string[] {
  const leaks: string[] = [];
  let masked = false;
  for (const line of run.stdout.split('\n')) {
    if (line === `::add-mask::${secret}`) {
      masked = true;
      continue;
    }
    if (!masked && line.includes(secret)) leaks.push(line);
  }
  // Nothing orders stderr against the mask commands on stdout: any secret there counts as a leak.
  for (const line of run.stderr.split('\n')) {
    if (line.includes(secret)) leaks.push(line);
  }
  return leaks;
}

/**
 * Where text matching `pattern` (a git password, a Basic header: secrets no fake knows in advance) shows
 * up in the raw output before a mask covering it was registered, or anywhere on stderr. The runner masks
 * only the lines after an `::add-mask::`, so "print it, then mask it" is a leak. Returns the offending
 * lines.
 */
export function patternLeaksBeforeMask(run: StepRun, pattern: RegExp): string[] {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  const masks: string[] = [];
  const covered = (found: string) => masks.some((mask) => mask.includes(found));
  const leaks: string[] = [];
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('::add-mask::')) {
      masks.push(line.slice('::add-mask::'.length));
      continue;
    }
    if ([...line.matchAll(global)].some(([found]) => !covered(found))) leaks.push(line);
  }
  for (const line of run.stderr.split('\n')) {
    if (global.test(line)) leaks.push(line);
    global.lastIndex = 0;
  }
  return leaks;
}
