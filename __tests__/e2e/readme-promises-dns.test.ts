import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NODES, prepareRunnerHost, runMain } from '../../test-support/closed-vpc/action-harness.js';
import { failureBoundMs } from '../../test-support/closed-vpc/bounds.js';
import {
  startLoggingResolver,
  takeOverNameResolution,
  type LoggingResolver,
  type NameResolutionTakeover,
} from '../../test-support/closed-vpc/dns-resolver.js';
import { HOSTS, PRIVATE_DNS_REGION, VPCE_ONLY_REGION } from '../../test-support/closed-vpc/topology.js';
import {
  REPOSITORY,
  startVpcWorld,
  SWITCH_ROLE,
  type VpcWorld,
} from '../../test-support/closed-vpc/world.js';

/**
 * What the README promises about DNS, with a real resolver in the closed VPC instead of the hosts file:
 * every name the action looks up is recorded, and each can be answered, refused, or left unanswered
 * (a resolver that stays silent holds getaddrinfo for RESOLVER_TIMEOUT_SECONDS, far longer than the
 * action may wait).
 */
const node = NODES[1].path;
const RESOLVER_ADDRESS = '127.0.0.53';
/** glibc's longest per-try timeout: a silent resolver holds each lookup this long. */
const RESOLVER_TIMEOUT_SECONDS = 30;
let world: VpcWorld;
let resolver: LoggingResolver;
let takeover: NameResolutionTakeover | undefined;

/** Private DNS as the topology has it: every endpoint name resolves to its private address. */
function answerLikePrivateDns(): void {
  for (const { name, address } of Object.values(HOSTS)) resolver.answer(name, { addresses: [address] });
}

beforeAll(async () => {
  world = await startVpcWorld();
  resolver = await startLoggingResolver(RESOLVER_ADDRESS);
  takeover = await takeOverNameResolution(
    await mkdtemp(path.join(tmpdir(), 'resolver-')),
    RESOLVER_ADDRESS,
    RESOLVER_TIMEOUT_SECONDS,
  );
});
beforeEach(() => answerLikePrivateDns());
afterAll(async () => {
  await takeover?.restore();
  await resolver?.close();
  await world?.close();
});

const regional = { repository: REPOSITORY, 'aws-region': PRIVATE_DNS_REGION, 'role-to-assume': SWITCH_ROLE };
/** Private DNS off: the vpce names, with a short network timeout for the cases that wait it out. */
const vpce = {
  ...regional,
  'aws-region': VPCE_ONLY_REGION,
  'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
  'codecommit-endpoint': `https://${HOSTS.vpceGit.name}`,
  'network-timeout-seconds': '2',
};
/**
 * A runner whose git knows who it is: without user.email, git looks up the machine's own host name for
 * the identity of its reflog entries, a lookup of git's and not of the action.
 */
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Runner',
  GIT_AUTHOR_EMAIL: 'runner@example.invalid',
  GIT_COMMITTER_NAME: 'Runner',
  GIT_COMMITTER_EMAIL: 'runner@example.invalid',
};
/** A public address of AWS's (an STS range of ap-northeast-1): nothing routes there from the closed VPC. */
const PUBLIC_ADDRESS = '52.94.17.11';

describe('every name the action looks up', () => {
  test('a clone through the regional endpoints looks up exactly their two names, and connects to exactly them', async () => {
    const host = await prepareRunnerHost(world, GIT_IDENTITY);
    const asked = resolver.questions.length;
    const before = world.activityByHost();
    const run = await runMain(host, node, regional);
    expect(run.errors).toEqual([]);
    expect(run.outputs.commit).toBe(world.repository.headSha);
    const both = [HOSTS.regionalGit.name, HOSTS.regionalSts.name].sort();
    expect(resolver.namesAskedSince(asked)).toEqual(both);
    expect(world.hostsContactedSince(before)).toEqual(both);
  });
});

