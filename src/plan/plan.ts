/**
 * The validated plan of one step: everything the action will do, decided from its inputs before any
 * network call. Built by `parsePlan` in `inputs.ts`, its patterns matched by `expandRepositoryPatterns`
 * in `pattern-expansion.ts`; nothing here performs I/O.
 */
import type { OsFamily } from '../platform/os-family.js';
import type { RepositoryLineEntry } from './repository-pattern.js';

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** The raw text of every input, as the runner passes it (`INPUT_<NAME>`); absent inputs are ''. */
export interface RawInputs {
  repository: string;
  mode: string;
  'aws-region': string;
  'role-to-assume': string;
  'aws-profile': string;
  'source-credentials': string;
  'role-session-name': string;
  'role-duration-seconds': string;
  'role-external-id': string;
  'sts-endpoint': string;
  'codecommit-endpoint': string;
  'codecommit-api-endpoint': string;
  ref: string;
  path: string;
  'fetch-depth': string;
  submodules: string;
  'network-timeout-seconds': string;
  'max-attempts': string;
  concurrency: string;
  filter: string;
  'sparse-checkout': string;
  audience: string;
  'use-fips': string;
  'persist-credentials': string;
  clean: string;
  'cache-path': string;
}

export type InputName = keyof RawInputs;

export const INPUT_NAMES: readonly InputName[] = [
  'repository',
  'mode',
  'aws-region',
  'role-to-assume',
  'aws-profile',
  'source-credentials',
  'role-session-name',
  'role-duration-seconds',
  'role-external-id',
  'sts-endpoint',
  'codecommit-endpoint',
  'codecommit-api-endpoint',
  'ref',
  'path',
  'fetch-depth',
  'submodules',
  'network-timeout-seconds',
  'max-attempts',
  'concurrency',
  'filter',
  'sparse-checkout',
  'audience',
  'use-fips',
  'persist-credentials',
  'clean',
  'cache-path',
];

/** Inputs that may hold one item per line. */
export const MULTI_LINE_INPUTS: readonly InputName[] = ['repository', 'sparse-checkout', 'role-to-assume'];

/** What the runner tells the step about where it runs; read by the adapter, passed in here. */
export interface RunContext {
  /** Absolute path of GITHUB_WORKSPACE. */
  workspace: string;
  /** GITHUB_RUN_ID, or '' when absent. */
  runId: string;
  /** The runner's system, for the path flavour of `workspace` and `path` (default: POSIX). */
  osFamily?: OsFamily;
  /** AWS_ENDPOINT_URL_STS of the environment, when set: the STS endpoint unless sts-endpoint is given. */
  environmentStsEndpoint?: string;
}

/**
 * Where the first credentials come from (`source-credentials`): `auto` decides from what the runner
 * shows (see credential-source.ts), `runner` is always the runner's own AWS identity (the AWS SDK's
 * chain or aws-profile), `github-oidc` always the job's GitHub ID token.
 */
export type SourceCredentialsMode = 'auto' | 'runner' | 'github-oidc';

/** An HTTPS endpoint: `origin` is `https://host[:port]`, `host` is what git and SDK send as Host. */
export interface Endpoint {
  /** `https://<hostname>[:<port>]`, no trailing slash. */
  origin: string;
  /** `<hostname>[:<port>]`, exactly the HTTP Host header a client sends (port only when not 443). */
  host: string;
  /** The bare DNS name or IP literal. */
  hostname: string;
  /** True when the user supplied it (sts-endpoint / codecommit-endpoint or a URL host). */
  custom: boolean;
}

/**
 * What the step does: `clone` the repositories, `list` their names (patterns resolved), or `diagnose`
 * the setup (every endpoint, the credentials, each role and repository checked); the last two clone nothing.
 */
export type StepMode = 'clone' | 'list' | 'diagnose';

/** The `submodules` input: false, true or recursive. */
export type SubmoduleMode = 'none' | 'top-level' | 'recursive';

/** What to check out. */
export type RefSpec =
  | { kind: 'default' }
  | { kind: 'sha'; sha: string }
  /** A branch or tag name, short (`main`, `v1.2`) or full (`refs/heads/main`, `refs/tags/v1`). */
  | { kind: 'name'; name: string };

