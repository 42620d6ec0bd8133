/**
 * The environment of one git process. Credentials and per-command settings travel as command-scoped
 * config (GIT_CONFIG_COUNT/KEY/VALUE), so they never appear in argv, a URL or a config file.
 */

export type GitConfigEntry = readonly [key: string, value: string];

/**
 * Variables dropped from the inherited environment: they could prompt, or inject helpers or headers;
 * and AWS credentials, which git has no use for once the password is signed.
 */
const INHERITED_BY_GIT_CHILDREN_DROPPED = [
  /^(GIT|SSH)_ASKPASS$/,
  // Would let anything that answers TLS for the host read the header.
  /^GIT_SSL_NO_VERIFY$/,
  /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN)$/,
];

/** And for the action's own git, command-scoped config it did not write itself. */
const INHERITED_VARIABLES_DROPPED = [
  /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)$/,
  ...INHERITED_BY_GIT_CHILDREN_DROPPED,
];

export interface NetworkSettings {
  /**
   * The repository URL the command contacts (`https://host[:port]/v1/repos/<name>`), exactly as planned:
   * the header and the other per-URL settings are scoped to it.
   */
  url: string;
  /** `Authorization: Basic …` for this command, or absent for a command that needs no credentials. */
  authorizationHeader?: string;
  /** A transfer slower than 1 KiB/s for this long is abandoned by git itself. */
  stallSeconds: number;
}

/**
 * `http.<url>.<name>`: git applies it only to requests for that URL (and paths below it), and among
 * `http.<url>.*` entries the most specific URL match wins. The full repository URL is the most specific
 * match there is, so only an entry for the very same URL ties with ours, and ours, read last (command
 * scope), comes after it.
 */
