/**
 * Where the step's first credentials come from. Pure: the caller passes in the environment it sees.
 * - `profile`: `aws-profile` (or the profile of a codecommit:// URL), resolved by the AWS SDK.
 * - `github-oidc`: the job may request an ID token and no AWS key is in the environment; the first role
 *   is assumed with AssumeRoleWithWebIdentity.
 * - `default-chain`: the AWS SDK default chain (environment, shared files, ECS, instance metadata).
 */
export type CredentialSource = 'profile' | 'github-oidc' | 'default-chain';

export function chooseCredentialSource(
  profile: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): CredentialSource {
  if (profile !== undefined) return 'profile';
  const mayRequestIdToken =
    Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL) && Boolean(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  return mayRequestIdToken && !env.AWS_ACCESS_KEY_ID ? 'github-oidc' : 'default-chain';
}

/** STS refuses sessions longer than an hour for a role assumed with another role's session. */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

/** The DurationSeconds of hop `index` (0-based) of the chain: capped once a session assumes a role. */
export function hopDurationSeconds(requested: number, index: number, firstHopIsChained: boolean): number {
  const chained = index > 0 || firstHopIsChained;
  return chained ? Math.min(requested, ROLE_CHAINING_MAX_SECONDS) : requested;
}
