/**
 * The credential rows of diagnose: the source (which one and why, what it contacts), its identity
 * (GetCallerIdentity through the step's STS endpoint), then each role of the chain, assumed or refused
 * with what to fix in which account. A check that cannot run says which earlier one kept it from running.
 */
import { assumeRole, assumeRoleWithWebIdentity, type CloneCredentials } from '../../aws/assume-role.js';
import { callerIdentity } from '../../aws/caller-identity.js';
import type { AwsCredentials } from '../../core/aws-credentials.js';
import { withDeadline } from '../../core/deadline.js';
import { describeRunner, sdkRunnerCredentials } from '../../aws/source-chain.js';
import { createStsClient } from '../../aws/sts-client.js';
import { awsFailureFacts, describeAwsFailure } from '../../aws/aws-failure.js';
import { resolveSourceCredentials } from '../../aws/source-credentials.js';
import { sourceStepAdvice, stepWaitedFor } from '../../aws/source-advice.js';
import type { SourceChoice } from '../../plan/credential-source.js';
import type { Plan } from '../../plan/plan.js';
import type { RunnerSource, SourceStep } from '../../plan/runner-source.js';
import { maskCredentials } from '../../core/secrets.js';
import type { DiagnoseRow } from './diagnose-report.js';
import type { DiagnoseRuntime } from './diagnose-runtime.js';
import { identityAdvice, roleRefusalAdvice, accountOfArn } from '../../aws/aws-advice.js';
import { messageOf } from '../../core/text.js';

export interface CredentialFindings {
  rows: DiagnoseRow[];
  /** What git signs with, when the source resolved and every role was assumed. */
  credentials?: AwsCredentials;
  /** The account the repositories live in: the last role's, or the source principal's without roles. */
  repositoryAccount?: string;
  /** Who git's requests are made as: the last role's ARN, or the source principal's. */
  principal?: string;
  /** Why there are no credentials, for the rows that needed them. */
  missing?: string;
}

const STS_ROW = 'STS endpoint';

