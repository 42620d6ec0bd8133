/**
 * The two families of operating system the action tells apart: Windows, and the POSIX systems (Linux,
 * macOS). Everything that differs between them is an adapter in this folder that takes the family, so
 * that tests can run the Windows branch on Linux by passing 'windows'.
 */
export type OsFamily = 'posix' | 'windows';

export function osFamilyOf(platform: NodeJS.Platform): OsFamily {
  return platform === 'win32' ? 'windows' : 'posix';
}

/** The family of the system this process runs on. */
export const HOST_OS_FAMILY: OsFamily = osFamilyOf(process.platform);
