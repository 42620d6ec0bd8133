export const id = 13;
export const ids = [13];
export const modules = {

/***/ 8860:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZC: () => (/* binding */ obtainCloneCredentials),
/* harmony export */   xN: () => (/* binding */ assumeRole),
/* harmony export */   zr: () => (/* binding */ assumeRoleWithWebIdentity)
/* harmony export */ });
/* harmony import */ var _plan_credential_source_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3570);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8198);
/* harmony import */ var _github_id_token_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3442);
/* harmony import */ var _session_failure_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8222);
/* harmony import */ var _source_credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7843);
/* harmony import */ var _sts_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4190);
/**
 * The credentials git signs with: the source credentials (source-credentials.ts) or GitHub's ID token,
 * then each role of the chain, each assumed with the session of the one before.
 */






/**
 * The credentials git signs with: the source credentials (SDK default chain or aws-profile) or GitHub's
 * ID token, then each role of `plan.roleChain` in turn, each assumed with the one before.
 */
async function obtainCloneCredentials(plan, deps) {
    const chain = plan.roleChain;
    let current;
    let next = 0;
    if (deps.webIdentityToken !== undefined) {
        const [first] = chain;
        if (first === undefined) {
            throw new Error("GitHub OIDC gives no AWS credentials by itself: set 'role-to-assume' to the role that trusts " +
                'token.actions.githubusercontent.com (or give AWS credentials to the runner).');
        }
        current = await assumeRoleWithWebIdentity(plan, first, deps.webIdentityToken, deps);
        next = 1;
    }
    else {
        const source = await (0,_source_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .resolveSourceCredentials */ .KA)(plan, deps);
        (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .maskCredentials */ .B)(source, deps.mask);
        if (chain.length === 0) {
            deps.logger.info('No role-to-assume: using the source credentials directly.');
            return { credentials: source };
        }
        current = { credentials: source };
    }
    const sourceIsSession = deps.webIdentityToken === undefined && current.credentials.sessionToken !== undefined;
    if ((chain.length > 1 || sourceIsSession) && plan.roleDurationSeconds > _plan_credential_source_js__WEBPACK_IMPORTED_MODULE_5__/* .ROLE_CHAINING_MAX_SECONDS */ .sC) {
        deps.logger.warning(`role-duration-seconds ${plan.roleDurationSeconds} is more than STS allows for role chaining ` +
            `(${chain.length > 1 ? 'several roles' : 'the source credentials are a role session'}): ` +
            `the session lasts ${_plan_credential_source_js__WEBPACK_IMPORTED_MODULE_5__/* .ROLE_CHAINING_MAX_SECONDS */ .sC} s.`);
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
async function assumeRole(plan, roleArn, index, chaining, client, deps) {
    const last = index === plan.roleChain.length - 1;
    const params = {
        RoleArn: roleArn,
        RoleSessionName: plan.roleSessionName,
        DurationSeconds: (0,_plan_credential_source_js__WEBPACK_IMPORTED_MODULE_5__/* .hopDurationSeconds */ .ZA)(plan.roleDurationSeconds, chaining),
        ...(last && plan.roleExternalId !== undefined ? { ExternalId: plan.roleExternalId } : {}),
    };
    return (0,_sts_session_js__WEBPACK_IMPORTED_MODULE_3__/* .requestSession */ .k)(plan, {
        operation: 'AssumeRole',
        what: `STS AssumeRole ${roleArn}`,
        client,
        send: (sts, signal) => sts.session('AssumeRole', params, signal),
        explain: (error, attempts) => (0,_session_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .explainAssumeRoleFailure */ .UP)(plan, roleArn, index, error, attempts),
    }, deps);
}
/** The first hop when the source is GitHub OIDC: a fresh ID token for each attempt, unsigned. */
async function assumeRoleWithWebIdentity(plan, roleArn, idToken, deps) {
    let token = '';
    return (0,_sts_session_js__WEBPACK_IMPORTED_MODULE_3__/* .requestSession */ .k)(plan, {
        operation: 'AssumeRoleWithWebIdentity',
        what: `STS AssumeRoleWithWebIdentity ${roleArn}`,
        client: () => deps.client(),
        send: (sts, signal) => sts.session('AssumeRoleWithWebIdentity', {
            RoleArn: roleArn,
            RoleSessionName: plan.roleSessionName,
            WebIdentityToken: token,
            DurationSeconds: (0,_plan_credential_source_js__WEBPACK_IMPORTED_MODULE_5__/* .hopDurationSeconds */ .ZA)(plan.roleDurationSeconds, plan.roleChain.length > 1),
        }, signal),
        explain: (error, attempts) => (0,_session_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .explainWebIdentityFailure */ .Of)(plan, roleArn, error, attempts),
        beforeEachAttempt: async () => {
            token = await (0,_github_id_token_js__WEBPACK_IMPORTED_MODULE_0__/* .tokenFromGitHub */ .J)(idToken, plan.audience);
        },
    }, deps);
}


/***/ }),

/***/ 2681:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DG: () => (/* binding */ identityAdvice),
/* harmony export */   KC: () => (/* binding */ accountOfArn),
/* harmony export */   bV: () => (/* binding */ regionDisabledAdvice),
/* harmony export */   cg: () => (/* binding */ throttlingAdvice),
/* harmony export */   v8: () => (/* binding */ assumeRoleAdvice),
/* harmony export */   xP: () => (/* binding */ roleRefusalAdvice)
/* harmony export */ });
/* unused harmony export trustedPrincipalOf */
/* harmony import */ var _retry_policy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50);
/**
 * What to fix, and in which account, when AWS refuses the step: STS refusing the source credentials or a
 * role of the chain (read from the code STS answers and its message), or an endpoint throttling. A failed
 * clone's error and diagnose's rows give the same advice from here. Pure.
 */

/** `111111111111` of `arn:aws:iam::111111111111:role/X` (or of an sts assumed-role ARN). */
function accountOfArn(arn) {
    return /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
}
/**
 * The principal a trust policy names for a caller: a role for an assumed-role session
 * (`arn:aws:sts::1:assumed-role/R/s` → `arn:aws:iam::1:role/R`), the ARN itself otherwise.
 */
function trustedPrincipalOf(callerArn) {
    const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
    if (session === null)
        return callerArn;
    return `arn:${session[1] ?? 'aws'}:iam::${session[2] ?? ''}:role/${session[3] ?? ''}`;
}
/**
 * What helps when an endpoint throttles: its request rate is the account's, shared by every job that
 * calls it, so fewer requests at once, more patience, or the jobs spread out.
 */
function throttlingAdvice(endpoint) {
    return (`${endpoint} throttled the requests (the account's request rate for this API is shared by every caller ` +
        "in the region). Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time.");
}
/** Why the source credentials were refused by GetCallerIdentity, and what to do. */
function identityAdvice(facts, stsRow) {
    if (facts.timedOut || facts.errno !== undefined)
        return `STS did not answer: see the ${stsRow} row.`;
    if ((0,_retry_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .isThrottling */ .E2)(facts))
        return throttlingAdvice('STS');
    switch (stripException(facts.code)) {
        case 'InvalidClientTokenId':
            return ('AWS does not know the access key of the source credentials: it was deleted or deactivated, belongs to ' +
                'another partition, or the session token is missing. Give the runner current credentials.');
        case 'SignatureDoesNotMatch':
            return 'The secret key does not belong to the access key id: the runner holds a mismatched pair.';
        case 'ExpiredToken':
            return "The source session has expired: refresh the runner's credentials (the earlier step or profile that set them).";
        default:
            return 'STS refused the source credentials.';
    }
}
/** What to fix, in which account, for a role STS would not let the caller assume (diagnose's row). */
function roleRefusalAdvice(refusal) {
    const { facts, roleArn } = refusal;
    const target = accountOfArn(roleArn) ?? 'the role’s account';
    if (facts.timedOut || facts.errno !== undefined)
        return `STS did not answer: see the ${refusal.stsRow} row.`;
    if ((0,_retry_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .isThrottling */ .E2)(facts))
        return throttlingAdvice('STS');
    const code = stripException(facts.code);
    if (refusal.webIdentity !== undefined) {
        if (code === 'InvalidIdentityToken' && /provider/i.test(refusal.message)) {
            return (`In account ${target}: create the IAM OIDC identity provider token.actions.githubusercontent.com ` +
                `(audience ${refusal.webIdentity.audience}); the trust policy of ${roleArn} names it as Federated principal.`);
        }
        if (['AccessDenied', 'InvalidIdentityToken', 'IDPRejectedClaim', 'ExpiredToken'].includes(code ?? '')) {
            const subject = refusal.webIdentity.subject;
            return (`In account ${target}: the trust policy of ${roleArn} must allow sts:AssumeRoleWithWebIdentity for the ` +
                `Federated principal token.actions.githubusercontent.com, with conditions matching this job's token: ` +
                `aud = ${refusal.webIdentity.audience} (the 'audience' input)` +
                `${subject !== undefined ? ` and sub = ${subject}` : ''}.`);
        }
    }
    if (code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch' || code === 'ExpiredToken') {
        return `The credentials that asked were refused (${code}): see the Identity row.`;
    }
    return assumeRoleAdvice(refusal) ?? `STS refused to let the caller assume ${roleArn}.`;
}
/**
 * What to fix when STS refuses a role for a reason the step can name: the trust policy or the caller's
 * permission (with the external ID), STS not activated in the region, a session longer than the role
 * allows. Undefined for any other refusal.
 */
function assumeRoleAdvice(refusal) {
    const callerAccount = accountOfArn(refusal.callerArn ?? refusal.callerRole ?? '');
    return (trustAdvice(refusal, callerAccount) ??
        regionDisabledAdvice(refusal.facts, refusal.message, refusal.region, callerAccount) ??
        durationAdvice(refusal));
}
function trustAdvice(refusal, callerAccount) {
    if (stripException(refusal.facts.code) !== 'AccessDenied')
        return undefined;
    const { roleArn, callerArn, callerRole } = refusal;
    const trusted = callerArn !== undefined
        ? trustedPrincipalOf(callerArn)
        : callerRole !== undefined
            ? `the session of ${callerRole}`
            : 'the source principal';
    // A role's permissions are the role's own, not its session's.
    const permitted = callerArn !== undefined ? trusted : (callerRole ?? 'the source principal');
    const source = callerAccount !== undefined
        ? `account ${callerAccount}`
        : callerArn !== undefined || callerRole !== undefined
            ? 'the caller’s account'
            : 'the source account';
    const externalId = refusal.externalIdGiven
        ? `, and its sts:ExternalId condition must equal 'role-external-id' (the external ID given differs, or the role requires none)`
        : `; if it requires an external ID (an sts:ExternalId condition), set 'role-external-id'`;
    return (`In account ${accountOfArn(roleArn) ?? 'the role’s account'}: the trust policy of ${roleArn} must allow ${trusted} ` +
        `to sts:AssumeRole${externalId}. In ${source}: ${permitted} needs sts:AssumeRole on ${roleArn} in its ` +
        'permissions (and no SCP or permissions boundary that denies it).');
}
/**
 * STS not activated in the step's region, which refuses any STS call there. STS names the account in
 * its message; otherwise the caller's is the one that asked.
 */
function regionDisabledAdvice(facts, message, region, callerAccount) {
    if (stripException(facts.code) !== 'RegionDisabled')
        return undefined;
    const account = /account:?\s*(\d{12})/.exec(message)?.[1] ?? callerAccount;
    return (`STS is not activated for ${region} in ${account !== undefined ? `account ${account}` : 'the account that asked'}: ` +
        'activate it under IAM, Account settings, Security Token Service (STS) endpoints.');
}
function durationAdvice(refusal) {
    const { roleArn } = refusal;
    if (stripException(refusal.facts.code) !== 'ValidationError' ||
        !/DurationSeconds|session duration|session limit/i.test(refusal.message))
        return undefined;
    return (`'role-duration-seconds' is longer than ${roleArn} allows (its maximum session duration, or 3600 s for a ` +
        `role assumed by another role's session): lower it, or raise the role's MaxSessionDuration in account ` +
        `${accountOfArn(roleArn) ?? 'the role’s account'}.`);
}
/** The SDK names some codes with an `Exception` suffix. */
function stripException(code) {
    return code?.replace(/Exception$/, '');
}


