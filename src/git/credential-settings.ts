import type { RepositoryGit } from './repository-git.js';

/** Config keys that hand git credentials: helpers, their settings, and extra headers, at any URL. */
const CREDENTIAL_KEY = /^(credential(\..*)?\.[a-z]+|http(\..*)?\.extraheader)$/is;

/**
 * Unsets every credential-related key of one repository's own config (the target's, or the config file
 * given: a submodule's); returns the keys, never their values.
 */
export async function removeCredentialSettings(git: RepositoryGit, configFile?: string): Promise<string[]> {
  const scope = configFile !== undefined ? [`--file=${configFile}`] : ['--local'];
  const { stdout } = await git.local(['config', ...scope, '--null', '--list']);
  const keys = new Set<string>();
  for (const entry of stdout.split('\0')) {
    const key = entry.split('\n', 1)[0] ?? '';
    if (CREDENTIAL_KEY.test(key)) keys.add(key);
  }
  for (const key of keys) await git.local(['config', ...scope, '--unset-all', key]);
  return [...keys].sort();
}
