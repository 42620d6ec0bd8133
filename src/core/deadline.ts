/** A network wait that did not end in time. `what` says what was being waited for, `host` where. */
export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly host: string,
    readonly seconds: number,
  ) {
    super(
      host !== ''
        ? `${what} at ${host} got no answer within ${seconds} s`
        : `${what} gave no answer within ${seconds} s`,
    );
    this.name = 'DeadlineError';
  }
}

/**
 * Runs `work` with an AbortSignal that fires after `seconds`, and gives up waiting at that moment even if
 * `work` ignores the signal: SDK request handlers were seen to keep waiting on a TLS handshake that never
 * completes, so the bound must come from outside.
 */
export async function withDeadline<T>(
  seconds: number,
  what: string,
  host: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineError(what, host, seconds);
      controller.abort(error);
      reject(error);
    }, seconds * 1000);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets a bounded piece of work run a part whose waits are bounded on their own (attempts of STS). */
export interface DeadlinePause {
  /** Runs `part` with the clock stopped; it starts again, with the time that was left, when `part` ends. */
  excluding<P>(part: () => Promise<P>): Promise<P>;
}

/**
 * Like withDeadline, for work that waits on several things in turn (a credential chain): `seconds`
 * bounds the waits that have no bound of their own, while the parts run through `pause.excluding` (each
 * STS operation, with its own attempts and deadlines) do not use it up.
 */
export async function withPausableDeadline<T>(
  seconds: number,
  what: string,
  host: string,
  work: (pause: DeadlinePause) => Promise<T>,
): Promise<T> {
  let remainingMs = seconds * 1000;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let paused = 0;
  let settled = false;
  let fail: (error: DeadlineError) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const start = () => {
    startedAt = Date.now();
    timer = setTimeout(() => fail(new DeadlineError(what, host, seconds)), remainingMs);
  };
  const stop = () => {
    clearTimeout(timer);
    remainingMs = Math.max(0, remainingMs - (Date.now() - startedAt));
  };
  const pause: DeadlinePause = {
    async excluding(part) {
      // Work that goes on after the deadline gave up (the SDK's chain does) starts nothing new.
      if (settled) throw new DeadlineError(what, host, seconds);
      if (paused++ === 0) stop();
      try {
        return await part();
      } finally {
        if (--paused === 0 && !settled) start();
      }
    },
  };
  start();
  try {
    return await Promise.race([work(pause), expired]);
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}