/***/ }),

/***/ 171:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ withAwsAttempts),
/* harmony export */   d: () => (/* binding */ AwsOperationError)
/* harmony export */ });
/* harmony import */ var _core_deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6343);
/* harmony import */ var _aws_advice_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2681);
/* harmony import */ var _aws_failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(863);
/* harmony import */ var _retry_policy_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(50);




/** Why an AWS operation finally failed, after how many attempts; its `explain` worded the message. */
class AwsOperationError extends Error {
    attempts;
    constructor(message, attempts, options) {
        super(message, options);
        this.attempts = attempts;
        this.name = 'AwsOperationError';
    }
}
/**
 * Runs `operation` with up to `plan.maxAttempts` attempts, each bounded by the network timeout from
 * outside, retrying only transient failures (no wait after the last). The wait is the endpoint's
 * Retry-After when it sends one (at most the network timeout), the full-jitter backoff otherwise. When
 * the endpoint throttled the last attempt, the message says so and what helps.
 */
async function withAwsAttempts(plan, operation, deps) {
    const { what, host } = operation;
    for (let number = 1;; number++) {
        deps.logger.info(`${what} at ${host} (attempt ${number} of ${plan.maxAttempts})`);
        try {
            // Bounded on its own (a GitHub ID token): the operation's deadline starts when it can be sent.
            await operation.beforeEachAttempt?.();
            return await (0,_core_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .withDeadline */ .NE)(plan.networkTimeoutSeconds, what, host, operation.attempt);
        }
        catch (error) {
            const facts = (0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .awsFailureFacts */ .F)(error);
            if (!(0,_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .isTransientAwsFailure */ .my)(facts) || number >= plan.maxAttempts) {
                const message = operation.explain(error, number);
                throw new AwsOperationError((0,_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .isThrottling */ .E2)(facts) ? `${message} ${(0,_aws_advice_js__WEBPACK_IMPORTED_MODULE_1__/* .throttlingAdvice */ .cg)(host)}` : message, number, { cause: error });
            }
            const wait = (0,_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .retryWait */ .y_)(number, facts, deps.random(), plan.networkTimeoutSeconds * 1000, deps.now);
            const asked = wait.askedByEndpoint ? ' as its Retry-After asks' : '';
            deps.logger.warning((0,_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .isThrottling */ .E2)(facts)
                ? `${what} throttled by ${host} (attempt ${number} of ${plan.maxAttempts}), retrying in ` +
                    `${(0,_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .describeWait */ .Ng)(wait.milliseconds)}${asked} (${(0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .describeAwsFailure */ .x)(error)})`
                : `${what} at ${host} failed (${(0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .describeAwsFailure */ .x)(error)}); retrying in ${wait.milliseconds} ms${asked}`);
            await deps.sleep(wait.milliseconds);
        }
    }
}


/***/ }),

/***/ 863:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ awsFailureFacts),
/* harmony export */   x: () => (/* binding */ describeAwsFailure)
/* harmony export */ });
/* harmony import */ var _core_deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6343);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2020);


/**
 * Reads the facts a retry decision and a message need out of an SDK or network error, whichever AWS
 * operation (STS, the CodeCommit API) threw it.
 */
function awsFailureFacts(error) {
    if (error instanceof _core_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineError */ .j3)
        return { timedOut: true };
    if (typeof error !== 'object' || error === null)
        return { timedOut: false };
    const e = error;
    const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
    const errno = typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code) ? e.code : undefined;
    const name = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : undefined;
    const code = name === 'Error' || name === undefined ? undefined : name;
    const facts = { timedOut: false };
    if (code !== undefined)
        facts.code = code;
    if (status !== undefined)
        facts.status = status;
    if (errno !== undefined)
        facts.errno = errno;
    const retryAfter = retryAfterOf(e.$response?.headers);
    if (retryAfter !== undefined)
        facts.retryAfter = retryAfter;
    if (errno === undefined && e.cause !== undefined) {
        const inner = awsFailureFacts(e.cause);
        if (inner.errno !== undefined)
            facts.errno = inner.errno;
    }
    return facts;
}
/**
 * The Retry-After header of the answer, which the SDK keeps (not enumerable) on the errors it reads
 * from one; its header names are as the HTTP layer gave them, so looked up without regard to case.
 */
function retryAfterOf(headers) {
    if (typeof headers !== 'object' || headers === null)
        return undefined;
    for (const [name, value] of Object.entries(headers)) {
        if (name.toLowerCase() === 'retry-after' && typeof value === 'string')
            return value;
    }
    return undefined;
}
/** A short description of the failure for a log line: code, status, and the SDK's own message. */
function describeAwsFailure(error) {
    const facts = awsFailureFacts(error);
    if (error instanceof _core_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineError */ .j3)
        return `no answer within ${error.seconds} s`;
    const message = (0,_core_text_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error);
    const parts = [
        facts.code,
        facts.errno,
        facts.status !== undefined ? `HTTP ${facts.status}` : undefined,
    ].filter((part) => part !== undefined);
    return parts.length > 0 ? `${parts.join(', ')}: ${message}` : message;
}


/***/ }),

/***/ 3442:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ tokenFromGitHub),
/* harmony export */   Z: () => (/* binding */ IdTokenError)
/* harmony export */ });
/* harmony import */ var _core_deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6343);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2020);


/** GitHub's token service failing is not STS failing: says which one, and what the job needs. */
class IdTokenError extends Error {
    name = 'IdTokenError';
}
/** A GitHub ID token for `audience`, or an IdTokenError that says what the runner or the job lacks. */
async function tokenFromGitHub(idToken, audience) {
    try {
        return await idToken(audience);
    }
    catch (error) {
        const advice = error instanceof _core_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineError */ .j3
            ? "The runner must reach GitHub's token service (ACTIONS_ID_TOKEN_REQUEST_URL) as it reaches GitHub " +
                'for its jobs: the same proxy (HTTPS_PROXY), or a route out of the VPC.'
            : 'The job needs `permissions: id-token: write`.';
        throw new IdTokenError(`Could not get a GitHub ID token for audience '${audience}': ${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error)}. ${advice}`, { cause: error });
    }
}


/***/ }),

/***/ 50:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ isThrottling),
/* harmony export */   Ng: () => (/* binding */ describeWait),
/* harmony export */   my: () => (/* binding */ isTransientAwsFailure),
/* harmony export */   p2: () => (/* binding */ backoffMilliseconds),
/* harmony export */   y_: () => (/* binding */ retryWait)
/* harmony export */ });
/* unused harmony export retryAfterMilliseconds */
/**
 * When an attempt at an AWS operation (STS, the CodeCommit API) failed: whether another can help, and
 * how long to wait before it. Pure: the random draw and the clock come from the caller.
 */
/** The endpoint refused the request for its rate: the account's quota is shared by every caller. */
const THROTTLING_CODES = new Set([
    'Throttling',
    'ThrottlingException',
    'RequestLimitExceeded',
    'TooManyRequestsException',
]);
const OTHER_TRANSIENT_CODES = new Set([
    'ServiceUnavailable',
    'InternalFailure',
    'InternalError',
    'IDPCommunicationError',
]);
const TRANSIENT_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ECONNABORTED',
]);
/** HTTP 429 says the same as the throttling codes, for an answer that names none of them. */
function isThrottling(facts) {
    return (facts.code !== undefined && THROTTLING_CODES.has(facts.code)) || facts.status === 429;
}
function isTransientAwsFailure(facts) {
    if (facts.timedOut || isThrottling(facts))
        return true;
    if (facts.code !== undefined && OTHER_TRANSIENT_CODES.has(facts.code))
        return true;
    if (facts.errno !== undefined && TRANSIENT_NETWORK_CODES.has(facts.errno))
        return true;
    return facts.status !== undefined && facts.status >= 500;
}
/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))). */
function backoffMilliseconds(attempt, random, baseMs = 500, capMs = 8000) {
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random * ceiling);
}
/**
 * The wait a Retry-After header asks for: delay-seconds, or an HTTP date read against `now` (without a
 * clock a date cannot be read, and is not). Undefined when there is none, or it says nothing readable.
 */
function retryAfterMilliseconds(retryAfter, now) {
    const text = retryAfter?.trim();
    if (text === undefined || text === '')
        return undefined;
    if (/^\d+(\.\d+)?$/.test(text))
        return Math.round(Number(text) * 1000);
    // An HTTP date names its day and month; Date.parse would also take `-3` for a year.
    const at = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
    if (now === undefined || Number.isNaN(at))
        return undefined;
    return Math.max(0, at - now().getTime());
}
/**
 * How long to wait after failed attempt `attempt`: what the endpoint's Retry-After asks, held to
 * `capMs` (the step's network timeout, so that one answer cannot stall the step), or else the backoff.
 */
