import type { ServerCapabilities } from '../../../src/git/server-capabilities.js';
import { CAPABILITIES_CHECK, capabilityRow } from '../../../src/step/diagnose/server-checks.js';

const HOST = 'git-codecommit.eu-west-1.amazonaws.com';
const FULL: ServerCapabilities = {
  protocol: 'v2',
  filter: true,
  shallow: true,
  commitBySha: 'any',
  commitByShaCapability: 'fetch',
  agent: 'git/2.39.5',
};

describe('the capability row of a git endpoint', () => {
  it('is informational: ok, whatever the server supports, with the host as its subject', () => {
    for (const capabilities of [
      FULL,
      { ...FULL, filter: false },
      { protocol: 'v0', filter: false, shallow: false, commitBySha: 'tips' } as const,
    ]) {
      const row = capabilityRow(HOST, 'my-service', capabilities, 12);
      expect(row).toMatchObject({ check: CAPABILITIES_CHECK, subject: HOST, status: 'ok', milliseconds: 12 });
      expect(row.check).not.toContain(':');
    }
  });

  it('says what a v2 server with filter answered, and that filter, fetch-depth and a ref by SHA work', () => {
    const row = capabilityRow(HOST, 'my-service', FULL, 12);
    expect(row.found).toBe(
      'protocol v2, git/2.39.5; filter: advertised (partial clone); shallow: advertised; ' +
        'a commit no ref points at: served by SHA (fetch); ' +
        'read from the capability advertisement of git ls-remote of my-service (no pack downloaded)',
    );
    expect(row.fix).toContain("'filter' (e.g. blob:none) makes a partial clone");
    expect(row.fix).toContain("'fetch-depth' makes a shallow clone.");
    expect(row.fix).toContain(
      "A 'ref' by SHA is fetched by itself, even a commit no branch or tag points at.",
    );
  });

  it('says a server without filter downloads every blob, and that fetch-depth is what downloads less', () => {
    const row = capabilityRow(HOST, 'my-service', { ...FULL, filter: false }, 12);
    expect(row.found).toContain('filter: not advertised');
    expect(row.fix).toContain(
      '\'filter\' is not honoured: git says "filtering not recognized by server, ignoring" and downloads the full history of blobs',
    );
    expect(row.fix).toContain("'fetch-depth' makes a shallow clone, which is what downloads less here.");
  });

  it('says a v0 server serving tips only: protocol, no commit by SHA, what the step does instead', () => {
    const row = capabilityRow(
      HOST,
      'my-service',
      { protocol: 'v0', filter: false, shallow: true, commitBySha: 'tips', agent: 'git/2.39.5' },
      12,
    );
    expect(row.found).toMatch(/^protocol v0 \(v2 was asked for\), git\/2\.39\.5; /);
    expect(row.found).toContain(
      'a commit no ref points at: not served (neither allow-reachable-sha1-in-want nor allow-tip-sha1-in-want)',
    );
    expect(row.fix).toContain(
      "A 'ref' by SHA that is no branch or tag tip is not served by itself: the step then fetches every branch and tag in full",
    );
  });

  it('says allow-tip-sha1-in-want serves only hidden tips, and a server without shallow fails fetch-depth', () => {
    const row = capabilityRow(
      HOST,
      'my-service',
      {
        protocol: 'v0',
        filter: true,
        shallow: false,
        commitBySha: 'hidden-tips',
        commitByShaCapability: 'allow-tip-sha1-in-want',
      },
      3,
    );
    expect(row.found).toContain('not served (allow-tip-sha1-in-want serves only the tips of hidden refs)');
    expect(row.fix).toContain("'fetch-depth' above 0 fails");
    expect(row.fix).not.toContain('downloads less here');
  });
});
