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