function retryWait(attempt, facts, random, capMs, now) {
    const asked = retryAfterMilliseconds(facts.retryAfter, now);
    if (asked !== undefined)
        return { milliseconds: Math.min(asked, capMs), askedByEndpoint: true };
    return { milliseconds: backoffMilliseconds(attempt, random), askedByEndpoint: false };
}
/** A wait for a log line: `250 ms` below a second, `1.3 s` from a second on. */
function describeWait(milliseconds) {
    return milliseconds < 1000 ? `${milliseconds} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}


/***/ }),

/***/ 8222:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B0: () => (/* binding */ networkAdvice),
/* harmony export */   Of: () => (/* binding */ explainWebIdentityFailure),
/* harmony export */   P$: () => (/* binding */ explainChainFailure),
/* harmony export */   UP: () => (/* binding */ explainAssumeRoleFailure)
/* harmony export */ });
/* harmony import */ var _network_vpc_advice_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(266);
/* harmony import */ var _aws_advice_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2681);
/* harmony import */ var _aws_failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(863);
/* harmony import */ var _github_id_token_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3442);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2020);
/**
 * The message of a session request STS finally refused or never answered: what was asked, of which role,
 * where, after how many attempts, STS's own words, then what to fix (aws-advice.ts, as diagnose gives it;
 * the VPC endpoint when STS did not answer).
 */





/** The hop `index` of `plan.roleChain`: AssumeRole with the source credentials or the session before. */
function explainAssumeRoleFailure(plan, roleArn, index, error, attempts) {
    const facts = (0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .awsFailureFacts */ .F)(error);
    const hop = plan.roleChain.length > 1 ? ` (role ${index + 1} of ${plan.roleChain.length} in the chain)` : '';
    const head = `STS AssumeRole of ${roleArn}${hop} at ${plan.sts.host} failed after ${attempts} attempt(s): ${(0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .describeAwsFailure */ .x)(error)}.`;
    const network = networkAdvice(plan, facts);
    if (network !== undefined)
        return `${head} ${network}`;
    const previous = index > 0 ? plan.roleChain[index - 1] : undefined;
    if (facts.code !== undefined &&
        /^(InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch)(Exception)?$/.test(facts.code)) {
        const refused = previous === undefined ? 'The source credentials were' : `The session of ${previous} was`;
        return `${head} ${refused} refused: check that they are current and belong to the expected account.`;
    }
    const advice = (0,_aws_advice_js__WEBPACK_IMPORTED_MODULE_1__/* .assumeRoleAdvice */ .v8)({
        facts,
        message: (0,_core_text_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(error),
        roleArn,
        // The clone asks no one who the source principal is; a later hop's caller is the role before it.
        callerArn: undefined,
        ...(previous !== undefined ? { callerRole: previous } : {}),
        externalIdGiven: index === plan.roleChain.length - 1 && plan.roleExternalId !== undefined,
        region: plan.region,
    });
    return advice !== undefined ? `${head} ${advice}` : head;
}
/** The first hop when the source is GitHub OIDC: AssumeRoleWithWebIdentity with the job's ID token. */
function explainWebIdentityFailure(plan, roleArn, error, attempts) {
    if (error instanceof _github_id_token_js__WEBPACK_IMPORTED_MODULE_3__/* .IdTokenError */ .Z)
        return error.message;
    const facts = (0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .awsFailureFacts */ .F)(error);
    const head = `STS AssumeRoleWithWebIdentity of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${(0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .describeAwsFailure */ .x)(error)}.`;
    const network = networkAdvice(plan, facts);
    if (network !== undefined)
        return `${head} ${network}`;
    // The SDK names some of these codes with an `Exception` suffix.
    const refused = /^(InvalidIdentityToken|IDPRejectedClaim|ExpiredToken)(Exception)?$|^AccessDenied$/;
    if (facts.code !== undefined && refused.test(facts.code)) {
        return (`${head} The trust policy of ${roleArn} must name the OIDC provider token.actions.githubusercontent.com as ` +
            `Federated principal and allow sts:AssumeRoleWithWebIdentity with conditions matching the token: ` +
            `aud = '${plan.audience}' (the 'audience' input) and sub = repo:<owner>/<repository>:… for this workflow.`);
    }
    const advice = (0,_aws_advice_js__WEBPACK_IMPORTED_MODULE_1__/* .assumeRoleAdvice */ .v8)({
        facts,
        message: (0,_core_text_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(error),
        roleArn,
        callerArn: undefined,
        externalIdGiven: false,
        region: plan.region,
    });
    return advice !== undefined ? `${head} ${advice}` : head;
}
/**
 * A call the SDK's chain makes while resolving the runner's credentials (a profile's role_arn, a web
 * identity token file). Its role, duration and external ID come from the runner's files, not from the
 * inputs, so only the advice that holds for any STS call is given.
 */
function explainChainFailure(plan, operation, roleArn, error, attempts) {
    const facts = (0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .awsFailureFacts */ .F)(error);
    const head = `STS ${operation} of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${(0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .describeAwsFailure */ .x)(error)}.`;
    const advice = networkAdvice(plan, facts) ?? (0,_aws_advice_js__WEBPACK_IMPORTED_MODULE_1__/* .regionDisabledAdvice */ .bV)(facts, (0,_core_text_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(error), plan.region, undefined);
    return advice !== undefined ? `${head} ${advice}` : head;
}
/** STS did not answer: what the VPC needs for its endpoint. */
function networkAdvice(plan, facts) {
    return facts.timedOut || facts.errno !== undefined
        ? (0,_network_vpc_advice_js__WEBPACK_IMPORTED_MODULE_0__/* .vpcAdviceForUnreachable */ .B)('sts', plan.sts.hostname, plan.region)
        : undefined;
}


/***/ }),

/***/ 2075:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ loadSigning)
/* harmony export */ });
let loading;
function loadSigning() {
    return (loading ??= Promise.all([Promise.all(/* import() */[__webpack_require__.e(291), __webpack_require__.e(430), __webpack_require__.e(92)]).then(__webpack_require__.bind(__webpack_require__, 5092)), Promise.all(/* import() */[__webpack_require__.e(291), __webpack_require__.e(430), __webpack_require__.e(118)]).then(__webpack_require__.t.bind(__webpack_require__, 5118, 19))]));
}


/***/ }),

/***/ 7465:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ stepWaitedFor),
/* harmony export */   c: () => (/* binding */ sourceStepAdvice)
/* harmony export */ });
/* harmony import */ var _plan_runner_source_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6703);

/**
 * What usually keeps a step of the runner's credential chain from answering, for the one step that was
 * in progress: the metadata service, the container endpoint, a credential_process, IAM Identity Center.
 * STS steps are explained where they fail (they go through the step's STS endpoint); this never blames
 * the STS endpoint for a wait elsewhere.
 */
function sourceStepAdvice(step) {
    switch (step.kind) {
        case 'instance-metadata':
            return (`The instance metadata service at ${step.url} did not answer. On EC2: check that the instance has a ` +
                'role (instance profile) and that its metadata options allow access; in a container on the instance, ' +
                'the hop limit must be 2 (HttpPutResponseHopLimit). On a host that is not EC2, set ' +
                'AWS_EC2_METADATA_DISABLED=true and give the runner credentials another way.');
        case 'container':
            return (`The container credentials endpoint ${step.url} did not answer: the ECS agent or the EKS Pod Identity ` +
                "agent must be reachable from the job's container (its network mode, and the address in " +
                'AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI).');
        case 'process':
            return (`The command \`${step.command}\` (credential_process of profile '${step.profile}') did not finish in time. ` +
                'It must print its JSON without waiting for input, and whatever it calls must be reachable ' +
                'from the VPC.');
        case 'sso':
            return (`IAM Identity Center at ${step.host} did not answer: the runner must reach it (it is outside the VPC ` +
                "endpoints this action uses), and the profile's cached token (aws sso login) must be current. A " +
                'runner usually does better with an instance profile or a role_arn/source_profile profile.');
        case 'environment':
        case 'static-profile':
        case 'sts':
        case 'unusable':
            return `Waiting for ${(0,_plan_runner_source_js__WEBPACK_IMPORTED_MODULE_0__/* .describeStep */ .Ey)(step)}.`;
    }
}
function stepWaitedFor(steps) {
    return steps.find((step) => step.kind === 'process' ||
        step.kind === 'instance-metadata' ||
        step.kind === 'container' ||
        step.kind === 'sso');
}


/***/ }),

/***/ 3740:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yg: () => (/* binding */ describeRunner),
/* harmony export */   xu: () => (/* binding */ sdkRunnerCredentials)
/* harmony export */ });
/* unused harmony export loadRunnerProfiles */
/* harmony import */ var _plan_runner_source_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6703);

// The SDK's chain and its reader of the shared files, each loaded on first use: a runner whose
// credentials are the environment's keys needs neither.
let loadingProvider;
let loadingSharedConfig;
function loadCredentialProviderSdk() {
    return (loadingProvider ??= Promise.all(/* import() */[__webpack_require__.e(291), __webpack_require__.e(430), __webpack_require__.e(118), __webpack_require__.e(861)]).then(__webpack_require__.t.bind(__webpack_require__, 5861, 19)));
}
function loadSharedConfigSdk() {
    return (loadingSharedConfig ??= __webpack_require__.e(/* import() */ 291).then(__webpack_require__.t.bind(__webpack_require__, 7291, 19)));
}
/**
 * The AWS SDK's default chain (environment, `aws-profile` or AWS_PROFILE with source_profile, SSO,
 * credential_process, web identity token file, container endpoint, instance metadata), except that its
 * own STS calls go to `assumers` instead of a nested client that would pick its own endpoint, region,
 * FIPS setting and retries. Metadata and container requests wait at most the network timeout. The
 * chain's first step, the environment's keys, is taken here as the SDK takes it (from the process's
 * environment); the SDK is loaded, within the caller's bound, only for the steps after it.
 */
function sdkRunnerCredentials(plan) {
    return (assumers) => {
        let provider;
        const sdkChain = async () => {
            const { defaultProvider } = await loadCredentialProviderSdk();
            const resolve = defaultProvider({
                ...(plan.awsProfile !== undefined ? { profile: plan.awsProfile } : {}),
                roleAssumer: async (source, params) => assumers.assumeRole(plainCredentials(source), params),
                roleAssumerWithWebIdentity: async (params) => assumers.assumeRoleWithWebIdentity(params),
                timeout: plan.networkTimeoutSeconds * 1000,
                maxRetries: 0,
            });
            return async () => plainCredentials(await resolve());
        };
        return async () => {
            if ((0,_plan_runner_source_js__WEBPACK_IMPORTED_MODULE_0__/* .takesEnvironmentKeys */ .Ax)(plan.awsProfile, process.env))
                return environmentKeys(process.env);
            return (await (provider ??= sdkChain()))();
        };
    };
}
/** The keys of the environment as the SDK's first step reads them (AWS_SESSION_TOKEN and the expiry too). */
function environmentKeys(env) {
    return plainCredentials({
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
    });
}
function plainCredentials(resolved) {
    return {
        accessKeyId: resolved.accessKeyId,
        secretAccessKey: resolved.secretAccessKey,
        ...(resolved.sessionToken ? { sessionToken: resolved.sessionToken } : {}),
        ...(resolved.expiration ? { expiration: resolved.expiration } : {}),
    };
}
/** The runner's shared AWS files (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE …), merged by profile. */
async function loadRunnerProfiles() {
    const { parseKnownFiles } = await loadSharedConfigSdk();
    try {
        return (await parseKnownFiles({}));
    }
    catch {
        return {};
    }
}
/**
 * What the runner's chain will do (runner-source.ts), the shared files read only when it does not take
 * the environment's keys: those come first, and then the files change nothing.
 */
async function describeRunner(awsProfile, env, loadProfiles = loadRunnerProfiles) {
    return (0,_plan_runner_source_js__WEBPACK_IMPORTED_MODULE_0__/* .describeRunnerSource */ .$S)(awsProfile, env, (0,_plan_runner_source_js__WEBPACK_IMPORTED_MODULE_0__/* .takesEnvironmentKeys */ .Ax)(awsProfile, env) ? {} : await loadProfiles());
}


/***/ }),

/***/ 7843:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KA: () => (/* binding */ resolveSourceCredentials)
/* harmony export */ });
/* unused harmony exports SourceCredentialsError, webIdentityParameters */
/* harmony import */ var _core_deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6343);
/* harmony import */ var _aws_attempts_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(171);
/* harmony import */ var _aws_failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(863);
/* harmony import */ var _session_failure_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8222);
/* harmony import */ var _source_advice_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7465);
/* harmony import */ var _sts_session_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4190);






/** The runner's credentials could not be had; says which step of the chain failed. */
class SourceCredentialsError extends Error {
    name = 'SourceCredentialsError';
}
/** The runner's own credentials (the SDK's chain), its STS calls through the step's endpoint; bounded. */
async function resolveSourceCredentials(plan, deps) {
    const source = deps.runnerSource;
    const where = source?.label ??
        (plan.awsProfile !== undefined ? `profile '${plan.awsProfile}'` : 'the AWS SDK default chain');
    const waited = source !== undefined ? (0,_source_advice_js__WEBPACK_IMPORTED_MODULE_5__/* .stepWaitedFor */ ._)(source.steps) : undefined;
    try {
        return await (0,_core_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .withPausableDeadline */ .Gn)(plan.networkTimeoutSeconds, waited !== undefined ? describeWaited(waited) : 'The AWS SDK credential chain', '', (pause) => deps.runnerCredentials({
            assumeRole: (credentials, params) => pause.excluding(() => assumeChainRole(plan, credentials, params, deps)),
            assumeRoleWithWebIdentity: (params) => pause.excluding(() => assumeChainWebIdentity(plan, params, deps)),
        })());
    }
    catch (error) {
        if (error instanceof _aws_attempts_js__WEBPACK_IMPORTED_MODULE_1__/* .AwsOperationError */ .d) {
            throw new SourceCredentialsError(`Could not resolve source AWS credentials from ${where}: ${error.message}`, {
                cause: error,
            });
        }
        if (error instanceof _core_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineError */ .j3) {
            const advice = waited !== undefined ? ` ${(0,_source_advice_js__WEBPACK_IMPORTED_MODULE_5__/* .sourceStepAdvice */ .c)(waited)}` : '';
            throw new SourceCredentialsError(`Could not resolve source AWS credentials from ${where}: ${error.message}.${advice}`, { cause: error });
        }
        throw new SourceCredentialsError(`Could not resolve source AWS credentials from ${where}: ${(0,_aws_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .describeAwsFailure */ .x)(error)}. ` +
            "Provide them through the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the runner's " +
            "instance profile, 'aws-profile', or GitHub OIDC (permissions: id-token: write).", { cause: error });
    }
}
function describeWaited(step) {
    switch (step.kind) {
        case 'process':
            return `credential_process \`${step.command}\` of profile '${step.profile}'`;
        case 'instance-metadata':
            return `Instance metadata at ${step.url}`;
        case 'container':
            return `The container credentials endpoint ${step.url}`;
        case 'sso':
            return `IAM Identity Center at ${step.host}`;
    }
}
/** The AssumeRole of a role_arn profile, through the step's STS endpoint and attempts. */
async function assumeChainRole(plan, credentials, params, deps) {
    const session = await (0,_sts_session_js__WEBPACK_IMPORTED_MODULE_4__/* .requestSession */ .k)(plan, {
        operation: 'AssumeRole',
        what: `STS AssumeRole ${params.RoleArn} (source profile)`,
        client: () => deps.client(credentials),
        send: (client, signal) => client.session('AssumeRole', { ...params }, signal),
        explain: (error, attempts) => (0,_session_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .explainChainFailure */ .P$)(plan, 'AssumeRole', params.RoleArn, error, attempts),
    }, deps);
    return session.credentials;
}
/** The AssumeRoleWithWebIdentity of AWS_WEB_IDENTITY_TOKEN_FILE (EKS IRSA), through the step's endpoint. */
async function assumeChainWebIdentity(plan, params, deps) {
    // The token file's contents prove the runner's identity for as long as the token lives: a secret too.
    deps.mask(params.WebIdentityToken);
    const session = await (0,_sts_session_js__WEBPACK_IMPORTED_MODULE_4__/* .requestSession */ .k)(plan, {
        operation: 'AssumeRoleWithWebIdentity',
        what: `STS AssumeRoleWithWebIdentity ${params.RoleArn} (web identity token file)`,
        client: () => deps.client(),
        send: (client, signal) => client.session('AssumeRoleWithWebIdentity', webIdentityParameters(params), signal),
        explain: (error, attempts) => (0,_session_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .explainChainFailure */ .P$)(plan, 'AssumeRoleWithWebIdentity', params.RoleArn, error, attempts),
    }, deps);
    return session.credentials;
}
/** The chain's web identity request as STS's Query protocol names it: the policy ARNs as a member list. */
function webIdentityParameters(params) {
    const { PolicyArns, ...rest } = params;
    const parameters = { ...rest };
    (PolicyArns ?? []).forEach((policy, index) => {
        parameters[`PolicyArns.member.${index + 1}.arn`] = policy.arn;
    });
    return parameters;
}


