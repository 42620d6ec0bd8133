/** A network wait that did not end in time. `what` says what was being waited for, `host` where. */
export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly host: string,
    readonly seconds: number,
  ) {
    super(`${what} at ${host} got no answer within ${seconds} s`);
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
