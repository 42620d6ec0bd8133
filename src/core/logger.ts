/** Where adapters report progress; the Actions runtime and a terminal each provide one. */
export interface Logger {
  info(line: string): void;
  warning(line: string): void;
}

/** A logger that can fold a run of lines under a title (a collapsible group in the Actions log). */
export interface GroupingLogger extends Logger {
  startGroup(title: string): void;
  endGroup(): void;
}

/** Keeps lines in order until `flush`: parallel clones each write their own block, not interleaved. */
export class BufferedLogger implements Logger {
  private readonly lines: { warning: boolean; line: string }[] = [];

  info(line: string): void {
    this.lines.push({ warning: false, line });
  }

  warning(line: string): void {
    this.lines.push({ warning: true, line });
  }

  flush(into: Logger): void {
    for (const { warning, line } of this.lines.splice(0)) {
      if (warning) into.warning(line);
      else into.info(line);
    }
  }
}

/**
 * Work that runs beside other work writes here: its lines wait until `release` (then they go out, and
 * later ones at once), or are dropped by `discard` when the other work failed and the step stops.
 */
export class HeldLogger implements GroupingLogger {
  private readonly held: ((into: GroupingLogger) => void)[] = [];
  private state: 'holding' | 'released' | 'discarded' = 'holding';

  constructor(private readonly into: GroupingLogger) {}

  info(line: string): void {
    this.write((into) => into.info(line));
  }

  warning(line: string): void {
    this.write((into) => into.warning(line));
  }

  startGroup(title: string): void {
    this.write((into) => into.startGroup(title));
  }

  endGroup(): void {
    this.write((into) => into.endGroup());
  }

  release(): void {
    if (this.state !== 'holding') return;
    this.state = 'released';
    for (const write of this.held.splice(0)) write(this.into);
  }

  discard(): void {
    this.state = 'discarded';
    this.held.length = 0;
  }

  private write(line: (into: GroupingLogger) => void): void {
    if (this.state === 'released') line(this.into);
    else if (this.state === 'holding') this.held.push(line);
  }
}
