/**
 * Where git will really send a command for a remote, worked out from the config git reads, as git's
 * remote.c does it: the remote's `url` entries in config order (the first one fetches, every one is
 * pushed to) and its `pushurl` entries, rewritten by the longest matching `url.<base>.insteadOf`
 * (and `pushInsteadOf` for pushes). Names the entries that send git elsewhere than planned. Pure: no I/O.
 */

export interface ConfigEntry {
  /** `system`, `global`, `local`, `worktree` or `command`, as `git config --show-scope` prints it. */
  scope: string;
  /** `file:<path>`, `command line:`, … as `git config --show-origin` prints it. */
  origin: string;
  /** Section and name lower-cased, the subsection as written (`url.https://Host/.insteadof`). */
  key: string;
  /** Undefined for a key written without `=` (a boolean true). */
  value: string | undefined;
}

/** Reads `git config --list --show-scope --show-origin -z`: `scope NUL origin NUL key LF value NUL`. */
export function parseConfigListing(text: string): ConfigEntry[] {
  const fields = text.split('\0');
  const entries: ConfigEntry[] = [];
  for (let index = 0; index + 2 < fields.length; index += 3) {
    const [scope = '', origin = '', keyAndValue = ''] = fields.slice(index, index + 3);
    const newline = keyAndValue.indexOf('\n');
    entries.push(
      newline === -1
        ? { scope, origin, key: keyAndValue, value: undefined }
        : { scope, origin, key: keyAndValue.slice(0, newline), value: keyAndValue.slice(newline + 1) },
    );
  }
  return entries;
}

interface Rewrite {
  base: string;
  prefix: string;
  entry: ConfigEntry;
}

/** The `url.<base>.<kind>` entries grouped by base, bases in the order first seen (git's table order). */
function rewriteTable(entries: readonly ConfigEntry[], kind: 'insteadof' | 'pushinsteadof'): Rewrite[] {
  const suffix = `.${kind}`;
  const byBase = new Map<string, Rewrite[]>();
  for (const entry of entries) {
    if (!entry.key.startsWith('url.') || !entry.key.endsWith(suffix) || entry.value === undefined) continue;
    const base = entry.key.slice('url.'.length, -suffix.length);
    const group = byBase.get(base) ?? [];
    group.push({ base, prefix: entry.value, entry });
    byBase.set(base, group);
  }
  return [...byBase.values()].flat();
}

/** git's alias_url: the longest matching prefix wins; among equally long ones, the first in the table. */
function rewritten(url: string, table: readonly Rewrite[]): { url: string; by?: ConfigEntry } {
  let longest: Rewrite | undefined;
  for (const rewrite of table) {
    if (
      url.startsWith(rewrite.prefix) &&
      (longest === undefined || longest.prefix.length < rewrite.prefix.length)
    )
      longest = rewrite;
  }
  if (longest === undefined) return { url };
  return { url: longest.base + url.slice(longest.prefix.length), by: longest.entry };
}

interface RemoteUrl {
  value: string;
  /** The entry that gave it; undefined for the URL `git clone` itself writes into the new clone. */
  entry?: ConfigEntry;
}

export interface Diversion {
  operation: 'fetch' | 'push';
  /** Where git would go instead of the planned URL. */
  url: string;
  /** The config entries that make it go there. */
  because: ConfigEntry[];
}

export interface RemoteUrlQuestion {
  remote: string;
  plannedUrl: string;
  /** `git clone` is about to write `remote.<remote>.url = plannedUrl` into the new clone's own config. */
  cloneWritesUrl: boolean;
  /** Pushes matter too (persist-credentials lets later steps push). */
  push: boolean;
}

