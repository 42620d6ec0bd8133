/**
 * The simulated VPC: which DNS names the runner's private DNS answers, and with which loopback address
 * of the private network namespace. Everything else does not resolve, as in a VPC without internet.
 */

/** Private DNS on: the regional names resolve to the interface endpoints. */
export const PRIVATE_DNS_REGION = 'ap-northeast-1';
/** Private DNS off: only the endpoints' own vpce names resolve. */
export const VPCE_ONLY_REGION = 'eu-west-1';
/** The region of the FIPS endpoints (private DNS on for their FIPS names). */
export const FIPS_REGION = 'us-east-1';

export const HOSTS = {
  regionalSts: { name: `sts.${PRIVATE_DNS_REGION}.amazonaws.com`, address: '127.0.0.10' },
  regionalGit: { name: `git-codecommit.${PRIVATE_DNS_REGION}.amazonaws.com`, address: '127.0.0.11' },
  vpceSts: {
    name: `vpce-0a1b2c3d4e5f67890-abcd1234.sts.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.20',
  },
  vpceGit: {
    name: `vpce-0a1b2c3d4e5f67890-efgh5678.git-codecommit.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.21',
  },
  /** The CodeCommit API (ListRepositories, for repository patterns): private DNS on, its regional name. */
  regionalApi: { name: `codecommit.${PRIVATE_DNS_REGION}.amazonaws.com`, address: '127.0.0.12' },
  /** Private DNS off: the vpce name of the interface endpoint com.amazonaws.<region>.codecommit. */
  vpceApi: {
    name: `vpce-0a1b2c3d4e5f67890-ijkl9012.codecommit.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.22',
  },
  /** A CodeCommit API endpoint that accepts TCP and never answers TLS. */
  silentApi: {
    name: `vpce-0f0f0f0f0f0f0f0f0-silent02.codecommit.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.32',
  },
  /** An STS endpoint that accepts TCP and never answers TLS. */
  silentSts: {
    name: `vpce-0f0f0f0f0f0f0f0f0-silent00.sts.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.30',
  },
  /** A git endpoint that accepts TCP and never answers TLS. */
  silentGit: {
    name: `vpce-0f0f0f0f0f0f0f0f0-silent01.git-codecommit.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.31',
  },
  /** An endpoint name whose security group drops nothing but where nothing listens: connection refused. */
  refusingSts: {
    name: `vpce-0e0e0e0e0e0e0e0e0-refuse00.sts.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.40',
  },
  /** Endpoints a test starts with injected faults (throttling, 5xx, stalls, drips, resets). */
  faultySts: {
    name: `vpce-0b0b0b0b0b0b0b0b0-faulty00.sts.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.60',
  },
  faultyGit: {
    name: `vpce-0b0b0b0b0b0b0b0b0-faulty01.git-codecommit.${VPCE_ONLY_REGION}.vpce.amazonaws.com`,
    address: '127.0.0.61',
  },
  /** FIPS endpoints: the names the SDK and CodeCommit's docs give with FIPS on. */
  fipsSts: { name: `sts-fips.${FIPS_REGION}.amazonaws.com`, address: '127.0.0.80' },
  fipsGit: { name: `git-codecommit-fips.${FIPS_REGION}.amazonaws.com`, address: '127.0.0.81' },
  /** A git server of the company that is not CodeCommit (submodules hosted there): records every request. */
  foreignGit: { name: 'git.internal.example', address: '127.0.0.92' },
  /** Somewhere a runner's git config tries to send git (and the credentials): records every request. */
  elsewhere: { name: 'git.elsewhere.example', address: '127.0.0.90' },
  /** The global STS name resolves (to public addresses in a real VPC) and never answers: the classic hang. */
  globalSts: { name: 'sts.amazonaws.com', address: '127.0.0.99' },
} as const;

export type HostKey = keyof typeof HOSTS;

export function hostsFileText(): string {
  const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
  for (const { name, address } of Object.values(HOSTS)) lines.push(`${address} ${name}`);
  return `${lines.join('\n')}\n`;
}

export function certificateNames(): string[] {
  return Object.values(HOSTS).map(({ name }) => name);
}

/** Where a test's HTTPS proxy listens (an address only, as proxies are usually configured). */
export const PROXY_ADDRESS = '127.0.0.50';

/**
 * Where the runner's OIDC token service listens (plain HTTP, an address only: jobs get its whole URL
 * in ACTIONS_ID_TOKEN_REQUEST_URL). Not in HOSTS: no name, no certificate.
 */
export const OIDC_ADDRESS = '127.0.0.70';
export const OIDC_PORT = 8080;
