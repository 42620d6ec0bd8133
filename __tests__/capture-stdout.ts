/** What an action writes to stdout (workflow commands, log lines), kept from the test's own output. */
export async function capturingStdout<T>(
  action: () => T | Promise<T>,
): Promise<{ result: T; stdout: string }> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    return { result: await action(), stdout: chunks.join('') };
  } finally {
    process.stdout.write = original;
  }
}
