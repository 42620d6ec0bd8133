import { DeadlineError, withDeadline, withPausableDeadline } from '../../src/core/deadline.js';

const SECONDS = 0.05;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('withDeadline', () => {
  it('returns what the work returns when it finishes in time', async () => {
    await expect(withDeadline(SECONDS, 'STS AssumeRole', 'sts.example', async () => 'answer')).resolves.toBe(
      'answer',
    );
  });

  it('rejects with a DeadlineError naming what, host and seconds when the work ignores the signal', async () => {
    const started = Date.now();
    const never = withDeadline(
      SECONDS,
      'STS AssumeRole',
      'sts.eu-west-1.amazonaws.com',
      () => new Promise(() => {}),
    );
    const error = await never.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toMatchObject({
      what: 'STS AssumeRole',
      host: 'sts.eu-west-1.amazonaws.com',
      seconds: SECONDS,
      name: 'DeadlineError',
      message: `STS AssumeRole at sts.eu-west-1.amazonaws.com got no answer within ${SECONDS} s`,
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(40);
    expect(elapsed).toBeLessThan(1000);
  });

  it('aborts the signal given to the work, with the DeadlineError as reason', async () => {
    let seen: AbortSignal | undefined;
    const error = await withDeadline(SECONDS, 'Resolving source credentials', 'the chain', (signal) => {
      seen = signal;
      return new Promise<never>(() => {});
    }).catch((caught: unknown) => caught);
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe(error);
  });

  it('clears its timer once the work finished: the signal is never aborted later', async () => {
    let seen: AbortSignal | undefined;
    await withDeadline(SECONDS, 'STS AssumeRole', 'sts.example', async (signal) => {
      seen = signal;
      return 1;
    });
    await pause(SECONDS * 1000 * 3);
    expect(seen?.aborted).toBe(false);
  });

  it("passes the work's own failure through and clears the timer then too", async () => {
    let seen: AbortSignal | undefined;
    const failure = new Error('refused');
    await expect(
      withDeadline(SECONDS, 'STS AssumeRole', 'sts.example', async (signal) => {
        seen = signal;
        throw failure;
      }),
    ).rejects.toBe(failure);
    await pause(SECONDS * 1000 * 3);
    expect(seen?.aborted).toBe(false);
  });
});

describe('withPausableDeadline', () => {
  it('rejects with a DeadlineError naming what, without a host when there is none', async () => {
    const error = await withPausableDeadline(
      SECONDS,
      'credential_process `x`',
      '',
      () => new Promise<never>(() => {}),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toBe(`credential_process \`x\` gave no answer within ${SECONDS} s`);
  });

  it('does not count the time of a part run with the clock stopped', async () => {
    const result = await withPausableDeadline(SECONDS, 'The chain', '', async (deadline) => {
      await pause(20);
      await deadline.excluding(() => pause(150));
      await pause(20);
      return 'done';
    });
    expect(result).toBe('done');
  });

  it('still bounds the waits outside the stopped parts, with the time that was left', async () => {
    const started = Date.now();
    const error = await withPausableDeadline(SECONDS, 'The chain', '', async (deadline) => {
      await pause(30);
      await deadline.excluding(() => pause(100));
      return new Promise<never>(() => {});
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeadlineError);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('withPausableDeadline after it gave up', () => {
  it('starts no new stopped-clock part for work that goes on regardless', async () => {
    let late: Promise<unknown> | undefined;
    let ran = false;
    await withPausableDeadline(SECONDS, 'The chain', '', async (deadline) => {
      await pause(100);
      late = deadline
        .excluding(async () => {
          ran = true;
        })
        .catch((caught: unknown) => caught);
      return new Promise<never>(() => {});
    }).catch(() => undefined);
    await pause(80);
    expect(await late).toBeInstanceOf(DeadlineError);
    expect(ran).toBe(false);
  });
});
