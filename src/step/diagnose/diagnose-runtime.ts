import type { StepRuntime } from '../step-runtime.js';

/**
 * What diagnose needs from the world: what a clone step needs, without the state it never writes and
 * the persistence it never uses.
 */
export type DiagnoseRuntime = Omit<StepRuntime, 'state' | 'persistence'>;
