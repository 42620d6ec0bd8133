export const id = 740;
export const ids = [740];
export const modules = {

/***/ 740:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runDiagnosePlan: () => (/* binding */ runDiagnosePlan)
});

// UNUSED EXPORTS: runDiagnose

// EXTERNAL MODULE: ./src/network/https-proxy.ts + 1 modules
var https_proxy = __webpack_require__(8420);
// EXTERNAL MODULE: ./src/plan/credential-source.ts
var credential_source = __webpack_require__(3570);
// EXTERNAL MODULE: ./src/plan/inputs.ts + 4 modules
var inputs = __webpack_require__(2367);
// EXTERNAL MODULE: ./src/git/git-environment.ts
var git_environment = __webpack_require__(9736);
// EXTERNAL MODULE: ./src/aws/assume-role.ts
var assume_role = __webpack_require__(8860);
// EXTERNAL MODULE: ./src/aws/aws-attempts.ts
var aws_attempts = __webpack_require__(171);
// EXTERNAL MODULE: ./src/aws/aws-failure.ts
var aws_failure = __webpack_require__(863);
// EXTERNAL MODULE: ./src/aws/sts-client.ts + 2 modules
var sts_client = __webpack_require__(4885);
;// CONCATENATED MODULE: ./src/aws/caller-identity.ts



/**
 * STS GetCallerIdentity with the credentials of the client `makeClient` makes (within the first
 * attempt, destroyed at the end), through the step's STS endpoint, bounded and retried like AssumeRole.
 * It needs no permission: any valid credentials may call it.
 */
async function callerIdentity(plan, makeClient, deps) {
    const client = (0,sts_client/* operationClient */.N)(makeClient);
    try {
        const output = await (0,aws_attempts/* withAwsAttempts */.Q)(plan, {
            what: 'STS GetCallerIdentity',
            host: plan.sts.host,
            attempt: async (signal) => (await client.get()).callerIdentity(signal),
            explain: (error, attempts) => `STS GetCallerIdentity at ${plan.sts.host} failed after ${attempts} attempt(s): ${(0,aws_failure/* describeAwsFailure */.x)(error)}.`,
        }, deps);
        return { arn: output.Arn ?? '', account: output.Account ?? '' };
    }
    finally {
        client.destroy();
    }
}

// EXTERNAL MODULE: ./src/core/deadline.ts
var deadline = __webpack_require__(6343);
// EXTERNAL MODULE: ./src/aws/source-chain.ts
var source_chain = __webpack_require__(3740);
// EXTERNAL MODULE: ./src/aws/source-credentials.ts
var source_credentials = __webpack_require__(7843);
// EXTERNAL MODULE: ./src/aws/source-advice.ts
var source_advice = __webpack_require__(7465);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
// EXTERNAL MODULE: ./src/aws/aws-advice.ts
var aws_advice = __webpack_require__(2681);
// EXTERNAL MODULE: ./src/core/text.ts
var core_text = __webpack_require__(2020);
;// CONCATENATED MODULE: ./src/step/diagnose/credential-checks.ts
/**
 * The credential rows of diagnose: the source (which one and why, what it contacts), its identity
 * (GetCallerIdentity through the step's STS endpoint), then each role of the chain, assumed or refused
 * with what to fix in which account. A check that cannot run says which earlier one kept it from running.
 */











