/**
 * When a step reached each stage of its work, in milliseconds after its process started: written as one
 * debug line at the end of the step (shown with the runner's step debug logging), and read back by the
 * bench, which times each stage from it.
 */

/** In the order a clone reaches them. */
export const STAGES = [
  'bundle loaded',
  'first decision',
  'source credentials',
  'STS answered',
  'clone started',
  'git started',
  'clone done',
  'step done',
] as const;

export type Stage = (typeof STAGES)[number];

/** Where the step notes that it reached a stage; only the first time counts. */
export interface StageMarks {
  mark(stage: Stage): void;
}

const PREFIX = 'Stages, ms after the process started at ';

export class StageTimes implements StageMarks {
  private readonly times = new Map<Stage, number>();

  /**
   * `sinceStart`: milliseconds since the process started (performance.now()); `startedAt`: when that was,
   * epoch milliseconds (performance.timeOrigin).
   */
  constructor(
    private readonly sinceStart: () => number,
    private readonly startedAt: number,
  ) {}

  mark(stage: Stage): void {
    if (!this.times.has(stage)) this.times.set(stage, this.sinceStart());
  }

  /** `Stages, ms after the process started at <ISO time>: bundle loaded 31, first decision 40, …`. */
  line(): string {
    const reached = STAGES.flatMap((stage) => {
      const ms = this.times.get(stage);
      return ms === undefined ? [] : [`${stage} ${ms.toFixed(1)}`];
    });
    return `${PREFIX}${new Date(this.startedAt).toISOString()}: ${reached.join(', ')}`;
  }
}

export interface ReadStages {
  /** Epoch milliseconds (to the millisecond). */
  startedAt: number;
  /** Each stage reached, milliseconds after the start. */
  stages: Partial<Record<Stage, number>>;
}

/** The stages of a line `StageTimes.line()` wrote; undefined for any other line. */
export function readStagesLine(line: string): ReadStages | undefined {
  if (!line.startsWith(PREFIX)) return undefined;
  const rest = line.slice(PREFIX.length);
  const colon = rest.indexOf(': ');
  if (colon < 0) return undefined;
  const startedAt = Date.parse(rest.slice(0, colon));
  if (Number.isNaN(startedAt)) return undefined;
  const stages: Partial<Record<Stage, number>> = {};
  for (const part of rest.slice(colon + 2).split(', ')) {
    const stage = STAGES.find((name) => part.startsWith(`${name} `));
    const ms = stage === undefined ? NaN : Number(part.slice(stage.length + 1));
    if (stage !== undefined && Number.isFinite(ms)) stages[stage] = ms;
  }
  return { startedAt, stages };
}