export async function checkCredentials(
  plan: Plan,
  choice: SourceChoice,
  runtime: DiagnoseRuntime,
  stsReachable: boolean,
  stsProxy: URL | undefined,
): Promise<CredentialFindings> {
  const makeClient = runtime.stsClient ?? createStsClient;
  const deps = {
    client: (credentials?: AwsCredentials) => makeClient(plan, stsProxy, credentials),
    logger: runtime.logger,
    sleep: runtime.sleep,
    random: runtime.random,
    now: runtime.now,
    mask: runtime.mask,
    runnerCredentials: (runtime.runnerCredentials ?? sdkRunnerCredentials)(plan),
  };
  const rows: DiagnoseRow[] = [];
  const notChecked = (check: string, subject: string, why: string): DiagnoseRow => ({
    check,
    subject,
    status: 'not checked',
    found: `not checked: ${why}`,
  });
  const unreachable = `the STS endpoint ${plan.sts.host} did not answer (see its row)`;
  const roleRows = (why: string, from = 0): DiagnoseRow[] =>
    plan.roleChain.slice(from).map((arn) => notChecked('Role', arn, why));

  // The source: the job's GitHub ID token, or the runner's own credentials.
  const oidc = choice.source === 'github-oidc' && runtime.idToken !== undefined;
  let current: CloneCredentials | undefined;
  let callerArn: string | undefined;
  let webIdentity: { audience: string; subject?: string } | undefined;
  let fetchToken: ((audience: string) => Promise<string>) | undefined;
  if (oidc && runtime.idToken !== undefined) {
    const idToken = runtime.idToken;
    const tokenService = tokenServiceHost(runtime.env);
    fetchToken = async (audience) => {
      const token = await withDeadline(
        plan.networkTimeoutSeconds,
        "GitHub's OIDC token service",
        tokenService,
        () => idToken(audience),
      );
      runtime.mask(token);
      return token;
    };
    const started = runtime.now().getTime();
    try {
      const claims = tokenClaims(await fetchToken(plan.audience));
      webIdentity = { audience: plan.audience, ...(claims.sub !== undefined ? { subject: claims.sub } : {}) };
      rows.push({
        check: 'Source credentials',
        subject: 'GitHub OIDC',
        status: 'ok',
        found:
          `an ID token for audience ${plan.audience} from ${tokenService} (${choice.reason}); ` +
          `sub ${claims.sub ?? '(none)'}, issuer ${claims.iss ?? '(none)'}`,
        milliseconds: runtime.now().getTime() - started,
      });
    } catch (error) {
      rows.push({
        check: 'Source credentials',
        subject: 'GitHub OIDC',
        status: 'failed',
        found: `no ID token from ${tokenService}: ${messageOf(error)}`,
        fix:
          (error as { name?: unknown }).name === 'DeadlineError'
            ? "The runner must reach GitHub's token service (ACTIONS_ID_TOKEN_REQUEST_URL) as it reaches GitHub for its jobs: the same proxy (HTTPS_PROXY), or a route out of the VPC."
            : 'The job needs `permissions: id-token: write`.',
        milliseconds: runtime.now().getTime() - started,
      });
      return { rows: [...rows, ...roleRows('no GitHub ID token')], missing: 'no GitHub ID token' };
    }
  } else {
    const runnerSource = await describeRunner(plan.awsProfile, runtime.env, runtime.runnerProfiles);
    const started = runtime.now().getTime();
    const subject = "the runner's";
    const contacted = contactedBy(runnerSource, plan);
    try {
      const source = await resolveSourceCredentials(plan, {
        ...deps,
        runnerSource,
      });
      maskCredentials(source, runtime.mask);
      current = { credentials: source };
      rows.push({
        check: 'Source credentials',
        subject,
        status: 'ok',
        found: `${runnerSource.label} (${choice.reason}); contacted ${contacted}`,
        milliseconds: runtime.now().getTime() - started,
      });
    } catch (error) {
      const waited = stepWaitedFor(runnerSource.steps);
      rows.push({
        check: 'Source credentials',
        subject,
        status: 'failed',
        found: `${runnerSource.label} (${choice.reason}): ${messageOf(error)}`,
        fix:
          waited !== undefined
            ? sourceStepAdvice(waited)
            : "Give the runner AWS credentials: the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), an instance profile, 'aws-profile', or GitHub OIDC (permissions: id-token: write).",
        milliseconds: runtime.now().getTime() - started,
      });
      return {
        rows: [
          ...rows,
          notChecked('Identity', subject, 'no source credentials'),
          ...roleRows('no source credentials'),
        ],
        missing: 'no source credentials',
      };
    }

    // Who the source credentials are.
    if (!stsReachable) {
      rows.push(notChecked('Identity', 'source credentials', unreachable), ...roleRows(unreachable));
      return { rows, missing: `the STS endpoint ${plan.sts.host} did not answer` };
    }
    const identityStarted = runtime.now().getTime();
    const signer = current.credentials;
    try {
      const identity = await callerIdentity(plan, () => deps.client(signer), deps);
      callerArn = identity.arn;
      rows.push({
        check: 'Identity',
        subject: 'source credentials',
        status: 'ok',
        found: `${identity.arn} (account ${identity.account}), by GetCallerIdentity at ${plan.sts.host}`,
        milliseconds: runtime.now().getTime() - identityStarted,
      });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      rows.push({
        check: 'Identity',
        subject: 'source credentials',
        status: 'failed',
        found: messageOf(error),
        fix: identityAdvice(awsFailureFacts(cause), STS_ROW),
        milliseconds: runtime.now().getTime() - identityStarted,
      });
      return {
        rows: [...rows, ...roleRows('the source credentials were refused (see Identity)')],
        missing: 'the source credentials were refused',
      };
    }
  }

  // Each role of the chain, with the session of the one before.
  if (!stsReachable) {
    rows.push(...roleRows(unreachable));
    return { rows, missing: `the STS endpoint ${plan.sts.host} did not answer` };
  }
  const chain = plan.roleChain;
  const sourceIsSession = !oidc && current?.credentials.sessionToken !== undefined;
  for (let index = 0; index < chain.length; index++) {
    const roleArn = chain[index] ?? '';
    const started = runtime.now().getTime();
    const signer = current?.credentials;
    try {
      current =
        index === 0 && fetchToken !== undefined
          ? await assumeRoleWithWebIdentity(plan, roleArn, fetchToken, deps)
          : await assumeRole(
              plan,
              roleArn,
              index,
              chain.length > 1 || sourceIsSession,
              () => deps.client(signer),
              deps,
            );
      rows.push({
        check: 'Role',
        subject: roleArn,
        status: 'ok',
        found: `assumed at ${plan.sts.host}: ${current.assumedRoleArn ?? 'a session'}`,
        milliseconds: runtime.now().getTime() - started,
      });
      callerArn = current.assumedRoleArn ?? roleArn;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      const attempts = (error as { attempts?: unknown }).attempts;
      rows.push({
        check: 'Role',
        subject: roleArn,
        status: 'failed',
        found:
          `refused at ${plan.sts.host}${typeof attempts === 'number' ? ` after ${attempts} attempt(s)` : ''}: ` +
          (cause instanceof Error && cause !== error ? describeAwsFailure(cause) : messageOf(error)),
        fix: roleRefusalAdvice({
          facts: awsFailureFacts(cause),
          message: messageOf(cause),
          roleArn,
          callerArn,
          externalIdGiven: index === chain.length - 1 && plan.roleExternalId !== undefined,
          ...(index === 0 && webIdentity !== undefined ? { webIdentity } : {}),
          region: plan.region,
          stsRow: STS_ROW,
        }),
        milliseconds: runtime.now().getTime() - started,
      });
      rows.push(...roleRows(`the role before it, ${roleArn}, was not assumed`, index + 1));
      return { rows, missing: `the role ${roleArn} was not assumed` };
    }
  }
  const lastRole = chain[chain.length - 1];
  const principal = lastRole ?? callerArn;
  const account = principal !== undefined ? accountOfArn(principal) : undefined;
  return {
    rows,
    ...(current !== undefined ? { credentials: current.credentials } : {}),
    ...(account !== undefined ? { repositoryAccount: account } : {}),
    ...(principal !== undefined ? { principal } : {}),
  };
}

