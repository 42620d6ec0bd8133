import { DeadlineError, withDeadline } from '../../src/aws/deadline.js';

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