/***/ }),

/***/ 4885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  u: () => (/* binding */ createStsClient),
  N: () => (/* binding */ operationClient)
});

// EXTERNAL MODULE: ./src/network/endpoint-agent.ts
var endpoint_agent = __webpack_require__(777);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./src/aws/signing-sdk.ts
var signing_sdk = __webpack_require__(2075);
;// CONCATENATED MODULE: ./src/aws/sts-answer.ts
/**
 * What STS answers, read from its XML (the Query protocol, version 2011-06-15): the fields of a result,
 * and the code, message and status of a refusal. Pure. STS's documents are flat records of text
 * elements whose names do not repeat within a result, so each field is the text of the first element
 * of its name, with XML's character references decoded.
 */
/** Every text-only element of `xml`, first occurrence of each name, decoded. */
function readXmlFields(xml) {
    const fields = new Map();
    for (const match of xml.matchAll(/<([A-Za-z_][\w.-]*)(?:\s[^<>]*)?>([^<]*)<\/\1\s*>/g)) {
        const [, name, text] = match;
        if (name !== undefined && !fields.has(name))
            fields.set(name, decodeXmlText(text ?? ''));
    }
    return fields;
}
const NAMED_REFERENCES = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
};
/** XML's five named references and its numeric ones; anything else is left as written. */
function decodeXmlText(text) {
    return text.replace(/&(?:#(\d+)|#x([0-9A-Fa-f]+)|([a-z]+));/g, (whole, decimal, hex, name) => {
        if (typeof name === 'string')
            return NAMED_REFERENCES[name] ?? whole;
        const point = Number.parseInt(typeof decimal === 'string' ? decimal : String(hex), decimal ? 10 : 16);
        return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    });
}
/** The session and role of a session request's answer. */
function sessionOutputOf(fields) {
    const expiration = fields.get('Expiration');
    const credentials = {
        ...defined('AccessKeyId', fields.get('AccessKeyId')),
        ...defined('SecretAccessKey', fields.get('SecretAccessKey')),
        ...defined('SessionToken', fields.get('SessionToken')),
        ...(expiration !== undefined && !Number.isNaN(Date.parse(expiration))
            ? { Expiration: new Date(expiration) }
            : {}),
    };
    const arn = fields.get('Arn');
    return {
        ...(Object.keys(credentials).length > 0 ? { Credentials: credentials } : {}),
        ...(arn !== undefined ? { AssumedRoleUser: { Arn: arn } } : {}),
    };
}
function callerIdentityOf(fields) {
    return {
        ...defined('Arn', fields.get('Arn')),
        ...defined('Account', fields.get('Account')),
        ...defined('UserId', fields.get('UserId')),
    };
}
function defined(key, value) {
    return value !== undefined ? { [key]: value } : {};
}
/**
 * STS refused a request: its error code as the `name` (as the AWS SDK names the errors it throws),
 * the HTTP status and the answer's headers where the failure's facts are read (aws-failure.ts).
 * An answer that names no code (a proxy's page) keeps the plain `Error` name: only its status speaks.
 */
class StsServiceError extends Error {
    $metadata;
    $response;
    constructor(message, code, status, headers, requestId) {
        super(message);
        this.name = code ?? 'Error';
        this.$metadata = { httpStatusCode: status, ...(requestId !== undefined ? { requestId } : {}) };
        this.$response = { headers };
    }
}
/** The error an answer other than 2xx stands for: STS's code and message, or what the answer was. */
function stsRefusal(status, headers, body, host) {
    const fields = readXmlFields(body);
    const code = fields.get('Code');
    const message = fields.get('Message') ??
        (code !== undefined
            ? `${host} answered ${code}`
            : `${host} answered HTTP ${status} without an STS error${describeBody(headers, body)}`);
    return new StsServiceError(message, code, status, headers, fields.get('RequestId'));
}
function describeBody(headers, body) {
    const type = headers['content-type'];
    const start = body.trim().slice(0, 120).replace(/\s+/g, ' ');
    if (start === '')
        return type !== undefined ? ` (an empty ${type} body)` : ' (an empty body)';
    return ` (${type ?? 'no content type'}: ${start}${body.trim().length > 120 ? '…' : ''})`;
}

;// CONCATENATED MODULE: ./src/aws/sts-query-client.ts




const API_VERSION = '2011-06-15';
/** Far more than any STS answer (a few KB): a longer one is not STS. */
const MAX_ANSWER_BYTES = 256 * 1024;
const USER_AGENT = 'codecommit-xaccount-clone';
function stsQueryClient(settings) {
    const send = (action, parameters, signal) => sendQuery(settings, action, parameters, signal);
    return {
        session: async (action, parameters, signal) => sessionOutputOf(await send(action, parameters, signal)),
        callerIdentity: async (signal) => callerIdentityOf(await send('GetCallerIdentity', {}, signal)),
        destroy: () => settings.agent.destroy(),
    };
}
/** `Action=…&Version=…&…`, each name and value percent-encoded as SigV4 encodes (RFC 3986). */
function queryBody(action, parameters) {
    const pairs = [
        ['Action', action],
        ['Version', API_VERSION],
    ];
    for (const [name, value] of Object.entries(parameters)) {
        if (value !== undefined)
            pairs.push([name, String(value)]);
    }
    return pairs.map(([name, value]) => `${strictEncode(name)}=${strictEncode(value)}`).join('&');
}
function strictEncode(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
async function sendQuery(settings, action, parameters, signal) {
    const url = new URL(settings.origin);
    const body = queryBody(action, parameters);
    const unsigned = {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
    };
    const headers = action === 'AssumeRoleWithWebIdentity' ? unsigned : await signed(settings, url, unsigned, body);
    signal.throwIfAborted();
    const answer = await post(url, { ...headers, 'user-agent': USER_AGENT }, body, settings.agent, signal);
    if (answer.status >= 200 && answer.status < 300)
        return readXmlFields(answer.body);
    throw stsRefusal(answer.status, answer.headers, answer.body, url.host);
}
async function signed(settings, url, headers, body) {
    const credentials = settings.credentials;
    if (credentials === undefined)
        throw new Error('An STS request other than AssumeRoleWithWebIdentity needs credentials to sign with');
    const [{ Hash }, { SignatureV4 }] = await (0,signing_sdk/* loadSigning */.O)();
    const signer = new SignatureV4({
        credentials: {
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            ...(credentials.sessionToken !== undefined ? { sessionToken: credentials.sessionToken } : {}),
        },
        region: settings.region,
        service: 'sts',
        sha256: Hash.bind(null, 'sha256'),
    });
    const request = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port !== '' ? { port: Number(url.port) } : {}),
        path: '/',
        query: {},
        headers,
        body,
    }, { signingDate: (settings.now ?? (() => new Date()))() });
    return request.headers;
}
function post(url, headers, body, agent, signal) {
    return new Promise((resolve, reject) => {
        const send = url.protocol === 'http:' ? external_node_http_.request : external_node_https_.request;
        const request = send({
            protocol: url.protocol,
            hostname: url.hostname,
            port: url.port,
            method: 'POST',
            path: '/',
            headers,
            agent,
        }, (response) => {
            const chunks = [];
            let length = 0;
            response.on('data', (chunk) => {
                length += chunk.length;
                if (length > MAX_ANSWER_BYTES) {
                    const error = new Error(`${url.host} answered more than ${MAX_ANSWER_BYTES} bytes: not STS`);
                    reject(error);
                    request.destroy(error);
                    return;
                }
                chunks.push(chunk);
            });
            response.on('error', reject);
            response.on('end', () => resolve({
                status: response.statusCode ?? 0,
                headers: flatHeaders(response.headers),
                body: Buffer.concat(chunks).toString('utf8'),
            }));
        });
        // Ended with the attempt's own reason (its deadline), which the attempts read.
        const abort = () => request.destroy(signal.reason instanceof Error ? signal.reason : new Error('The STS request was aborted'));
        signal.addEventListener('abort', abort, { once: true });
        request.on('close', () => signal.removeEventListener('abort', abort));
        request.on('error', reject);
        request.end(body);
    });
}
function flatHeaders(headers) {
    const flat = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined)
            flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return flat;
}

;// CONCATENATED MODULE: ./src/aws/sts-client.ts


/**
 * The one kind of STS client of a step: the plan's endpoint (regional or the given vpce name, never the
 * global one) and region, the agent of every AWS request of the step (network/endpoint-agent.ts). With
 * `credentials` it signs with them (the source's, or the session of a hop before); without, it can only
 * send AssumeRoleWithWebIdentity, which STS takes unsigned.
 */
async function createStsClient(plan, proxy, credentials) {
    return stsQueryClient({
        region: plan.region,
        origin: plan.sts.origin,
        agent: await (0,endpoint_agent/* endpointAgent */.f)(plan.sts.origin, plan.networkTimeoutSeconds, proxy),
        ...(credentials !== undefined ? { credentials } : {}),
    });
}
function operationClient(make) {
    let made;
    return {
        get: () => (made ??= make()),
        destroy: () => {
            void made?.then((client) => client.destroy(), () => undefined);
        },
    };
}


/***/ }),

/***/ 4190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ requestSession)
});

// EXTERNAL MODULE: ./src/aws/aws-attempts.ts
var aws_attempts = __webpack_require__(171);
// EXTERNAL MODULE: ./src/core/secrets.ts
var secrets = __webpack_require__(8198);
;// CONCATENATED MODULE: ./src/aws/issued-credentials.ts

/**
 * The temporary credentials an STS answer carries, masked (with their derived forms) before they are
 * returned: an intermediate session of a role chain is as secret as the last one, and a log line written
 * after this point may hold any of them.
 */
function issuedCredentials(operation, credentials, stsHost, mask) {
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
        throw new Error(`STS ${operation} at ${stsHost} answered without credentials`);
    }
    const issued = {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
    };
    (0,secrets/* maskCredentials */.B)(issued, mask);
    return issued;
}

// EXTERNAL MODULE: ./src/aws/sts-client.ts + 2 modules
var sts_client = __webpack_require__(4885);
;// CONCATENATED MODULE: ./src/aws/sts-session.ts



