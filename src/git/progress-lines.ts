/** git rewrites its progress lines many times a second; only the finished ones are worth a log line. */
export function isIntermediateProgressLine(line: string): boolean {
  return /^(remote: )?[A-Za-z][A-Za-z ]*:\s+\d{1,3}% \(\d+\/\d+\)/.test(line) && !line.includes('done');
}
