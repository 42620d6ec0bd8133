import { BufferedLogger, type Logger } from '../../src/core/logger.js';

/** A logger that records every call in one list, so the order across info and warning shows. */
function recordingLogger(): Logger & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    info: (line) => calls.push(`info: ${line}`),
    warning: (line) => calls.push(`warning: ${line}`),
  };
}

describe('BufferedLogger', () => {
  it('writes nothing to stdout or stderr until flushed, then hands the held lines to the logger flushed into', async () => {
    const buffer = new BufferedLogger();
    const written: string[] = [];
    const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
    const record = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    process.stdout.write = record;
    process.stderr.write = record;
    try {
      buffer.info('Cloning into my-service');
      buffer.warning('attempt 1 failed');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
    }
    expect(written).toEqual([]);
    const into = recordingLogger();
    buffer.flush(into);
    expect(into.calls).toEqual(['info: Cloning into my-service', 'warning: attempt 1 failed']);
  });

  it('flushes every line in the order written, warnings kept as warnings', () => {
    const buffer = new BufferedLogger();
    buffer.info('one');
    buffer.warning('two');
    buffer.info('three');
    buffer.warning('four');
    buffer.warning('five');
    buffer.info('six');
    const into = recordingLogger();
    buffer.flush(into);
    expect(into.calls).toEqual([
      'info: one',
      'warning: two',
      'info: three',
      'warning: four',
      'warning: five',
      'info: six',
    ]);
  });

  it('keeps lines as they are: empty, repeated or with spaces', () => {
    const buffer = new BufferedLogger();
    for (const line of ['', '  indented', 'same', 'same', 'tab\there']) buffer.info(line);
    const into = recordingLogger();
    buffer.flush(into);
    expect(into.calls).toEqual(['info: ', 'info:   indented', 'info: same', 'info: same', 'info: tab\there']);
  });

  it('is empty after a flush: a second flush writes nothing', () => {
    const buffer = new BufferedLogger();
    buffer.info('once');
    const first = recordingLogger();
    const second = recordingLogger();
    buffer.flush(first);
    buffer.flush(second);
    expect(first.calls).toEqual(['info: once']);
    expect(second.calls).toEqual([]);
  });

  it('collects again after a flush and writes only the new lines next time', () => {
    const buffer = new BufferedLogger();
    const into = recordingLogger();
    buffer.info('first block');
    buffer.flush(into);
    buffer.warning('second block');
    buffer.flush(into);
    expect(into.calls).toEqual(['info: first block', 'warning: second block']);
  });

  it('keeps the blocks of two buffers apart however their lines were interleaved', () => {
    const alpha = new BufferedLogger();
    const beta = new BufferedLogger();
    alpha.info('alpha 1');
    beta.info('beta 1');
    alpha.warning('alpha 2');
    beta.info('beta 2');
    const into = recordingLogger();
    beta.flush(into);
    alpha.flush(into);
    expect(into.calls).toEqual(['info: beta 1', 'info: beta 2', 'info: alpha 1', 'warning: alpha 2']);
  });

  it('can flush into another BufferedLogger, keeping the kinds', () => {
    const inner = new BufferedLogger();
    const outer = new BufferedLogger();
    inner.warning('w');
    inner.info('i');
    inner.flush(outer);
    const into = recordingLogger();
    outer.flush(into);
    expect(into.calls).toEqual(['warning: w', 'info: i']);
  });
});
