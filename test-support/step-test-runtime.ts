/**
 * A StepRuntime for running the step's modes in process: a clock that moves only when the step waits
 * (each wait recorded and over at once) or when the test ticks its interval timers, a logger that keeps
 * every line, state in memory, and a git process registry that records every git the step started.
 */
import type { GroupingLogger } from '../src/core/logger.js';
import { MemoryState } from '../src/core/memory-state.js';
import { GitProcessRegistry, type StartedGitProcess } from '../src/git/git-process-registry.js';
import type { StepRuntime } from '../src/step/step-runtime.js';

interface IntervalTimer {
  ms: number;
  tick: () => void;
}

/** Time that passes only when the step sleeps (at once, recorded) or the test moves it. */
export class FakeClock {
  private ms: number;
  /** Every wait the step asked for, in order (milliseconds). */
  readonly sleeps: number[] = [];
  private readonly timers = new Set<IntervalTimer>();
  private readonly timerListeners: (() => void)[] = [];

  constructor(start: Date = new Date()) {
    this.ms = start.getTime();
  }

  readonly now = (): Date => new Date(this.ms);

  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.ms += ms;
    return Promise.resolve();
  };

  readonly every = (ms: number, tick: () => void): (() => void) => {
    const timer = { ms, tick };
    this.timers.add(timer);
    for (const listener of this.timerListeners.splice(0)) listener();
    return () => {
      this.timers.delete(timer);
    };
  };

  /** Moves the clock on. */
  advance(ms: number): void {
    this.ms += ms;
  }

  /** Interval timers started and not stopped. */
  runningTimers(): number {
    return this.timers.size;
  }

  /** Resolves once an interval timer is running (at once when one is). */
  timerStarted(): Promise<void> {
    if (this.timers.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.timerListeners.push(resolve));
  }

  /** Moves the clock by each running timer's interval and calls it, as its interval had passed. */
  tick(): void {
    for (const timer of [...this.timers]) {
      this.ms += timer.ms;
      timer.tick();
    }
  }
}

export type LoggedLine =
  { kind: 'info' | 'warning'; text: string } | { kind: 'group'; text: string } | { kind: 'end-group' };

/** Keeps every line, warning and group in order. */
export class RecordingLogger implements GroupingLogger {
  readonly lines: LoggedLine[] = [];

  info(text: string): void {
    this.lines.push({ kind: 'info', text });
  }

  warning(text: string): void {
    this.lines.push({ kind: 'warning', text });
  }

  startGroup(text: string): void {
    this.lines.push({ kind: 'group', text });
  }

  endGroup(): void {
    this.lines.push({ kind: 'end-group' });
  }

  infos(): string[] {
    return this.lines.flatMap((line) => (line.kind === 'info' ? [line.text] : []));
  }

  warnings(): string[] {
    return this.lines.flatMap((line) => (line.kind === 'warning' ? [line.text] : []));
  }

  groups(): string[] {
    return this.lines.flatMap((line) => (line.kind === 'group' ? [line.text] : []));
  }

  /** Every line as the log would show it, warnings marked. */
  text(): string {
    return this.lines
      .map((line) =>
        line.kind === 'warning'
          ? `warning: ${line.text}`
          : line.kind === 'group'
            ? `group: ${line.text}`
            : line.kind === 'end-group'
              ? 'end-group'
              : line.text,
      )
      .join('\n');
  }
}

export interface TestRuntime {
  runtime: StepRuntime;
  clock: FakeClock;
  logger: RecordingLogger;
  state: MemoryState;
  processes: GitProcessRegistry;
  /** Every git process the step started, in order. */
  started: StartedGitProcess[];
  /** What the step masked. */
  masked: string[];
}

/**
 * A runtime with `env` as the step's whole environment and the given clock; `extra` adds or replaces
 * the AWS clients and the like.
 */
export function testRuntime(
  env: Readonly<Record<string, string | undefined>>,
  clock: FakeClock = new FakeClock(),
  extra: Partial<StepRuntime> = {},
): TestRuntime {
  const logger = new RecordingLogger();
  const state = new MemoryState();
  const started: StartedGitProcess[] = [];
  const processes = new GitProcessRegistry({ onStarted: (process) => started.push(process) });
  const masked: string[] = [];
  const runtime: StepRuntime = {
    logger,
    mask: (secret) => masked.push(secret),
    state,
    env,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    every: clock.every,
    processes,
    runnerProfiles: () => Promise.resolve({}),
    ...extra,
  };
  return { runtime, clock, logger, state, processes, started, masked };
}

/** Resolves once `condition` holds, looked at every few milliseconds; fails naming `what` after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited >= ms) throw new Error(`Still waiting after ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