async function requestSession(plan, request, deps) {
    const client = (0,sts_client/* operationClient */.N)(request.client);
    try {
        const output = await (0,aws_attempts/* withAwsAttempts */.Q)(plan, {
            what: request.what,
            host: plan.sts.host,
            attempt: async (signal) => request.send(await client.get(), signal),
            explain: request.explain,
            ...(request.beforeEachAttempt !== undefined ? { beforeEachAttempt: request.beforeEachAttempt } : {}),
        }, deps);
        const assumedRoleArn = output.AssumedRoleUser?.Arn;
        return {
            credentials: issuedCredentials(request.operation, output.Credentials, plan.sts.host, deps.mask),
            ...(assumedRoleArn !== undefined ? { assumedRoleArn } : {}),
        };
    }
    finally {
        client.destroy();
    }
}


/***/ }),

/***/ 6343:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gn: () => (/* binding */ withPausableDeadline),
/* harmony export */   NE: () => (/* binding */ withDeadline),
/* harmony export */   j3: () => (/* binding */ DeadlineError)
/* harmony export */ });
/** A network wait that did not end in time. `what` says what was being waited for, `host` where. */
class DeadlineError extends Error {
    what;
    host;
    seconds;
    constructor(what, host, seconds) {
        super(host !== ''
            ? `${what} at ${host} got no answer within ${seconds} s`
            : `${what} gave no answer within ${seconds} s`);
        this.what = what;
        this.host = host;
        this.seconds = seconds;
        this.name = 'DeadlineError';
    }
}
/**
 * Runs `work` with an AbortSignal that fires after `seconds`, and gives up waiting at that moment even if
 * `work` ignores the signal: SDK request handlers were seen to keep waiting on a TLS handshake that never
 * completes, so the bound must come from outside.
 */
async function withDeadline(seconds, what, host, work) {
    const controller = new AbortController();
    let timer;
    const expired = new Promise((_, reject) => {
        timer = setTimeout(() => {
            const error = new DeadlineError(what, host, seconds);
            controller.abort(error);
            reject(error);
        }, seconds * 1000);
    });
    try {
        return await Promise.race([work(controller.signal), expired]);
    }
    finally {
        clearTimeout(timer);
    }
}
/**
 * Like withDeadline, for work that waits on several things in turn (a credential chain): `seconds`
 * bounds the waits that have no bound of their own, while the parts run through `pause.excluding` (each
 * STS operation, with its own attempts and deadlines) do not use it up.
 */
async function withPausableDeadline(seconds, what, host, work) {
    let remainingMs = seconds * 1000;
    let startedAt = Date.now();
    let timer;
    let paused = 0;
    let settled = false;
    let fail = () => undefined;
    const expired = new Promise((_, reject) => {
        fail = reject;
    });
    const start = () => {
        startedAt = Date.now();
        timer = setTimeout(() => fail(new DeadlineError(what, host, seconds)), remainingMs);
    };
    const stop = () => {
        clearTimeout(timer);
        remainingMs = Math.max(0, remainingMs - (Date.now() - startedAt));
    };
    const pause = {
        async excluding(part) {
            // Work that goes on after the deadline gave up (the SDK's chain does) starts nothing new.
            if (settled)
                throw new DeadlineError(what, host, seconds);
            if (paused++ === 0)
                stop();
            try {
                return await part();
            }
            finally {
                if (--paused === 0 && !settled)
                    start();
            }
        },
    };
    start();
    try {
        return await Promise.race([work(pause), expired]);
    }
    finally {
        settled = true;
        clearTimeout(timer);
    }
}


/***/ }),

/***/ 8198:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ maskCredentials)
/* harmony export */ });
/**
 * Masks every secret part of a set of credentials, and the forms derived from them that could reach a
 * log: the percent-encoded secret key and session token (as in a URL or a query string). The access key
 * id is not secret to AWS but is masked too: it ties a log to an account. Called as soon as the
 * credentials are known, before anything that could print them runs.
 */
function maskCredentials(credentials, mask) {
    mask(credentials.accessKeyId);
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
        if (secret === undefined)
            continue;
        mask(secret);
        const encoded = encodeURIComponent(secret);
        if (encoded !== secret)
            mask(encoded);
    }
}


/***/ }),

/***/ 777:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ endpointAgent)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _platform_host_lookup_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7476);
/* harmony import */ var _https_proxy_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8420);




/**
 * The agent an AWS API request of the step (STS, the CodeCommit API) is sent with: through the HTTPS
 * proxy the environment selects for the endpoint, or direct with the endpoint's name resolved as the
 * step's first lookup did, never by a getaddrinfo that a silent resolver could hold past the deadline
 * (see platform/host-lookup.ts). Plain HTTP only for a loopback origin in tests. Async: the proxy's
 * agent is loaded only when a proxy is used.
 */
async function endpointAgent(origin, networkTimeoutSeconds, proxy) {
    if (proxy !== undefined)
        return (0,_https_proxy_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyAgent */ .QT)(proxy);
    const options = { keepAlive: true, maxSockets: 50, lookup: (0,_platform_host_lookup_js__WEBPACK_IMPORTED_MODULE_2__/* .boundedConnectLookup */ .g2)(networkTimeoutSeconds) };
    return origin.startsWith('http:') ? new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent(options) : new node_https__WEBPACK_IMPORTED_MODULE_1__.Agent(options);
}


/***/ }),

/***/ 4406:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ probeEndpoint)
/* harmony export */ });
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1692);
/* harmony import */ var node_tls__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_tls__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);


/**
 * Can the runner open TCP to the endpoint's address, and does TLS complete with a certificate for its
 * name? With `httpHost`, also: does an HTTP request over that connection get an answer (any status)?
 * Each phase bounded by `timeoutSeconds`. The answer tells a security group (no TCP) from a silent
 * service or a middlebox (TCP, no TLS) from an interception (a certificate for another name) from an
 * endpoint that works (the problem is then further up).
 */
