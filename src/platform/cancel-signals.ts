/**
 * The signals a runner stops a step with: SIGINT then SIGTERM on Linux and macOS; on Windows the runner
 * sends Ctrl-C and then Ctrl-Break, which Node delivers as SIGINT and SIGBREAK.
 */
import type { OsFamily } from './os-family.js';

export type CancelSignal = 'SIGINT' | 'SIGTERM' | 'SIGBREAK';

export function cancelSignals(family: OsFamily): CancelSignal[] {
  return family === 'windows' ? ['SIGINT', 'SIGTERM', 'SIGBREAK'] : ['SIGINT', 'SIGTERM'];
}

const SIGNAL_NUMBERS: Readonly<Record<CancelSignal, number>> = { SIGINT: 2, SIGTERM: 15, SIGBREAK: 21 };

/** The shell convention for a command stopped by a signal: 128 + its number (130, 143, 149). */
export function exitCodeForSignal(signal: CancelSignal): number {
  return 128 + SIGNAL_NUMBERS[signal];
}
