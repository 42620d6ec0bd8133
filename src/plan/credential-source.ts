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

/**
 * The DurationSeconds of each hop. When a session assumes a role (several roles, or source credentials
 * that are themselves a role session), STS allows at most an hour: every hop is capped, since the
 * intermediate sessions only live long enough to assume the next role.
 */
export function hopDurationSeconds(requested: number, chaining: boolean): number {
  return chaining ? Math.min(requested, ROLE_CHAINING_MAX_SECONDS) : requested;
}
