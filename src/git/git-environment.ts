/**
 * The environment of one git process. Credentials and per-command settings travel as command-scoped
 * config (GIT_CONFIG_COUNT/KEY/VALUE), so they never appear in argv, a URL or a config file.
 */

export type GitConfigEntry = readonly [key: string, value: string];

/**
 * Variables dropped from the inherited environment: they could prompt, or inject helpers or headers;
 * and AWS credentials, which git has no use for once the password is signed.
 */
const INHERITED_VARIABLES_DROPPED = [
  /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)$/,
  /^(GIT|SSH)_ASKPASS$/,
  // Would let anything that answers TLS for the host read the header.
  /^GIT_SSL_NO_VERIFY$/,
  /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN)$/,
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
 * Command-scoped config for a git command that talks to CodeCommit. The Authorization header is scoped
 * to the planned URL: should git be sent elsewhere (a `url.<base>.insteadOf` of the runner's config, a
 * redirect), the header does not go along.
 */
export function networkConfig(settings: NetworkSettings): GitConfigEntry[] {
  const headerKey = urlScopedKey(settings.url, 'extraHeader');
  const entries: GitConfigEntry[] = [
    // An empty value resets the list: no system or global helper, header or askpass can interfere.
    ['credential.helper', ''],
    ['core.askPass', ''],
    ['http.extraHeader', ''],
    // Resets headers given for this very URL in other config (a plain reset loses to those).
    [headerKey, ''],
    // Never carry the header to wherever an answer redirects, or to a server whose certificate is not checked.
    [urlScopedKey(settings.url, 'followRedirects'), 'false'],
    [urlScopedKey(settings.url, 'sslVerify'), 'true'],
    ['http.lowSpeedLimit', '1024'],
    ['http.lowSpeedTime', String(settings.stallSeconds)],
    [urlScopedKey(settings.url, 'lowSpeedLimit'), '1024'],
    [urlScopedKey(settings.url, 'lowSpeedTime'), String(settings.stallSeconds)],
  ];
  if (settings.authorizationHeader !== undefined) {
    entries.push([headerKey, settings.authorizationHeader]);
  }
  return entries;
}

/** The inherited environment, cleaned, plus the given command-scoped config and a never-prompting git. */
export function gitProcessEnvironment(
  inherited: Readonly<Record<string, string | undefined>>,
  config: readonly GitConfigEntry[],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value === undefined) continue;
    if (INHERITED_VARIABLES_DROPPED.some((pattern) => pattern.test(name))) continue;
    env[name] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_TRACE_REDACT = '1';
  return withCommandScopedConfig(env, config);
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