describe('a resolver that never answers', () => {
  test('for the STS name: the step ends within the bound, names the name that did not resolve, contacts nothing', async () => {
    resolver.answer(HOSTS.vpceSts.name, 'silent');
    const host = await prepareRunnerHost(world, GIT_IDENTITY);
    const before = world.activityByHost();
    const run = await runMain(host, node, vpce);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/no answer within 2 s/);
    expect(run.errors[0]).toContain(`DNS: ${HOSTS.vpceSts.name} did not resolve (timeout)`);
    // The lookup before any request (2 s), then 3 attempts of 2 s, 0.5 + 1 s of backoff, no probe (no
    // address to probe), start-up; margin 2 s: 2 cores shared with the fakes. The resolver holds each
    // lookup 30 s: a step that waited for one would take far longer.
    expect(run.durationMs).toBeLessThan(
      2000 + failureBoundMs({ attempts: 3, attemptSeconds: 2, probe: false, marginMs: 2000 }),
    );
    expect(world.hostsContactedSince(before)).toEqual([]);
  });

  test('for the git name while STS answers: git is stopped, the name is named, within the bound', async () => {
    resolver.answer(HOSTS.vpceGit.name, 'silent');
    const host = await prepareRunnerHost(world, GIT_IDENTITY);
    const before = world.activityByHost();
    const run = await runMain(host, node, vpce);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/after 3 attempts: git got no answer from \S+ for 2 s/);
    expect(run.errors[0]).toContain(`DNS: ${HOSTS.vpceGit.name} did not resolve (timeout)`);
    expect(run.errors[0]).toMatch(new RegExp(`com\\.amazonaws\\.${VPCE_ONLY_REGION}\\.git-codecommit`));
    // The lookup before any request (2 s), 3 git attempts each stopped after 2 s of silence, 0.5 + 1 s
    // of backoff, no probe, start-up; margin 3 s: three git processes start and are killed.
    expect(run.durationMs).toBeLessThan(
      2000 + failureBoundMs({ attempts: 3, attemptSeconds: 2, probe: false, marginMs: 3000 }),
    );
    expect(world.hostsContactedSince(before)).toEqual([HOSTS.vpceSts.name]);
    expect(await readdir(host.directories.workspace)).toEqual([]);
  });
});

describe('a git host that does not resolve while STS does', () => {
  test('private DNS off and no codecommit-endpoint: the regional git name is named, with the fix, at once', async () => {
    const host = await prepareRunnerHost(world, GIT_IDENTITY);
    const asked = resolver.questions.length;
    const before = world.activityByHost();
    const run = await runMain(host, node, {
      ...regional,
      'aws-region': VPCE_ONLY_REGION,
      'sts-endpoint': `https://${HOSTS.vpceSts.name}`,
    });
    const regionalGit = `git-codecommit.${VPCE_ONLY_REGION}.amazonaws.com`;
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(`DNS: ${regionalGit} could not be resolved`);
    expect(run.errors[0]).toMatch(/private DNS/);
    expect(run.errors[0]).toMatch(/codecommit-endpoint/);
    expect(run.errors[0]).toContain(`DNS: ${regionalGit} did not resolve (ENOTFOUND)`);
    // "No such name" comes at once: 3 attempts of 0 s, 0.5 + 1 s of backoff, start-up; margin 3 s.
    expect(run.durationMs).toBeLessThan(
      failureBoundMs({ attempts: 3, attemptSeconds: 0, probe: false, marginMs: 3000 }),
    );
    expect(resolver.namesAskedSince(asked)).toEqual([HOSTS.vpceSts.name, regionalGit].sort());
    expect(world.hostsContactedSince(before)).toEqual([HOSTS.vpceSts.name]);
  });
});

describe('a regional name that resolves to a public address (private DNS off for that service)', () => {
  test.each([
    { role: 'sts', key: 'regionalSts', input: 'sts-endpoint' },
    { role: 'git-codecommit', key: 'regionalGit', input: 'codecommit-endpoint' },
  ] as const)(
    '$role: the log warns before the first request, naming the name, the address and $input',
    async ({ role, key, input }) => {
      resolver.answer(HOSTS[key].name, { addresses: [PUBLIC_ADDRESS] });
      const host = await prepareRunnerHost(world, GIT_IDENTITY);
      const before = world.activityByHost();
      const run = await runMain(host, node, regional);
      const warning = run.warnings.find((w) => w.includes('resolves to public addresses'));
      expect(warning).toBe(
        `${HOSTS[key].name} resolves to public addresses (${PUBLIC_ADDRESS}) although this runner reaches AWS ` +
          `privately: the ${role} interface endpoint is missing or has private DNS off. Create it, enable ` +
          `private DNS, or set '${input}' to its vpce DNS name.`,
      );
      expect(run.exitCode).toBe(1);
      // Warned before anything was asked of that endpoint: its line precedes the first attempt's.
      expect(run.stdout.indexOf('resolves to public addresses')).toBeLessThan(
        run.stdout.search(role === 'sts' ? /Source credentials:/ : /Clone my-service/),
      );
      expect(run.summary).toMatch(new RegExp(`${PUBLIC_ADDRESS}</td><td>public</td>`));
      const other = key === 'regionalSts' ? [] : [HOSTS.regionalSts.name];
      expect(world.hostsContactedSince(before)).toEqual(other);
    },
  );
});
