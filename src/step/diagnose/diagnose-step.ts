/**
 * `mode: diagnose` and the command's `diagnose`: what is wrong with this VPC setup, checked up front in
 * the order a request travels: every endpoint the run would use, the source credentials and who they
 * are, each role of the chain, git, each repository with its ref, and what each git server supports
 * (informational). Clones nothing and writes nothing
 * (no file, no state for a post step). Every check is bounded as a clone is, and one that fails does not
 * hide the others: what could not run says why.
 */
import { proxyForUrl, proxySecrets } from '../../network/https-proxy.js';
import { chooseCredentialSource } from '../../plan/credential-source.js';
import { parsePlan } from '../../plan/inputs.js';
import type { Plan, RawInputs, RunContext } from '../../plan/plan.js';
import { ignoredRepositoryVariablesNote } from '../../git/git-environment.js';
import { checkCredentials } from './credential-checks.js';
import { isFine, plainReport, type DiagnoseRow } from './diagnose-report.js';
import type { DiagnoseRuntime } from './diagnose-runtime.js';
import { endpointRow } from './endpoint-cause.js';
import { checkEndpoints } from './endpoint-checks.js';
import type { RepositoryCheckContext } from './diagnose-ls-remote.js';
import { checkGit, checkRepositories } from './repository-checks.js';
import { CAPABILITIES_CHECK, checkCapabilities } from './server-checks.js';
import { resolveRepositoryPatterns } from '../repository-listing.js';
import { messageOf } from '../../core/text.js';

function notCheckedRow(check: string, subject: string, why: string): DiagnoseRow {
  return { check, subject, status: 'not checked', found: `not checked: ${why}` };
}

export interface DiagnoseResult {
  plan: Plan;
  rows: DiagnoseRow[];
  /** Every row fine. */
  ok: boolean;
}

/** Throws only before any network call (the inputs, the choice of source); every later failure is a row. */
export async function runDiagnose(
  raw: RawInputs,
  context: RunContext,
  runtime: DiagnoseRuntime,
): Promise<DiagnoseResult> {
  return runDiagnosePlan(parsePlan(raw, context), runtime);
}

