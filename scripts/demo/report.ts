/**
 * Plain terminal output of the demo: numbered sections, indented blocks and checks. Every check is
 * counted; a failed one is remembered with its reason so the run can end non-zero and say why.
 */

export interface CheckResult {
  ok: boolean;
  what: string;
  detail?: string;
}

export class Report {
  private readonly failures: string[] = [];
  private checks = 0;
  private muted = false;

  title(text: string): void {
    this.line(text);
    this.line('='.repeat(text.length));
  }

  section(number: number | string, title: string): void {
    const heading = `${number}. ${title}`;
    this.line();
    this.line(heading);
    this.line('-'.repeat(heading.length));
  }

  line(text = ''): void {
    if (!this.muted) process.stdout.write(`${text}\n`);
  }

  /** Prints nothing from now on (checks are still counted). */
  mute(): void {
    this.muted = true;
  }

  /** Lines indented by `indent` spaces; trailing blank lines dropped. */
  block(lines: readonly string[], indent = 4): void {
    const trimmed = [...lines];
    while (trimmed.length > 0 && (trimmed[trimmed.length - 1] ?? '').trim() === '') trimmed.pop();
    for (const text of trimmed) this.line(text === '' ? '' : `${' '.repeat(indent)}${text}`);
  }

  /** `key: value` pairs, values aligned. */
  fields(pairs: ReadonlyArray<readonly [string, string]>, indent = 2): void {
    const width = Math.max(0, ...pairs.map(([key]) => key.length));
    for (const [key, value] of pairs) {
      this.line(`${' '.repeat(indent)}${(key === '' ? '' : `${key}:`).padEnd(width + 2)}${value}`);
    }
  }

  check(ok: boolean, what: string, detail?: string): boolean {
    this.checks += 1;
    this.line(`  [${ok ? 'ok' : 'FAIL'}] ${what}${detail ? `: ${detail}` : ''}`);
    if (!ok) this.failures.push(detail ? `${what}: ${detail}` : what);
    return ok;
  }

  /** A check that a list of problems is empty; the problems are listed when it is not. */
  checkNone(what: string, problems: readonly string[]): boolean {
    if (problems.length <= 1) return this.check(problems.length === 0, what, problems[0]);
    const ok = this.check(false, what, `${problems.length} found`);
    for (const problem of problems.slice(0, 10)) this.line(`         ${problem}`);
    if (problems.length > 10) this.line(`         … and ${problems.length - 10} more`);
    return ok;
  }

  /** A failure outside a check (an exception): counted, printed, remembered. */
  fail(reason: string): void {
    this.check(false, reason);
  }

  get failed(): readonly string[] {
    return this.failures;
  }

  get checkCount(): number {
    return this.checks;
  }
}
