/** The real clock, timers and randomness that the entry points hand to a step (tests hand in their own). */
export const systemClock = {
  now: (): Date => new Date(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  every: (ms: number, tick: () => void): (() => void) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};
