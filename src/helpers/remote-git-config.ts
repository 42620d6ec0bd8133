/**
 * The `codecommit.*` keys of git's config as the git that started git-remote-codecommit sees them: the
 * repository's own config, the global and system files, and `git -c` of the command (git passes its
 * variables on); and git's proxy settings (`http.proxy`, `http.<url>.proxy`). One `git config` process,
 * stopped when it has not answered within its bound.
 */
import { spawn } from 'node:child_process';

/** How long `git config` may take: it reads local files only, so this ends only a stuck file system. */
export const GIT_CONFIG_BOUND_SECONDS = 10;

/**
 * `git config --null --get-regexp` output (`<key>\n<value>\0` per entry; a key without value has no
 * newline) as a map of lower-cased keys to their last value, as git's own last-one-wins reads them.
 */
export function parseConfigListing(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const record of text.split('\0')) {
    if (record === '') continue;
    const newline = record.indexOf('\n');
    const key = (newline === -1 ? record : record.slice(0, newline)).toLowerCase();
    entries.set(key, newline === -1 ? 'true' : record.slice(newline + 1));
  }
  return entries;
}

export async function readRemoteGitConfig(
  env: Readonly<Record<string, string | undefined>>,
  boundSeconds = GIT_CONFIG_BOUND_SECONDS,
): Promise<Map<string, string>> {
  const { code, stdout, stderr, timedOut } = await new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
  }>((resolve, reject) => {
    const child = spawn('git', ['config', '--null', '--get-regexp', '^codecommit\\.|^http\\..*proxy$'], {
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      child.kill('SIGKILL');
    }, boundSeconds * 1000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run git config: ${error.message}`));
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({
        code: exitCode,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut: expired,
      });
    });
  });
  if (timedOut) {
    throw new Error(`git config did not answer within ${boundSeconds} s (reading the codecommit.* keys)`);
  }
  // 1: no key matched.
  if (code === 1 && stdout === '') return new Map();
  if (code !== 0) throw new Error(`git config exited with ${code ?? 'a signal'}: ${stderr.trim()}`);
  return parseConfigListing(stdout);
}
