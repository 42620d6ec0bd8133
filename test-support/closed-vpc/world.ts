import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from '../run-command.js';
import { FakeAwsAccounts, type LongTermKey } from '../fake-aws-accounts.js';
import { startFakeCodeCommit, type FakeCodeCommit, type FakeCodeCommitOptions } from '../fake-codecommit.js';
import {
  startFakeCodeCommitApi,
  type FakeCodeCommitApi,
  type FakeCodeCommitApiOptions,
} from '../fake-codecommit-api.js';
import { startFakeOidcIssuer, type FakeOidcIssuer } from '../fake-oidc-issuer.js';
import { startFakeSts, type FakeSts, type FakeStsOptions } from '../fake-sts.js';
import { createFixtureRepository, type FixtureRepository } from '../fixture-repos.js';
import { startSilentListener, type SilentListener } from '../silent-listener.js';
import { ensureClosedVpc } from './closed-vpc.js';
import {
  FIPS_REGION,
  HOSTS,
  OIDC_ADDRESS,
  OIDC_PORT,
  PRIVATE_DNS_REGION,
  VPCE_ONLY_REGION,
} from './topology.js';

/**
 * The AWS side of the simulated VPC for one test file: account B's runner key, account A's role and
 * repositories, and every endpoint of the topology listening on its private address, port 443.
 */
export const RUNNER_PRINCIPAL = 'arn:aws:iam::222222222222:user/vpc-runner';
export const SWITCH_ROLE = 'arn:aws:iam::111111111111:role/SwitchRole';
export const EXTERNAL_ID_ROLE = 'arn:aws:iam::111111111111:role/PartnerRole';
export const EXTERNAL_ID = 'partner-7f3a';
export const UNTRUSTING_ROLE = 'arn:aws:iam::111111111111:role/NotForYou';
export const REPOSITORY = 'my-service';
/** Exists, but the role may not pull it. */
export const FORBIDDEN_REPOSITORY = 'payroll';
/**
 * Role chaining: the runner (or a job's OIDC token) assumes the first hop in account C, whose session
 * assumes the reader in account A; the reader trusts only the hop.
 */
export const CHAIN_FIRST_ROLE = 'arn:aws:iam::333333333333:role/Hop';
export const CHAIN_SECOND_ROLE = 'arn:aws:iam::111111111111:role/ChainedReader';
/** Assumed with the job's GitHub OIDC token (AssumeRoleWithWebIdentity). */
export const OIDC_ROLE = 'arn:aws:iam::111111111111:role/GitHubActions';
/** The audience OIDC_ROLE (and CHAIN_FIRST_ROLE) require of ID tokens. */
export const OIDC_AUDIENCE = 'sts.amazonaws.com';
/** The subjects OIDC_ROLE (and CHAIN_FIRST_ROLE) trust; `world.oidc` issues `repo:org/app:ref:refs/heads/main`. */
export const OIDC_SUBJECT_PATTERN = 'repo:org/app:*';

export interface FaultyEndpointOptions {
  sts?: Pick<
    FakeStsOptions,
    'failFirst' | 'failFirstPerSession' | 'stallAfterHeaders' | 'drip' | 'dripBytesPerSecond'
  >;
  git?: Pick<
    FakeCodeCommitOptions,
    'failFirst' | 'stallAfterHeaders' | 'drip' | 'dripBytesPerSecond' | 'resetMidBody' | 'throttle'
  >;
  /**
   * Also start a CodeCommit API endpoint (ListRepositories, for repository patterns) answering these
   * names, listable by `listers` (default: SWITCH_ROLE), with its faults. It takes the vpce API name of
   * the topology (`HOSTS.vpceApi`, nothing else of the world listens there): a test file that starts its
   * own API on that name does not ask for this.
   */
  api?: Pick<FakeCodeCommitApiOptions, 'repositories' | 'pageSize' | 'throttle'> &
    Partial<Pick<FakeCodeCommitApiOptions, 'listers'>>;
}

export interface FaultyEndpoints {
  sts: FakeSts;
  git: FakeCodeCommit;
  /** The CodeCommit API endpoint, when `api` was asked for. */
  api: FakeCodeCommitApi | undefined;
  /** Inputs that point the action at these endpoints (`codecommit-api-endpoint` too, with `api`). */
  inputs: Record<string, string>;
  close(): Promise<void>;
}