export function urlScopedKey(url: string, name: string): string {
  if (/[\s"\\]/.test(url)) throw new Error(`unexpected characters in the repository URL ${url}`);
  return `http.${url}.${name}`;
}

/**
 * The one place the signed header's settings are written, for a git command that talks to CodeCommit.
 * The Authorization header is scoped to the planned URL: should git be sent elsewhere (a
 * `url.<base>.insteadOf` of the runner's config, a redirect), the header does not go along.
 */
export function signedUrlConfig(url: string, authorizationHeader?: string): GitConfigEntry[] {
  const headerKey = urlScopedKey(url, 'extraHeader');
  const entries: GitConfigEntry[] = [
    // An empty value resets the list: no system or global helper, header or askpass can interfere.
    ['credential.helper', ''],
    ['core.askPass', ''],
    ['http.extraHeader', ''],
    // Resets headers given for this very URL in other config (a plain reset loses to those).
    [headerKey, ''],
    // Never carry the header to wherever an answer redirects, or to a server whose certificate is not checked.
    [urlScopedKey(url, 'followRedirects'), 'false'],
    [urlScopedKey(url, 'sslVerify'), 'true'],
  ];
  if (authorizationHeader !== undefined) entries.push([headerKey, authorizationHeader]);
  return entries;
}

/**
 * A transfer slower than 1 KiB/s for `stallSeconds` is abandoned by git itself (curl's low-speed
 * bound); given a URL, also for that URL, where it beats a runner's own `http.<url>.lowSpeed*`.
 */
export function stallConfig(stallSeconds: number, url?: string): GitConfigEntry[] {
  const entries: GitConfigEntry[] = [
    ['http.lowSpeedLimit', '1024'],
    ['http.lowSpeedTime', String(stallSeconds)],
  ];
  if (url !== undefined) {
    entries.push(
      [urlScopedKey(url, 'lowSpeedLimit'), '1024'],
      [urlScopedKey(url, 'lowSpeedTime'), String(stallSeconds)],
    );
  }
  return entries;
}

/** The signed URL's settings and the stall bound, the header (when given) last. */
export function networkConfig(settings: NetworkSettings): GitConfigEntry[] {
  const signed = signedUrlConfig(settings.url, settings.authorizationHeader);
  const header = settings.authorizationHeader !== undefined ? signed.splice(-1) : [];
  return [...signed, ...stallConfig(settings.stallSeconds, settings.url), ...header];
}

/**
 * Variables that tell git which repository, work tree, index or object store to use (git lists them:
 * `git rev-parse --local-env-vars`), and GIT_NAMESPACE, which narrows the refs it sees. A job may have
 * exported them for its own scripts; the action's own git must work on the target it was given, and
 * never write into the repository they name.
 */
const REPOSITORY_VARIABLES: readonly string[] = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_REPLACE_REF_BASE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_GRAFT_FILE',
  'GIT_CONFIG',
];

/** The repository-locating variables set in `env` (even to ''): the action's own git runs without them. */
export function repositoryVariablesIn(env: Readonly<Record<string, string | undefined>>): string[] {
  return REPOSITORY_VARIABLES.filter((name) => env[name] !== undefined);
}

/** The log line naming the repository-locating variables the job set, or undefined when it set none. */
export function ignoredRepositoryVariablesNote(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const set = repositoryVariablesIn(env);
  if (set.length === 0) return undefined;
  return (
    `The job sets ${set.join(', ')}: the action's own git runs without ${set.length === 1 ? 'it' : 'them'}, ` +
    'so it works only on its targets and leaves the repository they name untouched (later steps still see them).'
  );
}

/**
 * The environment of every git process the action starts itself: the inherited one cleaned (nothing
 * that prompts, injects credentials or points at another repository), plus the given command-scoped
 * config and a never-prompting git.
 */
export function gitProcessEnvironment(
  inherited: Readonly<Record<string, string | undefined>>,
  config: readonly GitConfigEntry[],
): Record<string, string> {
  const env = kept(
    inherited,
    (name) =>
      INHERITED_VARIABLES_DROPPED.some((pattern) => pattern.test(name)) ||
      REPOSITORY_VARIABLES.includes(name),
  );
  env.GIT_TRACE_REDACT = '1';
  return withCommandScopedConfig(env, config);
}

/**
 * The environment of a git that a program started by git runs (git-remote-codecommit's
 * `git remote-https`): git's own variables kept — the repository it works in, the command-scoped config
 * it was given, to which `config` is added — and only what could prompt, skip the certificate check or
 * carry AWS credentials dropped.
 */
export function gitChildEnvironment(
  inherited: Readonly<Record<string, string | undefined>>,
  config: readonly GitConfigEntry[],
): Record<string, string> {
  const env = kept(inherited, (name) =>
    INHERITED_BY_GIT_CHILDREN_DROPPED.some((pattern) => pattern.test(name)),
  );
  return withCommandScopedConfig(env, config);
}

/** The set variables of `inherited` that `dropped` does not name, and a git that never prompts. */
function kept(
  inherited: Readonly<Record<string, string | undefined>>,
  dropped: (name: string) => boolean,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && !dropped(name)) env[name] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}

/**
 * `env` with `entries` added after any command-scoped config it already carries
 * (GIT_CONFIG_COUNT/KEY_n/VALUE_n): later entries win, and an empty value resets a list.
 */
export function withCommandScopedConfig<Env extends Record<string, string | undefined>>(
  env: Env,
  entries: readonly GitConfigEntry[],
): Env {
  const count = Number(env.GIT_CONFIG_COUNT ?? '0');
  const start = Number.isInteger(count) && count >= 0 ? count : 0;
  const next: Record<string, string | undefined> = {
    ...env,
    GIT_CONFIG_COUNT: String(start + entries.length),
  };
  entries.forEach(([key, value], index) => {
    next[`GIT_CONFIG_KEY_${start + index}`] = key;
    next[`GIT_CONFIG_VALUE_${start + index}`] = value;
  });
  // Only string values were added to a copy of `env`.
  return next as Env;
}