/** The same, for a plan the caller has parsed already (the entry point refuses bad inputs first). */
export async function runDiagnosePlan(plan: Plan, runtime: DiagnoseRuntime): Promise<DiagnoseResult> {
  const choice = chooseCredentialSource({
    mode: plan.sourceCredentials,
    awsProfile: plan.awsProfile,
    env: runtime.env,
    canRequestIdToken: runtime.idToken !== undefined,
  });
  const stsProxy = proxyForUrl(`${plan.sts.origin}/`, runtime.env);
  for (const proxy of [stsProxy, ...plan.repositories.map((r) => proxyForUrl(r.cloneUrl, runtime.env))])
    if (proxy !== undefined) proxySecrets(proxy).forEach(runtime.mask);

  runtime.logger.info(
    `Diagnosing: STS ${plan.sts.host}, git ${[...new Set(plan.repositories.map((r) => r.git.host))].join(', ')}, ` +
      `${plan.roleChain.length} role(s), ${plan.repositories.length} repositor${plan.repositories.length === 1 ? 'y' : 'ies'}` +
      `${plan.repositoryPatterns.length > 0 ? ` and ${plan.repositoryPatterns.length} pattern(s) listed at ${plan.codecommitApi.host}` : ''}; nothing is cloned or written.`,
  );
  const ignored = ignoredRepositoryVariablesNote(runtime.env);
  if (ignored !== undefined) runtime.logger.info(ignored);
  const [endpoints, gitRow] = await Promise.all([checkEndpoints(plan, runtime.env), checkGit(runtime)]);
  const endpointRows = endpoints.map((findings) => endpointRow(findings, plan.region));
  const stsReachable = endpointRows[0]?.status === 'ok';

  const credentials = await checkCredentials(plan, choice, runtime, stsReachable, stsProxy);

  // Repository patterns: ListRepositories through the CodeCommit API endpoint, as a clone would list them.
  let checkedPlan = plan;
  const listingRows: DiagnoseRow[] = [];
  if (plan.repositoryPatterns.length > 0) {
    const subject = plan.repositoryPatterns.map((pattern) => `'${pattern}'`).join(', ');
    const apiRow = endpointRows.find((_, i) => endpoints[i]?.role === 'codecommit-api');
    const started = runtime.now().getTime();
    if (credentials.credentials === undefined) {
      listingRows.push(
        notCheckedRow(
          'Repository list',
          subject,
          `no credentials (${credentials.missing ?? 'see the rows above'})`,
        ),
      );
    } else if (apiRow !== undefined && apiRow.status !== 'ok') {
      listingRows.push(
        notCheckedRow(
          'Repository list',
          subject,
          `the CodeCommit API endpoint ${plan.codecommitApi.host} did not answer (see its row)`,
        ),
      );
    } else {
      try {
        checkedPlan = await resolveRepositoryPatterns(
          plan,
          {
            credentials: credentials.credentials,
            ...(credentials.principal !== undefined && plan.roleChain.length > 0
              ? { assumedRoleArn: credentials.principal }
              : {}),
          },
          runtime,
          { diagnoses: endpoints },
        );
        const matched = plan.repositoryPatterns.map((pattern) => {
          const names = checkedPlan.repositories
            .filter((r) => r.matchingPatterns?.includes(pattern))
            .map((r) => r.name);
          return `'${pattern}' matches ${names.join(', ')}`;
        });
        listingRows.push({
          check: 'Repository list',
          subject,
          status: 'ok',
          found: `ListRepositories at ${plan.codecommitApi.host} (codecommit:ListRepositories allowed): ${matched.join('; ')}`,
          milliseconds: runtime.now().getTime() - started,
        });
      } catch (error) {
        listingRows.push({
          check: 'Repository list',
          subject,
          status: 'failed',
          found: messageOf(error),
          milliseconds: runtime.now().getTime() - started,
        });
      }
    }
  }

  // The git endpoint of repositories that only a pattern named: checked now that they are known.
  const checkedHosts = new Set(endpoints.map((f) => f.endpoint.host));
  const laterGit = checkedPlan.repositories.filter((r) => !checkedHosts.has(r.git.host));
  if (laterGit.length > 0) {
    const later = (
      await checkEndpoints({ ...checkedPlan, repositories: laterGit, repositoryPatterns: [] }, runtime.env)
    ).filter((f) => f.role === 'git');
    const firstNonGit = endpoints.findIndex((f) => f.role === 'codecommit-api');
    const at = firstNonGit === -1 ? endpoints.length : firstNonGit;
    endpoints.splice(at, 0, ...later);
    endpointRows.splice(at, 0, ...later.map((findings) => endpointRow(findings, plan.region)));
  }

  const unreachableGit = new Set(
    endpoints
      .filter((f, i) => f.role === 'git' && endpointRows[i]?.status !== 'ok')
      .map((f) => f.endpoint.host),
  );
  const notChecked = (name: string, why: string): DiagnoseRow => ({
    check: 'Repository',
    subject: name,
    status: 'not checked',
    found: `not checked: ${why}`,
  });
  let repositoryRows: DiagnoseRow[];
  /** Why no repository could be asked, when none could. */
  let unasked: string | undefined;
  /** The repositories whose ls-remote the server answered: the capability rows ask through them. */
  const answered = new Set<string>();
  let checkContext: RepositoryCheckContext | undefined;
  if (credentials.credentials === undefined || gitRow.status !== 'ok') {
    const why =
      credentials.credentials === undefined
        ? `no credentials (${credentials.missing ?? 'see the rows above'})`
        : 'git on PATH cannot be used (see its row)';
    unasked = why;
    repositoryRows = checkedPlan.repositories.map((r) => notChecked(r.name, why));
  } else {
    const reachable = checkedPlan.repositories.filter((r) => !unreachableGit.has(r.git.host));
    checkContext = {
      plan: checkedPlan,
      credentials: credentials.credentials,
      account: credentials.repositoryAccount,
      principal: credentials.principal,
      runtime,
      answered: (name) => answered.add(name),
    };
    const checked = await checkRepositories({
      ...checkContext,
      plan: { ...checkedPlan, repositories: reachable },
    });
    repositoryRows = checkedPlan.repositories.map(
      (r) =>
        checked[reachable.indexOf(r)] ??
        notChecked(r.name, `the git endpoint ${r.git.host} did not answer (see its row)`),
    );
  }

  // What each git server supports: one row per host, asked through its first repository that answered.
  const hosts = [...new Set(checkedPlan.repositories.map((r) => r.git.host))];
  const through = hosts.flatMap(
    (host) => checkedPlan.repositories.find((r) => r.git.host === host && answered.has(r.name)) ?? [],
  );
  const asked = checkContext !== undefined ? await checkCapabilities(through, checkContext) : [];
  const capabilityRows = hosts.map(
    (host) =>
      asked.find((row) => row.subject === host) ??
      notCheckedRow(
        CAPABILITIES_CHECK,
        host,
        unasked ??
          (unreachableGit.has(host)
            ? `the git endpoint ${host} did not answer (see its row)`
            : `no repository at ${host} answered git ls-remote (see the Repository rows)`),
      ),
  );
  const rows = [
    ...endpointRows,
    ...credentials.rows,
    ...listingRows,
    gitRow,
    ...repositoryRows,
    ...capabilityRows,
  ];
  for (const line of plainReport(rows)) runtime.logger.info(line);
  return { plan, rows, ok: isFine(rows) };
}
