import type { SourceCredentialsMode } from './plan.js';

/**
 * Where the step's first credentials come from, and why. Pure: the caller passes in the environment it
 * sees and whether this runtime can ask GitHub for an ID token at all.
 * - `runner`: the runner's own AWS identity, resolved by the AWS SDK's chain (environment, `aws-profile`
 *   or AWS_PROFILE, web identity token file, container endpoint, instance metadata).
 * - `github-oidc`: the job's GitHub ID token; the first role is assumed with AssumeRoleWithWebIdentity.
 */
export type CredentialSource = 'runner' | 'github-oidc';

export interface SourceChoice {
  source: CredentialSource;
  /** One sentence for the log: why this source, and how to choose the other one. */
  reason: string;
}

/** What the caller knows about the runtime: the choice itself stays pure. */
export interface SourceContext {
  mode: SourceCredentialsMode;
  awsProfile: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** False where no GitHub token service exists (the command outside Actions). */
  canRequestIdToken: boolean;
}

/** Thrown when `source-credentials: github-oidc` cannot work here; raised before any network call. */
export class SourceChoiceError extends Error {
  override name = 'SourceChoiceError';
}

/** The environment variables by which a runner shows an AWS identity of its own, in the SDK's order. */
const RUNNER_IDENTITY_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
] as const;

/** The runner identity variables set (non-empty) in `env`. */
export function runnerIdentityVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  return RUNNER_IDENTITY_VARIABLES.filter((name) => Boolean(env[name]));
}

export function mayRequestIdToken(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL) && Boolean(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

/**
 * `auto` takes GitHub OIDC only when the job may request an ID token and the runner shows no identity
 * of its own (no aws-profile, none of RUNNER_IDENTITY_VARIABLES): an instance profile cannot be seen
 * from the environment, so `runner` says so explicitly.
 */
export function chooseCredentialSource(context: SourceContext): SourceChoice {
  const { mode, awsProfile, env } = context;
  const idToken = context.canRequestIdToken && mayRequestIdToken(env);
  if (mode === 'runner') {
    return { source: 'runner', reason: 'source-credentials is runner' };
  }
  if (mode === 'github-oidc') {
    if (!idToken) {
      throw new SourceChoiceError(
        context.canRequestIdToken
          ? 'source-credentials is github-oidc, but this job may not request a GitHub ID token ' +
              '(ACTIONS_ID_TOKEN_REQUEST_URL is not set): give the job `permissions: id-token: write`.'
          : 'source-credentials is github-oidc, but GitHub ID tokens exist only inside GitHub Actions: ' +
              'use runner (the default chain of the AWS SDK) here.',
      );
    }
    return { source: 'github-oidc', reason: 'source-credentials is github-oidc' };
  }
  if (awsProfile !== undefined) {
    return { source: 'runner', reason: `auto: the profile '${awsProfile}' is given` };
  }
  if (!idToken) {
    return { source: 'runner', reason: 'auto: the job may not request a GitHub ID token' };
  }
  const shown = runnerIdentityVariables(env);
  if (shown.length > 0) {
    return {
      source: 'runner',
      reason:
        `auto: the runner has an AWS identity of its own (${shown.join(', ')}), although the job may ` +
        'request a GitHub ID token; set source-credentials: github-oidc to use the token instead',
    };
  }
  return {
    source: 'github-oidc',
    reason:
      'auto: the job may request a GitHub ID token and the runner shows no AWS identity of its own ' +
      `(none of aws-profile, ${RUNNER_IDENTITY_VARIABLES.join(', ')}); ` +
      "set source-credentials: runner to use the runner's instance profile instead",
  };
}

/** STS refuses sessions longer than an hour for a role assumed with another role's session. */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * The DurationSeconds of each hop. When a session assumes a role (several roles, or source credentials
 * that are themselves a role session), STS allows at most an hour: every hop is capped, since the
 * intermediate sessions only live long enough to assume the next role.
 */
export function hopDurationSeconds(requested: number, chaining: boolean): number {
  return chaining ? Math.min(requested, ROLE_CHAINING_MAX_SECONDS) : requested;
}