/** Every way git would fetch from, or push to, another URL than the planned one; empty when none. */
export function remoteUrlDiversions(
  entries: readonly ConfigEntry[],
  question: RemoteUrlQuestion,
): Diversion[] {
  const { plannedUrl } = question;
  const own = (name: string): RemoteUrl[] =>
    entries
      .filter((entry) => entry.key === `remote.${question.remote}.${name}` && entry.value !== undefined)
      .map((entry) => ({ value: entry.value ?? '', entry }));
  const urls = own('url');
  if (question.cloneWritesUrl) {
    // The new clone's config is read after system and global config and before command-scoped config.
    const at = urls.findIndex(({ entry }) => entry?.scope === 'command');
    urls.splice(at === -1 ? urls.length : at, 0, { value: plannedUrl });
  }
  const insteadOf = rewriteTable(entries, 'insteadof');
  const diversions: Diversion[] = [];
  const add = (operation: Diversion['operation'], from: RemoteUrl, to: { url: string; by?: ConfigEntry }) => {
    if (to.url === plannedUrl) return;
    if (diversions.some((d) => d.operation === operation && d.url === to.url)) return;
    const because = [from.value !== plannedUrl ? from.entry : undefined, to.by];
    diversions.push({
      operation,
      url: to.url,
      because: because.filter((entry): entry is ConfigEntry => entry !== undefined),
    });
  };

  const [fetchUrl] = urls;
  if (fetchUrl !== undefined) add('fetch', fetchUrl, rewritten(fetchUrl.value, insteadOf));
  if (!question.push) return diversions;

  const pushUrls = own('pushurl');
  if (pushUrls.length > 0) {
    for (const pushUrl of pushUrls) add('push', pushUrl, rewritten(pushUrl.value, insteadOf));
    return diversions;
  }
  const pushInsteadOf = rewriteTable(entries, 'pushinsteadof');
  const pushAliases = urls
    .map((url) => ({ url, to: rewritten(url.value, pushInsteadOf) }))
    .filter(({ to }) => to.by !== undefined);
  if (pushAliases.length > 0) {
    for (const { url, to } of pushAliases) add('push', url, to);
  } else {
    for (const url of urls) add('push', url, rewritten(url.value, insteadOf));
  }
  return diversions;
}

/** `https://user:secret@host/…` → `https://***@host/…`: a URL in someone's config may carry a token. */
export function withoutUserinfo(text: string): string {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@\s]*@/g, '$1***@');
}

function describeEntry(entry: ConfigEntry): string {
  const where = entry.origin.startsWith('file:') ? `, ${entry.origin.slice('file:'.length)}` : '';
  const value = entry.value === undefined ? '' : ` = ${entry.value}`;
  return withoutUserinfo(`${entry.key}${value} (${entry.scope} config${where})`);
}

function fixFor(entry: ConfigEntry): string {
  if (entry.origin.startsWith('file:')) {
    return withoutUserinfo(
      `git config --file '${entry.origin.slice('file:'.length)}' --unset-all '${entry.key}'`,
    );
  }
  return `remove ${withoutUserinfo(entry.key)} from where it is given (${entry.origin})`;
}

/** The error for a command that was not run: what git would do, which entries say so, how to fix. */
export function diversionMessage(what: string, plannedUrl: string, diversions: readonly Diversion[]): string {
  const lines = diversions.map((diversion) => {
    const because = diversion.because.map((entry) => `\n    ${describeEntry(entry)}`).join('');
    return `  git would ${diversion.operation === 'fetch' ? 'fetch from' : 'push to'} ${withoutUserinfo(diversion.url)}, because of:${because}`;
  });
  const entries = [...new Set(diversions.flatMap((diversion) => diversion.because))];
  const fixes = [...new Set(entries.map(fixFor))].map((fix) => `\n  ${fix}`).join('');
  return (
    `${what}: the runner's git config sends ${withoutUserinfo(plannedUrl)} elsewhere.\n${lines.join('\n')}\n` +
    'The CodeCommit credentials are signed for that URL and are never sent anywhere else, so git was not ' +
    'started. Remove the entries (or run the job with a HOME and GIT_CONFIG_GLOBAL of its own):' +
    fixes
  );
}