export interface VpcWorld {
  accounts: FakeAwsAccounts;
  runnerKey: LongTermKey;
  repository: FixtureRepository;
  /** `main~2`: an older commit, for checking out by SHA. */
  firstCommit: string;
  regionalSts: FakeSts;
  regionalGit: FakeCodeCommit;
  vpceSts: FakeSts;
  vpceGit: FakeCodeCommit;
  /** The FIPS endpoints of us-east-1 (`sts-fips…`, `git-codecommit-fips…`). */
  fipsSts: FakeSts;
  fipsGit: FakeCodeCommit;
  /**
   * The runner's OIDC token service: pass `oidc.env` to a step for `getIDToken`. Its tokens are
   * trusted through the OIDC providers registered in accounts 111111111111 and 333333333333.
   */
  oidc: FakeOidcIssuer;
  globalSts: SilentListener;
  silentSts: SilentListener;
  silentGit: SilentListener;
  caCertPath: string;
  /** Where the fake CodeCommit keeps its bare repositories (see fixture-repos.ts). */
  projectRoot: string;
  /**
   * Starts STS and git endpoints with injected faults on the `faultySts`/`faultyGit` names, and with
   * `api` a CodeCommit API endpoint on the `vpceApi` name; all of region VPCE_ONLY_REGION.
   */
  startFaulty(options: FaultyEndpointOptions): Promise<FaultyEndpoints>;
  /** Requests and connections that reached any endpoint, for "only these hosts were contacted". */
  contactedHosts(): string[];
  /** How many requests and connections reached any endpoint so far: unchanged means no network call. */
  networkActivity(): number;
  /** Per host, how many requests or connections it got so far; pass it to `hostsContactedSince`. */
  activityByHost(): Map<string, number>;
  /** The hosts that got a request or connection after `earlier` was taken. */
  hostsContactedSince(earlier: Map<string, number>): string[];
  close(): Promise<void>;
}

export interface VpcWorldOptions {
  /** Let the git endpoints accept pushes (receive-pack) from principals with write grants. */
  allowPush?: boolean;
  /** How old a git password the git endpoints accept (default 900 s, CodeCommit's ~15 minutes). */
  maxPasswordAgeSeconds?: number;
}

