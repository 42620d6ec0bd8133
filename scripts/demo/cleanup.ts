/**
 * What the demo has to undo (servers, temp folders), undone in reverse order exactly once, also when
 * the demo is interrupted or fails half-way.
 */
export interface CleanupOutcome {
  what: string;
  error?: string;
}

export class CleanupStack {
  private readonly tasks: { what: string; run: () => Promise<void> }[] = [];
  private running: Promise<CleanupOutcome[]> | undefined;
  private closed = false;

  /** From now on nothing new may be started (an interruption): see `assertOpen`. */
  close(): void {
    this.closed = true;
  }

  /** Throws once the stack is closed or cleaning up: call it before starting anything. */
  assertOpen(): void {
    if (this.closed || this.running !== undefined) throw new Error('interrupted');
  }

  add(what: string, run: () => Promise<void>): void {
    this.tasks.push({ what, run });
  }

  /** Runs every task (newest first) even when some fail; later calls get the same outcome. */
  runAll(): Promise<CleanupOutcome[]> {
    this.running ??= (async () => {
      const outcomes: CleanupOutcome[] = [];
      for (const task of [...this.tasks].reverse()) {
        try {
          await task.run();
          outcomes.push({ what: task.what });
        } catch (error) {
          outcomes.push({ what: task.what, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return outcomes;
    })();
    return this.running;
  }
}
