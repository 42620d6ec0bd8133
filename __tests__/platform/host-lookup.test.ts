import {
  boundedConnectLookup,
  lookupHost,
  lookupProcessesFor,
  readGetentOutput,
} from '../../src/platform/host-lookup.js';

describe('lookupHost', () => {
  it('answers an IP literal as itself, without a lookup', async () => {
    await expect(lookupHost('10.0.0.7', 1)).resolves.toEqual({ addresses: ['10.0.0.7'] });
  });

  it("resolves through the system's resolver, hosts file included (localhost)", async () => {
    const { addresses, error } = await lookupHost('localhost', 10);
    expect(error).toBeUndefined();
    expect(addresses).toContain('127.0.0.1');
  });

  it("gives the resolver's error code for a name that does not exist", async () => {
    const { addresses, error } = await lookupHost('no-such-name.invalid', 10);
    expect(addresses).toEqual([]);
    expect(error).toMatch(/^E[A-Z_]+$/);
  });

  it('gives up at the deadline with `timeout`, whatever the lookup process is doing', async () => {
    const started = Date.now();
    await expect(lookupHost('deadline.example.invalid', 0.001)).resolves.toEqual({
      addresses: [],
      error: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the lookup processes', () => {
  it('on Linux asks getent first and a node child only when getent finds nothing; elsewhere a node child', () => {
    expect(lookupProcessesFor('linux').map((lookup) => lookup.command)).toEqual(['getent', process.execPath]);
    expect(lookupProcessesFor('linux')[0]?.args('git.example')).toEqual(['ahosts', '--', 'git.example']);
    expect(lookupProcessesFor('win32').map((lookup) => lookup.command)).toEqual([process.execPath]);
    expect(lookupProcessesFor('darwin').map((lookup) => lookup.command)).toEqual([process.execPath]);
  });

  it("reads getent's lines (one per socket type) as distinct addresses in their order", () => {
    const output =
      '10.0.1.5        STREAM vpce-1.sts.eu-west-1.vpce.amazonaws.com\n' +
      '10.0.1.5        DGRAM  \n10.0.1.5        RAW    \n' +
      'fd00::5         STREAM \nfd00::5         DGRAM  \n10.0.2.9        STREAM \n';
    expect(readGetentOutput(output)).toEqual({ addresses: ['10.0.1.5', 'fd00::5', '10.0.2.9'] });
    expect(readGetentOutput('')).toEqual({ addresses: [], error: 'ENOTFOUND' });
  });
});

describe('boundedConnectLookup', () => {
  const lookup = boundedConnectLookup(10);
  const call = (hostname: string, options: { all?: boolean; family?: number }) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      lookup(hostname, options, (error, address, family) => resolve({ error, address, family })),
    );

  it('answers one address and its family, or all of them, as net.connect asks', async () => {
    await expect(call('10.1.2.3', {})).resolves.toEqual({ error: null, address: '10.1.2.3', family: 4 });
    await expect(call('10.1.2.3', { all: true })).resolves.toEqual({
      error: null,
      address: [{ address: '10.1.2.3', family: 4 }],
      family: undefined,
    });
  });

  it('fails with a getaddrinfo-like error when no address of the family asked for exists', async () => {
    const { error } = await call('10.1.2.3', { family: 6 });
    expect(error?.code).toBe('ENOTFOUND');
    expect(error?.syscall).toBe('getaddrinfo');
    const timedOut = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      boundedConnectLookup(0.001)('slow.example.invalid', {}, (e) => resolve(e)),
    );
    expect(timedOut?.code).toBe('ETIMEOUT');
    expect(timedOut?.message).toMatch(/slow\.example\.invalid got no answer within 0\.001 s/);
  });
});
