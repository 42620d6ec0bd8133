export const id = 322;
export const ids = [322];
export const modules = {

/***/ 1322:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runListPlan: () => (/* binding */ runListPlan)
/* harmony export */ });
/* unused harmony export runListStep */
/* harmony import */ var _plan_credential_source_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3570);
/* harmony import */ var _plan_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2367);
/* harmony import */ var _step_runtime_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8607);
/* harmony import */ var _repository_listing_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6915);
/* harmony import */ var _step_credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2993);





/**
 * `mode: list`: the names of the repositories the `repository` lines stand for, clones nothing and
 * writes nothing in the workspace. Only patterns need AWS (credentials, then ListRepositories); names
 * are listed as given, without a network call.
 */
function runListStep(raw, context, runtime) {
    return withStepReport((report) => listStep(parsePlan(raw, context), runtime, report));
}
/** The same, for a plan the caller has parsed already (the entry point refuses bad inputs first). */
function runListPlan(given, runtime) {
    return (0,_step_runtime_js__WEBPACK_IMPORTED_MODULE_1__/* .withStepReport */ .I)((report) => listStep(given, runtime, report));
}
async function listStep(given, runtime, report) {
    const started = runtime.now().getTime();
    let plan = given;
    let assumedRoleArn;
    if (given.repositoryPatterns.length === 0) {
        runtime.logger.info('No repository pattern: the names are listed as given, without asking AWS.');
    }
    else {
        const choice = (0,_plan_credential_source_js__WEBPACK_IMPORTED_MODULE_4__/* .chooseCredentialSource */ .ML)({
            mode: given.sourceCredentials,
            awsProfile: given.awsProfile,
            env: runtime.env,
            canRequestIdToken: runtime.idToken !== undefined,
        });
        const credentials = await (0,_step_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .obtainStepCredentials */ .k)(given, choice, runtime, report);
        assumedRoleArn = credentials.assumedRoleArn;
        plan = await (0,_repository_listing_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveRepositoryPatterns */ .G)(given, credentials, runtime, report);
    }
    const names = plan.repositories.map((repository) => repository.name);
    runtime.logger.info(`Repositories (${names.length}): ${names.join(', ')}`);
    return {
        plan,
        names,
        ...(assumedRoleArn !== undefined ? { assumedRoleArn } : {}),
        summary: {
            ...(given.repositoryPatterns.length > 0 ? { apiEndpoint: plan.codecommitApi.host } : {}),
            ...(assumedRoleArn !== undefined ? { assumedRoleArn } : {}),
            repositories: plan.repositories.map(({ name, matchedBy }) => ({
                repository: name,
                ...(matchedBy !== undefined ? { pattern: matchedBy } : {}),
            })),
            seconds: (runtime.now().getTime() - started) / 1000,
        },
    };
}


/***/ }),

/***/ 2993:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ obtainStepCredentials)
});

// EXTERNAL MODULE: ./src/aws/assume-role.ts
var assume_role = __webpack_require__(8860);
// EXTERNAL MODULE: ./src/core/deadline.ts
var deadline = __webpack_require__(6343);
// EXTERNAL MODULE: ./src/network/https-proxy.ts + 1 modules
var https_proxy = __webpack_require__(8420);
// EXTERNAL MODULE: ./src/aws/aws-advice.ts
var aws_advice = __webpack_require__(2681);
// EXTERNAL MODULE: ./src/aws/aws-failure.ts
var aws_failure = __webpack_require__(863);
// EXTERNAL MODULE: ./src/aws/session-failure.ts
var session_failure = __webpack_require__(8222);
// EXTERNAL MODULE: ./src/aws/sts-session.ts + 1 modules
var sts_session = __webpack_require__(4190);
// EXTERNAL MODULE: ./src/core/text.ts
var core_text = __webpack_require__(2020);
;// CONCATENATED MODULE: ./src/aws/session-token.ts





