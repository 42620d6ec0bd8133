import * as core from '@actions/core';
import { runPostStep } from './post-step.js';
import { actionsStateStore } from './runtime/actions-runtime.js';

try {
  for (const line of await runPostStep(actionsStateStore)) core.info(line);
} catch (error) {
  core.warning(`Cleanup was not complete: ${error instanceof Error ? error.message : String(error)}`);
}
