import { removePersistedConfig, removePersistedDirectory } from '../../helpers/remove-persisted.js';
import { readRecordedPersistence, type RecordedPersistence } from '../../core/persist-state.js';
import { isGitProcessGroupLeader } from '../../git/git-process-identity.js';
import { stopGitProcessTree } from '../../git/git-process.js';
import { GitProcessRegistry } from '../../git/git-process-registry.js';
import { readRecordedGitProcesses } from '../../core/git-process-state.js';
import { removeCloneTarget, removeEmptyDirectories } from '../../workspace/clone-target.js';
import { readRecordedStep, type RecordedStep, type StateStore } from '../../core/step-state.js';
import { messageOf } from '../../core/text.js';

/**
 * Some cleanups failed; every other one was still attempted. `done` says what was done, `failures` what
 * could not be, one line each.
 */
export class CleanupIncompleteError extends Error {
  constructor(
    readonly done: string[],
    readonly failures: string[],
  ) {
    super(`Cleanup was not complete (${failures.length} of its parts failed):\n- ${failures.join('\n- ')}`);
    this.name = 'CleanupIncompleteError';
  }
}

/**
 * Undoes what main recorded and did not finish, every part attempted whatever failed before it: the
 * persisted session (the file holding the credentials) first, then the helper config in the clones; a
 * clone still running when main was stopped (cancelled, killed) is removed, and so are parent folders
 * main created that are left empty. A finished clone belongs to the user; one main already removed is
 * left alone. Safe to run any number of times. Returns what it did, one line each; when any part failed,
 * throws a CleanupIncompleteError naming every failure (and what was done).
 */
export async function runPostStep(
  state: StateStore,
  env: Readonly<Record<string, string | undefined>> = process.env,
  processes: GitProcessRegistry = new GitProcessRegistry(),
): Promise<string[]> {
  const lines: string[] = [];
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      failures.push(`${what}: ${messageOf(error)}`);
    }
  };

  let persisted: RecordedPersistence = { configs: [] };
  await attempt('reading what persist-credentials recorded', async () => {
    persisted = readRecordedPersistence(state);
  });
  const { directory } = persisted;
  if (directory !== undefined) {
    await attempt(`removing the persisted session in ${directory}`, async () => {
      if (await removePersistedDirectory(directory))
        lines.push(`Removed the persisted session and git-remote-codecommit (${directory}).`);
    });
  }
  for (const config of persisted.configs) {
    await attempt(`removing the credential helper from ${config.clonePath}`, async () => {
      if (await removePersistedConfig(config, env, processes))
        lines.push(`Removed the credential helper from ${config.clonePath}.`);
    });
  }

  // git that a hard-killed main left running is stopped before its folder is removed.
  let gitPids: number[] = [];
  await attempt('reading the git processes the main step recorded', async () => {
    gitPids = readRecordedGitProcesses(state);
  });
  for (const pid of gitPids) {
    if (!isGitProcessGroupLeader(pid)) continue;
    await attempt(`stopping git (pid ${pid})`, async () => {
      stopGitProcessTree(pid);
      await stopped(pid);
      lines.push(`Stopped git (pid ${pid}) and its children, which the killed main step left running.`);
    });
  }

  let recorded: RecordedStep = { createdParents: [], clones: [] };
  await attempt('reading what the main step recorded', async () => {
    recorded = readRecordedStep(state);
  });
  for (const clone of recorded.clones) {
    if (clone.outcome === 'finished') {
      lines.push(`Kept the clone in ${clone.clonePath}.`);
    } else if (clone.outcome === 'running') {
      await attempt(`removing the partial clone in ${clone.clonePath}`, async () => {
        await removeCloneTarget({
          path: clone.clonePath,
          ...(clone.createdRoot !== undefined ? { createdRoot: clone.createdRoot } : {}),
        });
        lines.push(`Removed the partial clone the interrupted main step left in ${clone.clonePath}.`);
      });
    }
  }
  for (const parent of recorded.createdParents) {
    await attempt(`removing ${parent}, which the main step created`, async () => {
      if (await removeEmptyDirectories(parent))
        lines.push(`Removed ${parent}, which the main step created and left empty.`);
    });
  }

  if (failures.length > 0) throw new CleanupIncompleteError(lines, failures);
  const madeNothing =
    recorded.clones.length === 0 &&
    recorded.createdParents.length === 0 &&
    persisted.configs.length === 0 &&
    persisted.directory === undefined;
  if (madeNothing) return ['Nothing to clean up: the main step made nothing.'];
  if (lines.length === 0) lines.push('Nothing to clean up: the main step already removed what it made.');
  return lines;
}

/** A stopped git is gone within moments; this bound only keeps post from waiting on a stuck one. */
const STOP_WAIT_MS = 5000;

async function stopped(pid: number): Promise<void> {
  for (let waited = 0; isGitProcessGroupLeader(pid); waited += 50) {
    if (waited >= STOP_WAIT_MS) throw new Error(`still running ${STOP_WAIT_MS / 1000} s after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
