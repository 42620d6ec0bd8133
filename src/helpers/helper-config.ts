/**
 * The clone-local config that makes git ask the bundled credential helper, scoped to the clone's own
 * CodeCommit URL. The helper's command line holds only paths (never a secret), each quoted for the shell
 * git runs `!` helpers with. Pure: no I/O.
 */
import type { GitConfigEntry } from '../git/git-environment.js';

/** Single-quotes a word for sh: nothing inside is interpreted. */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a path cannot contain NUL');
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `!'<node>' '<helper.js>' '<credentials file>'`: git appends the operation (get/store/erase). */
export function helperCommand(nodePath: string, helperScript: string, credentialsFile: string): string {
  for (const word of [nodePath, helperScript, credentialsFile]) {
    if (/[\r\n]/.test(word)) throw new Error('a helper path cannot contain a line break');
  }
  return `!${[nodePath, helperScript, credentialsFile].map(shellQuote).join(' ')}`;
}

/**
 * The entries, in order, for `credential.<cloneUrl>`: an empty helper first (drops helpers from the
 * system and global config for this URL), then ours; useHttpPath so git sends the repository path. An
 * empty `http.<cloneUrl>.extraHeader` drops headers from other config for this URL: an Authorization
 * header there would be refused before git ever asked the helper.
 */
export function credentialHelperEntries(cloneUrl: string, command: string): GitConfigEntry[] {
  if (/[\s"\\]/.test(cloneUrl)) throw new Error(`unexpected characters in the clone URL ${cloneUrl}`);
  return [
    [`credential.${cloneUrl}.helper`, ''],
    [`credential.${cloneUrl}.helper`, command],
    [`credential.${cloneUrl}.useHttpPath`, 'true'],
    [`http.${cloneUrl}.extraHeader`, ''],
  ];
}

/** The keys the post step unsets (each with --unset-all). */
export function credentialHelperKeys(cloneUrl: string): string[] {
  return [
    `credential.${cloneUrl}.helper`,
    `credential.${cloneUrl}.useHttpPath`,
    `http.${cloneUrl}.extraHeader`,
  ];
}

/** The `git-remote-codecommit` program later steps find on PATH: a sh script with paths only. */
export function remoteShim(nodePath: string, remoteScript: string, credentialsFile: string): string {
  for (const word of [nodePath, remoteScript, credentialsFile]) {
    if (/[\r\n]/.test(word)) throw new Error('a path cannot contain a line break');
  }
  return (
    '#!/bin/sh\n' +
    '# Written by codecommit-xaccount-clone (persist-credentials); removed by its post step.\n' +
    `exec ${shellQuote(nodePath)} ${shellQuote(remoteScript)} --credentials-file ${shellQuote(credentialsFile)} "$@"\n`
  );
}
