import { spawn } from 'node:child_process';

/**
 * `git remote-https <remote> <url>` in the place of git-remote-codecommit: git's own https remote
 * helper, speaking git's remote-helper protocol on the standard streams this program was given. Resolves
 * with its exit status; a git that cannot be started is said on stderr, status 1.
 */
export function runRemoteHttps(remote: string, url: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('git', ['remote-https', remote, url], { stdio: 'inherit', env, shell: false });
    child.on('error', (error) => {
      process.stderr.write(`git-remote-codecommit: could not start git: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}