export async function startVpcWorld(options: VpcWorldOptions = {}): Promise<VpcWorld> {
  const vpc = await ensureClosedVpc();
  const caCertPath = vpc.caCertPath;
  const tls = {
    key: await readFile(vpc.serverKeyPath, 'utf8'),
    cert: await readFile(vpc.serverCertPath, 'utf8'),
  };
  const accounts = new FakeAwsAccounts();
  const runnerKey = accounts.addSourceKey({ principalArn: RUNNER_PRINCIPAL });
  accounts.addRole({
    roleArn: SWITCH_ROLE,
    trustedPrincipalArns: [RUNNER_PRINCIPAL],
    maxSessionDurationSeconds: 43200,
  });
  accounts.addRole({
    roleArn: EXTERNAL_ID_ROLE,
    trustedPrincipalArns: [RUNNER_PRINCIPAL],
    externalId: EXTERNAL_ID,
  });
  accounts.addRole({ roleArn: UNTRUSTING_ROLE, trustedPrincipalArns: ['arn:aws:iam::333333333333:root'] });
  const oidc = await startFakeOidcIssuer({
    address: OIDC_ADDRESS,
    port: OIDC_PORT,
    requestToken: randomBytes(24).toString('base64url'),
    now: () => accounts.now(),
  });
  const webIdentityTrust = {
    issuer: oidc.issuer,
    audience: OIDC_AUDIENCE,
    subjectPattern: OIDC_SUBJECT_PATTERN,
  };
  for (const accountId of ['111111111111', '333333333333'])
    accounts.addOidcProvider({ accountId, issuer: oidc.issuer, jwks: oidc.jwks });
  accounts.addRole({
    roleArn: CHAIN_FIRST_ROLE,
    trustedPrincipalArns: [RUNNER_PRINCIPAL],
    trustedWebIdentity: webIdentityTrust,
  });
  accounts.addRole({
    roleArn: CHAIN_SECOND_ROLE,
    trustedPrincipalArns: [CHAIN_FIRST_ROLE],
    // Above an hour, so that only the role-chaining limit refuses longer sessions.
    maxSessionDurationSeconds: 43200,
  });
  accounts.addRole({
    roleArn: OIDC_ROLE,
    trustedPrincipalArns: [],
    trustedWebIdentity: webIdentityTrust,
    maxSessionDurationSeconds: 43200,
  });
  accounts.allowRepository(REPOSITORY, SWITCH_ROLE);
  accounts.allowRepository(REPOSITORY, EXTERNAL_ID_ROLE);
  accounts.allowRepository(REPOSITORY, RUNNER_PRINCIPAL);
  accounts.allowRepository(REPOSITORY, CHAIN_SECOND_ROLE);
  accounts.allowRepository(REPOSITORY, OIDC_ROLE);

  const projectRoot = await mkdtemp(path.join(tmpdir(), 'codecommit-'));
  const repository = await createFixtureRepository(projectRoot, REPOSITORY, {
    branches: ['feature'],
    tags: ['v1.0.0'],
  });
  await createFixtureRepository(projectRoot, FORBIDDEN_REPOSITORY);
  const firstCommit = (
    await runCommand('git', ['--git-dir', repository.path, 'rev-parse', 'main~2'])
  ).stdout.trim();

  const sts = (key: 'regionalSts' | 'vpceSts' | 'fipsSts', region: string) =>
    startFakeSts({
      accounts,
      region,
      tls,
      address: HOSTS[key].address,
      port: 443,
      expectedHost: HOSTS[key].name,
    });
  const git = (key: 'regionalGit' | 'vpceGit' | 'fipsGit', region: string) =>
    startFakeCodeCommit({
      accounts,
      region,
      projectRoot,
      tls,
      address: HOSTS[key].address,
      port: 443,
      expectedHost: HOSTS[key].name,
      allowPush: options.allowPush ?? false,
      ...(options.maxPasswordAgeSeconds !== undefined
        ? { maxPasswordAgeSeconds: options.maxPasswordAgeSeconds }
        : {}),
    });
  const [regionalSts, regionalGit, vpceSts, vpceGit, fipsSts, fipsGit, globalSts, silentSts, silentGit] =
    await Promise.all([
      sts('regionalSts', PRIVATE_DNS_REGION),
      git('regionalGit', PRIVATE_DNS_REGION),
      sts('vpceSts', VPCE_ONLY_REGION),
      git('vpceGit', VPCE_ONLY_REGION),
      sts('fipsSts', FIPS_REGION),
      git('fipsGit', FIPS_REGION),
      startSilentListener(HOSTS.globalSts.address, 443),
      startSilentListener(HOSTS.silentSts.address, 443),
      startSilentListener(HOSTS.silentGit.address, 443),
    ]);
  const requestFakes = [regionalSts, vpceSts, fipsSts, regionalGit, vpceGit, fipsGit];
  /** The token service is named by its authority, as in its Host header. */
  const oidcHost = `${OIDC_ADDRESS}:${OIDC_PORT}`;
  const world: VpcWorld = {
    accounts,
    runnerKey,
    repository,
    firstCommit,
    regionalSts,
    regionalGit,
    vpceSts,
    vpceGit,
    fipsSts,
    fipsGit,
    oidc,
    globalSts,
    silentSts,
    silentGit,
    caCertPath,
    projectRoot,
    async startFaulty(options) {
      const [faultySts, faultyGit, faultyApi] = await Promise.all([
        startFakeSts({
          accounts,
          region: VPCE_ONLY_REGION,
          tls,
          address: HOSTS.faultySts.address,
          port: 443,
          expectedHost: HOSTS.faultySts.name,
          ...options.sts,
        }),
        startFakeCodeCommit({
          accounts,
          region: VPCE_ONLY_REGION,
          projectRoot,
          tls,
          address: HOSTS.faultyGit.address,
          port: 443,
          expectedHost: HOSTS.faultyGit.name,
          ...options.git,
        }),
        options.api === undefined
          ? undefined
          : startFakeCodeCommitApi({
              accounts,
              region: VPCE_ONLY_REGION,
              tls,
              address: HOSTS.vpceApi.address,
              port: 443,
              expectedHost: HOSTS.vpceApi.name,
              listers: [SWITCH_ROLE],
              ...options.api,
            }),
      ]);
      return {
        sts: faultySts,
        git: faultyGit,
        api: faultyApi,
        inputs: {
          'aws-region': VPCE_ONLY_REGION,
          'sts-endpoint': `https://${HOSTS.faultySts.name}`,
          'codecommit-endpoint': `https://${HOSTS.faultyGit.name}`,
          ...(faultyApi !== undefined ? { 'codecommit-api-endpoint': faultyApi.url } : {}),
        },
        close: async () => {
          await Promise.all([faultySts.close(), faultyGit.close(), faultyApi?.close()]);
        },
      };
    },
    contactedHosts() {
      const hosts = new Set<string>();
      for (const fake of requestFakes) {
        for (const request of fake.requests) hosts.add(request.host ?? '(no Host header)');
      }
      if (oidc.requests.length > 0) hosts.add(oidcHost);
      if (globalSts.acceptedConnections() > 0) hosts.add(HOSTS.globalSts.name);
      if (silentSts.acceptedConnections() > 0) hosts.add(HOSTS.silentSts.name);
      if (silentGit.acceptedConnections() > 0) hosts.add(HOSTS.silentGit.name);
      return [...hosts].sort();
    },
    activityByHost() {
      const counts = new Map<string, number>();
      const add = (name: string, count: number) => counts.set(name, (counts.get(name) ?? 0) + count);
      for (const fake of requestFakes) {
        for (const request of fake.requests) add(request.host ?? '(no Host header)', 1);
      }
      add(oidcHost, oidc.requests.length);
      add(HOSTS.globalSts.name, globalSts.acceptedConnections());
      add(HOSTS.silentSts.name, silentSts.acceptedConnections());
      add(HOSTS.silentGit.name, silentGit.acceptedConnections());
      return counts;
    },
    hostsContactedSince(earlier) {
      return [...world.activityByHost()]
        .filter(([name, count]) => count > (earlier.get(name) ?? 0))
        .map(([name]) => name)
        .sort();
    },
    networkActivity() {
      const requests =
        requestFakes.reduce((sum, fake) => sum + fake.requests.length, 0) + oidc.requests.length;
      const connections = [globalSts, silentSts, silentGit].reduce(
        (sum, l) => sum + l.acceptedConnections(),
        0,
      );
      return requests + connections;
    },
    async close() {
      await Promise.all(
        [...requestFakes, oidc, globalSts, silentSts, silentGit].map((server) => server.close()),
      );
    },
  };
  return world;
}
