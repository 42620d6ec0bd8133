import { createServer, type Server } from 'node:net';

import { lookupEndpoints, probeAfterFailure } from '../../src/network/endpoint-reachability.js';
import { endpointForHostname, parseHttpsUrl } from '../../src/plan/endpoints.js';
import { parsePlan } from '../../src/plan/inputs.js';
import { INPUT_NAMES, type Plan, type RawInputs } from '../../src/plan/plan.js';
import { isolateEnvironment } from '../isolated-environment.js';

const VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
isolateEnvironment(VARIABLES);

/** A plan whose endpoints are all IP literals, so that no lookup goes to DNS. */
function planOf(overrides: Partial<RawInputs>): Plan {
  const empty = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
  return parsePlan(
    { ...empty, 'aws-region': 'eu-west-1', 'sts-endpoint': 'https://10.0.0.10:8443', ...overrides },
    { workspace: '/home/runner/work/app/app', runId: '1' },
  );
}

/**
 * A plan whose repositories sit on the given git origins (IP literals, so that no lookup goes to DNS). The
 * inputs accept such a host only as the one `codecommit-endpoint`; a plan holds one git endpoint per
 * repository, which is what the lookups go by.
 */
function planOnHosts(urls: string[]): Plan {
  const plan = planOf({ repository: urls.map((url) => url.replace(/^.*\/v1\/repos\//, '')).join('\n') });
  plan.repositories = plan.repositories.map((repository, index) => {
    const parsed = parseHttpsUrl(urls[index] ?? '');
    if (!parsed.ok) throw new Error(parsed.problem);
    const git = endpointForHostname(parsed.url.hostname, parsed.url.port, true);
    return { ...repository, git, cloneUrl: `${git.origin}${repository.repositoryPath}` };
  });
  return plan;
}

describe('lookupEndpoints', () => {
  it('checks the STS host first, then each distinct git host once, in the order the repositories name them', async () => {
    const plan = planOnHosts([
      'https://10.0.0.5/v1/repos/alpha',
      'https://[fd00::7]:8443/v1/repos/beta',
      'https://10.0.0.5/v1/repos/gamma',
      'https://10.0.0.5:8443/v1/repos/delta',
      'https://[fd00::7]:8443/v1/repos/epsilon',
    ]);

    const diagnoses = await lookupEndpoints(plan, process.env);

    expect(diagnoses.map((d) => [d.role, d.endpoint.host])).toEqual([
      ['sts', '10.0.0.10:8443'],
      ['git', '10.0.0.5'],
      ['git', '[fd00::7]:8443'],
      ['git', '10.0.0.5:8443'],
    ]);
  });

  it('takes an IP literal as its own address, without asking DNS', async () => {
    const plan = planOnHosts(['https://10.0.0.5/v1/repos/alpha', 'https://[fd00::7]:8443/v1/repos/beta']);

    const diagnoses = await lookupEndpoints(plan, process.env);

    expect(diagnoses.map((d) => d.lookup)).toEqual([
      { addresses: ['10.0.0.10'], milliseconds: 0 },
      { addresses: ['10.0.0.5'], milliseconds: 0 },
      { addresses: ['fd00::7'], milliseconds: 0 },
    ]);
    expect(plan.repositories[1]?.git.hostname).toBe('fd00::7');
    for (const diagnosis of diagnoses) {
      expect(diagnosis).not.toHaveProperty('proxy');
      expect(diagnosis).not.toHaveProperty('probe');
    }
  });

  it('checks one git host for many repositories behind one codecommit-endpoint', async () => {
    const plan = planOf({ repository: 'alpha\nbeta\ngamma', 'codecommit-endpoint': 'https://10.0.0.6' });

    const diagnoses = await lookupEndpoints(plan, process.env);

    expect(diagnoses).toEqual([
      {
        role: 'sts',
        endpoint: plan.sts,
        lookup: { addresses: ['10.0.0.10'], milliseconds: 0 },
      },
      {
        role: 'git',
        endpoint: plan.repositories[0]?.git,
        lookup: { addresses: ['10.0.0.6'], milliseconds: 0 },
      },
    ]);
  });

  it('notes the proxy HTTPS_PROXY selects for each host, and none where NO_PROXY applies', async () => {
    process.env.HTTPS_PROXY = 'http://ci-user:secret@proxy.internal:3128';
    process.env.NO_PROXY = '10.0.0.5';
    const plan = planOnHosts(['https://10.0.0.5/v1/repos/alpha', 'https://10.0.0.7/v1/repos/beta']);

    const diagnoses = await lookupEndpoints(plan, process.env);

    expect(diagnoses.map((d) => [d.endpoint.host, d.proxy])).toEqual([
      ['10.0.0.10:8443', 'proxy.internal:3128'],
      ['10.0.0.5', undefined],
      ['10.0.0.7', 'proxy.internal:3128'],
    ]);
    expect(JSON.stringify(diagnoses)).not.toContain('secret');
  });
});

describe('probeAfterFailure', () => {
  let server: Server;
  let port: number;
  let connections: number;

  beforeAll(async () => {
    // Accepts and hangs up at once: TCP connects, the TLS handshake fails quickly.
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    connections = 0;
  });

  it('probes once for several failures against the same endpoint, however many wait for it', async () => {
    const plan = planOf({ repository: 'alpha\nbeta', 'codecommit-endpoint': `https://127.0.0.1:${port}` });
    const [, git] = await lookupEndpoints(plan, process.env);
    if (git === undefined) throw new Error('no git diagnosis');

    await Promise.all([
      probeAfterFailure(git, plan),
      probeAfterFailure(git, plan),
      probeAfterFailure(git, plan),
    ]);
    await probeAfterFailure(git, plan);

    expect(connections).toBe(1);
    expect(git.probe).toMatchObject({
      address: '127.0.0.1',
      tcp: { outcome: 'connected' },
      tls: { outcome: 'failed' },
    });
  });

  it('does not probe through a proxy', async () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    const plan = planOf({ repository: 'alpha', 'codecommit-endpoint': `https://127.0.0.1:${port}` });
    const [, git] = await lookupEndpoints(plan, process.env);
    if (git === undefined) throw new Error('no git diagnosis');

    await probeAfterFailure(git, plan);

    expect(connections).toBe(0);
    expect(git).not.toHaveProperty('probe');
  });
});
