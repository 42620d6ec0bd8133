import { CleanupIncompleteError, runPostStep } from '../step/post/post-step.js';
import { GitProcessRegistry } from '../git/git-process-registry.js';
import { actionsStateStore } from './adapters/actions-runtime.js';
import { info, warning } from './adapters/runner-protocol.js';

// The post step only ever warns: whatever fails here, the job does not fail because of it.
try {
  for (const line of await runPostStep(actionsStateStore, process.env, new GitProcessRegistry())) info(line);
} catch (error) {
  if (error instanceof CleanupIncompleteError) for (const line of error.done) info(line);
  warning(error instanceof Error ? error.message : `Cleanup was not complete: ${String(error)}`);
}
process.exitCode = 0;