async function probeEndpoint(address, port, servername, timeoutSeconds, httpHost) {
    const started = Date.now();
    const tcp = await openTcp(address, port, timeoutSeconds);
    const tcpMs = Date.now() - started;
    if (tcp.socket === undefined) {
        return {
            address,
            tcp: { outcome: tcp.outcome, milliseconds: tcpMs, ...(tcp.detail ? { detail: tcp.detail } : {}) },
        };
    }
    const tlsStarted = Date.now();
    const tls = await handshake(tcp.socket, servername, timeoutSeconds);
    const probe = {
        address,
        tcp: { outcome: 'connected', milliseconds: tcpMs },
        tls: {
            outcome: tls.outcome,
            milliseconds: Date.now() - tlsStarted,
            ...(tls.detail ? { detail: tls.detail } : {}),
        },
    };
    if (tls.secure !== undefined && httpHost !== undefined) {
        const httpStarted = Date.now();
        const http = await firstAnswer(tls.secure, httpHost, timeoutSeconds);
        probe.http = { ...http, milliseconds: Date.now() - httpStarted };
    }
    tls.secure?.destroy();
    tcp.socket.destroy();
    return probe;
}
function openTcp(address, port, timeoutSeconds) {
    return new Promise((resolve) => {
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_1__.connect)({ host: address, port });
        const timer = setTimeout(() => {
            socket.destroy();
            resolve({ outcome: 'no answer', detail: `nothing within ${timeoutSeconds} s` });
        }, timeoutSeconds * 1000);
        socket.once('connect', () => {
            clearTimeout(timer);
            resolve({ socket, outcome: 'connected' });
        });
        socket.once('error', (error) => {
            clearTimeout(timer);
            resolve({
                outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'failed',
                detail: error.code ?? error.message,
            });
        });
    });
}
function handshake(socket, servername, timeoutSeconds) {
    return new Promise((resolve) => {
        const secure = (0,node_tls__WEBPACK_IMPORTED_MODULE_0__.connect)({ socket, servername, ALPNProtocols: ['http/1.1'] });
        const finish = (result) => {
            clearTimeout(timer);
            if (result.secure === undefined) {
                secure.destroy();
                socket.destroy();
            }
            resolve(result);
        };
        const timer = setTimeout(() => finish({ outcome: 'no answer', detail: `no handshake within ${timeoutSeconds} s` }), timeoutSeconds * 1000);
        secure.once('secureConnect', () => finish({ outcome: 'completed', secure }));
        secure.once('error', (error) => finish({ outcome: 'failed', detail: error.code ?? error.message }));
    });
}
/** `GET /` and the status line of the answer; the rest of the answer is not read. */
function firstAnswer(secure, host, timeoutSeconds) {
    return new Promise((resolve) => {
        let received = '';
        const finish = (result) => {
            clearTimeout(timer);
            secure.removeAllListeners('data');
            resolve(result);
        };
        const timer = setTimeout(() => finish({ outcome: 'no answer', detail: `no HTTP answer within ${timeoutSeconds} s` }), timeoutSeconds * 1000);
        secure.on('data', (chunk) => {
            received += chunk.toString('latin1');
            const line = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(received);
            if (line !== null)
                finish({ outcome: 'answered', status: Number(line[1]) });
            else if (received.includes('\n') || received.length > 1024)
                finish({ outcome: 'failed', detail: 'not an HTTP answer' });
        });
        secure.once('error', (error) => finish({ outcome: 'failed', detail: error.code ?? error.message }));
        secure.once('end', () => finish({ outcome: 'failed', detail: 'connection closed without an answer' }));
        secure.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: codecommit-xaccount-clone-diagnose\r\nConnection: close\r\n\r\n`);
    });
}


/***/ }),

/***/ 1297:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B: () => (/* binding */ lookupEndpoints),
  l: () => (/* binding */ probeAfterFailure)
});

// EXTERNAL MODULE: ./src/network/https-proxy.ts + 1 modules
var https_proxy = __webpack_require__(8420);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/platform/host-lookup.ts
var host_lookup = __webpack_require__(7476);
;// CONCATENATED MODULE: ./src/network/endpoint-lookup.ts


/** Resolves a host name the way the clients will (getaddrinfo, hosts file included), bounded in time. */
async function lookupHostname(hostname, timeoutSeconds) {
    // An address is its own answer: no lookup, so no time (the clock may still tick between two reads).
    if ((0,external_node_net_.isIP)(hostname) !== 0)
        return { addresses: [hostname], milliseconds: 0 };
    const started = Date.now();
    const found = await (0,host_lookup/* lookupHost */.$$)(hostname, timeoutSeconds);
    return { ...found, milliseconds: Date.now() - started };
}

// EXTERNAL MODULE: ./src/network/endpoint-probe.ts
var endpoint_probe = __webpack_require__(4406);
;// CONCATENATED MODULE: ./src/network/endpoint-reachability.ts



/** A probe after a failure waits at most this long per phase, even with a long network timeout. */
const PROBE_SECONDS_CAP = 10;
/**
 * Resolves the STS host, every distinct git host and, when patterns are to be listed, the CodeCommit API
 * host in parallel (cheap, before any request), bounded in time; notes the proxy HTTPS_PROXY/NO_PROXY
 * select for each.
 */
async function lookupEndpoints(plan, env) {
    const gitEndpoints = new Map();
    // A listing contacts no git endpoint.
    const cloned = plan.mode === 'list' ? [] : plan.repositories;
    for (const repository of cloned)
        gitEndpoints.set(repository.git.host, repository.git);
    const check = async (role, endpoint) => {
        const proxy = (0,https_proxy/* proxyForUrl */.th)(`${endpoint.origin}/`, env);
        return {
            role,
            endpoint,
            ...(proxy !== undefined ? { proxy: (0,https_proxy/* proxyLabel */.LE)(proxy) } : {}),
            lookup: await lookupHostname(endpoint.hostname, plan.networkTimeoutSeconds),
        };
    };
    return Promise.all([
        check('sts', plan.sts),
        ...[...gitEndpoints.values()].map((endpoint) => check('git', endpoint)),
        ...(plan.repositoryPatterns.length > 0 ? [check('codecommit-api', plan.codecommitApi)] : []),
    ]);
}
/**
 * After a network failure: TCP and TLS to the endpoint's first address, recorded in the diagnosis. Not
 * done through a proxy (the proxy, not the runner, connects then) or when the name did not resolve.
 * Several clones failing against one endpoint share one probe.
 */
async function probeAfterFailure(diagnosis, plan) {
    const address = diagnosis.lookup.addresses[0];
    if (address === undefined || diagnosis.proxy !== undefined)
        return;
    diagnosis.probing ??= (async () => {
        const seconds = Math.min(plan.networkTimeoutSeconds, PROBE_SECONDS_CAP);
        diagnosis.probe = await (0,endpoint_probe/* probeEndpoint */.Q)(address, portOf(diagnosis.endpoint.origin), diagnosis.endpoint.hostname, seconds);
    })();
    await diagnosis.probing;
}
function portOf(origin) {
    const port = new URL(origin).port;
    return port === '' ? 443 : Number(port);
}


/***/ }),

/***/ 8420:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  QT: () => (/* binding */ proxyAgent),
  th: () => (/* binding */ proxyForUrl),
  LE: () => (/* binding */ proxyLabel),
  Wm: () => (/* binding */ proxySecrets)
});

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/network/no-proxy.ts
/**
 * Whether NO_PROXY exempts a host, decided as libcurl decides it for git (Curl_check_noproxy), so that
 * STS goes direct exactly when git does. Pure: the caller passes the list.
 *
 * - The whole list `*` exempts every host; `*` among other entries is no wildcard (nor is `*.example.com`).
 * - Entries are separated by commas and blanks.
 * - A name entry (`example.com`, `.example.com`, `example.com.`: one leading and one trailing dot are
 *   ignored) matches that host and every subdomain, case-insensitively, on any port; never
 *   `notexample.com`. An entry with a port (`example.com:443`) matches nothing: curl compares names only.
 * - For a host that is an IP literal, entries are addresses or CIDR ranges (`10.0.0.0/8`, `fd00::/8`);
 *   `/0` and no prefix compare the whole address. Name entries never match an address, nor the reverse.
 */

/** `hostname` as a URL gives it (`[::1]` with brackets for IPv6); `noProxy` the variable's value. */
function noProxyMatches(hostname, noProxy) {
    if (noProxy === undefined || noProxy === '' || hostname === '')
        return false;
    if (noProxy === '*')
        return true;
    const entries = noProxy.split(/[ \t,]+/).filter((entry) => entry.length > 0);
    if (hostname.startsWith('[')) {
        const address = hostname.slice(1, hostname.indexOf(']'));
        return entries.some((entry) => addressMatches(address, 'ipv6', entry));
    }
    if ((0,external_node_net_.isIPv4)(hostname))
        return entries.some((entry) => addressMatches(hostname, 'ipv4', entry));
    const name = withoutTrailingDot(hostname).toLowerCase();
    return entries.some((entry) => nameMatches(name, entry));
}
function nameMatches(name, entry) {
    let domain = withoutTrailingDot(entry).toLowerCase();
    if (domain.startsWith('.'))
        domain = domain.slice(1);
    if (domain.length === name.length)
        return domain === name;
    return domain.length < name.length && name.endsWith(`.${domain}`);
}
function withoutTrailingDot(text) {
    return text.endsWith('.') ? text.slice(0, -1) : text;
}
/** curl keeps at most this much of an address entry; a longer one cannot match. */
const MAX_ADDRESS_ENTRY = 127;
function addressMatches(address, family, entry) {
    if (entry.length > MAX_ADDRESS_ENTRY)
        return false;
    const slash = entry.indexOf('/');
    const network = slash >= 0 ? entry.slice(0, slash) : entry;
    // As C's atoi: the leading digits, 0 without any.
    const bits = slash >= 0 ? Number(/^\d*/.exec(entry.slice(slash + 1))?.[0] || '0') : 0;
    const width = family === 'ipv4' ? 32 : 128;
    if (bits > width)
        return false;
    if (family === 'ipv4' ? !(0,external_node_net_.isIPv4)(network) : !(0,external_node_net_.isIPv6)(network))
        return false;
    const list = new external_node_net_.BlockList();
    if (bits === 0 || bits === width)
        list.addAddress(network, family);
    else
        list.addSubnet(network, bits, family);
    return list.check(address, family);
}

;// CONCATENATED MODULE: ./src/network/https-proxy.ts

/**
 * The proxy an `https://` URL goes through, chosen as git chooses it for its own requests: `https_proxy`,
 * else `HTTPS_PROXY`, else `all_proxy`, else `ALL_PROXY` (the lowercase name wins even when empty, and
 * empty means none); and not when `no_proxy` (else `NO_PROXY`) exempts the host as curl reads it
 * (see no-proxy.ts). Undefined when the URL goes direct.
 */
function proxyForUrl(url, env) {
    const proxy = firstDefined(env, ['https_proxy', 'HTTPS_PROXY']) ?? firstDefined(env, ['all_proxy', 'ALL_PROXY']);
    if (proxy === undefined || proxy === '')
        return undefined;
    if (noProxyMatches(new URL(url).hostname, firstDefined(env, ['no_proxy', 'NO_PROXY'])))
        return undefined;
    return new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
}
function firstDefined(env, names) {
    for (const name of names)
        if (env[name] !== undefined)
            return env[name];
    return undefined;
}
/** Every secret form of a proxy URL with credentials: the URL, the password, the Basic credentials. */
function proxySecrets(proxy) {
    if (proxy.username === '' && proxy.password === '')
        return [];
    const user = decodeURIComponent(proxy.username);
    const password = decodeURIComponent(proxy.password);
    const pair = `${user}:${password}`;
    // The bare password first: every later mask command then shows it masked already.
    const written = proxy.href.replace(/\/$/, '');
    return [password, pair, Buffer.from(pair).toString('base64'), written, proxy.href].filter((secret) => secret.length > 0);
}
/** `host:port` of a proxy, for messages (never its credentials). */
function proxyLabel(proxy) {
    return `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? '443' : '80')}`;
}
let loading;
/** An agent that tunnels through `proxy` (CONNECT); its package is loaded only when a proxy is used. */
async function proxyAgent(proxy) {
    const { HttpsProxyAgent } = await (loading ??= __webpack_require__.e(/* import() */ 669).then(__webpack_require__.t.bind(__webpack_require__, 3669, 23)));
    return new HttpsProxyAgent(proxy.href);
}


/***/ }),

/***/ 3570:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ML: () => (/* binding */ chooseCredentialSource),
/* harmony export */   ZA: () => (/* binding */ hopDurationSeconds),
/* harmony export */   sC: () => (/* binding */ ROLE_CHAINING_MAX_SECONDS)
/* harmony export */ });
/* unused harmony exports SourceChoiceError, runnerIdentityVariables, mayRequestIdToken */
/** Thrown when `source-credentials: github-oidc` cannot work here; raised before any network call. */
class SourceChoiceError extends Error {
    name = 'SourceChoiceError';
}
/** The environment variables by which a runner shows an AWS identity of its own, in the SDK's order. */
const RUNNER_IDENTITY_VARIABLES = [
    'AWS_ACCESS_KEY_ID',
    'AWS_PROFILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];
/** The runner identity variables set (non-empty) in `env`. */
function runnerIdentityVariables(env) {
    return RUNNER_IDENTITY_VARIABLES.filter((name) => Boolean(env[name]));
}
function mayRequestIdToken(env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL) && Boolean(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
/**
 * `auto` takes GitHub OIDC only when the job may request an ID token and the runner shows no identity
 * of its own (no aws-profile, none of RUNNER_IDENTITY_VARIABLES): an instance profile cannot be seen
 * from the environment, so `runner` says so explicitly.
 */
function chooseCredentialSource(context) {
    const { mode, awsProfile, env } = context;
    const idToken = context.canRequestIdToken && mayRequestIdToken(env);
    if (mode === 'runner') {
        return { source: 'runner', reason: 'source-credentials is runner' };
    }
    if (mode === 'github-oidc') {
        if (!idToken) {
            throw new SourceChoiceError(context.canRequestIdToken
                ? 'source-credentials is github-oidc, but this job may not request a GitHub ID token ' +
                    '(ACTIONS_ID_TOKEN_REQUEST_URL is not set): give the job `permissions: id-token: write`.'
                : 'source-credentials is github-oidc, but GitHub ID tokens exist only inside GitHub Actions: ' +
                    'use runner (the default chain of the AWS SDK) here.');
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
            reason: `auto: the runner has an AWS identity of its own (${shown.join(', ')}), although the job may ` +
                'request a GitHub ID token; set source-credentials: github-oidc to use the token instead',
        };
    }
    return {
        source: 'github-oidc',
        reason: 'auto: the job may request a GitHub ID token and the runner shows no AWS identity of its own ' +
            `(none of aws-profile, ${RUNNER_IDENTITY_VARIABLES.join(', ')}); ` +
            "set source-credentials: runner to use the runner's instance profile instead",
    };
}
/** STS refuses sessions longer than an hour for a role assumed with another role's session. */
const ROLE_CHAINING_MAX_SECONDS = 3600;
/**
 * The DurationSeconds of each hop. When a session assumes a role (several roles, or source credentials
 * that are themselves a role session), STS allows at most an hour: every hop is capped, since the
 * intermediate sessions only live long enough to assume the next role.
 */
function hopDurationSeconds(requested, chaining) {
    return chaining ? Math.min(requested, ROLE_CHAINING_MAX_SECONDS) : requested;
}


/***/ }),

/***/ 6703:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $S: () => (/* binding */ describeRunnerSource),
/* harmony export */   Ax: () => (/* binding */ takesEnvironmentKeys),
/* harmony export */   Ey: () => (/* binding */ describeStep)
/* harmony export */ });
/* unused harmony export describeSteps */
/**
 * What the AWS SDK's credential chain will do on this runner, step by step, read from the environment and
 * the shared AWS files in the SDK's order (environment keys, the profile, the web identity token file,
 * the container endpoint, instance metadata). Pure: the caller passes in the environment and the parsed
 * profiles. The log names these steps before the chain runs, and a failure names the one in progress.
 */
const CONTAINER_HOST = 'http://169.254.170.2';
/**
 * Whether the chain takes the environment's keys, its first step: both keys set and no profile named
 * (a profile, given or AWS_PROFILE, skips them). Then neither the shared files nor the rest of the
 * chain matter.
 */
