/**
 * The credentials git signs with: the source credentials (source-credentials.ts) or GitHub's ID token,
 * then each role of the chain, each assumed with the session of the one before.
 */
import { hopDurationSeconds, ROLE_CHAINING_MAX_SECONDS } from '../plan/credential-source.js';
import type { Plan } from '../plan/plan.js';
import { maskCredentials } from '../core/secrets.js';
import { tokenFromGitHub } from './github-id-token.js';
import { explainAssumeRoleFailure, explainWebIdentityFailure } from './session-failure.js';
import { resolveSourceCredentials } from './source-credentials.js';
import type { StsClient } from './sts-client.js';
import type { StsDependencies } from './sts-dependencies.js';
import { requestSession, type CloneCredentials, type SessionDependencies } from './sts-session.js';

// The modes of the step and the CLI take the types of obtainCloneCredentials from where they take it.
export type { CloneCredentials } from './sts-session.js';
export type { StsDependencies } from './sts-dependencies.js';

/**
 * The credentials git signs with: the source credentials (SDK default chain or aws-profile) or GitHub's
 * ID token, then each role of `plan.roleChain` in turn, each assumed with the one before.
 */
export async function obtainCloneCredentials(plan: Plan, deps: StsDependencies): Promise<CloneCredentials> {
  const chain = plan.roleChain;
  let current: CloneCredentials;
  let next = 0;
  if (deps.webIdentityToken !== undefined) {
    const [first] = chain;
    if (first === undefined) {
      throw new Error(
        "GitHub OIDC gives no AWS credentials by itself: set 'role-to-assume' to the role that trusts " +
          'token.actions.githubusercontent.com (or give AWS credentials to the runner).',
      );
    }
    current = await assumeRoleWithWebIdentity(plan, first, deps.webIdentityToken, deps);
    next = 1;
  } else {
    const source = await resolveSourceCredentials(plan, deps);
    maskCredentials(source, deps.mask);
    if (chain.length === 0) {
      deps.logger.info('No role-to-assume: using the source credentials directly.');
      return { credentials: source };
    }
    current = { credentials: source };
  }
  const sourceIsSession =
    deps.webIdentityToken === undefined && current.credentials.sessionToken !== undefined;
  if ((chain.length > 1 || sourceIsSession) && plan.roleDurationSeconds > ROLE_CHAINING_MAX_SECONDS) {
    deps.logger.warning(
      `role-duration-seconds ${plan.roleDurationSeconds} is more than STS allows for role chaining ` +
        `(${chain.length > 1 ? 'several roles' : 'the source credentials are a role session'}): ` +
        `the session lasts ${ROLE_CHAINING_MAX_SECONDS} s.`,
    );
  }
  for (let index = next; index < chain.length; index++) {
    const signer = current.credentials;
    const chaining = chain.length > 1 || sourceIsSession;
    current = await assumeRole(plan, chain[index] ?? '', index, chaining, () => deps.client(signer), deps);
  }
  return current;
}

/**
 * One hop of `plan.roleChain`: AssumeRole of `roleArn`, bounded and retried, with a client made for it
 * (signing with the source credentials or the session of the hop before).
 */
export async function assumeRole(
  plan: Plan,
  roleArn: string,
  index: number,
  chaining: boolean,
  client: () => Promise<StsClient>,
  deps: SessionDependencies,
): Promise<CloneCredentials> {
  const last = index === plan.roleChain.length - 1;
  const params = {
    RoleArn: roleArn,
    RoleSessionName: plan.roleSessionName,
    DurationSeconds: hopDurationSeconds(plan.roleDurationSeconds, chaining),
    ...(last && plan.roleExternalId !== undefined ? { ExternalId: plan.roleExternalId } : {}),
  };
  return requestSession(
    plan,
    {
      operation: 'AssumeRole',
      what: `STS AssumeRole ${roleArn}`,
      client,
      send: (sts, signal) => sts.session('AssumeRole', params, signal),
      explain: (error, attempts) => explainAssumeRoleFailure(plan, roleArn, index, error, attempts),
    },
    deps,
  );
}

/** The first hop when the source is GitHub OIDC: a fresh ID token for each attempt, unsigned. */
export async function assumeRoleWithWebIdentity(
  plan: Plan,
  roleArn: string,
  idToken: (audience: string) => Promise<string>,
  deps: Pick<StsDependencies, 'client'> & SessionDependencies,
): Promise<CloneCredentials> {
  let token = '';
  return requestSession(
    plan,
    {
      operation: 'AssumeRoleWithWebIdentity',
      what: `STS AssumeRoleWithWebIdentity ${roleArn}`,
      client: () => deps.client(),
      send: (sts, signal) =>
        sts.session(
          'AssumeRoleWithWebIdentity',
          {
            RoleArn: roleArn,
            RoleSessionName: plan.roleSessionName,
            WebIdentityToken: token,
            DurationSeconds: hopDurationSeconds(plan.roleDurationSeconds, plan.roleChain.length > 1),
          },
          signal,
        ),
      explain: (error, attempts) => explainWebIdentityFailure(plan, roleArn, error, attempts),
      beforeEachAttempt: async () => {
        token = await tokenFromGitHub(idToken, plan.audience);
      },
    },
    deps,
  );
}