/** What the runner's chain contacts to get its credentials, in its order. */
function contactedBy(source: RunnerSource, plan: Plan): string {
  const hosts = source.steps.flatMap((step: SourceStep): string[] => {
    switch (step.kind) {
      case 'environment':
      case 'static-profile':
      case 'unusable':
        return [];
      case 'sts':
        return [`STS ${step.operation} at ${plan.sts.host}`];
      case 'process':
        return [`the command \`${step.command}\``];
      case 'sso':
        return [`IAM Identity Center at ${step.host}`];
      case 'container':
      case 'instance-metadata':
        return [step.url];
    }
  });
  return hosts.length > 0 ? hosts.join(', then ') : 'nothing (the keys are read locally)';
}

/** The claims of an ID token that a trust policy's conditions look at (the token itself stays secret). */
function tokenClaims(token: string): { sub?: string; iss?: string } {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: unknown;
      iss?: unknown;
    };
    return {
      ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}),
      ...(typeof payload.iss === 'string' ? { iss: payload.iss } : {}),
    };
  } catch {
    return {};
  }
}

/** `host[:port]` of ACTIONS_ID_TOKEN_REQUEST_URL, for messages. */
function tokenServiceHost(env: Readonly<Record<string, string | undefined>>): string {
  try {
    return new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '').host || 'ACTIONS_ID_TOKEN_REQUEST_URL';
  } catch {
    return 'ACTIONS_ID_TOKEN_REQUEST_URL';
  }
}