function takesEnvironmentKeys(awsProfile, env) {
    const profile = awsProfile ?? (env.AWS_PROFILE || undefined);
    return profile === undefined && Boolean(env.AWS_ACCESS_KEY_ID) && Boolean(env.AWS_SECRET_ACCESS_KEY);
}
function describeRunnerSource(awsProfile, env, profiles) {
    if (takesEnvironmentKeys(awsProfile, env)) {
        return { label: 'AWS_ACCESS_KEY_ID of the environment', steps: [{ kind: 'environment' }] };
    }
    const profile = awsProfile ?? (env.AWS_PROFILE || undefined);
    const name = profile ?? 'default';
    const named = profile === undefined ? '' : awsProfile !== undefined ? 'aws-profile' : 'AWS_PROFILE';
    if (profiles[name] !== undefined) {
        const steps = profileSteps(name, profiles, env, new Set());
        const usable = !steps.some((step) => step.kind === 'unusable');
        if (usable || profile !== undefined) {
            return { label: `profile '${name}'${named ? ` (${named})` : ''}: ${describeSteps(steps)}`, steps };
        }
    }
    else if (profile !== undefined) {
        const steps = [
            {
                kind: 'unusable',
                problem: `the profile '${name}' (${named}) is in neither ~/.aws/config nor ~/.aws/credentials`,
            },
        ];
        return { label: `profile '${name}' (${named}): not found`, steps };
    }
    const steps = environmentSteps(env);
    return { label: describeSteps(steps), steps };
}
/** After the profiles: the web identity token file, then the container endpoint or instance metadata. */
function environmentSteps(env) {
    if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
        return [
            {
                kind: 'sts',
                operation: 'AssumeRoleWithWebIdentity',
                roleArn: env.AWS_ROLE_ARN,
                by: 'AWS_WEB_IDENTITY_TOKEN_FILE',
            },
        ];
    }
    const container = containerUrl(env);
    if (container !== undefined)
        return [{ kind: 'container', url: container }];
    if (env.AWS_EC2_METADATA_DISABLED && env.AWS_EC2_METADATA_DISABLED !== 'false') {
        return [
            {
                kind: 'unusable',
                problem: 'no AWS credentials on this runner: no AWS_ACCESS_KEY_ID, no usable default profile, no web identity ' +
                    'token file or container endpoint, and instance metadata is disabled (AWS_EC2_METADATA_DISABLED)',
            },
        ];
    }
    return [{ kind: 'instance-metadata', url: instanceMetadataUrl(env) }];
}
function containerUrl(env) {
    if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
        return `${CONTAINER_HOST}${env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}`;
    }
    return env.AWS_CONTAINER_CREDENTIALS_FULL_URI || undefined;
}
function instanceMetadataUrl(env) {
    if (env.AWS_EC2_METADATA_SERVICE_ENDPOINT)
        return env.AWS_EC2_METADATA_SERVICE_ENDPOINT.replace(/\/+$/, '');
    return env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE?.toLowerCase() === 'ipv6'
        ? 'http://[fd00:ec2::254]'
        : 'http://169.254.169.254';
}
/** The steps of one profile, following source_profile as the SDK does (a cycle is unusable). */
function profileSteps(name, profiles, env, visited) {
    const data = profiles[name];
    if (data === undefined)
        return [{ kind: 'unusable', problem: `the source_profile '${name}' does not exist` }];
    const isStatic = Boolean(data.aws_access_key_id && data.aws_secret_access_key);
    if (visited.size > 0 && isStatic)
        return [{ kind: 'static-profile', profile: name }];
    if (data.role_arn && (data.source_profile || data.credential_source)) {
        let before;
        if (data.source_profile) {
            if (visited.has(data.source_profile) || data.source_profile === name) {
                before = [
                    { kind: 'unusable', problem: `the profiles form a cycle through '${data.source_profile}'` },
                ];
            }
            else {
                before = profileSteps(data.source_profile, profiles, env, new Set([...visited, name]));
            }
        }
        else {
            before = credentialSourceSteps(data.credential_source ?? '', env);
        }
        return [
            ...before,
            { kind: 'sts', operation: 'AssumeRole', roleArn: data.role_arn, by: `profile '${name}'` },
        ];
    }
    if (isStatic)
        return [{ kind: 'static-profile', profile: name }];
    if (data.web_identity_token_file && data.role_arn) {
        return [
            {
                kind: 'sts',
                operation: 'AssumeRoleWithWebIdentity',
                roleArn: data.role_arn,
                by: `profile '${name}'`,
            },
        ];
    }
    if (data.credential_process)
        return [{ kind: 'process', command: data.credential_process, profile: name }];
    const ssoRegion = data.sso_region ??
        (data.sso_session ? profiles[`sso-session.${data.sso_session}`]?.sso_region : undefined);
    if (data.sso_start_url || data.sso_session || data.sso_account_id || data.sso_role_name) {
        const host = ssoRegion ? `portal.sso.${ssoRegion}.amazonaws.com` : 'the IAM Identity Center portal';
        return [{ kind: 'sso', host, profile: name }];
    }
    return [{ kind: 'unusable', problem: `the profile '${name}' holds no credentials the AWS SDK can use` }];
}
function credentialSourceSteps(source, env) {
    if (source === 'Environment')
        return [{ kind: 'environment' }];
    if (source === 'Ec2InstanceMetadata')
        return [{ kind: 'instance-metadata', url: instanceMetadataUrl(env) }];
    if (source === 'EcsContainer') {
        return [
            { kind: 'container', url: containerUrl(env) ?? `${CONTAINER_HOST} (no AWS_CONTAINER_CREDENTIALS_*)` },
        ];
    }
    return [{ kind: 'unusable', problem: `credential_source '${source}' is not one the AWS SDK knows` }];
}
/** `credential_process \`…\`, then STS AssumeRole …`: the chain in one phrase. */
function describeSteps(steps) {
    return steps.map(describeStep).join(', then ');
}
function describeStep(step) {
    switch (step.kind) {
        case 'environment':
            return 'the keys in the environment';
        case 'static-profile':
            return `the keys of profile '${step.profile}'`;
        case 'sts':
            return `STS ${step.operation} of ${step.roleArn} (asked by ${step.by})`;
        case 'process':
            return `credential_process \`${step.command}\` of profile '${step.profile}'`;
        case 'sso':
            return `IAM Identity Center (SSO) at ${step.host} for profile '${step.profile}'`;
        case 'container':
            return `the container credentials endpoint ${step.url}`;
        case 'instance-metadata':
            return `instance metadata at ${step.url}`;
        case 'unusable':
            return step.problem;
    }
}


/***/ }),

/***/ 7476:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ lookupHost),
/* harmony export */   g2: () => (/* binding */ boundedConnectLookup)
/* harmony export */ });
/* unused harmony exports lookupProcessesFor, readGetentOutput */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_dns__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(610);
/* harmony import */ var node_dns__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_dns__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Resolving host names without letting a resolver that never answers hold the process.
 *
 * Node's `dns.lookup` runs getaddrinfo on libuv's thread pool, where it cannot be cancelled: a lookup
 * the VPC's resolver never answers keeps its thread until the system resolver gives up (timeout ×
 * attempts of resolv.conf, up to minutes), four of them stop every other file operation, and
 * `process.exit` waits for all of them, so a deadline would end the wait but not the step. Here each
 * lookup runs getaddrinfo in a child process (`getent` on Linux, else node; same resolver, same hosts
 * file, same answers) that is killed at the deadline. A name resolved once is answered from memory for the rest of the process,
 * so the requests that follow the step's first lookups start no new one.
 */



/** Runs dns.lookup in the child: prints `{"addresses":[…]}` or `{"code":"…"}`. */
const CHILD_SCRIPT = [
    "require('node:dns').lookup(process.argv[1], { all: true }, (error, found) => {",
    '  process.stdout.write(JSON.stringify(error ? { code: error.code } : { addresses: found.map((a) => a.address) }));',
    '});',
].join('\n');
const resolved = new Map();
const inFlight = new Map();
/**
 * The addresses of `hostname` as getaddrinfo gives them (hosts file included), or why there are none;
 * `timeout` when the resolver gave no answer within `timeoutSeconds`. Concurrent lookups of one name
 * share one child.
 */
function lookupHost(hostname, timeoutSeconds) {
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(hostname) !== 0)
        return Promise.resolve({ addresses: [hostname] });
    const key = hostname.toLowerCase();
    const known = resolved.get(key);
    if (known !== undefined)
        return Promise.resolve({ addresses: known });
    let pending = inFlight.get(key);
    if (pending === undefined) {
        pending = lookupInChild(hostname, timeoutSeconds).then((result) => {
            inFlight.delete(key);
            if (result.error === undefined && result.addresses.length > 0)
                resolved.set(key, result.addresses);
            return result;
        });
        inFlight.set(key, pending);
    }
    return pending;
}
/** glibc's `getent ahosts`: getaddrinfo through nsswitch as this process would, started in a millisecond or two. */
const GETENT = {
    command: 'getent',
    args: (hostname) => ['ahosts', '--', hostname],
    env: process.env,
    read: readGetentOutput,
};
/** A node child running dns.lookup: on every system, and the resolver's own error code when there is none. */
const NODE_CHILD = {
    command: process.execPath,
    // The order of addresses this process would use; no other NODE_OPTIONS (a --require could print).
    args: (hostname) => [`--dns-result-order=${(0,node_dns__WEBPACK_IMPORTED_MODULE_1__.getDefaultResultOrder)()}`, '-e', CHILD_SCRIPT, hostname],
    env: { ...process.env, NODE_OPTIONS: '' },
    read: (output) => {
        const parsed = JSON.parse(output);
        return parsed.addresses !== undefined
            ? { addresses: [...new Set(parsed.addresses)] }
            : { addresses: [], error: parsed.code ?? 'ENOTFOUND' };
    },
};
/**
 * The lookup processes to try, in order. On Linux `getent` answers a name in about 1 ms where a node
 * child takes about 90 ms to start; a name it cannot resolve (or a system without it) goes to the node
 * child, which tells a missing name (ENOTFOUND) from a resolver failure worth retrying (EAI_AGAIN).
 */
function lookupProcessesFor(platform) {
    return platform === 'linux' ? [GETENT, NODE_CHILD] : [NODE_CHILD];
}
/** The distinct addresses of `getent ahosts` output (`<address> STREAM <name>`, one line per socket type). */
function readGetentOutput(output) {
    const addresses = output
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[0] ?? '')
        .filter((address) => (0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(address) !== 0);
    return addresses.length > 0
        ? { addresses: [...new Set(addresses)] }
        : { addresses: [], error: 'ENOTFOUND' };
}
async function lookupInChild(hostname, timeoutSeconds) {
    const deadline = Date.now() + timeoutSeconds * 1000;
    const processes = lookupProcessesFor(process.platform);
    let result = { addresses: [], error: 'ENOTFOUND' };
    for (const [index, lookup] of processes.entries()) {
        result = await runLookupProcess(lookup, hostname, deadline);
        const last = index === processes.length - 1;
        if (result.addresses.length > 0 || result.error === 'timeout' || last)
            return result;
    }
    return result;
}
function runLookupProcess(lookup, hostname, deadline) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(lookup.command, lookup.args(hostname), {
            stdio: ['ignore', 'pipe', 'ignore'],
            env: lookup.env,
            windowsHide: true,
        });
        let output = '';
        let settled = false;
        const finish = (result) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            resolve(result);
        };
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            finish({ addresses: [], error: 'timeout' });
        }, Math.max(0, deadline - Date.now()));
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => (output += chunk));
        child.on('error', (error) => finish({ addresses: [], error: error.message }));
        child.on('close', () => {
            try {
                finish(lookup.read(output));
            }
            catch {
                finish({ addresses: [], error: 'the lookup process ended without an answer' });
            }
        });
    });
}
/**
 * A `lookup` for net/tls connections (an https.Agent's option) that resolves through `lookupHost`,
 * bounded by `timeoutSeconds`: what a connection to an endpoint the step already resolved uses.
 */
function boundedConnectLookup(timeoutSeconds) {
    return (hostname, options, callback) => {
        void lookupHost(hostname, timeoutSeconds).then(({ addresses, error }) => {
            const family = typeof options.family === 'number' ? options.family : 0;
            const matching = addresses
                .map((address) => ({ address, family: (0,node_net__WEBPACK_IMPORTED_MODULE_2__.isIP)(address) }))
                .filter((entry) => family === 0 || entry.family === family);
            if (matching.length === 0) {
                const code = error === 'timeout' ? 'ETIMEOUT' : (error ?? 'ENOTFOUND');
                const failure = new Error(error === 'timeout'
                    ? `DNS lookup of ${hostname} got no answer within ${timeoutSeconds} s`
                    : `getaddrinfo ${code} ${hostname}`);
                failure.code = code;
                failure.syscall = 'getaddrinfo';
                callback(failure, options.all ? [] : '');
                return;
            }
            if (options.all)
                callback(null, matching);
            else
                callback(null, matching[0]?.address ?? '', matching[0]?.family);
        });
    };
}


/***/ }),

/***/ 6915:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  G: () => (/* binding */ resolveRepositoryPatterns)
});

// EXTERNAL MODULE: ./src/network/vpc-advice.ts
var vpc_advice = __webpack_require__(266);
// EXTERNAL MODULE: ./src/network/endpoint-agent.ts
var endpoint_agent = __webpack_require__(777);
;// CONCATENATED MODULE: ./src/aws/sdk-client-settings.ts

/**
 * The settings of the step's AWS SDK client (the CodeCommit API's): region and endpoint
 * always explicit, SDK retries off because attempts are bounded and retried outside (aws-attempts.ts),
 * connection and request timeouts of `network-timeout-seconds`, with the agent of every AWS request of
 * the step (network/endpoint-agent.ts), signing with `credentials`.
 */
