import { DeadlineError } from '../core/deadline.js';
import { messageOf } from '../core/text.js';

/** GitHub's token service failing is not STS failing: says which one, and what the job needs. */
export class IdTokenError extends Error {
  override name = 'IdTokenError';
}

/** A GitHub ID token for `audience`, or an IdTokenError that says what the runner or the job lacks. */
export async function tokenFromGitHub(
  idToken: (audience: string) => Promise<string>,
  audience: string,
): Promise<string> {
  try {
    return await idToken(audience);
  } catch (error) {
    const advice =
      error instanceof DeadlineError
        ? "The runner must reach GitHub's token service (ACTIONS_ID_TOKEN_REQUEST_URL) as it reaches GitHub " +
          'for its jobs: the same proxy (HTTPS_PROXY), or a route out of the VPC.'
        : 'The job needs `permissions: id-token: write`.';
    throw new IdTokenError(
      `Could not get a GitHub ID token for audience '${audience}': ${messageOf(error)}. ${advice}`,
      { cause: error },
    );
  }
}
