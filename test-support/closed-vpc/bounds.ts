/**
 * The wall-clock bounds the end-to-end tests hold the action to, from the README's own formula ("every
 * network wait is bounded by network-timeout-seconds … retried up to max-attempts with exponential
 * backoff and full jitter … after a network failure, whether TCP and TLS got through"):
 *
 *   attempts × timeout  +  the backoff waits' ceilings  +  the TCP/TLS probe  +  start-up  +  margin
 *
 * Each test names its margin where it calls this, with the reason; nothing here is measured from src/.
 */
import { runCommandResult } from '../run-command.js';

/** Exponential backoff, as the README states it: 0.5 s before the second attempt, doubling, at most 8 s. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;
/** A probe phase (TCP, then TLS) waits network-timeout-seconds, at most 10 s (endpoint-checks.ts says so too). */
const PROBE_PHASE_CAP_SECONDS = 10;
/** Node start, loading the bundle, DNS of both hosts: 0.15 to 0.2 s measured (README, Performance), × 5. */
export const START_UP_MS = 1000;

export interface FailureBound {
  attempts: number;
  /** How long each attempt waits: network-timeout-seconds for an endpoint that never answers, 0 for one that refuses at once. */
  attemptSeconds: number;
  /** Whether a TCP/TLS probe follows the last failure (a network failure, not an answer). */
  probe: boolean;
  /** Added on top, for what the formula does not hold (several runs sharing 2 cores …): say why. */
  marginMs: number;
}

/** The longest the backoff waits between `attempts` attempts add up to (full jitter: each below its ceiling). */
export function backoffCeilingMs(attempts: number): number {
  let total = 0;
  for (let attempt = 1; attempt < attempts; attempt++) {
    total += Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  }
  return total;
}

/** attempts × timeout + backoff + probe (TCP and TLS phases) + start-up + margin, in milliseconds. */
export function failureBoundMs(bound: FailureBound): number {
  const probeMs = bound.probe ? 2 * Math.min(bound.attemptSeconds, PROBE_PHASE_CAP_SECONDS) * 1000 : 0;
  return (
    bound.attempts * bound.attemptSeconds * 1000 +
    backoffCeilingMs(bound.attempts) +
    probeMs +
    START_UP_MS +
    bound.marginMs
  );
}

/**
 * The processes whose command line matches `pattern` (pgrep -f), once they are gone: polls every 100 ms
 * for up to `boundMs` (a killed process tree takes a moment to be reaped), then returns what is still
 * running, empty when nothing is.
 */
export async function processesLeftAfter(pattern: string, boundMs = 5000): Promise<string[]> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const result = await runCommandResult('pgrep', ['-af', pattern]);
    const left = result.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
