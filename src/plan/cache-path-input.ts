/** The `cache-path` input: where this host keeps its shared mirrors. Pure. */
import { EXAMPLES } from './input-text.js';
import { InputError } from './plan.js';
import type { OsFamily } from '../platform/os-family.js';
import {
  isPathInside,
  isSamePath,
  pathFlavour,
  windowsNameProblem,
  workspaceRoot,
} from '../platform/workspace-path.js';

/**
 * `cache-path`: an absolute folder of the runner's system (the runner expands `${{ runner.tool_cache }}`;
 * nothing is expanded here), outside the workspace and so outside every clone target.
 */
export function parseCachePath(text: string, workspaceInput: string, family: OsFamily): string | undefined {
  if (text === '') return undefined;
  const flavour = pathFlavour(family);
  const problem = family === 'windows' ? windowsNameProblem(text) : undefined;
  if (problem !== undefined)
    throw new InputError('cache-path', `'${text}' ${problem}`, EXAMPLES['cache-path']);
  const root = workspaceRoot(family, text);
  if (root === undefined || !flavour.isAbsolute(text)) {
    throw new InputError(
      'cache-path',
      `'${text}' is not an absolute path (nothing is expanded: no ~, no $VARIABLE)`,
      EXAMPLES['cache-path'],
    );
  }
  const workspace = workspaceRoot(family, workspaceInput);
  if (
    workspace !== undefined &&
    (isSamePath(family, workspace, root) || isPathInside(family, workspace, root))
  ) {
    throw new InputError(
      'cache-path',
      `'${text}' is inside the workspace ${workspace}, which a job may empty; the cache must be a folder of the host outside it`,
      EXAMPLES['cache-path'],
    );
  }
  return root;
}