/** Long-term: an access key without a session token (an IAM user's `AKIA…` key). */
function isLongTermKey(credentials) {
    return credentials.sessionToken === undefined;
}
/** A session of the key's user lasting `role-duration-seconds`, masked before it is returned. */
async function sessionOfLongTermKey(plan, key, deps) {
    const session = await (0,sts_session/* requestSession */.k)(plan, {
        operation: 'GetSessionToken',
        what: 'STS GetSessionToken',
        client: () => deps.client(key),
        send: (client, signal) => client.session('GetSessionToken', { DurationSeconds: plan.roleDurationSeconds }, signal),
        explain: (error, attempts) => explainSessionTokenFailure(plan, error, attempts),
    }, deps);
    return session.credentials;
}
function explainSessionTokenFailure(plan, error, attempts) {
    const facts = (0,aws_failure/* awsFailureFacts */.F)(error);
    const head = `STS GetSessionToken at ${plan.sts.host} failed after ${attempts} attempt(s): ${(0,aws_failure/* describeAwsFailure */.x)(error)}. ` +
        'persist-credentials exchanges long-term source keys for a session so that the key itself is never written.';
    const network = (0,session_failure/* networkAdvice */.B0)(plan, facts);
    if (network !== undefined)
        return `${head} ${network}`;
    if (facts.code === 'AccessDenied') {
        return (`${head} A policy of the key's user denies sts:GetSessionToken (or requires MFA): allow it, or set ` +
            "'role-to-assume' so that a role session is kept instead.");
    }
    const region = (0,aws_advice/* regionDisabledAdvice */.bV)(facts, (0,core_text/* messageOf */.bD)(error), plan.region, undefined);
    return region !== undefined ? `${head} ${region}` : head;
}

// EXTERNAL MODULE: ./src/aws/source-chain.ts
var source_chain = __webpack_require__(3740);
// EXTERNAL MODULE: ./src/aws/aws-attempts.ts
var aws_attempts = __webpack_require__(171);
// EXTERNAL MODULE: ./src/aws/sts-client.ts + 2 modules
var sts_client = __webpack_require__(4885);
// EXTERNAL MODULE: ./src/network/endpoint-reachability.ts + 1 modules
var endpoint_reachability = __webpack_require__(1297);
// EXTERNAL MODULE: ./src/network/endpoint-diagnosis.ts + 1 modules
var endpoint_diagnosis = __webpack_require__(5582);
// EXTERNAL MODULE: ./src/network/vpc-advice.ts
var vpc_advice = __webpack_require__(266);
;// CONCATENATED MODULE: ./src/step/step-credentials.ts
/**
 * The part every mode of the step shares: the proxies' secrets masked, the endpoints looked up and
 * logged, then the credentials (source, then each role), with a probe of the STS endpoint when it is
 * what did not answer.
 */











/**
 * Masks the proxies' credentials, looks up every endpoint the plan uses (into `report`, logged, with a
 * warning for public addresses), then obtains the step's credentials.
 */
