/**
 * Keeping the persisted session readable by the current user only. POSIX: modes (a 0700 folder, 0600
 * files). Windows ignores modes: the folder gets an ACL, as `icacls` sets it, that grants the current
 * user (by SID, which also names service accounts such as NETWORK SERVICE) full control, inherited by what
 * is created inside, and drops every inherited entry; each file then gets the same ACL of its own.
 */
import { execFile } from 'node:child_process';
import { chmod } from 'node:fs/promises';
import type { OsFamily } from './os-family.js';

export interface PrivateFiles {
  /** Mode for `mkdir`/`writeFile` of a private folder or an executable file (ignored on Windows). */
  readonly directoryMode: number;
  /** Mode for `writeFile` of a private file (ignored on Windows). */
  readonly fileMode: number;
  /** Restricts a new, still empty folder to the current user, before anything secret goes in. */
  protectDirectory(directory: string): Promise<void>;
  /** Restricts a file just written in a protected folder to the current user. */
  protectFile(file: string): Promise<void>;
}

/** What protection runs on the system: injectable so that tests can check the exact commands. */
export interface PrivateFilesSystem {
  chmod(target: string, mode: number): Promise<void>;
  /** Runs a program (no shell), bounded by `timeoutMs`; resolves with its stdout, rejects on failure. */
  run(file: string, args: readonly string[], timeoutMs: number): Promise<string>;
}

export const PROTECT_TIMEOUT_MS = 30_000;

const hostSystem: PrivateFilesSystem = {
  chmod: (target, mode) => chmod(target, mode),
  run: (file, args, timeoutMs) =>
    new Promise((resolve, reject) => {
      execFile(
        file,
        [...args],
        { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error === null) resolve(stdout);
          else reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
        },
      );
    }),
};

/** The SID in `whoami /user /fo csv /nh` output: `"nt authority\network service","S-1-5-20"`. */
export function sidOfWhoamiOutput(output: string): string {
  const sid = /"(S-1-[0-9]+(?:-[0-9]+)+)"/.exec(output)?.[1];
  if (sid === undefined)
    throw new Error(`could not read the current user's SID from whoami: ${output.trim()}`);
  return sid;
}

export function privateFiles(family: OsFamily, system: PrivateFilesSystem = hostSystem): PrivateFiles {
  if (family === 'posix') {
    return {
      directoryMode: 0o700,
      fileMode: 0o600,
      protectDirectory: (directory) => system.chmod(directory, 0o700),
      protectFile: (file) => system.chmod(file, 0o600),
    };
  }
  let sid: Promise<string> | undefined;
  const currentUserSid = (): Promise<string> =>
    (sid ??= system
      .run('whoami', ['/user', '/fo', 'csv', '/nh'], PROTECT_TIMEOUT_MS)
      .then(sidOfWhoamiOutput));
  const restrict = async (target: string, rights: string): Promise<void> => {
    try {
      const grant = `*${await currentUserSid()}:${rights}`;
      await system.run('icacls', [target, '/inheritance:r', '/grant:r', grant], PROTECT_TIMEOUT_MS);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
      throw new Error(
        `Could not make ${target} readable by the current user only: ${reason}. ` +
          'The session is kept only where no other user can read it, so it was not written; ' +
          'whoami and icacls (in C:\\Windows\\System32) must be on PATH.',
      );
    }
  };
  return {
    directoryMode: 0o700,
    fileMode: 0o600,
    // (OI)(CI): inherited by files and folders created inside; F: full control.
    protectDirectory: (directory) => restrict(directory, '(OI)(CI)F'),
    protectFile: (file) => restrict(file, 'F'),
  };
}