/** One repository of the step: where it is fetched from and where it goes. */
export interface RepositoryPlan {
  /** The repository name, as CodeCommit spells it (case kept). */
  name: string;
  git: Endpoint;
  /** `/v1/repos/<name>`: the path git requests and the git password is signed for. */
  repositoryPath: string;
  /** `<git.origin>/v1/repos/<name>`: the clean URL git clones and leaves in the clone. */
  cloneUrl: string;
  /** Absolute clone target, lexically inside the workspace (symlinks are checked by the adapter). */
  targetPath: string;
  /** The pattern that brought the repository in; absent when a line of `repository` names it. */
  matchedBy?: string;
  /**
   * Once the patterns are matched: every pattern of the step that matches this name, in the order given,
   * also when a line names it; empty when none does. Absent in a step without patterns.
   */
  matchingPatterns?: string[];
}

/**
 * What matching the patterns against the listed repositories needs, decided with the other inputs: the
 * repositories a pattern brings in are placed and fetched as a name given alone would be.
 */
export interface PatternExpansion {
  /** Every line of `repository` in order, names and patterns: the order of the repositories. */
  lines: RepositoryLineEntry[];
  /** The folder of `path` (default: the workspace) that holds each repository as `<folder>/<name>`. */
  folder: string;
  /** The workspace as the runner gave it, and its system: each target is held to it. */
  workspace: string;
  osFamily: OsFamily;
  /**
   * The git endpoint of a repository given by name alone, or why the inputs give none: refused only
   * when a pattern brings such a repository in, as until then no repository of the step needs it.
   */
  git: { endpoint: Endpoint } | { refusal: InputError };
}

export interface Plan {
  mode: StepMode;
  /**
   * One or more repositories, cloned with one set of credentials (one AssumeRole for the step). While
   * `repositoryPatterns` are not resolved yet, only the lines that name a repository.
   */
  repositories: RepositoryPlan[];
  /** Present while `repositoryPatterns` wait for the listing; absent once matched, or without patterns. */
  patternExpansion?: PatternExpansion;
  /**
   * The lines of `repository` holding `*` or `?`, in the order given: matched against the repositories
   * the credentials may list (ListRepositories through `codecommitApi`). Empty: no listing is needed.
   */
  repositoryPatterns: string[];
  /** The CodeCommit API endpoint (not git): regional, FIPS or `codecommit-api-endpoint`. */
  codecommitApi: Endpoint;
  region: string;
  partition: Partition;
  /**
   * Role ARNs to assume in turn, each with the credentials of the one before (the first with the source
   * credentials or GitHub's ID token). Empty: the source credentials are used directly.
   */
  roleChain: string[];
  /** The audience of the GitHub ID token, when the source is GitHub OIDC. */
  audience: string;
  /** FIPS endpoints for STS and git (unless given explicitly). */
  useFips: boolean;
  /** Whether later steps may fetch and push with the assumed role until the post step. */
  persistCredentials: boolean;
  /** Profile of the runner's shared AWS files to use as source (input or codecommit:// URL). */
  awsProfile?: string;
  sourceCredentials: SourceCredentialsMode;
  roleSessionName: string;
  roleDurationSeconds: number;
  roleExternalId?: string;
  sts: Endpoint;
  /** Set when `sts` came from the environment's AWS_ENDPOINT_URL_STS rather than an input or the region. */
  stsEndpointVariable?: 'AWS_ENDPOINT_URL_STS';
  ref: RefSpec;
  /** 0 means full history. */
  fetchDepth: number;
  /**
   * Which submodules are checked out after the repository: `none`, those of the repository itself
   * (`top-level`), or theirs as well, at any depth (`recursive`).
   */
  submodules: SubmoduleMode;
  /** A partial-clone filter (`blob:none`, `tree:0`, `blob:limit=1m` …), passed to git as `--filter=`. */
  filter?: string;
  /** Directories for a cone-mode sparse checkout; empty: everything is checked out. */
  sparseCheckout: string[];
  networkTimeoutSeconds: number;
  /** Attempts of each network operation (AssumeRole, a git command) when failures are transient. */
  maxAttempts: number;
  /** How many repositories are cloned at the same time. */
  concurrency: number;
  /**
   * A target that already holds a clone of the repository is cleaned to equal a fresh clone (local edits
   * and untracked files removed); one that holds anything else is emptied and cloned afresh. False: local
   * changes are kept and anything but a clone of the repository is refused.
   */
  clean: boolean;
  /**
   * The shared cache of this host: an absolute folder outside the workspace that keeps one bare mirror
   * per repository between jobs; clones borrow its objects and end self-contained. Absent: no cache.
   */
  cachePath?: string;
}

/** A rejected input: names the input, says what is wrong and shows a valid example. */
export class InputError extends Error {
  constructor(
    readonly input: InputName,
    readonly problem: string,
    readonly example: string,
  ) {
    super(`Input '${input}': ${problem}. Example: ${example}`);
    this.name = 'InputError';
  }
}