async function obtainStepCredentials(plan, choice, runtime, report) {
    const stsProxy = maskProxies(plan, runtime);
    report.diagnoses = await (0,endpoint_reachability/* lookupEndpoints */.B)(plan, runtime.env);
    for (const diagnosis of report.diagnoses)
        runtime.logger.info(endpointLine(diagnosis, plan));
    for (const warning of (0,endpoint_diagnosis/* publicAddressWarnings */.R6)(report.diagnoses))
        runtime.logger.warning(warning);
    const credentials = await credentialsOrDiagnose(plan, choice, stsProxy, report.diagnoses[0], runtime);
    if (credentials.assumedRoleArn !== undefined) {
        runtime.stages?.mark('STS answered');
        runtime.logger.info(`Assumed ${credentials.assumedRoleArn}`);
    }
    return credentials;
}
/** Masks the credentials of any proxy HTTPS_PROXY selects; returns the one STS goes through. */
function maskProxies(plan, runtime) {
    const sts = (0,https_proxy/* proxyForUrl */.th)(`${plan.sts.origin}/`, runtime.env);
    const proxies = [
        sts,
        ...plan.repositories.map((repository) => (0,https_proxy/* proxyForUrl */.th)(repository.cloneUrl, runtime.env)),
        ...(plan.repositoryPatterns.length > 0
            ? [(0,https_proxy/* proxyForUrl */.th)(`${plan.codecommitApi.origin}/`, runtime.env)]
            : []),
    ];
    for (const proxy of proxies)
        if (proxy !== undefined)
            (0,https_proxy/* proxySecrets */.Wm)(proxy).forEach(runtime.mask);
    return sts;
}
function endpointLine(diagnosis, plan) {
    const role = `${diagnosis.role === 'git' ? 'Git' : vpc_advice/* SERVICE_OF_ROLE */.b[diagnosis.role].label} endpoint`;
    const kind = !diagnosis.endpoint.custom
        ? 'regional'
        : diagnosis.role === 'sts' && plan.stsEndpointVariable !== undefined
            ? `custom, from ${plan.stsEndpointVariable}`
            : 'custom';
    return `${role}: ${diagnosis.endpoint.origin} (${kind}); ${(0,endpoint_diagnosis/* describeDiagnosis */.$h)(diagnosis)}`;
}
async function credentialsOrDiagnose(plan, choice, proxy, diagnosis, runtime) {
    const makeClient = runtime.stsClient ?? sts_client/* createStsClient */.u;
    const idToken = runtime.idToken;
    const oidc = choice.source === 'github-oidc' && idToken !== undefined;
    const runnerSource = oidc
        ? undefined
        : await (0,source_chain/* describeRunner */.Yg)(plan.awsProfile, runtime.env, runtime.runnerProfiles);
    runtime.logger.info(oidc
        ? `Source credentials: GitHub OIDC, audience ${plan.audience} (${choice.reason})`
        : `Source credentials: the runner's, ${runnerSource?.label ?? ''} (${choice.reason})`);
    const tokenService = tokenServiceHost(runtime.env);
    const deps = {
        client: (credentials) => makeClient(plan, proxy, credentials),
        logger: runtime.logger,
        sleep: runtime.sleep,
        random: runtime.random,
        now: runtime.now,
        mask: runtime.mask,
    };
    try {
        const obtained = await (0,assume_role/* obtainCloneCredentials */.ZC)(plan, {
            ...deps,
            runnerCredentials: markedWhenResolved((runtime.runnerCredentials ?? source_chain/* sdkRunnerCredentials */.xu)(plan), runtime),
            ...(runnerSource !== undefined ? { runnerSource } : {}),
            ...(oidc
                ? {
                    webIdentityToken: async (audience) => maskedToken(await (0,deadline/* withDeadline */.NE)(plan.networkTimeoutSeconds, "GitHub's OIDC token service", tokenService, () => idToken(audience)), runtime),
                }
                : {}),
        });
        if (!plan.persistCredentials || !isLongTermKey(obtained.credentials))
            return obtained;
        runtime.logger.info('persist-credentials: the source credentials are a long-term access key; exchanging them for a ' +
            `session of ${plan.roleDurationSeconds} s (GetSessionToken), so that only temporary credentials are written.`);
        return { ...obtained, credentials: await sessionOfLongTermKey(plan, obtained.credentials, deps) };
    }
    catch (error) {
        // Probe the STS endpoint only when it is what failed; a metadata service or a credential_process
        // that did not answer says so itself.
        const atSts = stsOperationIn(error);
        const facts = (0,aws_failure/* awsFailureFacts */.F)(atSts?.cause);
        if (diagnosis === undefined || atSts === undefined || (!facts.timedOut && facts.errno === undefined))
            throw error;
        await (0,endpoint_reachability/* probeAfterFailure */.l)(diagnosis, plan);
        throw new Error(`${error.message}\n${(0,endpoint_diagnosis/* describeDiagnosis */.$h)(diagnosis)}`, { cause: error });
    }
}
/** The STS operation that failed, if the error is one or wraps one. */
function stsOperationIn(error) {
    for (let current = error; current instanceof Error; current = current.cause) {
        if (current instanceof aws_attempts/* AwsOperationError */.d)
            return current;
    }
    return undefined;
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
function maskedToken(token, runtime) {
    runtime.mask(token);
    runtime.stages?.mark('source credentials');
    return token;
}
/** The runner's credentials, with the stage marked when they are first resolved. */
function markedWhenResolved(credentials, runtime) {
    return (assumers) => {
        const provide = credentials(assumers);
        return async () => {
            const resolved = await provide();
            runtime.stages?.mark('source credentials');
            return resolved;
        };
    };
}


/***/ })

};
