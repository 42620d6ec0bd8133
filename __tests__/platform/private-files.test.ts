import {
  privateFiles,
  PROTECT_TIMEOUT_MS,
  sidOfWhoamiOutput,
  type PrivateFilesSystem,
} from '../../src/platform/private-files.js';

const WHOAMI = '"nt authority\\network service","S-1-5-20"\r\n';

function fakeSystem(whoami = WHOAMI): PrivateFilesSystem & {
  runs: [string, readonly string[], number][];
  chmods: [string, number][];
} {
  const runs: [string, readonly string[], number][] = [];
  const chmods: [string, number][] = [];
  return {
    runs,
    chmods,
    chmod: async (target, mode) => void chmods.push([target, mode]),
    run: async (file, args, timeoutMs) => {
      runs.push([file, args, timeoutMs]);
      if (file === 'icacls' && args[0]?.includes('broken'))
        throw new Error('icacls failed: Access is denied.');
      return file === 'whoami' ? whoami : 'processed file: x\r\nSuccessfully processed 1 files';
    },
  };
}

describe('private files on Windows (ACLs, as icacls sets them)', () => {
  it('grants the current user by SID full control of the folder, inherited inside, and drops inherited entries', async () => {
    const system = fakeSystem();
    await privateFiles('windows', system).protectDirectory('C:\\a b\\_temp\\codecommit-session-x');
    expect(system.runs).toEqual([
      ['whoami', ['/user', '/fo', 'csv', '/nh'], PROTECT_TIMEOUT_MS],
      [
        'icacls',
        ['C:\\a b\\_temp\\codecommit-session-x', '/inheritance:r', '/grant:r', '*S-1-5-20:(OI)(CI)F'],
        PROTECT_TIMEOUT_MS,
      ],
    ]);
    expect(system.chmods).toEqual([]);
  });

  it('gives a file the same ACL of its own, asking whoami only once per step', async () => {
    const system = fakeSystem();
    const files = privateFiles('windows', system);
    await files.protectDirectory('C:\\t\\s');
    await files.protectFile('C:\\t\\s\\credentials.json');
    expect(system.runs.filter(([file]) => file === 'whoami')).toHaveLength(1);
    expect(system.runs.at(-1)).toEqual([
      'icacls',
      ['C:\\t\\s\\credentials.json', '/inheritance:r', '/grant:r', '*S-1-5-20:F'],
      PROTECT_TIMEOUT_MS,
    ]);
  });

  it('fails (so that no secret is written) when icacls fails', async () => {
    await expect(privateFiles('windows', fakeSystem()).protectDirectory('C:\\broken')).rejects.toThrow(
      /^Could not make C:\\broken readable by the current user only: icacls failed: Access is denied\. The session .* was not written/,
    );
  });

  it('fails when whoami names no SID', async () => {
    await expect(privateFiles('windows', fakeSystem('ERROR: x\r\n')).protectFile('C:\\f')).rejects.toThrow(
      /could not read the current user's SID/,
    );
  });

  it.each([
    [
      '"desktop-1\\runneradmin","S-1-5-21-3623811015-3361044348-30300820-1013"',
      'S-1-5-21-3623811015-3361044348-30300820-1013',
    ],
    ['"nt authority\\system","S-1-5-18"', 'S-1-5-18'],
  ])('reads the SID of %s', (output, sid) => {
    expect(sidOfWhoamiOutput(output)).toBe(sid);
  });
});

describe('private files on Linux and macOS (modes)', () => {
  it('makes the folder 0700 and the file 0600, running no program', async () => {
    const system = fakeSystem();
    const files = privateFiles('posix', system);
    await files.protectDirectory('/t/s');
    await files.protectFile('/t/s/credentials.json');
    expect(system.chmods).toEqual([
      ['/t/s', 0o700],
      ['/t/s/credentials.json', 0o600],
    ]);
    expect(system.runs).toEqual([]);
    expect([files.directoryMode, files.fileMode]).toEqual([0o700, 0o600]);
  });
});