async function sdkClientSettings(plan, endpoint, proxy, credentials) {
    const timeoutMs = plan.networkTimeoutSeconds * 1000;
    return {
        region: plan.region,
        endpoint: endpoint.origin,
        maxAttempts: 1,
        // Settled by the plan: the endpoint already is the FIPS or standard name. Left unset, the SDK would
        // look them up in the environment and the shared config files on the first request, and refuse a
        // custom endpoint when AWS_USE_FIPS_ENDPOINT is set.
        useFipsEndpoint: false,
        useDualstackEndpoint: false,
        retryMode: 'standard',
        requestHandler: {
            connectionTimeout: timeoutMs,
            requestTimeout: timeoutMs,
            httpsAgent: await (0,endpoint_agent/* endpointAgent */.f)(endpoint.origin, plan.networkTimeoutSeconds, proxy),
        },
        credentials,
    };
}

// EXTERNAL MODULE: ./src/aws/aws-attempts.ts
var aws_attempts = __webpack_require__(171);
// EXTERNAL MODULE: ./src/aws/aws-failure.ts
var aws_failure = __webpack_require__(863);
;// CONCATENATED MODULE: ./src/aws/codecommit-api-client.ts
/**
 * The CodeCommit API (not git): ListRepositories, every page, for the repository patterns. The SDK's
 * CodeCommit client is loaded only here, when a pattern is given, so a step without patterns does not
 * pay for it at start-up. Each page is one AWS operation, with the attempts, deadlines and backoff of
 * every other (aws-attempts.ts).
 */




/** A CodeCommit API client of the plan's API endpoint, signing with `credentials`. */
async function createCodeCommitApi(plan, proxy, credentials) {
    const { CodeCommitClient, ListRepositoriesCommand } = await Promise.all(/* import() */[__webpack_require__.e(291), __webpack_require__.e(430), __webpack_require__.e(118), __webpack_require__.e(861), __webpack_require__.e(529)]).then(__webpack_require__.t.bind(__webpack_require__, 5529, 19));
    const client = new CodeCommitClient(await sdkClientSettings(plan, plan.codecommitApi, proxy, credentials));
    return {
        async listRepositoriesPage(nextToken, signal) {
            const command = new ListRepositoriesCommand({
                sortBy: 'repositoryName',
                order: 'ascending',
                ...(nextToken !== undefined ? { nextToken } : {}),
            });
            const output = await client.send(command, { abortSignal: signal });
            const names = (output.repositories ?? []).flatMap((repository) => repository.repositoryName !== undefined ? [repository.repositoryName] : []);
            return { names, ...(output.nextToken ? { nextToken: output.nextToken } : {}) };
        },
        destroy: () => client.destroy(),
    };
}
/** More pages than any account holds (ListRepositories gives up to 1,000 names a page). */
const MAX_PAGES = 1000;
/** A ListRepositories that never ends: a token seen before, or more pages than any account has. */
class RepositoryListingError extends Error {
    name = 'RepositoryListingError';
}
/**
 * Every repository name the credentials may list in the plan's region, page after page. Each page is
 * bounded and retried as every AWS operation is; a final failure says what to fix (the VPC endpoint, the
 * IAM permission, the rate when the API throttled).
 */
async function listRepositoryNames(plan, api, deps) {
    const names = [];
    const tokens = new Set();
    let nextToken;
    for (let page = 1;; page++) {
        const token = nextToken;
        const result = await (0,aws_attempts/* withAwsAttempts */.Q)(plan, {
            what: `CodeCommit ListRepositories${page > 1 ? ` (page ${page})` : ''}`,
            host: plan.codecommitApi.host,
            attempt: (signal) => api.listRepositoriesPage(token, signal),
            explain: (error, attempts) => explainListingFailure(plan, deps.principal, page, error, attempts),
        }, deps);
        names.push(...result.names);
        nextToken = result.nextToken;
        if (nextToken === undefined)
            return names;
        if (tokens.has(nextToken) || page >= MAX_PAGES) {
            throw new RepositoryListingError(`CodeCommit ListRepositories at ${plan.codecommitApi.host} did not end: ` +
                (tokens.has(nextToken)
                    ? `page ${page} gave a nextToken it gave before`
                    : `more than ${MAX_PAGES} pages`) +
                `; is '${plan.codecommitApi.host}' the CodeCommit API endpoint?`);
        }
        tokens.add(nextToken);
    }
}
const REFUSED_CREDENTIALS = /^(UnrecognizedClient|InvalidSignature|ExpiredToken|InvalidClientTokenId|SignatureDoesNotMatch)(Exception)?$/;
function explainListingFailure(plan, principal, page, error, attempts) {
    const api = plan.codecommitApi;
    const facts = (0,aws_failure/* awsFailureFacts */.F)(error);
    const of = page > 1 ? ` (page ${page})` : '';
    const head = `CodeCommit ListRepositories${of} at ${api.host}, to match the repository patterns ` +
        `${plan.repositoryPatterns.map((pattern) => `'${pattern}'`).join(', ')}, failed after ${attempts} attempt(s): ` +
        `${(0,aws_failure/* describeAwsFailure */.x)(error)}.`;
    if (facts.timedOut || facts.errno !== undefined) {
        return `${head} ${(0,vpc_advice/* vpcAdviceForUnreachable */.B)('codecommit-api', api.hostname, plan.region)}`;
    }
    const who = principal !== undefined ? `the role ${principal}` : 'the source credentials';
    if (facts.code === 'AccessDeniedException' || facts.code === 'AccessDenied') {
        return (`${head} ${who[0]?.toUpperCase() ?? ''}${who.slice(1)} may not list repositories: its IAM policy needs ` +
            `"Action": "codecommit:ListRepositories" with "Resource": "*" (the action has no resource of its own) ` +
            `in account ${accountOf(principal) ?? 'of the repositories'}, or name the repositories instead of patterns.`);
    }
    if (facts.code !== undefined && REFUSED_CREDENTIALS.test(facts.code)) {
        return `${head} CodeCommit refused the credentials of ${who}: check that ${api.host} is the CodeCommit API endpoint of ${plan.region}.`;
    }
    return head;
}
function accountOf(principal) {
    return principal !== undefined ? /^arn:[^:]+:[^:]+::(\d{12}):/.exec(principal)?.[1] : undefined;
}

// EXTERNAL MODULE: ./src/network/https-proxy.ts + 1 modules
var https_proxy = __webpack_require__(8420);
// EXTERNAL MODULE: ./src/network/endpoint-reachability.ts + 1 modules
var endpoint_reachability = __webpack_require__(1297);
// EXTERNAL MODULE: ./src/network/endpoint-diagnosis.ts + 1 modules
var endpoint_diagnosis = __webpack_require__(5582);
// EXTERNAL MODULE: ./src/plan/plan.ts
var plan = __webpack_require__(8720);
// EXTERNAL MODULE: ./src/plan/repository-lines.ts
var repository_lines = __webpack_require__(1013);
// EXTERNAL MODULE: ./src/plan/repository-pattern.ts
var repository_pattern = __webpack_require__(1736);
// EXTERNAL MODULE: ./src/plan/target-paths.ts
var target_paths = __webpack_require__(6295);
;// CONCATENATED MODULE: ./src/plan/pattern-expansion.ts
/**
 * The plan once its repository patterns are matched against the repositories the credentials may list:
 * the lines of `repository` in order, each pattern's matches at its line, every repository once, each
 * with the patterns that match it. Pure: the listing itself is the caller's.
 */




/** What each pattern matches among `listedNames`, in the order of the patterns. */
function listedMatches(patterns, listedNames) {
    return patterns.map((pattern) => ({
        pattern,
        names: listedNames.filter((name) => (0,repository_pattern/* matchesRepositoryPattern */.I7)(pattern, name)).sort(),
    }));
}
/**
 * `plan` with the repositories its patterns match among `listedNames` (the names ListRepositories
 * returned), in line order: a name line keeps its repository, a match is placed in `<path>/<name>` and
 * fetched from the step's git endpoint. A pattern matching nothing, two repositories that would share a
 * folder, or a match that cannot be placed or fetched is an InputError. Without patterns, or once
 * matched, the plan itself.
 */
function expandRepositoryPatterns(plan, listedNames) {
    const { patternExpansion: expansion, ...expanded } = plan;
    if (expansion === undefined)
        return plan;
    const resolved = (0,repository_pattern/* resolveRepositoryLines */.oe)(expansion.lines, listedNames);
    requireEveryPatternMatched(resolved.unmatched, listedNames.length, plan.region);
    (0,repository_lines/* requireDistinctFolders */.B)(resolved.names);
    const named = new Map(plan.repositories.map((repository) => [repository.name, repository]));
    // Every target is checked before any endpoint, in the order of the names.
    const targets = resolved.names.map((name) => named.get(name)?.targetPath ??
        (0,target_paths/* targetInFolder */.P)(expansion.folder, name, expansion.workspace, expansion.osFamily));
    const repositories = resolved.names.map((name, index) => {
        const matchingPatterns = plan.repositoryPatterns.filter((pattern) => (0,repository_pattern/* matchesRepositoryPattern */.I7)(pattern, name));
        const given = named.get(name);
        if (given !== undefined)
            return { ...given, matchingPatterns };
        if ('refusal' in expansion.git)
            throw expansion.git.refusal;
        const { endpoint } = expansion.git;
        const repositoryPath = `/v1/repos/${name}`;
        const matchedBy = resolved.matchedBy.get(name);
        return {
            name,
            git: endpoint,
            repositoryPath,
            cloneUrl: `${endpoint.origin}${repositoryPath}`,
            targetPath: targets[index] ?? '',
            ...(matchedBy !== undefined ? { matchedBy } : {}),
            matchingPatterns,
        };
    });
    return { ...expanded, repositories };
}
function requireEveryPatternMatched(unmatched, listedCount, region) {
    const [first, ...others] = unmatched;
    if (first === undefined)
        return;
    throw new plan/* InputError */.dz('repository', `the pattern '${first}' matches none of the ${listedCount} repositories the credentials may list in ${region}` +
        (others.length > 0 ? ` (nor do ${others.map((p) => `'${p}'`).join(', ')})` : '') +
        "; patterns are case-sensitive, '*' is any characters and '?' one", 'team-* or service-?');
}

;// CONCATENATED MODULE: ./src/step/repository-listing.ts







/**
 * The plan with its repository patterns matched against every repository the credentials may list
 * (ListRepositories through the plan's CodeCommit API endpoint); the plan itself when it has none.
 * A pattern matching nothing is an InputError naming it. When the API endpoint does not answer, its
 * TCP and TLS are probed and the result added to the message, as for STS.
 */
async function resolveRepositoryPatterns(plan, credentials, runtime, report) {
    if (plan.repositoryPatterns.length === 0)
        return plan;
    const proxy = (0,https_proxy/* proxyForUrl */.th)(`${plan.codecommitApi.origin}/`, runtime.env);
    const api = await (runtime.codecommitApi ?? createCodeCommitApi)(plan, proxy, credentials.credentials);
    let listed;
    try {
        listed = await listRepositoryNames(plan, api, {
            logger: runtime.logger,
            sleep: runtime.sleep,
            random: runtime.random,
            now: runtime.now,
            ...(credentials.assumedRoleArn !== undefined ? { principal: credentials.assumedRoleArn } : {}),
        });
    }
    catch (error) {
        const diagnosis = report.diagnoses.find((d) => d.role === 'codecommit-api');
        const facts = (0,aws_failure/* awsFailureFacts */.F)(error instanceof aws_attempts/* AwsOperationError */.d ? error.cause : undefined);
        if (diagnosis === undefined || (!facts.timedOut && facts.errno === undefined))
            throw error;
        await (0,endpoint_reachability/* probeAfterFailure */.l)(diagnosis, plan);
        throw new Error(`${error.message}\n${(0,endpoint_diagnosis/* describeDiagnosis */.$h)(diagnosis)}`, { cause: error });
    }
    finally {
        api.destroy();
    }
    runtime.logger.info(`ListRepositories at ${plan.codecommitApi.host}: ${listed.length} repositories in ${plan.region}`);
    for (const { pattern, names } of listedMatches(plan.repositoryPatterns, listed)) {
        runtime.logger.info(`Pattern '${pattern}' matches ${names.length === 0 ? 'nothing' : names.join(', ')}`);
    }
    return expandRepositoryPatterns(plan, listed);
}


/***/ })

};
