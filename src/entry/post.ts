import { runPostStep } from '../step/post-step.js';
import { actionsStateStore } from '../runtime/actions-runtime.js';
import { info, warning } from '../runtime/runner-protocol.js';

try {
  for (const line of await runPostStep(actionsStateStore)) info(line);
} catch (error) {
  warning(`Cleanup was not complete: ${error instanceof Error ? error.message : String(error)}`);
}
