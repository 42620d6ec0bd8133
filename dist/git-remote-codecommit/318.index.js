export const id = 318;
export const ids = [318];
export const modules = {

/***/ 2318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  standaloneRemote: () => (/* binding */ standaloneRemote)
});

;// CONCATENATED MODULE: ./src/plan/credential-source.ts
/** Thrown when `source-credentials: github-oidc` cannot work here; raised before any network call. */
class SourceChoiceError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'SourceChoiceError';
}
/** The environment variables by which a runner shows an AWS identity of its own, in the SDK's order. */
const RUNNER_IDENTITY_VARIABLES = (/* unused pure expression or super */ null && ([
    'AWS_ACCESS_KEY_ID',
    'AWS_PROFILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
]));
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

;// CONCATENATED MODULE: ./src/core/secrets.ts
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

;// CONCATENATED MODULE: ./src/core/deadline.ts
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

// EXTERNAL MODULE: ./src/core/text.ts
var core_text = __webpack_require__(2020);
;// CONCATENATED MODULE: ./src/aws/github-id-token.ts


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
        const advice = error instanceof DeadlineError
            ? "The runner must reach GitHub's token service (ACTIONS_ID_TOKEN_REQUEST_URL) as it reaches GitHub " +
                'for its jobs: the same proxy (HTTPS_PROXY), or a route out of the VPC.'
            : 'The job needs `permissions: id-token: write`.';
        throw new IdTokenError(`Could not get a GitHub ID token for audience '${audience}': ${(0,core_text/* messageOf */.bD)(error)}. ${advice}`, { cause: error });
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/network/vpc-advice.ts

/** Per role: its interface endpoint's service, the input that names it, and a label for tables. */
const vpc_advice_SERVICE_OF_ROLE = {
    sts: { endpointService: 'sts', input: 'sts-endpoint', label: 'STS' },
    git: { endpointService: 'git-codecommit', input: 'codecommit-endpoint', label: 'git' },
    'codecommit-api': {
        endpointService: 'codecommit',
        input: 'codecommit-api-endpoint',
        label: 'CodeCommit API',
    },
};
/** One paragraph of causes to check, for an endpoint that refused, timed out or could not be resolved. */
function vpcAdviceForUnreachable(role, hostname, region) {
    const { endpointService, input } = vpc_advice_SERVICE_OF_ROLE[role];
    if (hostname === 'sts.amazonaws.com' || hostname === 'sts.amazonaws.com.cn') {
        return `${hostname} is the global STS name, which no VPC endpoint serves; use the regional endpoint or a vpce name in '${input}'.`;
    }
    const checks = [
        `an interface VPC endpoint for com.amazonaws.${region}.${endpointService} exists in the runner's VPC`,
        (0,external_node_net_.isIP)(hostname) !== 0
            ? `'${input}' (${hostname}) is an address of that endpoint`
            : hostname.includes('.vpce.')
                ? `${hostname} is that endpoint's DNS name (copy it from the endpoint's DNS names)`
                : `the endpoint has private DNS enabled, so ${hostname} resolves to its private addresses; otherwise set '${input}' to the endpoint's vpce DNS name`,
        `the endpoint's security group allows inbound TCP 443 from the runner`,
        `no proxy (HTTPS_PROXY) sits in the way without NO_PROXY for ${hostname}`,
    ];
    return `Check that ${checks.join('; that ')}.`;
}