const STS_ROW = 'STS endpoint';
async function checkCredentials(plan, choice, runtime, stsReachable, stsProxy) {
    const makeClient = runtime.stsClient ?? sts_client/* createStsClient */.u;
    const deps = {
        client: (credentials) => makeClient(plan, stsProxy, credentials),
        logger: runtime.logger,
        sleep: runtime.sleep,
        random: runtime.random,
        now: runtime.now,
        mask: runtime.mask,
        runnerCredentials: (runtime.runnerCredentials ?? source_chain/* sdkRunnerCredentials */.xu)(plan),
    };
    const rows = [];
    const notChecked = (check, subject, why) => ({
        check,
        subject,
        status: 'not checked',
        found: `not checked: ${why}`,
    });
    const unreachable = `the STS endpoint ${plan.sts.host} did not answer (see its row)`;
    const roleRows = (why, from = 0) => plan.roleChain.slice(from).map((arn) => notChecked('Role', arn, why));
    // The source: the job's GitHub ID token, or the runner's own credentials.
    const oidc = choice.source === 'github-oidc' && runtime.idToken !== undefined;
    let current;
    let callerArn;
    let webIdentity;
    let fetchToken;
    if (oidc && runtime.idToken !== undefined) {
        const idToken = runtime.idToken;
        const tokenService = tokenServiceHost(runtime.env);
        fetchToken = async (audience) => {
            const token = await (0,deadline/* withDeadline */.NE)(plan.networkTimeoutSeconds, "GitHub's OIDC token service", tokenService, () => idToken(audience));
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
                found: `an ID token for audience ${plan.audience} from ${tokenService} (${choice.reason}); ` +
                    `sub ${claims.sub ?? '(none)'}, issuer ${claims.iss ?? '(none)'}`,
                milliseconds: runtime.now().getTime() - started,
            });
        }
        catch (error) {
            rows.push({
                check: 'Source credentials',
                subject: 'GitHub OIDC',
                status: 'failed',
                found: `no ID token from ${tokenService}: ${(0,core_text/* messageOf */.bD)(error)}`,
                fix: error.name === 'DeadlineError'
                    ? "The runner must reach GitHub's token service (ACTIONS_ID_TOKEN_REQUEST_URL) as it reaches GitHub for its jobs: the same proxy (HTTPS_PROXY), or a route out of the VPC."
                    : 'The job needs `permissions: id-token: write`.',
                milliseconds: runtime.now().getTime() - started,
            });
            return { rows: [...rows, ...roleRows('no GitHub ID token')], missing: 'no GitHub ID token' };
        }
    }
    else {
        const runnerSource = await (0,source_chain/* describeRunner */.Yg)(plan.awsProfile, runtime.env, runtime.runnerProfiles);
        const started = runtime.now().getTime();
        const subject = "the runner's";
        const contacted = contactedBy(runnerSource, plan);
        try {
            const source = await (0,source_credentials/* resolveSourceCredentials */.KA)(plan, {
                ...deps,
                runnerSource,
            });
            (0,secrets/* maskCredentials */.B)(source, runtime.mask);
            current = { credentials: source };
            rows.push({
                check: 'Source credentials',
                subject,
                status: 'ok',
                found: `${runnerSource.label} (${choice.reason}); contacted ${contacted}`,
                milliseconds: runtime.now().getTime() - started,
            });
        }
        catch (error) {
            const waited = (0,source_advice/* stepWaitedFor */._)(runnerSource.steps);
            rows.push({
                check: 'Source credentials',
                subject,
                status: 'failed',
                found: `${runnerSource.label} (${choice.reason}): ${(0,core_text/* messageOf */.bD)(error)}`,
                fix: waited !== undefined
                    ? (0,source_advice/* sourceStepAdvice */.c)(waited)
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
        }
        catch (error) {
            const cause = error.cause ?? error;
            rows.push({
                check: 'Identity',
                subject: 'source credentials',
                status: 'failed',
                found: (0,core_text/* messageOf */.bD)(error),
                fix: (0,aws_advice/* identityAdvice */.DG)((0,aws_failure/* awsFailureFacts */.F)(cause), STS_ROW),
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
                    ? await (0,assume_role/* assumeRoleWithWebIdentity */.zr)(plan, roleArn, fetchToken, deps)
                    : await (0,assume_role/* assumeRole */.xN)(plan, roleArn, index, chain.length > 1 || sourceIsSession, () => deps.client(signer), deps);
            rows.push({
                check: 'Role',
                subject: roleArn,
                status: 'ok',
                found: `assumed at ${plan.sts.host}: ${current.assumedRoleArn ?? 'a session'}`,
                milliseconds: runtime.now().getTime() - started,
            });
            callerArn = current.assumedRoleArn ?? roleArn;
        }
        catch (error) {
            const cause = error.cause ?? error;
            const attempts = error.attempts;
            rows.push({
                check: 'Role',
                subject: roleArn,
                status: 'failed',
                found: `refused at ${plan.sts.host}${typeof attempts === 'number' ? ` after ${attempts} attempt(s)` : ''}: ` +
                    (cause instanceof Error && cause !== error ? (0,aws_failure/* describeAwsFailure */.x)(cause) : (0,core_text/* messageOf */.bD)(error)),
                fix: (0,aws_advice/* roleRefusalAdvice */.xP)({
                    facts: (0,aws_failure/* awsFailureFacts */.F)(cause),
                    message: (0,core_text/* messageOf */.bD)(cause),
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
    const account = principal !== undefined ? (0,aws_advice/* accountOfArn */.KC)(principal) : undefined;
    return {
        rows,
        ...(current !== undefined ? { credentials: current.credentials } : {}),
        ...(account !== undefined ? { repositoryAccount: account } : {}),
        ...(principal !== undefined ? { principal } : {}),
    };
}
/** What the runner's chain contacts to get its credentials, in its order. */
function contactedBy(source, plan) {
    const hosts = source.steps.flatMap((step) => {
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
function tokenClaims(token) {
    try {
        const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return {
            ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}),
            ...(typeof payload.iss === 'string' ? { iss: payload.iss } : {}),
        };
    }
    catch {
        return {};
    }
}
/** `host[:port]` of ACTIONS_ID_TOKEN_REQUEST_URL, for messages. */
function tokenServiceHost(env) {
    try {
        return new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '').host || 'ACTIONS_ID_TOKEN_REQUEST_URL';
    }
    catch {
        return 'ACTIONS_ID_TOKEN_REQUEST_URL';
    }
}

// EXTERNAL MODULE: ./src/step/diagnose/diagnose-report.ts
var diagnose_report = __webpack_require__(8254);
// EXTERNAL MODULE: ./src/network/endpoint-diagnosis.ts + 1 modules
var endpoint_diagnosis = __webpack_require__(5582);
// EXTERNAL MODULE: ./src/network/vpc-advice.ts
var vpc_advice = __webpack_require__(266);
;// CONCATENATED MODULE: ./src/step/diagnose/endpoint-cause.ts
/**
 * An endpoint's row: what was found, whether it works, and when it does not, the VPC cause decided from
 * what failed: a name that does not resolve or resolves to public addresses (no interface endpoint,
 * private DNS off), no TCP (security group), TCP but no TLS (a middlebox, or not the endpoint), a
 * certificate for another name or from an unknown CA (interception), a proxy that does not get through.
 * Pure.
 */


const CERTIFICATE_NAME = /ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/i;
const CERTIFICATE_TRUST = /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED/i;
function endpointRow(findings, region) {
    const { endpointService: service, input } = vpc_advice/* SERVICE_OF_ROLE */.b[findings.role];
    const label = `${vpc_advice/* SERVICE_OF_ROLE */.b[findings.role].label} endpoint`;
    const { endpoint, lookup, probe } = findings;
    const hostname = endpoint.hostname;
    const interfaceEndpoint = `com.amazonaws.${region}.${service}`;
    const found = [];
    const row = (status, fix) => ({
        check: label,
        subject: endpoint.host,
        status,
        found: found.join('; '),
        ...(fix !== undefined ? { fix } : {}),
        milliseconds: totalMilliseconds(findings),
    });
    const scope = (0,endpoint_diagnosis/* addressScope */.b3)(lookup.addresses);
    if (lookup.error !== undefined) {
        found.push(`DNS: ${hostname} does not resolve (${lookup.error}, ${lookup.milliseconds} ms)`);
    }
    else {
        found.push(`DNS: ${lookup.addresses.join(', ')} (${scope}) in ${lookup.milliseconds} ms`);
    }
    if (findings.proxy !== undefined) {
        const through = findings.proxied;
        const via = `through proxy ${findings.proxy} (HTTPS_PROXY; NO_PROXY does not exempt ${hostname})`;
        if (through?.outcome === 'answered') {
            found.push(`${via}: HTTP ${through.status ?? ''} in ${through.milliseconds} ms`);
            return row('ok');
        }
        found.push(`${via}: ${through?.detail ?? 'no answer'}${through ? ` after ${through.milliseconds} ms` : ''}`);
        return row('failed', `A proxy in the way: requests to ${hostname} go through ${findings.proxy}, which does not get them to ` +
            `the endpoint. Add the domain to NO_PROXY (e.g. amazonaws.com; a '*.domain' or 'host:port' entry ` +
            `exempts nothing) so that they go directly to the ${interfaceEndpoint} interface endpoint, or make the ` +
            'proxy reach it.');
    }
    if (lookup.error !== undefined) {
        if (lookup.error === 'timeout') {
            return row('failed', `The resolver gave no answer for ${hostname}: the VPC's DNS (AmazonProvidedDNS, enableDnsSupport) ` +
                'or the resolver in /etc/resolv.conf is not reachable from the runner.');
        }
        if (!endpoint.custom) {
            return row('failed', `Private DNS is off for the ${interfaceEndpoint} interface endpoint, or the VPC has none: enable ` +
                `private DNS on it (or create it), or set '${input}' to the endpoint's vpce DNS name ` +
                `(https://vpce-….${service}.${region}.vpce.amazonaws.com).`);
        }
        return row('failed', hostname.includes('.vpce.')
            ? `${hostname} is not a DNS name of an interface endpoint this runner's VPC knows: copy '${input}' from ` +
                `the DNS names of the ${interfaceEndpoint} endpoint (it may have been deleted, or belong to another VPC).`
            : `Check the host name in '${input}'.`);
    }
    if (probe === undefined)
        return row('failed', 'Not probed.');
    const { tcp, tls, http } = probe;
    const port = new URL(endpoint.origin).port || '443';
    found.push(`TCP ${probe.address}:${port}: ${tcp.outcome} in ${tcp.milliseconds} ms${tcp.detail && tcp.outcome !== 'no answer' ? ` (${tcp.detail})` : ''}`);
    const publicAddresses = scope === 'public' || scope === 'mixed';
    const publicCause = `${hostname} resolves to public addresses, which a subnet without internet cannot reach: the VPC has no ` +
        `${interfaceEndpoint} interface endpoint, or its private DNS is off (then set '${input}' to its vpce DNS name).`;
    if (tcp.outcome !== 'connected') {
        if (publicAddresses)
            return row('failed', publicCause);
        if (tcp.outcome === 'no answer') {
            return row('failed', `Nothing answered TCP ${port} at ${probe.address} within the timeout: the security group of the ` +
                `${interfaceEndpoint} interface endpoint does not allow inbound TCP ${port} from the runner, or a ` +
                'network ACL drops it.');
        }
        if (tcp.outcome === 'refused') {
            return row('failed', `${probe.address} refused TCP ${port}: it is not the ${interfaceEndpoint} endpoint's address (a stale ` +
                `DNS record or hosts entry for ${hostname}), or a firewall rejects the connection.`);
        }
        return row('failed', `No route to ${probe.address}: the subnet's route table or a network ACL; the address should be one of the ` +
            `${interfaceEndpoint} endpoint's network interfaces.`);
    }
    if (tls === undefined)
        return row('failed', 'TLS was not attempted.');
    found.push(tls.outcome === 'completed'
        ? `TLS in ${tls.milliseconds} ms, certificate valid for ${hostname}`
        : `TLS: ${tls.outcome} after ${tls.milliseconds} ms${tls.detail && tls.outcome === 'failed' ? ` (${tls.detail})` : ''}`);
    if (tls.outcome === 'no answer') {
        return row('failed', `TCP connects but the TLS handshake never completes: something accepts connections for ${probe.address} ` +
            `and stays silent. Check that ${hostname} is the DNS name of the ${interfaceEndpoint} interface ` +
            `endpoint, that its security group allows inbound TCP ${port} from the runner, and that no firewall, ` +
            'proxy or middlebox sits in the way.');
    }
    if (tls.outcome === 'failed') {
        const detail = tls.detail ?? '';
        if (CERTIFICATE_NAME.test(detail)) {
            return row('failed', `The certificate presented is not for ${hostname}: a proxy or middlebox intercepts HTTPS (TLS ` +
                `inspection), or the name leads to another service's endpoint. Exempt ${hostname} from inspection, ` +
                `or point '${input}' at the ${interfaceEndpoint} endpoint.`);
        }
        if (CERTIFICATE_TRUST.test(detail)) {
            return row('failed', `The certificate is not one the runner trusts (${detail}): a TLS-inspecting proxy or middlebox whose ` +
                'CA the runner lacks (NODE_EXTRA_CA_CERTS for STS, http.sslCAInfo for git), or not the AWS endpoint.');
        }
        return row('failed', `The TLS handshake failed (${detail}): a firewall, proxy or middlebox in the way resets it.`);
    }
    if (http === undefined)
        return row('failed', 'No HTTP request was made.');
    if (http.outcome !== 'answered') {
        found.push(`HTTP: ${http.detail ?? http.outcome} after ${http.milliseconds} ms`);
        return row('failed', `TLS completes but no HTTP answer comes: a middlebox in the way, or ${hostname} is not the ` +
            `${interfaceEndpoint} endpoint.`);
    }
    found.push(`HTTP ${http.status ?? ''} in ${http.milliseconds} ms`);
    return row('ok', publicAddresses
        ? `${hostname} resolves to public addresses: requests leave the VPC (through a NAT or internet gateway). ` +
            `A ${interfaceEndpoint} interface endpoint with private DNS keeps them inside.`
        : undefined);
}
function totalMilliseconds(findings) {
    const { lookup, probe, proxied } = findings;
    return (lookup.milliseconds +
        (probe?.tcp.milliseconds ?? 0) +
        (probe?.tls?.milliseconds ?? 0) +
        (probe?.http?.milliseconds ?? 0) +
        (proxied?.milliseconds ?? 0));
}

// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./src/network/endpoint-reachability.ts + 1 modules
var endpoint_reachability = __webpack_require__(1297);
// EXTERNAL MODULE: ./src/network/endpoint-probe.ts
var endpoint_probe = __webpack_require__(4406);
;// CONCATENATED MODULE: ./src/step/diagnose/endpoint-checks.ts





/**
 * Every endpoint the run would use, checked in parallel: the name resolved (bounded), then directly TCP,
 * TLS and an HTTP answer on its first address, each phase within network-timeout-seconds; or, when
 * HTTPS_PROXY applies to it as git and STS read it, one HTTP request through that proxy, as bounded.
 */
async function checkEndpoints(plan, env) {
    const looked = await (0,endpoint_reachability/* lookupEndpoints */.B)(plan, env);
    return Promise.all(looked.map(async (diagnosis) => {
        const findings = { ...diagnosis };
        const proxy = (0,https_proxy/* proxyForUrl */.th)(`${diagnosis.endpoint.origin}/`, env);
        if (proxy !== undefined) {
            findings.proxied = await requestThroughProxy(diagnosis.endpoint, proxy, plan.networkTimeoutSeconds);
            return findings;
        }
        const address = diagnosis.lookup.addresses[0];
        if (address === undefined)
            return findings;
        findings.probe = await (0,endpoint_probe/* probeEndpoint */.Q)(address, portOf(diagnosis.endpoint), diagnosis.endpoint.hostname, plan.networkTimeoutSeconds, diagnosis.endpoint.host);
        return findings;
    }));
}
async function requestThroughProxy(endpoint, proxy, timeoutSeconds) {
    const started = Date.now();
    try {
        const status = await (0,deadline/* withDeadline */.NE)(timeoutSeconds, 'HTTPS request', endpoint.host, async (signal) => httpStatus(endpoint, await (0,https_proxy/* proxyAgent */.QT)(proxy), signal));
        return { outcome: 'answered', status, milliseconds: Date.now() - started };
    }
    catch (error) {
        const code = error.code;
        const timedOut = error.name === 'DeadlineError';
        return {
            outcome: timedOut ? 'no answer' : 'failed',
            milliseconds: Date.now() - started,
            detail: timedOut
                ? `no answer within ${timeoutSeconds} s`
                : typeof code === 'string'
                    ? code
                    : error instanceof Error
                        ? error.message
                        : String(error),
        };
    }
}
function httpStatus(endpoint, agent, signal) {
    return new Promise((resolve, reject) => {
        const outgoing = (0,external_node_https_.request)({
            host: endpoint.hostname,
            port: portOf(endpoint),
            path: '/',
            method: 'GET',
            servername: endpoint.hostname,
            agent,
            headers: { 'user-agent': 'codecommit-xaccount-clone-diagnose' },
            signal,
        }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
            outgoing.destroy();
        });
        outgoing.once('error', reject);
        outgoing.end();
    });
}
function portOf(endpoint) {
    const port = new URL(endpoint.origin).port;
    return port === '' ? 443 : Number(port);
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/git/git-version.ts
var git_version = __webpack_require__(1405);
// EXTERNAL MODULE: ./src/core/logger.ts
var logger = __webpack_require__(1227);
// EXTERNAL MODULE: ./src/core/bounded-parallel.ts
var bounded_parallel = __webpack_require__(2320);
;// CONCATENATED MODULE: ./src/git/advertised-refs.ts
function parseLsRemote(stdout) {
    const refs = new Map();
    let head;
    for (const line of stdout.split(/\r?\n/)) {
        const symref = /^ref: (\S+)\tHEAD$/.exec(line);
        if (symref !== null) {
            head = symref[1];
            continue;
        }
        const ref = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
        if (ref !== null)
            refs.set(ref[2] ?? '', ref[1] ?? '');
    }
    return { refs, ...(head !== undefined ? { head } : {}) };
}
/** What the clone would check out, or why it could not: the `ref` named nothing the repository has. */
function refVerdict(ref, advertised, repository) {
    const { refs } = advertised;
    if (ref.kind === 'default') {
        const head = advertised.head ?? (refs.has('HEAD') ? 'HEAD' : undefined);
        const commit = refs.get('HEAD');
        if (commit === undefined) {
            return {
                found: false,
                text: `'${repository}' has no commits (no default branch)`,
                fix: `Push a first commit to '${repository}', or check that this is the repository meant.`,
            };
        }
        return { found: true, text: `default branch ${shortName(head ?? 'HEAD')} at ${commit.slice(0, 12)}` };
    }
    if (ref.kind === 'sha') {
        const tip = [...refs].find(([, commit]) => commit === ref.sha);
        return {
            found: true,
            text: tip !== undefined
                ? `commit ${ref.sha.slice(0, 12)} is the tip of ${tip[0]}`
                : `commit ${ref.sha.slice(0, 12)} is no branch or tag tip (only fetching it proves it exists)`,
        };
    }
    const candidates = ref.name.startsWith('refs/')
        ? [ref.name]
        : [`refs/heads/${ref.name}`, `refs/tags/${ref.name}`];
    for (const name of candidates) {
        const commit = refs.get(name);
        if (commit !== undefined)
            return { found: true, text: `${name} at ${commit.slice(0, 12)}` };
    }
    const branches = namesUnder(refs, 'refs/heads/');
    const tags = namesUnder(refs, 'refs/tags/');
    return {
        found: false,
        text: `'${ref.name}' is neither a branch nor a tag of '${repository}'`,
        fix: `Check 'ref' (case-sensitive). Branches: ${listed(branches)}; tags: ${listed(tags)}.`,
    };
}
function namesUnder(refs, prefix) {
    return [...refs.keys()]
        .filter((name) => name.startsWith(prefix) && !name.endsWith('^{}'))
        .map((name) => name.slice(prefix.length));
}
function listed(names) {
    if (names.length === 0)
        return 'none';
    const shown = names.slice(0, 10).join(', ');
    return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}
function shortName(ref) {
    return ref.replace(/^refs\/heads\//, '');
}

// EXTERNAL MODULE: ./src/aws/git-authorization.ts + 1 modules
var git_authorization = __webpack_require__(846);
// EXTERNAL MODULE: ./src/git/git-attempts.ts
var git_attempts = __webpack_require__(8599);
// EXTERNAL MODULE: ./src/git/git-failure-advice.ts
var git_failure_advice = __webpack_require__(8464);
// EXTERNAL MODULE: ./src/git/git-process.ts
var git_process = __webpack_require__(1028);
// EXTERNAL MODULE: ./src/git/repository-git.ts
var repository_git = __webpack_require__(939);
;// CONCATENATED MODULE: ./src/step/diagnose/diagnose-ls-remote.ts
/**
 * The one way diagnose asks a git endpoint: a `git ls-remote` of a repository through the signed path a
 * clone takes (the same header, command-scoped config, watchdog and attempts), and its failure as a row
 * says it: what git said, and the advice for its kind of failure, with the account and principal known.
 */






/** `named` begins the found text of a failure: "git ls-remote", "git ls-remote of my-service". */
async function diagnoseLsRemote(repository, context, logger, request) {
    const { plan, runtime } = context;
    const git = new repository_git/* RepositoryGit */.n(plan, repository, {
        logger,
        inheritedEnv: runtime.env,
        processes: runtime.processes,
        authorizationHeader: () => (0,git_authorization/* gitAuthorizationHeader */.x)(context.credentials, { host: repository.git.host, path: repository.repositoryPath, region: plan.region }, runtime.now(), runtime.mask),
    });
    const requester = {
        ...(context.account !== undefined ? { account: context.account } : {}),
        ...(context.principal !== undefined ? { principal: context.principal } : {}),
    };
    try {
        const result = await (0,git_attempts/* withGitAttempts */.N0)({
            maxAttempts: plan.maxAttempts,
            logger,
            sleep: runtime.sleep,
            random: runtime.random,
            explain: (error, failure) => (0,git_failure_advice/* explainGitFailure */.a)(plan, repository, failure, error.stderr, requester),
        }, () => git.network(request.args, request.what, request.call));
        return { ok: true, result };
    }
    catch (error) {
        if (!(error instanceof git_attempts/* FinalGitFailure */.Fs)) {
            return { ok: false, found: (0,core_text/* messageOf */.bD)(error) };
        }
        const tries = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
        const said = error.failure.kind === 'stalled' ? error.message : `git: ${(0,git_process/* stderrTail */.be)(error.error.stderr)}`;
        return {
            ok: false,
            found: `${request.named} failed${tries}: ${said}`,
            fix: (0,git_failure_advice/* explainGitFailure */.a)(plan, repository, error.failure, error.error.stderr, requester),
        };
    }
}

;// CONCATENATED MODULE: ./src/step/diagnose/repository-checks.ts
/**
 * The git rows of diagnose: the git on PATH, then for each repository one `git ls-remote` through the
 * signed path a clone takes (the same header, command-scoped config, watchdog and attempts), which proves
 * codecommit:GitPull, and whether `ref` is there. Nothing is written: ls-remote needs no repository.
 */









/** The git on PATH, 2.31 or newer (command-scoped config carries the signed header). */
async function checkGit(runtime) {
    const clock = () => runtime.now().getTime();
    const started = clock();
    try {
        const version = await (0,git_version/* requireSupportedGit */.md)(runtime.env, runtime.processes);
        return {
            check: 'git',
            subject: 'git on PATH',
            status: 'ok',
            found: `version ${version.text} (2.31 or newer is needed)`,
            milliseconds: clock() - started,
        };
    }
    catch (error) {
        return {
            check: 'git',
            subject: 'git on PATH',
            status: 'failed',
            found: (0,core_text/* messageOf */.bD)(error),
            fix: 'Install git 2.31 or newer on the runner, or put one first on PATH.',
            milliseconds: clock() - started,
        };
    }
}
/**
 * Every repository, `concurrency` at a time; each row's log lines are written together. git runs in an
 * empty folder of its own outside the workspace (removed afterwards), so that no repository around it,
 * the workspace's included, lends it config.
 */
async function checkRepositories(context) {
    const { plan, runtime } = context;
    const folder = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'codecommit-diagnose-'));
    try {
        return await (0,bounded_parallel/* mapBounded */.y)(plan.repositories, plan.concurrency, async (repository) => {
            const buffer = new logger/* BufferedLogger */.I();
            const row = await checkRepository({ ...repository, targetPath: folder }, context, buffer);
            buffer.flush(runtime.logger);
            return row;
        });
    }
    finally {
        await (0,promises_.rm)(folder, { recursive: true, force: true });
    }
}
async function checkRepository(repository, context, logger) {
    const { plan, runtime } = context;
    const clock = () => runtime.now().getTime();
    const started = clock();
    const row = (status, found, fix) => ({
        check: 'Repository',
        subject: repository.name,
        status,
        found,
        ...(fix !== undefined ? { fix } : {}),
        milliseconds: clock() - started,
    });
    const answer = await diagnoseLsRemote(repository, context, logger, {
        args: ['ls-remote', '--symref', '--', repository.cloneUrl],
        what: `listing the refs of ${repository.name} at ${repository.git.host}`,
        named: 'git ls-remote',
    });
    if (!answer.ok)
        return row('failed', answer.found, answer.fix);
    context.answered?.(repository.name);
    const verdict = refVerdict(plan.ref, parseLsRemote(answer.result.stdout), repository.name);
    const pulled = `git ls-remote at ${repository.git.host} answered (codecommit:GitPull allowed)`;
    return verdict.found
        ? row('ok', `${pulled}; ${verdict.text}`)
        : row('failed', `${pulled}; ${verdict.text}`, verdict.fix);
}

// EXTERNAL MODULE: ./src/git/server-capabilities.ts
var server_capabilities = __webpack_require__(8248);
;// CONCATENATED MODULE: ./src/step/diagnose/server-checks.ts
/**
 * The capability rows of diagnose: for each git endpoint (one per host, not per repository), what its
 * server supports, read from the capability advertisement of one `git ls-remote` through the signed path
 * a clone takes, protocol v2 asked for and git's packet trace read (src/git/server-capabilities.ts): no
 * pack is downloaded. Informational: a server without `filter` is not a failure; the note says what it
 * means for `filter`, `fetch-depth` and a `ref` by SHA.
 */






/** The check of a capability row (its subject is the git endpoint's host). */
const CAPABILITIES_CHECK = 'git capabilities';
/**
 * One row for each repository given, which stands for its git endpoint (the first of each host whose
 * ls-remote was answered), in an empty folder of its own as the repository checks run.
 */
async function checkCapabilities(repositories, context) {
    const folder = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'codecommit-diagnose-'));
    try {
        return await Promise.all(repositories.map(async (repository) => {
            const buffer = new logger/* BufferedLogger */.I();
            const row = await checkCapability({ ...repository, targetPath: folder }, context, buffer);
            buffer.flush(context.runtime.logger);
            return row;
        }));
    }
    finally {
        await (0,promises_.rm)(folder, { recursive: true, force: true });
    }
}
async function checkCapability(repository, context, logger) {
    const { runtime } = context;
    const clock = () => runtime.now().getTime();
    const started = clock();
    const host = repository.git.host;
    const failed = (found, fix) => ({
        check: CAPABILITIES_CHECK,
        subject: host,
        status: 'failed',
        found,
        ...(fix !== undefined ? { fix } : {}),
        milliseconds: clock() - started,
    });
    const answer = await diagnoseLsRemote(repository, context, logger, {
        args: ['-c', 'protocol.version=2', 'ls-remote', '--', repository.cloneUrl],
        what: `reading what the git server at ${host} supports (through ${repository.name})`,
        named: `git ls-remote of ${repository.name}`,
        call: { tracePackets: true },
    });
    if (!answer.ok)
        return failed(answer.found, answer.fix);
    const capabilities = (0,server_capabilities/* parseCapabilityTrace */.Vj)(answer.result.stderr);
    if (capabilities === undefined) {
        return failed(`git ls-remote of ${repository.name} answered, but git traced no capability advertisement`, `Check that ${host} is a CodeCommit git endpoint (or its VPC endpoint), not another server.`);
    }
    return capabilityRow(host, repository.name, capabilities, clock() - started);
}
/** What the server answered, said plainly: status ok, whatever it supports. Pure. */
function capabilityRow(host, through, capabilities, milliseconds) {
    const { protocol, agent, filter, shallow, commitBySha, commitByShaCapability } = capabilities;
    const sha = commitBySha === 'any'
        ? `served by SHA (${commitByShaCapability ?? 'fetch'})`
        : commitBySha === 'hidden-tips'
            ? 'not served (allow-tip-sha1-in-want serves only the tips of hidden refs)'
            : protocol === 'v2'
                ? 'not served (no fetch command)'
                : 'not served (neither allow-reachable-sha1-in-want nor allow-tip-sha1-in-want)';
    const found = [
        `protocol ${protocol}${protocol === 'v0' ? ' (v2 was asked for)' : ''}${agent !== undefined ? `, ${agent}` : ''}`,
        `filter: ${filter ? 'advertised (partial clone)' : 'not advertised'}`,
        `shallow: ${shallow ? 'advertised' : 'not advertised'}`,
        `a commit no ref points at: ${sha}`,
        `read from the capability advertisement of git ls-remote of ${through} (no pack downloaded)`,
    ];
    const notes = [
        filter
            ? "'filter' (e.g. blob:none) makes a partial clone: blobs are fetched as the checkout needs them."
            : '\'filter\' is not honoured: git says "filtering not recognized by server, ignoring" and downloads ' +
                'the full history of blobs; the clone is still complete, and the step warns.',
        shallow
            ? `'fetch-depth' makes a shallow clone${filter ? '' : ', which is what downloads less here'}.`
            : '\'fetch-depth\' above 0 fails (git: "Server does not support shallow clients"): keep fetch-depth: 0.',
        commitBySha === 'any'
            ? "A 'ref' by SHA is fetched by itself, even a commit no branch or tag points at."
            : "A 'ref' by SHA that is no branch or tag tip is not served by itself: the step then fetches every " +
                'branch and tag in full (fetch-depth does not apply), and the commit must be in their history.',
    ];
    return {
        check: CAPABILITIES_CHECK,
        subject: host,
        status: 'ok',
        found: found.join('; '),
        fix: notes.join(' '),
        milliseconds,
    };
}

// EXTERNAL MODULE: ./src/step/repository-listing.ts + 3 modules
var repository_listing = __webpack_require__(6915);
;// CONCATENATED MODULE: ./src/step/diagnose/diagnose-step.ts
/**
 * `mode: diagnose` and the command's `diagnose`: what is wrong with this VPC setup, checked up front in
 * the order a request travels: every endpoint the run would use, the source credentials and who they
 * are, each role of the chain, git, each repository with its ref, and what each git server supports
 * (informational). Clones nothing and writes nothing
 * (no file, no state for a post step). Every check is bounded as a clone is, and one that fails does not
 * hide the others: what could not run says why.
 */












function notCheckedRow(check, subject, why) {
    return { check, subject, status: 'not checked', found: `not checked: ${why}` };
}
/** Throws only before any network call (the inputs, the choice of source); every later failure is a row. */
async function runDiagnose(raw, context, runtime) {
    return runDiagnosePlan(parsePlan(raw, context), runtime);
}
/** The same, for a plan the caller has parsed already (the entry point refuses bad inputs first). */
async function runDiagnosePlan(plan, runtime) {
    const choice = (0,credential_source/* chooseCredentialSource */.ML)({
        mode: plan.sourceCredentials,
        awsProfile: plan.awsProfile,
        env: runtime.env,
        canRequestIdToken: runtime.idToken !== undefined,
    });
    const stsProxy = (0,https_proxy/* proxyForUrl */.th)(`${plan.sts.origin}/`, runtime.env);
    for (const proxy of [stsProxy, ...plan.repositories.map((r) => (0,https_proxy/* proxyForUrl */.th)(r.cloneUrl, runtime.env))])
        if (proxy !== undefined)
            (0,https_proxy/* proxySecrets */.Wm)(proxy).forEach(runtime.mask);
    runtime.logger.info(`Diagnosing: STS ${plan.sts.host}, git ${[...new Set(plan.repositories.map((r) => r.git.host))].join(', ')}, ` +
        `${plan.roleChain.length} role(s), ${plan.repositories.length} repositor${plan.repositories.length === 1 ? 'y' : 'ies'}` +
        `${plan.repositoryPatterns.length > 0 ? ` and ${plan.repositoryPatterns.length} pattern(s) listed at ${plan.codecommitApi.host}` : ''}; nothing is cloned or written.`);
    const ignored = (0,git_environment/* ignoredRepositoryVariablesNote */.y7)(runtime.env);
    if (ignored !== undefined)
        runtime.logger.info(ignored);
    const [endpoints, gitRow] = await Promise.all([checkEndpoints(plan, runtime.env), checkGit(runtime)]);
    const endpointRows = endpoints.map((findings) => endpointRow(findings, plan.region));
    const stsReachable = endpointRows[0]?.status === 'ok';
    const credentials = await checkCredentials(plan, choice, runtime, stsReachable, stsProxy);
    // Repository patterns: ListRepositories through the CodeCommit API endpoint, as a clone would list them.
    let checkedPlan = plan;
    const listingRows = [];
    if (plan.repositoryPatterns.length > 0) {
        const subject = plan.repositoryPatterns.map((pattern) => `'${pattern}'`).join(', ');
        const apiRow = endpointRows.find((_, i) => endpoints[i]?.role === 'codecommit-api');
        const started = runtime.now().getTime();
        if (credentials.credentials === undefined) {
            listingRows.push(notCheckedRow('Repository list', subject, `no credentials (${credentials.missing ?? 'see the rows above'})`));
        }
        else if (apiRow !== undefined && apiRow.status !== 'ok') {
            listingRows.push(notCheckedRow('Repository list', subject, `the CodeCommit API endpoint ${plan.codecommitApi.host} did not answer (see its row)`));
        }
        else {
            try {
                checkedPlan = await (0,repository_listing/* resolveRepositoryPatterns */.G)(plan, {
                    credentials: credentials.credentials,
                    ...(credentials.principal !== undefined && plan.roleChain.length > 0
                        ? { assumedRoleArn: credentials.principal }
                        : {}),
                }, runtime, { diagnoses: endpoints });
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
            }
            catch (error) {
                listingRows.push({
                    check: 'Repository list',
                    subject,
                    status: 'failed',
                    found: (0,core_text/* messageOf */.bD)(error),
                    milliseconds: runtime.now().getTime() - started,
                });
            }
        }
    }
    // The git endpoint of repositories that only a pattern named: checked now that they are known.
    const checkedHosts = new Set(endpoints.map((f) => f.endpoint.host));
    const laterGit = checkedPlan.repositories.filter((r) => !checkedHosts.has(r.git.host));
    if (laterGit.length > 0) {
        const later = (await checkEndpoints({ ...checkedPlan, repositories: laterGit, repositoryPatterns: [] }, runtime.env)).filter((f) => f.role === 'git');
        const firstNonGit = endpoints.findIndex((f) => f.role === 'codecommit-api');
        const at = firstNonGit === -1 ? endpoints.length : firstNonGit;
        endpoints.splice(at, 0, ...later);
        endpointRows.splice(at, 0, ...later.map((findings) => endpointRow(findings, plan.region)));
    }
    const unreachableGit = new Set(endpoints
        .filter((f, i) => f.role === 'git' && endpointRows[i]?.status !== 'ok')
        .map((f) => f.endpoint.host));
    const notChecked = (name, why) => ({
        check: 'Repository',
        subject: name,
        status: 'not checked',
        found: `not checked: ${why}`,
    });
    let repositoryRows;
    /** Why no repository could be asked, when none could. */
    let unasked;
    /** The repositories whose ls-remote the server answered: the capability rows ask through them. */
    const answered = new Set();
    let checkContext;
    if (credentials.credentials === undefined || gitRow.status !== 'ok') {
        const why = credentials.credentials === undefined
            ? `no credentials (${credentials.missing ?? 'see the rows above'})`
            : 'git on PATH cannot be used (see its row)';
        unasked = why;
        repositoryRows = checkedPlan.repositories.map((r) => notChecked(r.name, why));
    }
    else {
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
        repositoryRows = checkedPlan.repositories.map((r) => checked[reachable.indexOf(r)] ??
            notChecked(r.name, `the git endpoint ${r.git.host} did not answer (see its row)`));
    }
    // What each git server supports: one row per host, asked through its first repository that answered.
    const hosts = [...new Set(checkedPlan.repositories.map((r) => r.git.host))];
    const through = hosts.flatMap((host) => checkedPlan.repositories.find((r) => r.git.host === host && answered.has(r.name)) ?? []);
    const asked = checkContext !== undefined ? await checkCapabilities(through, checkContext) : [];
    const capabilityRows = hosts.map((host) => asked.find((row) => row.subject === host) ??
        notCheckedRow(CAPABILITIES_CHECK, host, unasked ??
            (unreachableGit.has(host)
                ? `the git endpoint ${host} did not answer (see its row)`
                : `no repository at ${host} answered git ls-remote (see the Repository rows)`)));
    const rows = [
        ...endpointRows,
        ...credentials.rows,
        ...listingRows,
        gitRow,
        ...repositoryRows,
        ...capabilityRows,
    ];
    for (const line of (0,diagnose_report/* plainReport */.fj)(rows))
        runtime.logger.info(line);
    return { plan, rows, ok: (0,diagnose_report/* isFine */.zn)(rows) };
}


/***/ })

};