;// CONCATENATED MODULE: ./src/aws/retry-policy.ts
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
function retry_policy_isThrottling(facts) {
    return (facts.code !== undefined && THROTTLING_CODES.has(facts.code)) || facts.status === 429;
}
function isTransientAwsFailure(facts) {
    if (facts.timedOut || retry_policy_isThrottling(facts))
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

;// CONCATENATED MODULE: ./src/aws/aws-advice.ts
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
    if (isThrottling(facts))
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
    if (isThrottling(facts))
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

;// CONCATENATED MODULE: ./src/aws/aws-failure.ts


/**
 * Reads the facts a retry decision and a message need out of an SDK or network error, whichever AWS
 * operation (STS, the CodeCommit API) threw it.
 */
function awsFailureFacts(error) {
    if (error instanceof DeadlineError)
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
    if (error instanceof DeadlineError)
        return `no answer within ${error.seconds} s`;
    const message = (0,core_text/* messageOf */.bD)(error);
    const parts = [
        facts.code,
        facts.errno,
        facts.status !== undefined ? `HTTP ${facts.status}` : undefined,
    ].filter((part) => part !== undefined);
    return parts.length > 0 ? `${parts.join(', ')}: ${message}` : message;
}

;// CONCATENATED MODULE: ./src/aws/session-failure.ts
/**
 * The message of a session request STS finally refused or never answered: what was asked, of which role,
 * where, after how many attempts, STS's own words, then what to fix (aws-advice.ts, as diagnose gives it;
 * the VPC endpoint when STS did not answer).
 */





/** The hop `index` of `plan.roleChain`: AssumeRole with the source credentials or the session before. */
function explainAssumeRoleFailure(plan, roleArn, index, error, attempts) {
    const facts = awsFailureFacts(error);
    const hop = plan.roleChain.length > 1 ? ` (role ${index + 1} of ${plan.roleChain.length} in the chain)` : '';
    const head = `STS AssumeRole of ${roleArn}${hop} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeAwsFailure(error)}.`;
    const network = networkAdvice(plan, facts);
    if (network !== undefined)
        return `${head} ${network}`;
    const previous = index > 0 ? plan.roleChain[index - 1] : undefined;
    if (facts.code !== undefined &&
        /^(InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch)(Exception)?$/.test(facts.code)) {
        const refused = previous === undefined ? 'The source credentials were' : `The session of ${previous} was`;
        return `${head} ${refused} refused: check that they are current and belong to the expected account.`;
    }
    const advice = assumeRoleAdvice({
        facts,
        message: (0,core_text/* messageOf */.bD)(error),
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
    if (error instanceof IdTokenError)
        return error.message;
    const facts = awsFailureFacts(error);
    const head = `STS AssumeRoleWithWebIdentity of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeAwsFailure(error)}.`;
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
    const advice = assumeRoleAdvice({
        facts,
        message: (0,core_text/* messageOf */.bD)(error),
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
    const facts = awsFailureFacts(error);
    const head = `STS ${operation} of ${roleArn} at ${plan.sts.host} failed after ${attempts} attempt(s): ${describeAwsFailure(error)}.`;
    const advice = networkAdvice(plan, facts) ?? regionDisabledAdvice(facts, (0,core_text/* messageOf */.bD)(error), plan.region, undefined);
    return advice !== undefined ? `${head} ${advice}` : head;
}
/** STS did not answer: what the VPC needs for its endpoint. */
function networkAdvice(plan, facts) {
    return facts.timedOut || facts.errno !== undefined
        ? vpcAdviceForUnreachable('sts', plan.sts.hostname, plan.region)
        : undefined;
}

;// CONCATENATED MODULE: ./src/aws/aws-attempts.ts




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
            return await withDeadline(plan.networkTimeoutSeconds, what, host, operation.attempt);
        }
        catch (error) {
            const facts = awsFailureFacts(error);
            if (!isTransientAwsFailure(facts) || number >= plan.maxAttempts) {
                const message = operation.explain(error, number);
                throw new AwsOperationError(retry_policy_isThrottling(facts) ? `${message} ${throttlingAdvice(host)}` : message, number, { cause: error });
            }
            const wait = retryWait(number, facts, deps.random(), plan.networkTimeoutSeconds * 1000, deps.now);
            const asked = wait.askedByEndpoint ? ' as its Retry-After asks' : '';
            deps.logger.warning(retry_policy_isThrottling(facts)
                ? `${what} throttled by ${host} (attempt ${number} of ${plan.maxAttempts}), retrying in ` +
                    `${describeWait(wait.milliseconds)}${asked} (${describeAwsFailure(error)})`
                : `${what} at ${host} failed (${describeAwsFailure(error)}); retrying in ${wait.milliseconds} ms${asked}`);
            await deps.sleep(wait.milliseconds);
        }
    }
}

;// CONCATENATED MODULE: ./src/plan/runner-source.ts
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
function runner_source_takesEnvironmentKeys(awsProfile, env) {
    const profile = awsProfile ?? (env.AWS_PROFILE || undefined);
    return profile === undefined && Boolean(env.AWS_ACCESS_KEY_ID) && Boolean(env.AWS_SECRET_ACCESS_KEY);
}
function runner_source_describeRunnerSource(awsProfile, env, profiles) {
    if (runner_source_takesEnvironmentKeys(awsProfile, env)) {
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

;// CONCATENATED MODULE: ./src/aws/source-advice.ts

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
            return `Waiting for ${describeStep(step)}.`;
    }
}
function stepWaitedFor(steps) {
    return steps.find((step) => step.kind === 'process' ||
        step.kind === 'instance-metadata' ||
        step.kind === 'container' ||
        step.kind === 'sso');
}

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
    maskCredentials(issued, mask);
    return issued;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:dns"
var external_node_dns_ = __webpack_require__(610);
;// CONCATENATED MODULE: ./src/platform/host-lookup.ts
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
    if ((0,external_node_net_.isIP)(hostname) !== 0)
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
    args: (hostname) => [`--dns-result-order=${(0,external_node_dns_.getDefaultResultOrder)()}`, '-e', CHILD_SCRIPT, hostname],
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
        .filter((address) => (0,external_node_net_.isIP)(address) !== 0);
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
        const child = (0,external_node_child_process_.spawn)(lookup.command, lookup.args(hostname), {
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
                .map((address) => ({ address, family: (0,external_node_net_.isIP)(address) }))
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

;// CONCATENATED MODULE: ./src/network/endpoint-agent.ts




/**
 * The agent an AWS API request of the step (STS, the CodeCommit API) is sent with: through the HTTPS
 * proxy the environment selects for the endpoint, or direct with the endpoint's name resolved as the
 * step's first lookup did, never by a getaddrinfo that a silent resolver could hold past the deadline
 * (see platform/host-lookup.ts). Plain HTTP only for a loopback origin in tests. Async: the proxy's
 * agent is loaded only when a proxy is used.
 */
async function endpointAgent(origin, networkTimeoutSeconds, proxy) {
    if (proxy !== undefined)
        return proxyAgent(proxy);
    const options = { keepAlive: true, maxSockets: 50, lookup: boundedConnectLookup(networkTimeoutSeconds) };
    return origin.startsWith('http:') ? new external_node_http_.Agent(options) : new external_node_https_.Agent(options);
}

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
        agent: await endpointAgent(plan.sts.origin, plan.networkTimeoutSeconds, proxy),
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

;// CONCATENATED MODULE: ./src/aws/sts-session.ts



async function requestSession(plan, request, deps) {
    const client = operationClient(request.client);
    try {
        const output = await withAwsAttempts(plan, {
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

;// CONCATENATED MODULE: ./src/aws/source-credentials.ts






/** The runner's credentials could not be had; says which step of the chain failed. */
class SourceCredentialsError extends Error {
    name = 'SourceCredentialsError';
}
/** The runner's own credentials (the SDK's chain), its STS calls through the step's endpoint; bounded. */
async function resolveSourceCredentials(plan, deps) {
    const source = deps.runnerSource;
    const where = source?.label ??
        (plan.awsProfile !== undefined ? `profile '${plan.awsProfile}'` : 'the AWS SDK default chain');
    const waited = source !== undefined ? stepWaitedFor(source.steps) : undefined;
    try {
        return await withPausableDeadline(plan.networkTimeoutSeconds, waited !== undefined ? describeWaited(waited) : 'The AWS SDK credential chain', '', (pause) => deps.runnerCredentials({
            assumeRole: (credentials, params) => pause.excluding(() => assumeChainRole(plan, credentials, params, deps)),
            assumeRoleWithWebIdentity: (params) => pause.excluding(() => assumeChainWebIdentity(plan, params, deps)),
        })());
    }
    catch (error) {
        if (error instanceof AwsOperationError) {
            throw new SourceCredentialsError(`Could not resolve source AWS credentials from ${where}: ${error.message}`, {
                cause: error,
            });
        }
        if (error instanceof DeadlineError) {
            const advice = waited !== undefined ? ` ${sourceStepAdvice(waited)}` : '';
            throw new SourceCredentialsError(`Could not resolve source AWS credentials from ${where}: ${error.message}.${advice}`, { cause: error });
        }
        throw new SourceCredentialsError(`Could not resolve source AWS credentials from ${where}: ${describeAwsFailure(error)}. ` +
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
    const session = await requestSession(plan, {
        operation: 'AssumeRole',
        what: `STS AssumeRole ${params.RoleArn} (source profile)`,
        client: () => deps.client(credentials),
        send: (client, signal) => client.session('AssumeRole', { ...params }, signal),
        explain: (error, attempts) => explainChainFailure(plan, 'AssumeRole', params.RoleArn, error, attempts),
    }, deps);
    return session.credentials;
}
/** The AssumeRoleWithWebIdentity of AWS_WEB_IDENTITY_TOKEN_FILE (EKS IRSA), through the step's endpoint. */
async function assumeChainWebIdentity(plan, params, deps) {
    // The token file's contents prove the runner's identity for as long as the token lives: a secret too.
    deps.mask(params.WebIdentityToken);
    const session = await requestSession(plan, {
        operation: 'AssumeRoleWithWebIdentity',
        what: `STS AssumeRoleWithWebIdentity ${params.RoleArn} (web identity token file)`,
        client: () => deps.client(),
        send: (client, signal) => client.session('AssumeRoleWithWebIdentity', webIdentityParameters(params), signal),
        explain: (error, attempts) => explainChainFailure(plan, 'AssumeRoleWithWebIdentity', params.RoleArn, error, attempts),
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

;// CONCATENATED MODULE: ./src/aws/assume-role.ts
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
        const source = await resolveSourceCredentials(plan, deps);
        maskCredentials(source, deps.mask);
        if (chain.length === 0) {
            deps.logger.info('No role-to-assume: using the source credentials directly.');
            return { credentials: source };
        }
        current = { credentials: source };
    }
    const sourceIsSession = deps.webIdentityToken === undefined && current.credentials.sessionToken !== undefined;
    if ((chain.length > 1 || sourceIsSession) && plan.roleDurationSeconds > ROLE_CHAINING_MAX_SECONDS) {
        deps.logger.warning(`role-duration-seconds ${plan.roleDurationSeconds} is more than STS allows for role chaining ` +
            `(${chain.length > 1 ? 'several roles' : 'the source credentials are a role session'}): ` +
            `the session lasts ${ROLE_CHAINING_MAX_SECONDS} s.`);
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
        DurationSeconds: hopDurationSeconds(plan.roleDurationSeconds, chaining),
        ...(last && plan.roleExternalId !== undefined ? { ExternalId: plan.roleExternalId } : {}),
    };
    return requestSession(plan, {
        operation: 'AssumeRole',
        what: `STS AssumeRole ${roleArn}`,
        client,
        send: (sts, signal) => sts.session('AssumeRole', params, signal),
        explain: (error, attempts) => explainAssumeRoleFailure(plan, roleArn, index, error, attempts),
    }, deps);
}
/** The first hop when the source is GitHub OIDC: a fresh ID token for each attempt, unsigned. */
async function assumeRoleWithWebIdentity(plan, roleArn, idToken, deps) {
    let token = '';
    return requestSession(plan, {
        operation: 'AssumeRoleWithWebIdentity',
        what: `STS AssumeRoleWithWebIdentity ${roleArn}`,
        client: () => deps.client(),
        send: (sts, signal) => sts.session('AssumeRoleWithWebIdentity', {
            RoleArn: roleArn,
            RoleSessionName: plan.roleSessionName,
            WebIdentityToken: token,
            DurationSeconds: hopDurationSeconds(plan.roleDurationSeconds, plan.roleChain.length > 1),
        }, signal),
        explain: (error, attempts) => explainWebIdentityFailure(plan, roleArn, error, attempts),
        beforeEachAttempt: async () => {
            token = await tokenFromGitHub(idToken, plan.audience);
        },
    }, deps);
}

// EXTERNAL MODULE: ./src/aws/git-authorization.ts + 1 modules
var git_authorization = __webpack_require__(846);
;// CONCATENATED MODULE: ./src/aws/source-chain.ts

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
            if (runner_source_takesEnvironmentKeys(plan.awsProfile, process.env))
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
    return describeRunnerSource(awsProfile, env, takesEnvironmentKeys(awsProfile, env) ? {} : await loadProfiles());
}

// EXTERNAL MODULE: ./src/git/git-environment.ts
var git_environment = __webpack_require__(9736);
;// CONCATENATED MODULE: ./src/network/address-class.ts

/**
 * Whether an address can only be reached inside a network: what a VPC endpoint's interface (or a
 * loopback test double) has, as opposed to the public addresses an AWS name has without private DNS.
 */
function isPrivateAddress(address) {
    if ((0,external_node_net_.isIPv4)(address))
        return isPrivateIPv4(address);
    if ((0,external_node_net_.isIPv6)(address)) {
        const lower = address.toLowerCase();
        const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
        if (mapped?.[1] !== undefined)
            return isPrivateIPv4(mapped[1]);
        return lower === '::1' || /^f[cd][0-9a-f]{2}:/.test(lower) || /^fe[89ab][0-9a-f]:/.test(lower);
    }
    return false;
}
function isPrivateIPv4(address) {
    const [a = -1, b = -1] = address.split('.').map(Number);
    return (a === 10 ||
        a === 127 ||
        (a === 172 && b >= 16 && b <= 31) ||
        (a === 192 && b === 168) ||
        (a === 169 && b === 254) ||
        (a === 100 && b >= 64 && b <= 127));
}

;// CONCATENATED MODULE: ./src/network/endpoint-diagnosis.ts


function addressScope(addresses) {
    if (addresses.length === 0)
        return 'unresolved';
    const privateCount = addresses.filter(isPrivateAddress).length;
    if (privateCount === addresses.length)
        return 'private';
    return privateCount === 0 ? 'public' : 'mixed';
}
/**
 * Regional names that resolve to public addresses while the runner is evidently meant to reach AWS
 * privately (another endpoint resolves privately, or a vpce name was given): private DNS is off for that
 * service, or it has no interface endpoint. One warning per such endpoint.
 */
function publicAddressWarnings(diagnoses) {
    const expectsPrivate = diagnoses.some((d) => d.endpoint.custom || addressScope(d.lookup.addresses) === 'private');
    if (!expectsPrivate)
        return [];
    return diagnoses
        .filter((d) => !d.endpoint.custom && d.proxy === undefined)
        .filter((d) => ['public', 'mixed'].includes(addressScope(d.lookup.addresses)))
        .map((d) => `${d.endpoint.hostname} resolves to public addresses (${d.lookup.addresses.join(', ')}) although this runner ` +
        `reaches AWS privately: the ${SERVICE_OF_ROLE[d.role].endpointService} interface endpoint is missing or has ` +
        `private DNS off. Create it, enable private DNS, or set '${SERVICE_OF_ROLE[d.role].input}' ` +
        'to its vpce DNS name.');
}
/** One line on what is known of an endpoint, for a failure message. */
function describeDiagnosis(d) {
    const parts = [];
    if (d.proxy !== undefined)
        parts.push(`through proxy ${d.proxy}`);
    if (d.lookup.error !== undefined) {
        parts.push(`DNS: ${d.endpoint.hostname} did not resolve (${d.lookup.error})`);
    }
    else {
        parts.push(`${d.endpoint.hostname} resolved to ${d.lookup.addresses.join(', ')} (${addressScope(d.lookup.addresses)})`);
    }
    if (d.probe !== undefined) {
        const { tcp, tls } = d.probe;
        parts.push(`TCP connect to ${d.probe.address}: ${tcp.outcome} after ${tcp.milliseconds} ms${tcp.detail ? ` (${tcp.detail})` : ''}`);
        if (tls !== undefined) {
            parts.push(`TLS handshake: ${tls.outcome} after ${tls.milliseconds} ms${tls.detail ? ` (${tls.detail})` : ''}`);
        }
    }
    return parts.join('; ');
}
/** The job summary's diagnosis table: a header row, then one row per endpoint. */
function diagnosisRows(diagnoses) {
    return [
        ['Endpoint', 'Role', 'Addresses', 'Private or public', 'Reachable'],
        ...diagnoses.map((d) => [
            d.endpoint.host + (d.proxy !== undefined ? ` (via proxy ${d.proxy})` : ''),
            SERVICE_OF_ROLE[d.role].label,
            d.lookup.error !== undefined ? `does not resolve (${d.lookup.error})` : d.lookup.addresses.join(', '),
            addressScope(d.lookup.addresses),
            reachability(d),
        ]),
    ];
}
function reachability(d) {
    if (d.probe === undefined)
        return 'not probed';
    const { tcp, tls } = d.probe;
    if (tcp.outcome !== 'connected')
        return `TCP ${tcp.outcome} (${tcp.milliseconds} ms)`;
    if (tls === undefined)
        return `TCP connected in ${tcp.milliseconds} ms`;
    if (tls.outcome === 'completed')
        return `yes: TCP ${tcp.milliseconds} ms, TLS ${tls.milliseconds} ms`;
    return `TCP connected in ${tcp.milliseconds} ms, TLS ${tls.outcome} (${tls.milliseconds} ms)`;
}

;// CONCATENATED MODULE: ./src/network/endpoint-lookup.ts


/** Resolves a host name the way the clients will (getaddrinfo, hosts file included), bounded in time. */
async function lookupHostname(hostname, timeoutSeconds) {
    // An address is its own answer: no lookup, so no time (the clock may still tick between two reads).
    if ((0,external_node_net_.isIP)(hostname) !== 0)
        return { addresses: [hostname], milliseconds: 0 };
    const started = Date.now();
    const found = await lookupHost(hostname, timeoutSeconds);
    return { ...found, milliseconds: Date.now() - started };
}

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/network/endpoint-probe.ts


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
        const socket = (0,external_node_net_.connect)({ host: address, port });
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
        const secure = (0,external_node_tls_.connect)({ socket, servername, ALPNProtocols: ['http/1.1'] });
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

;// CONCATENATED MODULE: ./src/helpers/git-endpoint-check.ts
/**
 * Before git-remote-codecommit hands the URL to `git remote-https`: the git endpoint's name looked up, a
 * TCP connection and a TLS handshake tried, each bounded by the network timeout. git's own low-speed
 * bound starts only once a connection is up; a handshake that never completes (an endpoint whose
 * security group lets TCP in and nothing answers, a middlebox) would hold git for curl's connect
 * timeout, five minutes. Only such silence stops the helper, with what to check in the VPC: an endpoint
 * that refuses, or whose certificate node does not trust (git may be given another CA), is left to git,
 * whose message says so. Not done when git reaches the endpoint through a proxy.
 */




/** Why git would wait on the endpoint, or undefined when it may go ahead. */
async function silentGitEndpoint(endpoint, region, timeoutSeconds) {
    const lookup = await lookupHostname(endpoint.hostname, timeoutSeconds);
    const diagnosis = { role: 'git', endpoint, lookup };
    const [address] = lookup.addresses;
    if (address !== undefined) {
        const port = new URL(endpoint.origin).port;
        diagnosis.probe = await probeEndpoint(address, port === '' ? 443 : Number(port), endpoint.hostname, timeoutSeconds);
        const { tcp, tls } = diagnosis.probe;
        if (tcp.outcome !== 'no answer' && tls?.outcome !== 'no answer')
            return undefined;
    }
    return (`the git endpoint ${endpoint.host} does not answer (each wait bounded by ${timeoutSeconds} s): ` +
        `${describeDiagnosis(diagnosis)}. ${vpcAdviceForUnreachable('git', endpoint.hostname, region)}`);
}
/** Whether git's config sends https through a proxy (`http.proxy`, `http.<url>.proxy`). */
function gitConfigProxy(gitConfig) {
    return [...gitConfig].some(([key, value]) => /^http\.(.+\.)?proxy$/.test(key) && value.trim() !== '');
}

// EXTERNAL MODULE: ./src/helpers/remote-address.ts
var remote_address = __webpack_require__(262);
;// CONCATENATED MODULE: ./src/helpers/remote-git-config.ts
/**
 * The `codecommit.*` keys of git's config as the git that started git-remote-codecommit sees them: the
 * repository's own config, the global and system files, and `git -c` of the command (git passes its
 * variables on); and git's proxy settings (`http.proxy`, `http.<url>.proxy`). One `git config` process,
 * stopped when it has not answered within its bound.
 */

/** How long `git config` may take: it reads local files only, so this ends only a stuck file system. */
const GIT_CONFIG_BOUND_SECONDS = 10;
/**
 * `git config --null --get-regexp` output (`<key>\n<value>\0` per entry; a key without value has no
 * newline) as a map of lower-cased keys to their last value, as git's own last-one-wins reads them.
 */
function parseConfigListing(text) {
    const entries = new Map();
    for (const record of text.split('\0')) {
        if (record === '')
            continue;
        const newline = record.indexOf('\n');
        const key = (newline === -1 ? record : record.slice(0, newline)).toLowerCase();
        entries.set(key, newline === -1 ? 'true' : record.slice(newline + 1));
    }
    return entries;
}
async function readRemoteGitConfig(env, boundSeconds = GIT_CONFIG_BOUND_SECONDS) {
    const { code, stdout, stderr, timedOut } = await new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('git', ['config', '--null', '--get-regexp', '^codecommit\\.|^http\\..*proxy$'], {
            env: env,
            stdio: ['ignore', 'pipe', 'pipe'],
            shell: false,
        });
        const out = [];
        const err = [];
        let expired = false;
        const timer = setTimeout(() => {
            expired = true;
            child.kill('SIGKILL');
        }, boundSeconds * 1000);
        child.stdout.on('data', (chunk) => out.push(chunk));
        child.stderr.on('data', (chunk) => err.push(chunk));
        child.once('error', (error) => {
            clearTimeout(timer);
            reject(new Error(`could not run git config: ${error.message}`));
        });
        child.once('close', (exitCode) => {
            clearTimeout(timer);
            resolve({
                code: exitCode,
                stdout: Buffer.concat(out).toString('utf8'),
                stderr: Buffer.concat(err).toString('utf8'),
                timedOut: expired,
            });
        });
    });
    if (timedOut) {
        throw new Error(`git config did not answer within ${boundSeconds} s (reading the codecommit.* keys)`);
    }
    // 1: no key matched.
    if (code === 1 && stdout === '')
        return new Map();
    if (code !== 0)
        throw new Error(`git config exited with ${code ?? 'a signal'}: ${stderr.trim()}`);
    return parseConfigListing(stdout);
}

// EXTERNAL MODULE: ./src/helpers/remote-invocation.ts
var remote_invocation = __webpack_require__(7942);
// EXTERNAL MODULE: ./src/plan/plan.ts
var plan = __webpack_require__(8720);
// EXTERNAL MODULE: ./src/plan/endpoints.ts
var endpoints = __webpack_require__(6685);
// EXTERNAL MODULE: ./src/plan/repository-spec.ts
var repository_spec = __webpack_require__(2415);
;// CONCATENATED MODULE: ./src/plan/input-text.ts
/**
 * The text of the inputs before any input is read for its meaning: trimmed, refused when it holds control
 * characters, split into list items, read as whole numbers or booleans; and the example each input's
 * error shows. Pure.
 */



/** A valid value of each input, shown by every error about it. */
const EXAMPLES = {
    repository: repository_spec/* REPOSITORY_EXAMPLE */.Wq,
    mode: 'clone, list or diagnose',
    'aws-region': 'eu-west-1',
    'role-to-assume': 'arn:aws:iam::123456789012:role/SwitchRole',
    'aws-profile': 'source-account',
    'source-credentials': 'auto, runner or github-oidc',
    'role-session-name': 'codecommit-clone-1234567890',
    'role-duration-seconds': '3600',
    'role-external-id': 'a1b2c3d4-shared-secret',
    'sts-endpoint': endpoints/* ENDPOINT_EXAMPLES */.AM['sts-endpoint'],
    'codecommit-endpoint': endpoints/* ENDPOINT_EXAMPLES */.AM['codecommit-endpoint'],
    'codecommit-api-endpoint': endpoints/* ENDPOINT_EXAMPLES */.AM['codecommit-api-endpoint'],
    ref: 'main, v1.2.0, refs/tags/v1.2.0 or a 40-hex-digit commit SHA',
    path: 'my-service or checkout/my-service',
    'fetch-depth': '1 (0 for full history)',
    submodules: 'false, true or recursive',
    'network-timeout-seconds': '30',
    'max-attempts': '3',
    concurrency: '4',
    filter: 'blob:none',
    'sparse-checkout': 'src/\ndocs/',
    audience: 'sts.amazonaws.com',
    'use-fips': 'true or false',
    'persist-credentials': 'true or false',
    clean: 'true or false',
    'cache-path': '/opt/hostedtoolcache/codecommit (in a workflow: ${{ runner.tool_cache }}/codecommit)',
};
/** C0 and C1 controls, DEL and the Unicode line/paragraph separators. */
function hasControlCharacter(text) {
    for (const character of text) {
        const code = character.codePointAt(0) ?? 0;
        if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029)
            return true;
    }
    return false;
}
function trimmedInputs(raw) {
    const inputs = { ...raw };
    for (const name of plan/* INPUT_NAMES */.Qh) {
        const value = raw[name].trim();
        const lines = plan/* MULTI_LINE_INPUTS */.RL.includes(name)
            ? value.split(/\r?\n/).map((line) => line.trim())
            : [value];
        if (lines.some(hasControlCharacter)) {
            const problem = plan/* MULTI_LINE_INPUTS */.RL.includes(name)
                ? 'must not contain control characters'
                : 'must be a single line without control characters';
            throw new plan/* InputError */.dz(name, problem, EXAMPLES[name]);
        }
        inputs[name] = value;
    }
    return inputs;
}
/** The items of a multi-line input: trimmed lines, without blank lines and `#` comments. */
function listItems(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}
function parseWholeNumber(input, text, fallback, min, max) {
    if (text === '')
        return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
        throw new plan/* InputError */.dz(input, `'${text}' is not a whole number from ${min} to ${max}`, EXAMPLES[input]);
    }
    return value;
}
function parseBoolean(input, text, absent = false) {
    if (text === '')
        return absent;
    if (/^false$/i.test(text))
        return false;
    if (/^true$/i.test(text))
        return true;
    throw new plan/* InputError */.dz(input, `'${text}' is not a boolean`, EXAMPLES[input]);
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/platform/workspace-path.ts
/**
 * Lexical path checks against the workspace, in the path flavour of the runner's system: POSIX paths on
 * Linux and macOS; on Windows drive paths (`C:\actions-runner\_work\app\app`), UNC paths
 * (`\\server\share\work`), either slash, and names compared without regard to case. Pure: the file system
 * (symlinks, 8.3 short names, macOS's /var → /private/var) is checked by the caller with realpath.
 */

function pathFlavour(family) {
    return family === 'windows' ? (external_node_path_default()).win32 : (external_node_path_default()).posix;
}
/** `X:\` or `\\server\share\`: the only roots a Windows workspace can have (not `\dir` or `C:dir`). */
const WINDOWS_ROOT = /^(?:[A-Za-z]:\\|\\\\[^\\?.][^\\]*\\[^\\]+\\?)$/;
/**
 * The workspace as an absolute, normalized path without a trailing separator (except a bare root), or
 * undefined when it is not absolute in this flavour.
 */
function workspaceRoot(family, workspace) {
    const flavour = pathFlavour(family);
    if (!flavour.isAbsolute(workspace))
        return undefined;
    const normalized = flavour.normalize(workspace);
    const { root } = flavour.parse(normalized);
    if (family === 'windows' && !WINDOWS_ROOT.test(root))
        return undefined;
    return normalized.length > root.length ? normalized.replace(/[\\/]+$/, '') : normalized;
}
/** `text` (absolute, or relative to `root`) as a normalized absolute path without a trailing separator. */
function resolveAgainst(family, root, text) {
    const flavour = pathFlavour(family);
    const target = flavour.normalize(flavour.isAbsolute(text) ? text : flavour.join(root, text));
    const { root: targetRoot } = flavour.parse(target);
    return target.length > targetRoot.length ? target.replace(/[\\/]+$/, '') : target;
}
/** Whether `child` is strictly below `parent` (on Windows without regard to case). */
function isPathInside(family, parent, child) {
    const flavour = pathFlavour(family);
    const relative = flavour.relative(parent, child);
    return (relative !== '' &&
        relative !== '..' &&
        !relative.startsWith(`..${flavour.sep}`) &&
        !flavour.isAbsolute(relative));
}
/** Whether `a` and `b` name the same path (on Windows without regard to case). */
function isSamePath(family, a, b) {
    return pathFlavour(family).relative(a, b) === '';
}
const WINDOWS_DEVICE_NAME = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
/**
 * Why Windows could not create `text` as a folder below the workspace, or undefined: characters Windows
 * refuses in names (`<>:"|?*`; a `:` would name an alternate data stream), device names such as `NUL`,
 * and names ending in a dot or a space (which Windows silently drops). A leading drive (`C:\…`) is allowed.
 */
function windowsNameProblem(text) {
    const rest = text.replace(/^[A-Za-z]:(?=[\\/])/, '').replace(/^\\\\[^\\/]+[\\/][^\\/]+/, '');
    if (/[<>:"|?*]/.test(rest))
        return 'contains one of <>:"|?*, which Windows does not allow in a folder name';
    for (const name of rest.split(/[\\/]+/)) {
        if (name === '' || name === '.' || name === '..')
            continue;
        if (WINDOWS_DEVICE_NAME.test(name))
            return `has the name '${name}', which Windows reserves for a device`;
        if (/[. ]$/.test(name))
            return `has the name '${name}', which ends with a dot or space that Windows drops`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/plan/cache-path-input.ts
/** The `cache-path` input: where this host keeps its shared mirrors. Pure. */



/**
 * `cache-path`: an absolute folder of the runner's system (the runner expands `${{ runner.tool_cache }}`;
 * nothing is expanded here), outside the workspace and so outside every clone target.
 */
function parseCachePath(text, workspaceInput, family) {
    if (text === '')
        return undefined;
    const flavour = pathFlavour(family);
    const problem = family === 'windows' ? windowsNameProblem(text) : undefined;
    if (problem !== undefined)
        throw new plan/* InputError */.dz('cache-path', `'${text}' ${problem}`, EXAMPLES['cache-path']);
    const root = workspaceRoot(family, text);
    if (root === undefined || !flavour.isAbsolute(text)) {
        throw new plan/* InputError */.dz('cache-path', `'${text}' is not an absolute path (nothing is expanded: no ~, no $VARIABLE)`, EXAMPLES['cache-path']);
    }
    const workspace = workspaceRoot(family, workspaceInput);
    if (workspace !== undefined &&
        (isSamePath(family, workspace, root) || isPathInside(family, workspace, root))) {
        throw new plan/* InputError */.dz('cache-path', `'${text}' is inside the workspace ${workspace}, which a job may empty; the cache must be a folder of the host outside it`, EXAMPLES['cache-path']);
    }
    return root;
}

;// CONCATENATED MODULE: ./src/plan/checkout-inputs.ts
/**
 * The inputs that say what is checked out of each repository: the ref, the submodules, a partial-clone
 * filter and the directories of a sparse checkout. Pure.
 */


const FULL_SHA = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;
/** Why `name` is not a ref git would accept (git check-ref-format, stricter on leading '-'), or undefined. */
function refNameProblem(name) {
    if (hasControlCharacter(name) || /[ ~^:?*[\\]/.test(name)) {
        return 'contains a space, a control character or one of ~^:?*[\\';
    }
    if (name === '@')
        return "is '@', which git reserves";
    if (name.includes('@{'))
        return "contains '@{'";
    if (name.includes('..'))
        return "contains '..'";
    if (name.endsWith('.'))
        return "ends with '.'";
    if (name.startsWith('refs/') && !/^refs\/(heads|tags)\//.test(name)) {
        return 'is a full ref outside refs/heads/ and refs/tags/';
    }
    for (const component of name.split('/')) {
        if (component === '')
            return "has an empty path component (leading, trailing or double '/')";
        if (component.startsWith('.'))
            return "has a component starting with '.'";
        if (component.startsWith('-'))
            return "has a component starting with '-'";
        if (component.endsWith('.lock'))
            return "has a component ending with '.lock'";
    }
    return undefined;
}
function parseRef(text) {
    if (text === '')
        return { kind: 'default' };
    if (FULL_SHA.test(text))
        return { kind: 'sha', sha: text.toLowerCase() };
    const problem = refNameProblem(text);
    if (problem !== undefined) {
        throw new plan/* InputError */.dz('ref', `'${text}' is not a valid branch or tag name: it ${problem}`, EXAMPLES.ref);
    }
    return { kind: 'name', name: text };
}
function parseSubmodules(text) {
    if (text === '' || /^false$/i.test(text))
        return 'none';
    if (/^true$/i.test(text))
        return 'top-level';
    if (/^recursive$/i.test(text))
        return 'recursive';
    throw new plan/* InputError */.dz('submodules', `'${text}' is not false, true (the repository's own submodules) or recursive (their submodules too)`, EXAMPLES.submodules);
}
const FILTER = /^(blob:none|blob:limit=\d+[kmg]?|tree:\d+|object:type=(blob|tree|commit|tag))$/;
function parseFilter(text) {
    if (text === '')
        return undefined;
    if (!FILTER.test(text)) {
        throw new plan/* InputError */.dz('filter', `'${text}' is not a partial-clone filter: blob:none, blob:limit=<n>[k|m|g], tree:<depth> or object:type=<type>`, EXAMPLES.filter);
    }
    return text;
}
/** Cone-mode directories: relative, no `..`, none taken as an option (they reach git on stdin anyway). */
function parseSparseCheckout(text) {
    const directories = listItems(text).map((line) => line.replace(/\/+$/, ''));
    for (const directory of directories) {
        const parts = directory.split('/');
        if (directory === '' ||
            directory.startsWith('/') ||
            directory.startsWith('-') ||
            // git un-quotes a line that starts with '"' before reading it.
            directory.startsWith('"') ||
            parts.some((part) => part === '' || part === '.' || part === '..') ||
            /[*?[\\!]/.test(directory)) {
            throw new plan/* InputError */.dz('sparse-checkout', `'${directory}' is not a directory of the repository for a cone-mode sparse checkout (relative, no '..', no wildcards)`, EXAMPLES['sparse-checkout']);
        }
    }
    return directories;
}

;// CONCATENATED MODULE: ./src/plan/endpoint-inputs.ts
/**
 * The endpoint inputs: `sts-endpoint` (or AWS_ENDPOINT_URL_STS), `codecommit-endpoint` for git and
 * `codecommit-api-endpoint` for ListRepositories, each held to the region the requests are signed for,
 * or the regional (FIPS) name when not given. Pure.
 */



/** Refuses an endpoint whose AWS name places it in another region than the one signed for. */
function requireEndpointInRegion(input, service, endpoint, region, example) {
    const named = (0,endpoints/* regionOfServiceHostname */.wM)(service, endpoint.hostname);
    if (named === undefined)
        return;
    if ('problem' in named)
        throw new plan/* InputError */.dz(input, named.problem, example);
    if (named.region !== region) {
        throw new plan/* InputError */.dz(input, `host '${endpoint.hostname}' is in region ${named.region}, but the region is ${region}; requests would be signed for the wrong region`, example);
    }
}
function parseStsEndpoint(text, region, useFips) {
    if (text === '') {
        return (0,endpoints/* endpointForHostname */.Ai)((0,endpoints/* serviceHostname */.TB)('sts', region, useFips), undefined, false);
    }
    const endpoint = (0,endpoints/* parseEndpointUrl */.yN)('sts-endpoint', text);
    requireEndpointInRegion('sts-endpoint', 'sts', endpoint, region, `https://${(0,endpoints/* regionalStsHostname */.lw)(region)}`);
    return endpoint;
}
/** AWS_ENDPOINT_URL_STS, held to the rules of sts-endpoint; an error says where the value came from. */
function parseEnvironmentStsEndpoint(text, region) {
    try {
        const endpoint = (0,endpoints/* parseEndpointUrl */.yN)('sts-endpoint', text);
        requireEndpointInRegion('sts-endpoint', 'sts', endpoint, region, `https://${(0,endpoints/* regionalStsHostname */.lw)(region)}`);
        return endpoint;
    }
    catch (error) {
        if (!(error instanceof plan/* InputError */.dz))
            throw error;
        throw new plan/* InputError */.dz('sts-endpoint', `empty, so AWS_ENDPOINT_URL_STS of the environment is used, and it is not valid: ${error.problem}`, error.example);
    }
}
/**
 * The CodeCommit API endpoint. Only patterns use it: without one, use-fips in a region without FIPS
 * endpoints (sts-endpoint and codecommit-endpoint given) is no reason to refuse the step.
 */
function parseCodeCommitApiEndpoint(text, region, useFips, needed) {
    if (text === '') {
        const fips = useFips && (needed || endpoints/* FIPS_REGIONS */.lx.includes(region));
        return (0,endpoints/* endpointForHostname */.Ai)((0,endpoints/* serviceHostname */.TB)('codecommit', region, fips), undefined, false);
    }
    const endpoint = (0,endpoints/* parseEndpointUrl */.yN)('codecommit-api-endpoint', text);
    requireEndpointInRegion('codecommit-api-endpoint', 'codecommit', endpoint, region, `https://${(0,endpoints/* regionalCodeCommitApiHostname */.bP)(region)}`);
    return endpoint;
}
/** `codecommit-endpoint`, held to the region. */
function parseCodeCommitEndpoint(text, region) {
    const endpoint = (0,endpoints/* parseEndpointUrl */.yN)('codecommit-endpoint', text);
    requireEndpointInRegion('codecommit-endpoint', 'git-codecommit', endpoint, region, `https://${(0,endpoints/* regionalGitHostname */.hs)(region)}`);
    return endpoint;
}
/** Where git fetches a repository given by name alone: `codecommit-endpoint`, else the regional name. */
function parseNamedGitEndpoint(text, region, useFips) {
    if (text !== '')
        return parseCodeCommitEndpoint(text, region);
    return (0,endpoints/* endpointForHostname */.Ai)((0,endpoints/* serviceHostname */.TB)('git-codecommit', region, useFips), undefined, false);
}
/**
 * Where git fetches `repository`: `codecommit-endpoint` when given (a URL's host must then be a CodeCommit
 * git host or that one), else the host of its URL, else the regional name.
 */
function parseGitEndpoint(text, repository, region, useFips) {
    if (text !== '') {
        const endpoint = parseCodeCommitEndpoint(text, region);
        (0,repository_spec/* requireCodeCommitGitHost */.OH)(repository, region, endpoint);
        return endpoint;
    }
    if (repository.gitHost === undefined)
        return parseNamedGitEndpoint(text, region, useFips);
    if ((0,endpoints/* isCodeCommitApiHostname */.Kf)(repository.gitHost)) {
        throw new plan/* InputError */.dz('repository', `'${repository.gitHost}' is the CodeCommit API endpoint, which does not serve git; use the git-codecommit host`, `https://${(0,endpoints/* regionalGitHostname */.hs)(region)}/v1/repos/${repository.name}`);
    }
    (0,repository_spec/* requireCodeCommitGitHost */.OH)(repository, region, undefined);
    return (0,endpoints/* endpointForHostname */.Ai)(repository.gitHost, repository.gitPort, true);
}

;// CONCATENATED MODULE: ./src/plan/identity-inputs.ts
/**
 * The inputs that say who the step is and where it signs: the region, the role chain, the profile and
 * source of the first credentials, the session name, the external id and the ID token's audience. Pure.
 */




function parseRegion(text, repositories) {
    if (text !== '' && !(0,endpoints/* isValidRegion */.L5)(text)) {
        throw new plan/* InputError */.dz('aws-region', `'${text}' is not an AWS region name`, EXAMPLES['aws-region']);
    }
    const named = [...new Set(repositories.flatMap((r) => (r.region !== undefined ? [r.region] : [])))];
    if (named.length > 1) {
        throw new plan/* InputError */.dz('repository', `the repository URLs name several regions (${named.join(', ')}); one step clones from one region: use a step per region`, repository_spec/* REPOSITORY_EXAMPLE */.Wq);
    }
    const [urlRegion] = named;
    if (text !== '' && urlRegion !== undefined && text !== urlRegion) {
        throw new plan/* InputError */.dz('aws-region', `'${text}' differs from the region ${urlRegion} named by the repository URL; give one or make them agree`, urlRegion);
    }
    const region = text !== '' ? text : urlRegion;
    if (region === undefined) {
        throw new plan/* InputError */.dz('aws-region', 'is required unless the repository URL names the region (https://git-codecommit.<region>.… or codecommit::<region>://…)', EXAMPLES['aws-region']);
    }
    return region;
}
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;
function parseRoleChain(text, region) {
    return listItems(text).map((arnText) => {
        const arn = ROLE_ARN.exec(arnText);
        if (arn === null || arnText.endsWith('/') || arnText.includes('//')) {
            throw new plan/* InputError */.dz('role-to-assume', `'${arnText}' is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/[path/]<name>; several chain, one per line)`, EXAMPLES['role-to-assume']);
        }
        const partition = (0,endpoints/* partitionOfRegion */.cn)(region);
        if (arn[1] !== partition) {
            throw new plan/* InputError */.dz('role-to-assume', `the role ${arnText} is in partition ${arn[1]} but region ${region} is in partition ${partition}`, `arn:${partition}:iam::123456789012:role/SwitchRole`);
        }
        return arnText;
    });
}
function parseAudience(text) {
    if (text === '')
        return 'sts.amazonaws.com';
    if (!/^[\x21-\x7e]{1,255}$/.test(text)) {
        throw new plan/* InputError */.dz('audience', 'must be 1-255 printable characters without spaces', EXAMPLES.audience);
    }
    return text;
}
function parseProfile(text, repositories) {
    if (text !== '' && !(0,repository_spec/* isValidProfileName */.RG)(text)) {
        throw new plan/* InputError */.dz('aws-profile', `'${text}' is not a profile name: 1-64 letters, digits, '.', '_' or '-', not starting with '-'`, EXAMPLES['aws-profile']);
    }
    const named = [...new Set(repositories.flatMap((r) => (r.profile !== undefined ? [r.profile] : [])))];
    if (named.length > 1) {
        throw new plan/* InputError */.dz('repository', `the codecommit:// URLs name several profiles (${named.join(', ')}); one step uses one set of credentials`, repository_spec/* REPOSITORY_EXAMPLE */.Wq);
    }
    const [urlProfile] = named;
    if (text !== '' && urlProfile !== undefined && text !== urlProfile) {
        throw new plan/* InputError */.dz('aws-profile', `'${text}' differs from the profile ${urlProfile} in the codecommit:// URL; give one or make them agree`, urlProfile);
    }
    return text !== '' ? text : urlProfile;
}
function parseSourceCredentials(text, awsProfile, roleChain) {
    const mode = text === '' ? 'auto' : text.toLowerCase();
    if (mode !== 'auto' && mode !== 'runner' && mode !== 'github-oidc') {
        throw new plan/* InputError */.dz('source-credentials', `'${text}' is not a source: auto, runner or github-oidc`, EXAMPLES['source-credentials']);
    }
    if (mode === 'github-oidc' && awsProfile !== undefined) {
        throw new plan/* InputError */.dz('source-credentials', `github-oidc uses the job's ID token, not the profile '${awsProfile}'; drop aws-profile (and any profile of a codecommit:// URL) or choose runner`, 'runner');
    }
    if (mode === 'github-oidc' && roleChain.length === 0) {
        throw new plan/* InputError */.dz('role-to-assume', 'source-credentials github-oidc gives no AWS credentials by itself: name the role that trusts token.actions.githubusercontent.com', EXAMPLES['role-to-assume']);
    }
    return mode;
}
function parseRoleSessionName(text, runId) {
    const requested = text !== '' ? text : runId !== '' ? `codecommit-clone-${runId}` : 'codecommit-clone';
    // STS accepts only [\w+=,.@-]{2,64}; anything else is replaced rather than rejected.
    const reduced = requested.replace(/[^\w+=,.@-]/gu, '-').slice(0, 64);
    if (reduced.length < 2) {
        throw new plan/* InputError */.dz('role-session-name', `'${text}' is too short: STS needs 2-64 characters`, EXAMPLES['role-session-name']);
    }
    return reduced;
}
function parseExternalId(text) {
    if (text === '')
        return undefined;
    if (!/^[\w+=,.@:/-]{2,1224}$/.test(text)) {
        throw new plan/* InputError */.dz('role-external-id', 'must be 2-1224 letters, digits or any of _+=,.@:/-', EXAMPLES['role-external-id']);
    }
    return text;
}

;// CONCATENATED MODULE: ./src/plan/repository-pattern.ts
/**
 * Repository patterns: a line of `repository` holding `*` (any run of characters, none included) or `?`
 * (exactly one character), which no repository name may contain. Matched against the whole name and
 * case-sensitively, as CodeCommit spells names. Pure: no I/O.
 */
/** What a pattern may hold besides `*` and `?`: the characters of repository names. */
const PATTERN_SHAPE = /^[A-Za-z0-9._*?-]{1,100}$/;
function isRepositoryPattern(line) {
    return line.includes('*') || line.includes('?');
}
/** Why `pattern` cannot match a repository name, or undefined when it is a usable pattern. */
function repositoryPatternProblem(pattern) {
    if (!PATTERN_SHAPE.test(pattern)) {
        return (`'${pattern}' is not a repository pattern: 1-100 letters, digits, '.', '_', '-', '*' (any characters) ` +
            "or '?' (one character); patterns match names only, not URLs");
    }
    if (pattern.startsWith('-') || pattern.startsWith('.')) {
        return `'${pattern}' can match no repository: names do not start with '-' or '.'`;
    }
    return undefined;
}
/**
 * Whether `name` matches `pattern` as a whole. Linear in the lengths (backtracking only to the last
 * `*`), so that no pattern can make matching slow.
 */
function matchesRepositoryPattern(pattern, name) {
    let p = 0;
    let n = 0;
    let starAt = -1;
    let starMatchedUpTo = 0;
    while (n < name.length) {
        const wanted = pattern[p];
        if (wanted === '*') {
            starAt = p++;
            starMatchedUpTo = n;
        }
        else if (wanted !== undefined && (wanted === '?' || wanted === name[n])) {
            p++;
            n++;
        }
        else if (starAt !== -1) {
            p = starAt + 1;
            n = ++starMatchedUpTo;
        }
        else {
            return false;
        }
    }
    while (pattern[p] === '*')
        p++;
    return p === pattern.length;
}
/**
 * Expands the patterns among `lines` against `listed` (the names ListRepositories returned). A name
 * given twice, or given and matched, or matched by two patterns appears once, at its first place.
 */
function resolveRepositoryLines(lines, listed) {
    const sorted = [...new Set(listed)].sort(compareNames);
    const names = [];
    const seen = new Set();
    const unmatched = [];
    const matchedBy = new Map();
    const add = (name, pattern) => {
        if (seen.has(name))
            return;
        seen.add(name);
        names.push(name);
        if (pattern !== undefined)
            matchedBy.set(name, pattern);
    };
    for (const line of lines) {
        if (line.kind === 'name') {
            add(line.name);
            continue;
        }
        const matches = sorted.filter((name) => matchesRepositoryPattern(line.pattern, name));
        if (matches.length === 0)
            unmatched.push(line.pattern);
        for (const name of matches)
            add(name, line.pattern);
    }
    return { names, unmatched, matchedBy };
}
/** Code-unit order: the same on every runner, whatever its locale. */
function compareNames(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/plan/repository-lines.ts
/**
 * The lines of `repository`: each a repository (a name or a URL) or a pattern, at least one, and no two
 * repositories in one folder. Pure.
 */




function parseRepositoryLines(text) {
    const specs = [];
    const entries = [];
    const patterns = [];
    for (const line of listItems(text)) {
        if (isRepositoryPattern(line)) {
            const problem = repositoryPatternProblem(line);
            if (problem !== undefined)
                throw new plan/* InputError */.dz('repository', problem, 'team-* or service-?');
            if (!patterns.includes(line))
                patterns.push(line);
            entries.push({ kind: 'pattern', pattern: line });
            continue;
        }
        const spec = (0,repository_spec/* parseRepositorySpec */.zS)(line);
        specs.push(spec);
        entries.push({ kind: 'name', name: spec.name });
    }
    if (entries.length === 0) {
        throw new plan/* InputError */.dz('repository', 'is required: give at least one repository', repository_spec/* REPOSITORY_EXAMPLE */.Wq);
    }
    requireDistinctFolders(specs.map((spec) => spec.name));
    return { specs, entries, patterns };
}
/** Names differing only in case would share a folder on a case-insensitive file system. */
function requireDistinctFolders(names) {
    const seen = new Set();
    for (const name of names) {
        const folder = name.toLowerCase();
        if (seen.has(folder)) {
            throw new plan/* InputError */.dz('repository', `'${name}' is listed more than once (names that differ only in case would share a folder)`, repository_spec/* REPOSITORY_EXAMPLE */.Wq);
        }
        seen.add(folder);
    }
}

;// CONCATENATED MODULE: ./src/plan/target-paths.ts
/**
 * Where the repositories go: `path` and the repository names as absolute folders lexically inside the
 * workspace, in the path flavour of the runner's system. Pure: links are checked by the adapter.
 */



/**
 * `text` as an absolute path lexically inside the workspace; `allowWorkspace`: the workspace itself too.
 * Paths are of the runner's system: POSIX, or Windows (drive letters, UNC, either slash, any case).
 */
function pathInWorkspace(text, workspaceInput, allowWorkspace, family) {
    const workspace = workspaceRoot(family, workspaceInput);
    if (workspace === undefined) {
        const expected = family === 'windows' ? 'C:\\actions-runner\\_work\\app\\app' : '/home/runner/work/app/app';
        throw new Error(`The workspace '${workspaceInput}' is not an absolute path (expected like ${expected})`);
    }
    const problem = family === 'windows' ? windowsNameProblem(text) : undefined;
    if (problem !== undefined)
        throw new plan/* InputError */.dz('path', `'${text}' ${problem}`, EXAMPLES.path);
    const resolved = resolveAgainst(family, workspace, text);
    const same = isSamePath(family, workspace, resolved);
    if ((same && !allowWorkspace) || (!same && !isPathInside(family, workspace, resolved))) {
        throw new plan/* InputError */.dz('path', `'${text}' resolves to ${resolved}, which is not a directory inside the workspace ${workspace}`, EXAMPLES.path);
    }
    return resolved;
}
/**
 * Where each repository goes. One repository: `path` is the clone itself (default: its name). Several,
 * or any pattern (however many it matches): `path` is the folder that holds them (default: the
 * workspace), each in `<path>/<name>`.
 */
function targetPaths(text, names, workspace, family, hasPatterns) {
    const [only] = names;
    if (names.length === 1 && only !== undefined && !hasPatterns)
        return { paths: [pathInWorkspace(text !== '' ? text : only, workspace, false, family)] };
    const folder = pathInWorkspace(text !== '' ? text : '.', workspace, true, family);
    return { folder, paths: names.map((name) => targetInFolder(folder, name, workspace, family)) };
}
/** `<folder>/<name>`, held to the workspace as every target is. */
function targetInFolder(folder, name, workspace, family) {
    return pathInWorkspace(pathFlavour(family).join(folder, name), workspace, false, family);
}

;// CONCATENATED MODULE: ./src/plan/inputs.ts
/**
 * Turns the raw action inputs into a validated Plan, each input read by the file of its concern. Pure:
 * no environment, file system or clock.
 */









/** The values of `mode`, the default first. */
const STEP_MODES = ['clone', 'list', 'diagnose'];
function parseMode(text) {
    const mode = text.trim().toLowerCase();
    if (mode === '')
        return 'clone';
    const known = STEP_MODES.find((candidate) => candidate === mode);
    if (known === undefined) {
        throw new plan/* InputError */.dz('mode', `'${text.trim()}' is not a mode: ${STEP_MODES.join(', ')}`, EXAMPLES.mode);
    }
    return known;
}
/**
 * The git endpoint of the repositories a pattern may bring in. A refusal is kept, not thrown: it
 * surfaces only if a pattern does bring one in (see pattern-expansion.ts).
 */
function namedGitOutcome(text, region, useFips) {
    try {
        return { endpoint: parseNamedGitEndpoint(text, region, useFips) };
    }
    catch (error) {
        if (!(error instanceof plan/* InputError */.dz))
            throw error;
        return { refusal: error };
    }
}
/**
 * The plan of the step. With repository patterns, the plan holds the name lines as its repositories
 * and what matching the patterns needs: `expandRepositoryPatterns` (pattern-expansion.ts) adds the
 * repositories they match once ListRepositories has answered.
 */
function parsePlan(raw, ctx) {
    const inputs = trimmedInputs(raw);
    const mode = parseMode(inputs.mode);
    const lines = parseRepositoryLines(inputs.repository);
    const region = parseRegion(inputs['aws-region'], lines.specs);
    const roleChain = parseRoleChain(inputs['role-to-assume'], region);
    const useFips = parseBoolean('use-fips', inputs['use-fips']);
    const awsProfile = parseProfile(inputs['aws-profile'], lines.specs);
    const sourceCredentials = parseSourceCredentials(inputs['source-credentials'], awsProfile, roleChain);
    const environmentSts = inputs['sts-endpoint'] === '' &&
        ctx.environmentStsEndpoint !== undefined &&
        ctx.environmentStsEndpoint !== ''
        ? parseEnvironmentStsEndpoint(ctx.environmentStsEndpoint.trim(), region)
        : undefined;
    const roleExternalId = parseExternalId(inputs['role-external-id']);
    const filter = parseFilter(inputs.filter);
    const osFamily = ctx.osFamily ?? 'posix';
    const cachePath = parseCachePath(inputs['cache-path'], ctx.workspace, osFamily);
    const hasPatterns = lines.patterns.length > 0;
    const targets = targetPaths(inputs.path, lines.specs.map((spec) => spec.name), ctx.workspace, osFamily, hasPatterns);
    const repositories = lines.specs.map((spec, index) => {
        const git = parseGitEndpoint(inputs['codecommit-endpoint'], spec, region, useFips);
        const repositoryPath = `/v1/repos/${spec.name}`;
        return {
            name: spec.name,
            git,
            repositoryPath,
            cloneUrl: `${git.origin}${repositoryPath}`,
            targetPath: targets.paths[index] ?? '',
        };
    });
    const patternExpansion = hasPatterns && targets.folder !== undefined
        ? {
            lines: lines.entries,
            folder: targets.folder,
            workspace: ctx.workspace,
            osFamily,
            git: namedGitOutcome(inputs['codecommit-endpoint'], region, useFips),
        }
        : undefined;
    const persistCredentials = parseBoolean('persist-credentials', inputs['persist-credentials']);
    if (mode === 'list' && persistCredentials) {
        throw new plan/* InputError */.dz('persist-credentials', 'mode list clones nothing, so there is no clone to persist credentials for', 'false');
    }
    return {
        mode,
        repositories,
        ...(patternExpansion !== undefined ? { patternExpansion } : {}),
        repositoryPatterns: lines.patterns,
        codecommitApi: parseCodeCommitApiEndpoint(inputs['codecommit-api-endpoint'], region, useFips, hasPatterns),
        region,
        partition: (0,endpoints/* partitionOfRegion */.cn)(region),
        roleChain,
        audience: parseAudience(inputs.audience),
        useFips,
        persistCredentials,
        ...(awsProfile !== undefined ? { awsProfile } : {}),
        sourceCredentials,
        roleSessionName: parseRoleSessionName(inputs['role-session-name'], ctx.runId),
        roleDurationSeconds: parseWholeNumber('role-duration-seconds', inputs['role-duration-seconds'], 3600, 900, 43200),
        ...(roleExternalId !== undefined ? { roleExternalId } : {}),
        sts: environmentSts ?? parseStsEndpoint(inputs['sts-endpoint'], region, useFips),
        ...(environmentSts !== undefined ? { stsEndpointVariable: 'AWS_ENDPOINT_URL_STS' } : {}),
        ref: parseRef(inputs.ref),
        fetchDepth: parseWholeNumber('fetch-depth', inputs['fetch-depth'], 1, 0, 2147483647),
        submodules: parseSubmodules(inputs.submodules),
        ...(filter !== undefined ? { filter } : {}),
        sparseCheckout: parseSparseCheckout(inputs['sparse-checkout']),
        networkTimeoutSeconds: parseWholeNumber('network-timeout-seconds', inputs['network-timeout-seconds'], 30, 1, 3600),
        maxAttempts: parseWholeNumber('max-attempts', inputs['max-attempts'], 3, 1, 10),
        concurrency: parseWholeNumber('concurrency', inputs.concurrency, 4, 1, 32),
        clean: parseBoolean('clean', inputs.clean, true),
        ...(cachePath !== undefined ? { cachePath } : {}),
    };
}

;// CONCATENATED MODULE: ./src/helpers/remote-settings.ts
/**
 * What git-remote-codecommit on its own does for a remote URL, decided before any network call: the
 * region, the profile, the STS endpoint every call of the profile's chain goes to, the git endpoint the
 * password is signed for, and the bounds of every wait. Read from the URL, the environment, the shared
 * AWS files' profile and the `codecommit.*` keys of git's config, then held to the action's own rules
 * (parsePlan). Pure: the caller reads the environment, the files and git's config.
 */



/** The git config keys git-remote-codecommit reads (`git config --get-regexp '^codecommit\.'`). */
const REMOTE_CONFIG_KEYS = {
    stsEndpoint: 'codecommit.stsEndpoint',
    endpoint: 'codecommit.endpoint',
    networkTimeoutSeconds: 'codecommit.networkTimeoutSeconds',
    maxAttempts: 'codecommit.maxAttempts',
};
/** A remote URL or setting the helper cannot work with; the message names where the value came from. */
class RemoteSettingsError extends Error {
    name = 'RemoteSettingsError';
}
function fromConfig(sources, key) {
    const value = sources.gitConfig.get(key.toLowerCase());
    return value === undefined || value.trim() === '' ? undefined : value.trim();
}
function fromEnv(sources, name) {
    const value = sources.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
}
/** The profile the credentials come from: the URL's, else AWS_PROFILE, else the SDK's default chain. */
function remoteProfile(address, env) {
    return address.profile ?? (env.AWS_PROFILE?.trim() || undefined);
}
/**
 * The region: the URL's (`codecommit::<region>://`), else AWS_REGION, else AWS_DEFAULT_REGION, else the
 * profile's `region` (the environment before the file, as the AWS SDKs and CLI read them).
 */
function regionSetting(address, sources, profile) {
    if (address.region !== undefined)
        return { input: 'aws-region', value: address.region, origin: address.url };
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
        const value = fromEnv(sources, name);
        if (value !== undefined)
            return { input: 'aws-region', value, origin: name };
    }
    const value = sources.profiles[profile]?.region?.trim();
    if (value !== undefined && value !== '') {
        return { input: 'aws-region', value, origin: `the region of profile '${profile}'` };
    }
    throw new RemoteSettingsError(`${address.url} names no region, the profile '${profile}' has none, and neither AWS_REGION nor ` +
        `AWS_DEFAULT_REGION is set: use codecommit::<region>://${address.profile !== undefined ? `${address.profile}@` : ''}` +
        `${address.repository}, or add 'region = <region>' to the profile`);
}
/** An https URL as given, or a bare `host[:port]` as AWS's tool takes CODE_COMMIT_ENDPOINT. */
function asUrl(value) {
    return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? value : `https://${value}`;
}
/** git config codecommit.endpoint, else CODE_COMMIT_ENDPOINT (what AWS's tool reads), else none. */
function gitEndpointSetting(sources) {
    const configured = fromConfig(sources, REMOTE_CONFIG_KEYS.endpoint);
    if (configured !== undefined) {
        return {
            input: 'codecommit-endpoint',
            value: asUrl(configured),
            origin: `git config ${REMOTE_CONFIG_KEYS.endpoint}`,
        };
    }
    const variable = fromEnv(sources, 'CODE_COMMIT_ENDPOINT');
    return variable !== undefined
        ? { input: 'codecommit-endpoint', value: asUrl(variable), origin: 'CODE_COMMIT_ENDPOINT' }
        : undefined;
}
/** AWS_USE_FIPS_ENDPOINT, else the profile's use_fips_endpoint: `true` or `false`. */
function fipsSetting(sources, profile, name) {
    const variable = fromEnv(sources, 'AWS_USE_FIPS_ENDPOINT');
    const [value, origin] = variable !== undefined
        ? [variable, 'AWS_USE_FIPS_ENDPOINT']
        : [profile?.use_fips_endpoint?.trim(), `use_fips_endpoint of profile '${name}'`];
    if (value === undefined || value === '')
        return undefined;
    const lower = value.toLowerCase();
    if (lower !== 'true' && lower !== 'false') {
        throw new RemoteSettingsError(`${origin} is '${value}': it must be true or false`);
    }
    return { input: 'use-fips', value: lower, origin };
}
function configSetting(sources, key, input) {
    const value = fromConfig(sources, key);
    return value !== undefined ? { input, value, origin: `git config ${key}` } : undefined;
}
/**
 * The plan of one remote: the repository of the URL on the git endpoint chosen (codecommit.endpoint,
 * CODE_COMMIT_ENDPOINT, else the regional or, with FIPS, the FIPS name), STS at codecommit.stsEndpoint,
 * AWS_ENDPOINT_URL_STS, else the regional (FIPS) name of the region, never the global one; the source
 * credentials are the profile's (the SDK's chain), used as they are.
 */
function remotePlan(address, sources) {
    const profile = remoteProfile(address, sources.env);
    const profileName = profile ?? 'default';
    if (profile !== undefined)
        requireProfile(profile, address, sources.profiles);
    const settings = [
        regionSetting(address, sources, profileName),
        gitEndpointSetting(sources),
        configSetting(sources, REMOTE_CONFIG_KEYS.stsEndpoint, 'sts-endpoint'),
        fipsSetting(sources, sources.profiles[profileName], profileName),
        configSetting(sources, REMOTE_CONFIG_KEYS.networkTimeoutSeconds, 'network-timeout-seconds'),
        configSetting(sources, REMOTE_CONFIG_KEYS.maxAttempts, 'max-attempts'),
    ].filter((setting) => setting !== undefined);
    const raw = Object.fromEntries(plan/* INPUT_NAMES */.Qh.map((name) => [name, '']));
    for (const setting of settings)
        raw[setting.input] = setting.value;
    raw.repository = address.repository;
    raw['source-credentials'] = 'runner';
    const stsVariable = settings.some((setting) => setting.input === 'sts-endpoint')
        ? undefined
        : fromEnv(sources, 'AWS_ENDPOINT_URL_STS');
    try {
        const plan = parsePlan(raw, {
            // The plan's clone target is not used: git chose where the repository goes.
            workspace: sources.osFamily === 'windows' ? 'C:\\git-remote-codecommit' : '/git-remote-codecommit',
            runId: '',
            osFamily: sources.osFamily,
            ...(stsVariable !== undefined ? { environmentStsEndpoint: stsVariable } : {}),
        });
        // A profile name is checked like the action's codecommit:// URLs check theirs (remote-address.ts).
        return profile !== undefined ? { ...plan, awsProfile: profile } : plan;
    }
    catch (error) {
        if (!(error instanceof plan/* InputError */.dz))
            throw error;
        throw new RemoteSettingsError(settingProblem(error, settings, stsVariable !== undefined), {
            cause: error,
        });
    }
}
/** A profile named in the URL or AWS_PROFILE must exist: AWS's tool says so, listing the profiles there are. */
function requireProfile(profile, address, profiles) {
    if (profiles[profile] !== undefined)
        return;
    const names = Object.keys(profiles).filter((name) => !/^(sso-session|services)\./.test(name));
    throw new RemoteSettingsError(`the profile '${profile}' (${address.profile !== undefined ? `of ${address.url}` : 'AWS_PROFILE'}) is in ` +
        'neither ~/.aws/config nor ~/.aws/credentials (nor AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); ' +
        `profiles there: ${names.length > 0 ? names.sort().join(', ') : 'none'}`);
}
/** The refusal of a setting in the words of the helper: where the value came from, not an input name. */
function settingProblem(error, settings, stsFromVariable) {
    const given = settings.find((setting) => setting.input === error.input);
    const origin = error.input === 'sts-endpoint' && given === undefined && stsFromVariable
        ? 'AWS_ENDPOINT_URL_STS'
        : (given?.origin ?? (error.input === 'repository' ? 'the remote URL' : error.input));
    const problem = error.problem.replace(/^empty, so AWS_ENDPOINT_URL_STS of the environment is used, and it is not valid: /, '');
    return `${origin}: ${inRemoteHelperTerms(problem)}. Example: ${error.example}`;
}
/**
 * A message of the action (its advice names its inputs) in the words of git-remote-codecommit, whose
 * user gives the same settings through variables and git config.
 */
function inRemoteHelperTerms(message) {
    return message
        .replace(/'sts-endpoint'/g, `AWS_ENDPOINT_URL_STS (or git config ${REMOTE_CONFIG_KEYS.stsEndpoint})`)
        .replace(/'codecommit-endpoint'/g, `CODE_COMMIT_ENDPOINT (or git config ${REMOTE_CONFIG_KEYS.endpoint})`)
        .replace(/ \(and, for patterns, 'codecommit-api-endpoint'\)/g, '')
        .replace(/set use-fips: false/g, 'unset AWS_USE_FIPS_ENDPOINT')
        .replace(/\bnetwork-timeout-seconds\b/g, `git config ${REMOTE_CONFIG_KEYS.networkTimeoutSeconds}`)
        .replace(/\bmax-attempts\b/g, `git config ${REMOTE_CONFIG_KEYS.maxAttempts}`)
        .replace(/'aws-profile', or GitHub OIDC \(permissions: id-token: write\)/g, 'or a profile named in the URL (codecommit://<profile>@<repository>)')
        .replace(/'aws-profile'/g, `the profile of the URL (${remote_address/* REMOTE_URL_FORMS */.b$})`);
}

;// CONCATENATED MODULE: ./src/helpers/standalone-remote.ts
/**
 * git-remote-codecommit on its own, for AWS's remote URLs outside the action (an EC2 instance, a GitLab
 * runner, a developer's shell): the git endpoint checked for silence (git-endpoint-check.ts), the
 * profile of the URL resolved through the AWS SDK's chain with every STS call of that chain sent to the
 * STS endpoint chosen (remote-settings.ts), bounded and retried like the action's own; then a git
 * password signed now for the git host git will contact. A fresh password at every invocation: git runs
 * this program once per fetch, pull or push.
 */













const PREFIX = 'git-remote-codecommit: ';
async function standaloneRemote(address, deps) {
    const context = await remoteContext(address, deps);
    const { plan } = context;
    const [repository] = plan.repositories;
    if (repository === undefined)
        throw new Error(`no repository in ${context.remote.url}`);
    if (proxyForUrl(repository.cloneUrl, deps.env) === undefined && !gitConfigProxy(context.gitConfig)) {
        const silent = await silentGitEndpoint(repository.git, plan.region, plan.networkTimeoutSeconds);
        if (silent !== undefined)
            throw new remote_invocation/* RemoteHelperError */.lN(`${PREFIX}${inRemoteHelperTerms(silent)}`, 1);
    }
    const header = await (0,git_authorization/* gitAuthorizationHeader */.x)(await profileCredentials(context, deps), { host: repository.git.host, path: repository.repositoryPath, region: plan.region }, deps.now(), () => undefined);
    // The header only as command-scoped config of `git remote-https`, scoped to the URL it is signed for,
    // with git's own low-speed bound for that URL; git's variables (its repository, its `-c`) are kept.
    return {
        httpsUrl: repository.cloneUrl,
        env: (0,git_environment/* gitChildEnvironment */.or)(deps.env, (0,git_environment/* networkConfig */.L4)({
            url: repository.cloneUrl,
            stallSeconds: plan.networkTimeoutSeconds,
            authorizationHeader: header,
        })),
    };
}
/** The URL, git's config and the shared AWS files read, the plan decided; a refusal exits 2. */
async function remoteContext(address, deps) {
    try {
        const remote = (0,remote_address/* parseRemoteUrl */.JH)(address);
        const [gitConfig, profiles] = await Promise.all([
            (deps.readGitConfig ?? readRemoteGitConfig)(deps.env),
            (deps.loadProfiles ?? loadRunnerProfiles)(),
        ]);
        const plan = remotePlan(remote, { env: deps.env, gitConfig, profiles, osFamily: deps.osFamily });
        return { remote, plan, profiles, gitConfig };
    }
    catch (error) {
        if (error instanceof remote_address/* RemoteAddressError */.Hf || error instanceof RemoteSettingsError) {
            throw new remote_invocation/* RemoteHelperError */.lN(`${PREFIX}${error.message}`, 2, { cause: error });
        }
        throw error;
    }
}
/** The profile's credentials, every STS call of its chain through the plan's endpoint, bounded. */
async function profileCredentials({ remote, plan, profiles }, deps) {
    const proxy = proxyForUrl(`${plan.sts.origin}/`, deps.env);
    try {
        const { credentials } = await obtainCloneCredentials(plan, {
            client: (source) => createStsClient(plan, proxy, source),
            logger: { info: () => undefined, warning: (line) => deps.warn(inRemoteHelperTerms(line)) },
            sleep: deps.sleep,
            random: deps.random,
            now: deps.now,
            // Nothing is printed that holds a credential: no log to mask.
            mask: () => undefined,
            runnerCredentials: sdkRunnerCredentials(plan),
            // The profile as the URL or AWS_PROFILE names it, for the messages.
            runnerSource: runner_source_describeRunnerSource(remote.profile, deps.env, profiles),
        });
        return credentials;
    }
    catch (error) {
        const message = (0,core_text/* messageOf */.bD)(error);
        throw new remote_invocation/* RemoteHelperError */.lN(`${PREFIX}${inRemoteHelperTerms(message).replace(/\(aws-profile\)/g, `(of ${remote.url})`)}`, 1, { cause: error });
    }
}


/***/ })

};
