export const id = 174;
export const ids = [174];
export const modules = {

/***/ 846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  x: () => (/* binding */ gitAuthorizationHeader)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/aws/signing-sdk.ts
var signing_sdk = __webpack_require__(2075);
;// CONCATENATED MODULE: ./src/aws/git-password.ts
/**
 * The CodeCommit git-over-HTTPS password: a SigV4 signature with method `GIT`, one signed header and an
 * empty payload hash, whose string to sign carries the timestamp without its trailing `Z`. Stock request
 * signers cannot produce it, so the canonical request and string to sign are built here and the signer
 * only derives the key and computes the HMAC.
 */


/** `YYYYMMDDTHHMMSS` in UTC. */
function signingTimestamp(date) {
    return date.toISOString().replace(/[-:]/g, '').slice(0, 15);
}
async function signGitPassword(creds, target, date) {
    for (const [field, value] of Object.entries(target)) {
        if (/[\r\n]/.test(value))
            throw new Error(`The git signing ${field} must be a single line`);
    }
    const timestamp = signingTimestamp(date);
    const canonicalRequest = `GIT\n${target.path}\n\nhost:${target.host}\n\nhost\n`;
    const scope = `${timestamp.slice(0, 8)}/${target.region}/codecommit/aws4_request`;
    const stringToSign = [
        'AWS4-HMAC-SHA256',
        timestamp,
        scope,
        (0,external_node_crypto_.createHash)('sha256').update(canonicalRequest, 'utf8').digest('hex'),
    ].join('\n');
    const [{ Hash }, { SignatureV4 }] = await (0,signing_sdk/* loadSigning */.O)();
    const signer = new SignatureV4({
        credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
        region: target.region,
        service: 'codecommit',
        sha256: Hash.bind(null, 'sha256'),
    });
    const signature = await signer.sign(stringToSign, { signingDate: date });
    const hasToken = creds.sessionToken !== undefined && creds.sessionToken !== '';
    return {
        username: hasToken ? `${creds.accessKeyId}%${creds.sessionToken}` : creds.accessKeyId,
        password: `${timestamp}Z${signature}`,
    };
}

;// CONCATENATED MODULE: ./src/aws/git-authorization.ts

/**
 * A fresh `Authorization: Basic …` header for one git command: the CodeCommit git password is signed
 * now, for exactly this host and repository. Every secret form it creates is passed to `mask` before
 * the header is returned.
 */
async function gitAuthorizationHeader(credentials, target, now, mask) {
    const { username, password } = await signGitPassword(credentials, target, now);
    const pair = `${username}:${password}`;
    const encoded = Buffer.from(pair, 'utf8').toString('base64');
    const value = `Basic ${encoded}`;
    for (const secret of [password, username, pair, encoded, value])
        mask(secret);
    return `Authorization: ${value}`;
}


/***/ }),

/***/ 2320:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ mapBounded)
/* harmony export */ });
/**
 * Runs `work` on every item, at most `limit` at a time; results in the items' order. If `work` throws,
 * no further item is started, the ones under way finish, and then the first error is thrown.
 */
async function mapBounded(items, limit, work) {
    const results = new Array(items.length);
    let next = 0;
    let failure;
    const worker = async () => {
        while (failure === undefined && next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index], index);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failure !== undefined)
        throw failure.error;
    return results;
}


/***/ }),

/***/ 1227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ BufferedLogger)
/* harmony export */ });
/** Keeps lines in order until `flush`: parallel clones each write their own block, not interleaved. */
class BufferedLogger {
    lines = [];
    info(line) {
        this.lines.push({ warning: false, line });
    }
    warning(line) {
        this.lines.push({ warning: true, line });
    }
    flush(into) {
        for (const { warning, line } of this.lines.splice(0)) {
            if (warning)
                into.warning(line);
            else
                into.info(line);
        }
    }
}


/***/ }),

/***/ 8599:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fs: () => (/* binding */ FinalGitFailure),
/* harmony export */   N0: () => (/* binding */ withGitAttempts)
/* harmony export */ });
/* unused harmony export THROTTLED_ATTEMPTS_FACTOR */
/* harmony import */ var _aws_retry_policy_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50);
/* harmony import */ var _git_failure_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8379);
/* harmony import */ var _git_process_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1028);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2020);
/**
 * The one attempts loop of git network commands (clone, reuse, cache mirror, submodules, diagnose): an
 * attempt that fails transiently is retried, up to `maxAttempts`, after a backoff with full jitter; a
 * throttled attempt is named as such. A git failure that ends it becomes a FinalGitFailure.
 */




/** A git failure after all attempts, or one that no attempt may repeat, with what it means. */
class FinalGitFailure extends Error {
    error;
    attempts;
    failure;
    constructor(error, attempts) {
        super(error.message);
        this.error = error;
        this.attempts = attempts;
        this.name = 'FinalGitFailure';
        this.failure = (0,_git_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .classifyGitFailure */ .bd)(error.stderr, error.timedOutAfterSeconds);
    }
}
/**
 * Throttling is the endpoint asking for time rather than failing: throttled attempts do not use up
 * `max-attempts`, up to this many times it in all.
 */
const THROTTLED_ATTEMPTS_FACTOR = 3;
async function withGitAttempts(settings, operation, beforeRetry = async () => undefined) {
    const { maxAttempts, logger } = settings;
    const ceiling = maxAttempts * THROTTLED_ATTEMPTS_FACTOR;
    let counted = 0;
    let throttled = 0;
    for (let attempt = 1;; attempt++) {
        try {
            return await operation();
        }
        catch (error) {
            if (!(error instanceof _git_process_js__WEBPACK_IMPORTED_MODULE_2__/* .GitCommandError */ .iR))
                throw error;
            const failure = (0,_git_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .classifyGitFailure */ .bd)(error.stderr, error.timedOutAfterSeconds);
            settings.onAttemptFailed?.(failure);
            const isThrottled = failure.kind === 'throttled';
            if (isThrottled)
                throttled += 1;
            else
                counted += 1;
            const another = failure.transient && attempt < ceiling && (isThrottled || counted < maxAttempts);
            if (!another)
                throw new FinalGitFailure(error, attempt);
            const waitMs = (0,_aws_retry_policy_js__WEBPACK_IMPORTED_MODULE_0__/* .backoffMilliseconds */ .p2)(attempt, settings.random());
            const which = isThrottled
                ? `was throttled (attempt ${attempt} of up to ${ceiling} while throttled)`
                : `failed (attempt ${counted} of ${maxAttempts}${throttled > 0 ? `, besides ${throttled} throttled` : ''})`;
            logger.warning(`${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_3__/* .capitalized */ .l2)(error.what)} ${which}: ${settings.explain(error, failure)} Retrying in ${waitMs} ms.`);
            await beforeRetry();
            await settings.sleep(waitMs);
        }
    }
}


/***/ }),

/***/ 9736:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L4: () => (/* binding */ networkConfig),
/* harmony export */   Xi: () => (/* binding */ stallConfig),
/* harmony export */   bR: () => (/* binding */ gitProcessEnvironment),
/* harmony export */   y7: () => (/* binding */ ignoredRepositoryVariablesNote)
/* harmony export */ });
/* unused harmony exports urlScopedKey, signedUrlConfig, repositoryVariablesIn, gitChildEnvironment, withCommandScopedConfig */
/**
 * The environment of one git process. Credentials and per-command settings travel as command-scoped
 * config (GIT_CONFIG_COUNT/KEY/VALUE), so they never appear in argv, a URL or a config file.
 */
/**
 * Variables dropped from the inherited environment: they could prompt, or inject helpers or headers;
 * and AWS credentials, which git has no use for once the password is signed.
 */
const INHERITED_BY_GIT_CHILDREN_DROPPED = [
    /^(GIT|SSH)_ASKPASS$/,
    // Would let anything that answers TLS for the host read the header.
    /^GIT_SSL_NO_VERIFY$/,
    /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN)$/,
];
/** And for the action's own git, command-scoped config it did not write itself. */
const INHERITED_VARIABLES_DROPPED = [
    /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)$/,
    ...INHERITED_BY_GIT_CHILDREN_DROPPED,
];
/**
 * `http.<url>.<name>`: git applies it only to requests for that URL (and paths below it), and among
 * `http.<url>.*` entries the most specific URL match wins. The full repository URL is the most specific
 * match there is, so only an entry for the very same URL ties with ours, and ours, read last (command
 * scope), comes after it.
 */
function urlScopedKey(url, name) {
    if (/[\s"\\]/.test(url))
        throw new Error(`unexpected characters in the repository URL ${url}`);
    return `http.${url}.${name}`;
}
/**
 * The one place the signed header's settings are written, for a git command that talks to CodeCommit.
 * The Authorization header is scoped to the planned URL: should git be sent elsewhere (a
 * `url.<base>.insteadOf` of the runner's config, a redirect), the header does not go along.
 */
function signedUrlConfig(url, authorizationHeader) {
    const headerKey = urlScopedKey(url, 'extraHeader');
    const entries = [
        // An empty value resets the list: no system or global helper, header or askpass can interfere.
        ['credential.helper', ''],
        ['core.askPass', ''],
        ['http.extraHeader', ''],
        // Resets headers given for this very URL in other config (a plain reset loses to those).
        [headerKey, ''],
        // Never carry the header to wherever an answer redirects, or to a server whose certificate is not checked.
        [urlScopedKey(url, 'followRedirects'), 'false'],
        [urlScopedKey(url, 'sslVerify'), 'true'],
    ];
    if (authorizationHeader !== undefined)
        entries.push([headerKey, authorizationHeader]);
    return entries;
}
/**
 * A transfer slower than 1 KiB/s for `stallSeconds` is abandoned by git itself (curl's low-speed
 * bound); given a URL, also for that URL, where it beats a runner's own `http.<url>.lowSpeed*`.
 */
function stallConfig(stallSeconds, url) {
    const entries = [
        ['http.lowSpeedLimit', '1024'],
        ['http.lowSpeedTime', String(stallSeconds)],
    ];
    if (url !== undefined) {
        entries.push([urlScopedKey(url, 'lowSpeedLimit'), '1024'], [urlScopedKey(url, 'lowSpeedTime'), String(stallSeconds)]);
    }
    return entries;
}
/** The signed URL's settings and the stall bound, the header (when given) last. */
function networkConfig(settings) {
    const signed = signedUrlConfig(settings.url, settings.authorizationHeader);
    const header = settings.authorizationHeader !== undefined ? signed.splice(-1) : [];
    return [...signed, ...stallConfig(settings.stallSeconds, settings.url), ...header];
}
/**
 * Variables that tell git which repository, work tree, index or object store to use (git lists them:
 * `git rev-parse --local-env-vars`), and GIT_NAMESPACE, which narrows the refs it sees. A job may have
 * exported them for its own scripts; the action's own git must work on the target it was given, and
 * never write into the repository they name.
 */
const REPOSITORY_VARIABLES = [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_IMPLICIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_COMMON_DIR',
    'GIT_NAMESPACE',
    'GIT_PREFIX',
    'GIT_INTERNAL_SUPER_PREFIX',
    'GIT_SHALLOW_FILE',
    'GIT_REPLACE_REF_BASE',
    'GIT_NO_REPLACE_OBJECTS',
    'GIT_GRAFT_FILE',
    'GIT_CONFIG',
];
/** The repository-locating variables set in `env` (even to ''): the action's own git runs without them. */
function repositoryVariablesIn(env) {
    return REPOSITORY_VARIABLES.filter((name) => env[name] !== undefined);
}
/** The log line naming the repository-locating variables the job set, or undefined when it set none. */
function ignoredRepositoryVariablesNote(env) {
    const set = repositoryVariablesIn(env);
    if (set.length === 0)
        return undefined;
    return (`The job sets ${set.join(', ')}: the action's own git runs without ${set.length === 1 ? 'it' : 'them'}, ` +
        'so it works only on its targets and leaves the repository they name untouched (later steps still see them).');
}
/**
 * The environment of every git process the action starts itself: the inherited one cleaned (nothing
 * that prompts, injects credentials or points at another repository), plus the given command-scoped
 * config and a never-prompting git.
 */
function gitProcessEnvironment(inherited, config) {
    const env = kept(inherited, (name) => INHERITED_VARIABLES_DROPPED.some((pattern) => pattern.test(name)) ||
        REPOSITORY_VARIABLES.includes(name));
    env.GIT_TRACE_REDACT = '1';
    return withCommandScopedConfig(env, config);
}
/**
 * The environment of a git that a program started by git runs (git-remote-codecommit's
 * `git remote-https`): git's own variables kept — the repository it works in, the command-scoped config
 * it was given, to which `config` is added — and only what could prompt, skip the certificate check or
 * carry AWS credentials dropped.
 */
function gitChildEnvironment(inherited, config) {
    const env = kept(inherited, (name) => INHERITED_BY_GIT_CHILDREN_DROPPED.some((pattern) => pattern.test(name)));
    return withCommandScopedConfig(env, config);
}
/** The set variables of `inherited` that `dropped` does not name, and a git that never prompts. */
function kept(inherited, dropped) {
    const env = {};
    for (const [name, value] of Object.entries(inherited)) {
        if (value !== undefined && !dropped(name))
            env[name] = value;
    }
    env.GIT_TERMINAL_PROMPT = '0';
    return env;
}
/**
 * `env` with `entries` added after any command-scoped config it already carries
 * (GIT_CONFIG_COUNT/KEY_n/VALUE_n): later entries win, and an empty value resets a list.
 */
function withCommandScopedConfig(env, entries) {
    const count = Number(env.GIT_CONFIG_COUNT ?? '0');
    const start = Number.isInteger(count) && count >= 0 ? count : 0;
    const next = {
        ...env,
        GIT_CONFIG_COUNT: String(start + entries.length),
    };
    entries.forEach(([key, value], index) => {
        next[`GIT_CONFIG_KEY_${start + index}`] = key;
        next[`GIT_CONFIG_VALUE_${start + index}`] = value;
    });
    // Only string values were added to a copy of `env`.
    return next;
}


/***/ }),

/***/ 8464:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ explainGitFailure)
/* harmony export */ });
/* harmony import */ var _network_vpc_advice_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(266);
/* harmony import */ var _git_messages_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2077);


function explainGitFailure(plan, repository, failure, stderr, requester = {}) {
    const host = repository.git.host;
    const unreachable = () => (0,_network_vpc_advice_js__WEBPACK_IMPORTED_MODULE_0__/* .vpcAdviceForUnreachable */ .B)('git', repository.git.hostname, plan.region);
    switch (failure.kind) {
        case 'stalled':
            return `git got no answer from ${host} for ${failure.stalledSeconds} s (connect, TLS handshake or transfer stalled). ${unreachable()}`;
        case 'forbidden':
            return forbiddenAdvice(plan, repository, requester);
        case 'missing-ref':
            return `the ref was not found in '${repository.name}': check 'ref'.`;
        case 'missing-repository':
            return requester.account !== undefined
                ? `there is no repository '${repository.name}' at ${host} in ${plan.region} of account ${requester.account}: check its name (case-sensitive), 'aws-region' and the role's account.`
                : `the repository '${repository.name}' was not found at ${host}: check its name (case-sensitive), region and account.`;
        case 'throttled':
            return (`HTTP ${failure.httpStatus} from ${host}: the endpoint throttled the request (too many git requests at once). ` +
                "Lower 'concurrency', raise 'max-attempts', or spread a matrix's jobs over time.");
        case 'server-error':
            return `HTTP ${failure.httpStatus} from ${host}: the endpoint or a load balancer in front of it failed.`;
        case 'transfer-broke-off':
            return `the transfer from ${host} broke off (connection reset or early EOF).`;
        case 'dns':
            return `DNS: ${repository.git.hostname} could not be resolved. ${unreachable()}`;
        case 'connect':
            return `connect: no TCP connection to ${host}. ${unreachable()}`;
        case 'tls':
            return `TLS: the handshake with ${host} failed (${firstMatchingLine(stderr, _git_messages_js__WEBPACK_IMPORTED_MODULE_1__/* .TLS_FAILURE */ .VH)}). A proxy or a middlebox may be intercepting HTTPS, or the runner lacks the CA that signed the endpoint's certificate.`;
        default:
            return `git failed talking to ${host}.`;
    }
}
/** A 403 names the policy the role needs, on the repository's ARN, in the account that grants it. */
function forbiddenAdvice(plan, repository, requester) {
    const refused = `HTTP 403 from ${repository.git.host}: the credentials were refused for repository '${repository.name}'.`;
    const { account, principal } = requester;
    const arn = `arn:${plan.partition}:codecommit:${plan.region}:${account ?? '<account>'}:${repository.name}`;
    if (account === undefined) {
        return (`${refused} The assumed role needs codecommit:GitPull on ${arn}; ` +
            'check the repository name (case-sensitive) and that it lives in that region and account.');
    }
    return (`${refused} ${principal ?? 'The credentials'} may not pull '${repository.name}': in account ${account}, ` +
        `allow codecommit:GitPull on ${arn} in the role's permissions (and check that no SCP or permissions ` +
        'boundary denies it); the name is case-sensitive and must be in that region and account.');
}
function firstMatchingLine(text, pattern) {
    return (text
        .split(/\r?\n/)
        .find((line) => pattern.test(line))
        ?.trim() ?? '');
}


/***/ }),

/***/ 8379:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NQ: () => (/* binding */ isNetworkFailure),
/* harmony export */   bd: () => (/* binding */ classifyGitFailure),
/* harmony export */   g: () => (/* binding */ freshCloneMayHelp)
/* harmony export */ });
/* harmony import */ var _git_messages_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2077);
/**
 * What a failed git network command means, decided once from git's stderr (and whether git was stopped
 * for making no progress): every decision — another attempt, a fresh clone instead of a reuse, a probe of
 * the endpoint, the advice — reads this record instead of matching git's words again. Pure.
 */

/** The server refused these credentials: no attempt, however late, changes that. */
const REFUSED = /returned error: (401|403)|Authentication failed/i;
/** The connection failed mid-way, in words git uses besides those of git-messages.ts. */
const INTERRUPTED = /unexpected disconnect|remote end hung up|Recv failure|Send failure|Operation timed out|SSL_read|SSL_ERROR_SYSCALL/i;
/** Statuses that ask the client to slow down: 429 Too Many Requests, 503 Service Unavailable. */
const THROTTLING_STATUSES = new Set([429, 503]);
function classifyGitFailure(stderr, stalledSeconds) {
    const status = Number(/returned error: (\d{3})/i.exec(stderr)?.[1] ?? NaN);
    const httpStatus = Number.isInteger(status) ? status : undefined;
    const stalled = stalledSeconds !== undefined;
    const answered = _git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .HTTP_STATUS_ANSWER */ .rg.test(stderr);
    const kind = kindOf(stderr, stalled, httpStatus);
    const final = REFUSED.test(stderr) || _git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .MISSING_REPOSITORY */ .WU.test(stderr) || _git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .MISSING_REF */ .Dt.test(stderr);
    const transient = !final &&
        (stalled ||
            (httpStatus !== undefined && (THROTTLING_STATUSES.has(httpStatus) || httpStatus >= 500)) ||
            [INTERRUPTED, _git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .TRANSFER_BROKE_OFF */ .aj, _git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .HOST_NOT_RESOLVED */ .af, _git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .NO_CONNECTION */ .LW].some((p) => p.test(stderr)));
    return {
        kind,
        transient,
        ...(answered && httpStatus !== undefined ? { httpStatus } : {}),
        ...(stalled ? { stalledSeconds } : {}),
    };
}
/** What the explanation is about: what the server answered first, since the URL in git's words may say anything. */
function kindOf(stderr, stalled, httpStatus) {
    if (stalled)
        return 'stalled';
    if (httpStatus === 403)
        return 'forbidden';
    if (_git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .MISSING_REF */ .Dt.test(stderr))
        return 'missing-ref';
    if (_git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .MISSING_REPOSITORY */ .WU.test(stderr))
        return 'missing-repository';
    if (httpStatus !== undefined && THROTTLING_STATUSES.has(httpStatus))
        return 'throttled';
    if (httpStatus !== undefined && httpStatus >= 500)
        return 'server-error';
    if (_git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .TRANSFER_BROKE_OFF */ .aj.test(stderr))
        return 'transfer-broke-off';
    if (_git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .HOST_NOT_RESOLVED */ .af.test(stderr))
        return 'dns';
    if (_git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .NO_CONNECTION */ .LW.test(stderr))
        return 'connect';
    if (_git_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .TLS_FAILURE */ .VH.test(stderr))
        return 'tls';
    if (REFUSED.test(stderr))
        return 'unauthorized';
    if (INTERRUPTED.test(stderr))
        return 'interrupted';
    return 'other';
}
/**
 * No HTTP answer came back (DNS, connect, TLS, a reset or a stall): the endpoint itself is worth a look.
 * A missing ref counts as an answer: git only says so after the server listed its refs.
 */
function isNetworkFailure(failure) {
    return failure.kind === 'stalled' || (failure.httpStatus === undefined && failure.kind !== 'missing-ref');
}
/**
 * Whether a fresh clone could succeed where this failed: not when the same request would fail again —
 * the network, TLS, any HTTP answer (credentials, permissions, throttling), a missing repository or ref.
 */
function freshCloneMayHelp(failure) {
    return !(failure.transient ||
        failure.kind === 'tls' ||
        failure.httpStatus !== undefined ||
        failure.kind === 'missing-ref' ||
        failure.kind === 'missing-repository');
}


/***/ }),

/***/ 2077:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dt: () => (/* binding */ MISSING_REF),
/* harmony export */   LW: () => (/* binding */ NO_CONNECTION),
/* harmony export */   QK: () => (/* binding */ FILTER_NOT_RECOGNIZED),
/* harmony export */   VH: () => (/* binding */ TLS_FAILURE),
/* harmony export */   WU: () => (/* binding */ MISSING_REPOSITORY),
/* harmony export */   af: () => (/* binding */ HOST_NOT_RESOLVED),
/* harmony export */   aj: () => (/* binding */ TRANSFER_BROKE_OFF),
/* harmony export */   rg: () => (/* binding */ HTTP_STATUS_ANSWER)
/* harmony export */ });
/** What git's stderr says when a network command failed: the phrases several decisions read. Pure. */
/** The server has no such branch, tag or commit to give. */
const MISSING_REF = /Remote branch .* not found|couldn't find remote ref|not our ref|unadvertised object/i;
/** The server does not honour `--filter` (no `filter` capability): git fetches every blob instead. */
const FILTER_NOT_RECOGNIZED = /filtering not recognized by server, ignoring/i;
/** The repository is not there (or not for these credentials, as CodeCommit words a 404). */
const MISSING_REPOSITORY = /returned error: 404|repository '.*' not found|does not exist/i;
/** The server answered with an HTTP status: the request got through the network. */
const HTTP_STATUS_ANSWER = /returned error: \d{3}/i;
/** The transfer began and broke off: a reset, an early EOF, a failed RPC. */
const TRANSFER_BROKE_OFF = /early EOF|Connection reset|RPC failed|transfer closed/i;
/** The git host's name did not resolve. */
const HOST_NOT_RESOLVED = /Could not resolve host/i;
/** No TCP connection to the git host: refused, timed out, or failed otherwise. */
const NO_CONNECTION = /Failed to connect|Connection refused|Connection timed out|Couldn't connect/i;
/** curl's and git's words for a failed TLS handshake or certificate check. */
const TLS_FAILURE = /SSL certificate problem|SSL_connect|SSL_ERROR|OpenSSL SSL_|gnutls_handshake|TLS handshake|server certificate verification failed|unable to get local issuer certificate|certificate has expired|self[- ]signed certificate/i;


/***/ }),

/***/ 1028:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EO: () => (/* binding */ runGit),
/* harmony export */   be: () => (/* binding */ stderrTail),
/* harmony export */   iR: () => (/* binding */ GitCommandError)
/* harmony export */ });
/* unused harmony export stopGitProcessTree */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _platform_os_family_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9786);
/* harmony import */ var _platform_process_tree_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1267);
/* harmony import */ var _transfer_silence_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4547);




class GitCommandError extends Error {
    what;
    exitCode;
    stderr;
    timedOutAfterSeconds;
    constructor(what, exitCode, stderr, timedOutAfterSeconds) {
        super(timedOutAfterSeconds !== undefined
            ? `${what}: git made no progress for ${timedOutAfterSeconds} s and was stopped`
            : `${what}: git exited with ${exitCode ?? 'a signal'}${stderr.trim() ? `: ${stderrTail(stderr)}` : ''}`);
        this.what = what;
        this.exitCode = exitCode;
        this.stderr = stderr;
        this.timedOutAfterSeconds = timedOutAfterSeconds;
        this.name = 'GitCommandError';
    }
}
/** The last lines git wrote, on one line: where it says what went wrong. */
function stderrTail(text) {
    return (text
        .trim()
        .split(/\r?\n/)
        // A progress line rewritten in place with \r: only its last state, as a terminal would show it.
        .map((line) => line.slice(line.lastIndexOf('\r') + 1))
        .slice(-4)
        .join(' | '));
}
const processTree = (0,_platform_process_tree_js__WEBPACK_IMPORTED_MODULE_2__/* .processTreeControl */ .d)(_platform_os_family_js__WEBPACK_IMPORTED_MODULE_1__/* .HOST_OS_FAMILY */ .V);
/** Stops the tree of a git process this module started, by its pid (also one a killed step left). */
function stopGitProcessTree(pid) {
    killTree(pid);
}
function runGit(args, options) {
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', args, {
            cwd: options.cwd,
            env: options.env,
            stdio: [options.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
            ...processTree.spawnOptions,
            shell: false,
        });
        if (options.input !== undefined) {
            child.stdin?.on('error', () => undefined);
            child.stdin?.end(options.input);
        }
        const { stdout: out, stderr: err } = child;
        if (out === null || err === null)
            throw new Error('git was started without output pipes');
        const group = child.pid;
        const { processes } = options;
        if (group !== undefined) {
            processes.started({
                pid: group,
                args: [...args],
                what: options.what,
                ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
            });
        }
        const stdout = [];
        let stderr = '';
        let pendingLine = '';
        let timedOut = false;
        let watchdog;
        let windowSeconds = options.inactivitySeconds;
        const armWatchdog = () => {
            clearTimeout(watchdog);
            watchdog = setTimeout(() => {
                timedOut = true;
                killTree(child.pid);
            }, windowSeconds * 1000);
        };
        // Output restarts the same timer: cheaper than a new one for every chunk of progress.
        const restartWatchdog = () => {
            watchdog?.refresh();
        };
        armWatchdog();
        out.on('data', (chunk) => {
            stdout.push(chunk);
            restartWatchdog();
        });
        err.on('data', (chunk) => {
            const text = chunk.toString('utf8');
            stderr += text;
            restartWatchdog();
            const pieces = (pendingLine + text).split(/\r\n|\r|\n/);
            pendingLine = pieces.pop() ?? '';
            for (const line of pieces)
                if (line.length > 0)
                    options.onStderrLine?.(line);
            const transferWindow = options.transferInactivitySeconds;
            if (transferWindow !== undefined &&
                windowSeconds !== transferWindow &&
                pieces.some(_transfer_silence_js__WEBPACK_IMPORTED_MODULE_3__/* .isTransferUnderWayLine */ .X)) {
                windowSeconds = transferWindow;
                armWatchdog();
            }
        });
        child.on('error', (error) => {
            clearTimeout(watchdog);
            if (group !== undefined)
                processes.ended(group);
            reject(new GitCommandError(options.what, null, `could not start git: ${error.message}`));
        });
        child.on('close', (code) => {
            clearTimeout(watchdog);
            if (group !== undefined)
                processes.ended(group);
            if (pendingLine.length > 0)
                options.onStderrLine?.(pendingLine);
            if (timedOut) {
                reject(new GitCommandError(options.what, code, stderr, windowSeconds));
            }
            else if (code !== 0) {
                reject(new GitCommandError(options.what, code, stderr));
            }
            else {
                resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr });
            }
        });
    });
}
function killTree(pid) {
    if (pid !== undefined)
        processTree.stop(pid);
}


/***/ }),

/***/ 1405:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   md: () => (/* binding */ requireSupportedGit)
/* harmony export */ });
/* unused harmony exports MINIMUM_GIT_VERSION, GitVersionError, parseGitVersion, isSupportedGitVersion, unsupportedGitMessage */
/* harmony import */ var _git_environment_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9736);
/* harmony import */ var _git_process_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1028);
/**
 * The git on PATH must read command-scoped config (GIT_CONFIG_COUNT/KEY_n/VALUE_n, git 2.31): the signed
 * header, the reset of the runner's credential helpers and the transfer timeouts all travel that way.
 * Older git ignores those variables without a word, so it would clone with no header, run the runner's
 * own helpers, and CodeCommit's 403 would blame IAM. Checked before any network call.
 */


/** The first git that reads GIT_CONFIG_COUNT. */
const MINIMUM_GIT_VERSION = { major: 2, minor: 31 };
/** A `git version` answer no version could be read from, or a git too old for the action. */
class GitVersionError extends Error {
    name = 'GitVersionError';
}
/**
 * Reads `git version`'s answer: `git version 2.39.5`, `git version 2.45.1.windows.1`,
 * `git version 2.39.3 (Apple Git-145)`, `git version 2.31.0.rc1`. Undefined when it is none of those.
 */
function parseGitVersion(output) {
    const line = output.trim().split(/\r?\n/)[0] ?? '';
    const match = /^git version ((\d+)\.(\d+)(?:\.(\d+))?\S*(?: \([^)]*\))?)\s*$/.exec(line);
    if (match === null)
        return undefined;
    const [, text = '', major = '0', minor = '0', patch = '0'] = match;
    return { major: Number(major), minor: Number(minor), patch: Number(patch), text };
}
function isSupportedGitVersion(version) {
    const { major, minor } = MINIMUM_GIT_VERSION;
    return version.major > major || (version.major === major && version.minor >= minor);
}
/** Why a version is refused, what is needed and what to do: the step's error. */
function unsupportedGitMessage(version, gitPath = 'git') {
    const { major, minor } = MINIMUM_GIT_VERSION;
    return (`${gitPath} on this runner is version ${version.text}; this action needs git ${major}.${minor} or newer. ` +
        `Older git ignores command-scoped config (GIT_CONFIG_COUNT), which carries the signed CodeCommit header, ` +
        `the reset of the runner's credential helpers and the transfer timeouts: it would clone without ` +
        `credentials and CodeCommit would answer 403. Install a newer git on the runner (Debian 11: ` +
        `bullseye-backports; Ubuntu 20.04: ppa:git-core/ppa; or git from source) or put one first on PATH.`);
}
/** `git version` is local; this bound only keeps a wedged git from hanging the step. */
const VERSION_COMMAND_SECONDS = 30;
/** Runs `git version` and throws a GitVersionError unless it is 2.31 or newer. Returns the version. */
async function requireSupportedGit(inheritedEnv, processes) {
    let output;
    try {
        ({ stdout: output } = await (0,_git_process_js__WEBPACK_IMPORTED_MODULE_1__/* .runGit */ .EO)(['version'], {
            processes,
            env: (0,_git_environment_js__WEBPACK_IMPORTED_MODULE_0__/* .gitProcessEnvironment */ .bR)(inheritedEnv, []),
            inactivitySeconds: VERSION_COMMAND_SECONDS,
            what: 'checking the version of git',
        }));
    }
    catch (error) {
        const why = error instanceof _git_process_js__WEBPACK_IMPORTED_MODULE_1__/* .GitCommandError */ .iR ? error.stderr.trim() || error.message : String(error);
        throw new GitVersionError(`Could not run git to check its version (${why}). This action needs git ` +
            `${MINIMUM_GIT_VERSION.major}.${MINIMUM_GIT_VERSION.minor} or newer on PATH.`, { cause: error });
    }
    const version = parseGitVersion(output);
    if (version === undefined) {
        throw new GitVersionError(`git answered 'git version' with '${output.trim().slice(0, 200)}', not a version such as ` +
            `'git version 2.39.5'; this action needs git ${MINIMUM_GIT_VERSION.major}.${MINIMUM_GIT_VERSION.minor} or newer.`);
    }
    if (!isSupportedGitVersion(version))
        throw new GitVersionError(unsupportedGitMessage(version));
    return version;
}


/***/ }),

/***/ 9871:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  z8: () => (/* binding */ NetworkGit),
  DC: () => (/* binding */ QUIET),
  Bn: () => (/* binding */ REMOTE)
});

// EXTERNAL MODULE: ./src/git/git-environment.ts
var git_environment = __webpack_require__(9736);
// EXTERNAL MODULE: ./src/git/git-process.ts
var git_process = __webpack_require__(1028);
// EXTERNAL MODULE: ./src/git/git-messages.ts
var git_messages = __webpack_require__(2077);
;// CONCATENATED MODULE: ./src/git/progress-lines.ts
/** git rewrites its progress lines many times a second; only the finished ones are worth a log line. */
function isIntermediateProgressLine(line) {
    return /^(remote: )?[A-Za-z][A-Za-z ]*:\s+\d{1,3}% \(\d+\/\d+\)/.test(line) && !line.includes('done');
}

// EXTERNAL MODULE: ./src/git/remote-url-check.ts
var remote_url_check = __webpack_require__(2469);
// EXTERNAL MODULE: ./src/git/server-capabilities.ts
var server_capabilities = __webpack_require__(8248);
// EXTERNAL MODULE: ./src/git/transfer-silence.ts
var transfer_silence = __webpack_require__(4547);
// EXTERNAL MODULE: ./src/git/url-diversion.ts
var url_diversion = __webpack_require__(1453);
;// CONCATENATED MODULE: ./src/git/network-git.ts








/** The clone's remote, named explicitly so that no `clone.defaultRemoteName` of the runner renames it. */
const REMOTE = 'origin';
/**
 * The detached-HEAD advice after checking out a tag or SHA is noise in a CI log. No command recurses
 * into submodules on its own (a runner's `submodule.recurse` or `fetch.recurseSubmodules` would send
 * them this repository's credentials, or none): the submodule step checks them out, each signed for itself.
 */
const QUIET = [
    ['advice.detachedHead', 'false'],
    ['submodule.recurse', 'false'],
    ['fetch.recurseSubmodules', 'false'],
];
class NetworkGit {
    settings;
    constructor(settings) {
        this.settings = settings;
    }
    /** git said the server ignored the `--filter` of a command run here: all blobs came anyway. */
    get serverIgnoredFilter() {
        return this.filterIgnored;
    }
    filterIgnored = false;
    /**
     * Before the first network command of a clone (`clone`), and again before the first one inside it
     * (`in-clone`, which reads the clone's own config too): when the runner's config would send git to
     * another URL than the planned one, stop.
     */
    async checkNotDiverted(mode, directory, what) {
        const { url, stallSeconds, push } = this.settings;
        if (this.settings.authorizationHeader === undefined)
            return;
        await (0,remote_url_check/* checkRemoteUrl */.cu)({
            processes: this.settings.processes,
            remote: REMOTE,
            plannedUrl: url,
            env: this.settings.environment([...QUIET, ...(0,git_environment/* networkConfig */.L4)({ url, stallSeconds })]),
            mode,
            directory,
            push,
            what,
        }, this.settings.runnerConfig);
    }
    async run(args, what, call = {}) {
        const { url, stallSeconds, logger } = this.settings;
        const config = this.settings.authorizationHeader === undefined
            ? [...QUIET, ...(0,git_environment/* stallConfig */.Xi)(stallSeconds)]
            : [
                ...QUIET,
                ...(0,git_environment/* networkConfig */.L4)({
                    url,
                    stallSeconds,
                    authorizationHeader: await this.settings.authorizationHeader(),
                }),
            ];
        const trace = call.tracePackets === true;
        const env = this.settings.environment(config);
        // The trace is redacted (no Authorization header), and read here only.
        if (trace)
            Object.assign(env, { GIT_TRACE_PACKET: '1', GIT_TRACE_REDACT: '1' });
        const running = (0,git_process/* runGit */.EO)(args, {
            processes: this.settings.processes,
            ...(call.cwd !== undefined ? { cwd: call.cwd } : {}),
            env,
            inactivitySeconds: stallSeconds,
            transferInactivitySeconds: (0,transfer_silence/* transferSilenceSeconds */.s)(stallSeconds),
            what,
            ...(call.input !== undefined ? { input: call.input } : {}),
            onStderrLine: (line) => {
                if (git_messages/* FILTER_NOT_RECOGNIZED */.QK.test(line))
                    this.filterIgnored = true;
                if (trace && (0,server_capabilities/* isTraceLine */._K)(line))
                    return;
                if (!isIntermediateProgressLine(line))
                    logger.info((0,url_diversion/* withoutUserinfo */.Q3)(line));
            },
        });
        if (!trace)
            return running;
        return running.catch((error) => {
            if (!(error instanceof git_process/* GitCommandError */.iR))
                throw error;
            throw new git_process/* GitCommandError */.iR(error.what, error.exitCode, (0,server_capabilities/* withoutTraceLines */.Fx)(error.stderr), error.timedOutAfterSeconds);
        });
    }
}


/***/ }),

/***/ 2469:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OG: () => (/* binding */ DivertedRemoteError),
/* harmony export */   cu: () => (/* binding */ checkRemoteUrl),
/* harmony export */   tn: () => (/* binding */ readRunnerGitConfig)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _git_process_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1028);
/* harmony import */ var _url_diversion_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1453);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2020);
/**
 * Before a git command contacts a remote: read the config that command would read (system, global, the
 * clone's own, command-scoped) and refuse when it would send git to another URL than the planned one.
 */





/** The config that sends git elsewhere; the message names each entry, its scope and file. */
class DivertedRemoteError extends Error {
    constructor(message) {
        super(message);
        this.name = 'DivertedRemoteError';
    }
}
const LISTING_SECONDS = 60;
const LISTING = ['config', '--list', '--show-scope', '--show-origin', '-z'];
/**
 * `runnerConfig`, for a clone (`mode: 'clone'`): the config every new clone of the step starts from, read
 * once (readRunnerGitConfig); the clone's own command-scoped config never names a remote URL.
 */
async function checkRemoteUrl(check, runnerConfig) {
    const entries = check.mode === 'clone' && runnerConfig !== undefined ? await runnerConfig() : await listConfig(check);
    const diversions = (0,_url_diversion_js__WEBPACK_IMPORTED_MODULE_3__/* .remoteUrlDiversions */ .Of)(entries, {
        remote: check.remote,
        plannedUrl: check.plannedUrl,
        cloneWritesUrl: check.mode === 'clone',
        push: check.push,
    });
    if (diversions.length > 0) {
        throw new DivertedRemoteError((0,_url_diversion_js__WEBPACK_IMPORTED_MODULE_3__/* .diversionMessage */ .rx)((0,_core_text_js__WEBPACK_IMPORTED_MODULE_4__/* .capitalized */ .l2)(check.what), check.plannedUrl, diversions));
    }
}
async function listConfig(check) {
    const env = check.mode === 'clone'
        ? // Reading config from inside the empty target must not find a repository above it.
            { ...check.env, GIT_CEILING_DIRECTORIES: node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(check.directory) }
        : check.env;
    const { stdout } = await (0,_git_process_js__WEBPACK_IMPORTED_MODULE_2__/* .runGit */ .EO)(LISTING, {
        processes: check.processes,
        cwd: check.directory,
        env,
        inactivitySeconds: LISTING_SECONDS,
        what: `reading the git config for ${check.what}`,
    });
    return (0,_url_diversion_js__WEBPACK_IMPORTED_MODULE_3__/* .parseConfigListing */ .IA)(stdout);
}
/**
 * The config a clone reads before it exists (system, global and command-scoped), read once for every
 * clone of a step: git is pointed at a repository that cannot exist (under the null device), so it reads
 * no repository's config, wherever it runs.
 */
async function readRunnerGitConfig(env, processes) {
    const { stdout } = await (0,_git_process_js__WEBPACK_IMPORTED_MODULE_2__/* .runGit */ .EO)(LISTING, {
        processes,
        env: { ...env, GIT_DIR: node_path__WEBPACK_IMPORTED_MODULE_1___default().join(node_os__WEBPACK_IMPORTED_MODULE_0__.devNull, 'no-repository') },
        inactivitySeconds: LISTING_SECONDS,
        what: "reading the runner's git config",
    });
    return (0,_url_diversion_js__WEBPACK_IMPORTED_MODULE_3__/* .parseConfigListing */ .IA)(stdout);
}


/***/ }),

/***/ 939:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ RepositoryGit)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _git_environment_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9736);
/* harmony import */ var _git_process_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1028);
/* harmony import */ var _network_git_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9871);




/** Local commands touch no network; a generous bound still keeps a wedged git from hanging the job. */
const LOCAL_COMMAND_SECONDS = 120;
/**
 * git commands for one repository of the plan: network commands carry a freshly signed header and the
 * stall bound as command-scoped config, local ones only the quiet settings. Run in the target, git never
 * looks above it for a repository (a workspace that is itself a clone stays out of it).
 */
class RepositoryGit {
    plan;
    repository;
    deps;
    target;
    constructor(plan, repository, deps) {
        this.plan = plan;
        this.repository = repository;
        this.deps = deps;
        this.target = repository.targetPath;
        this.signed = new _network_git_js__WEBPACK_IMPORTED_MODULE_3__/* .NetworkGit */ .z8({
            url: repository.cloneUrl,
            authorizationHeader: deps.authorizationHeader,
            stallSeconds: plan.networkTimeoutSeconds,
            environment: (config) => this.environment(config),
            logger: deps.logger,
            push: plan.persistCredentials,
            processes: deps.processes,
            ...(deps.runnerConfig !== undefined ? { runnerConfig: deps.runnerConfig } : {}),
        });
    }
    signed;
    get logger() {
        return this.deps.logger;
    }
    get processes() {
        return this.deps.processes;
    }
    /** git said the server ignored the `--filter` of a network command: every blob was downloaded. */
    get serverIgnoredFilter() {
        return this.signed.serverIgnoredFilter;
    }
    /** A network command for the repository's URL, through the one signed path (src/git/network-git.ts). */
    async network(args, what, call = {}) {
        const inTarget = call.inTarget !== false;
        const mode = inTarget ? 'in-clone' : 'clone';
        if (!this.checkedModes.has(mode)) {
            await this.signed.checkNotDiverted(mode, this.target, what);
            this.checkedModes.add(mode);
        }
        return this.signed.run(args, what, {
            ...(inTarget ? { cwd: this.target } : {}),
            ...(call.input !== undefined ? { input: call.input } : {}),
            ...(call.tracePackets === true ? { tracePackets: true } : {}),
        });
    }
    /** The divert check runs once per mode: before the clone, and once inside it. */
    checkedModes = new Set();
    local(args, call = {}) {
        const cwd = call.inTarget !== false ? (call.cwd ?? this.target) : undefined;
        return (0,_git_process_js__WEBPACK_IMPORTED_MODULE_2__/* .runGit */ .EO)(args, {
            processes: this.deps.processes,
            ...(cwd !== undefined ? { cwd } : {}),
            env: this.environment(_network_git_js__WEBPACK_IMPORTED_MODULE_3__/* .QUIET */ .DC),
            inactivitySeconds: LOCAL_COMMAND_SECONDS,
            what: `git ${args[0] ?? ''} in ${cwd ?? this.target}`,
            ...(call.input !== undefined ? { input: call.input } : {}),
        });
    }
    /** The environment of a git command for this target, with the given command-scoped config. */
    environment(config) {
        return {
            ...(0,_git_environment_js__WEBPACK_IMPORTED_MODULE_1__/* .gitProcessEnvironment */ .bR)(this.deps.inheritedEnv, config),
            GIT_CEILING_DIRECTORIES: node_path__WEBPACK_IMPORTED_MODULE_0___default().dirname(this.target),
        };
    }
}


/***/ }),

/***/ 8248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fx: () => (/* binding */ withoutTraceLines),
/* harmony export */   Vj: () => (/* binding */ parseCapabilityTrace),
/* harmony export */   _K: () => (/* binding */ isTraceLine)
/* harmony export */ });
/**
 * What a git server supports, read from its capability advertisement as git traces it
 * (`GIT_TRACE_PACKET=1` on an `ls-remote` that asks for protocol v2): the protocol it answered in,
 * whether it advertises `filter` (partial clone) and `shallow` (fetch-depth), and whether it serves a
 * commit by SHA that no ref points at. Decided from the advertisement alone: no pack is downloaded.
 * Pure.
 */
/** `15:04:05.123456 pkt-line.c:80  ` (git's trace prefix: time, then source file and line). */
const TRACE_PREFIX = /^\d{2}:\d{2}:\d{2}\.\d{6} \S+:\d+\s/;
/** `packet:          git< version 2`: a packet git (or its remote helper) read. */
const PACKET_READ = /^\d{2}:\d{2}:\d{2}\.\d{6} \S+:\d+\s+packet:\s+\S+< (.*)$/;
/** A line of git's trace output (not one of its messages). */
function isTraceLine(line) {
    return TRACE_PREFIX.test(line);
}
/** git's stderr without its trace lines: what git itself said. */
function withoutTraceLines(stderr) {
    return stderr
        .split(/\r?\n/)
        .filter((line) => !isTraceLine(line))
        .join('\n');
}
/**
 * The capabilities in a packet trace, from the first advertisement git read; undefined when the trace
 * holds none (the server did not answer as a smart git server).
 */
function parseCapabilityTrace(stderr) {
    const packets = [];
    for (const line of stderr.split(/\r?\n/)) {
        const packet = PACKET_READ.exec(line);
        if (packet !== null)
            packets.push(packet[1] ?? '');
    }
    const v2 = packets.indexOf('version 2');
    const v0 = packets.findIndex((packet) => packet.includes('\\0'));
    if (v2 !== -1 && (v0 === -1 || v2 < v0))
        return fromV2(packets.slice(v2 + 1));
    if (v0 !== -1)
        return fromV0(packets[v0] ?? '');
    return undefined;
}
/** Protocol v2: one capability a line (`fetch=shallow wait-for-done filter`) until the flush packet. */
function fromV2(lines) {
    const capabilities = new Map();
    for (const line of lines) {
        if (line === '0000')
            break;
        // The remote helper and git both trace the advertisement's first line.
        if (line === 'version 2')
            continue;
        const equals = line.indexOf('=');
        if (equals === -1)
            capabilities.set(line, '');
        else
            capabilities.set(line.slice(0, equals), line.slice(equals + 1));
    }
    const fetch = capabilities.get('fetch');
    const features = new Set((fetch ?? '').split(' ').filter((feature) => feature !== ''));
    const agent = capabilities.get('agent');
    return {
        protocol: 'v2',
        filter: features.has('filter'),
        shallow: features.has('shallow'),
        // v2's `fetch` takes any object the server has as a want; without `fetch` nothing can be fetched.
        commitBySha: fetch !== undefined ? 'any' : 'tips',
        ...(fetch !== undefined ? { commitByShaCapability: 'fetch' } : {}),
        ...(agent !== undefined && agent !== '' ? { agent } : {}),
    };
}
/** Protocol v0: the capabilities follow a NUL (traced as `\0`) on the first ref line. */
function fromV0(firstRef) {
    const listed = firstRef.slice(firstRef.indexOf('\\0') + 2).split(' ');
    const capabilities = new Set(listed.filter((capability) => capability !== ''));
    const agent = listed.find((capability) => capability.startsWith('agent='))?.slice('agent='.length);
    const commitBySha = capabilities.has('allow-reachable-sha1-in-want')
        ? 'any'
        : capabilities.has('allow-tip-sha1-in-want')
            ? 'hidden-tips'
            : 'tips';
    const decidedBy = { any: 'allow-reachable-sha1-in-want', 'hidden-tips': 'allow-tip-sha1-in-want' };
    return {
        protocol: 'v0',
        filter: capabilities.has('filter'),
        shallow: capabilities.has('shallow'),
        commitBySha,
        ...(commitBySha !== 'tips' ? { commitByShaCapability: decidedBy[commitBySha] } : {}),
        ...(agent !== undefined && agent !== '' ? { agent } : {}),
    };
}


/***/ }),

/***/ 4547:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ isTransferUnderWayLine),
/* harmony export */   s: () => (/* binding */ transferSilenceSeconds)
/* harmony export */ });
/**
 * How long a git that is receiving may write nothing. git reads the pack in side-band packets of up to
 * 65520 bytes (LARGE_PACKET_DATA_MAX) and reports progress only when a whole packet is in; a transfer
 * that keeps to git's own floor (http.lowSpeedLimit, 1 KiB/s, set in git-environment.ts) can thus stay
 * silent for 64 s while bytes arrive. curl abandons a transfer below that floor after
 * network-timeout-seconds; the watchdog must not fire first, but still ends a git silent for longer
 * (a later connection whose TLS handshake never answers).
 */
const LOW_SPEED_LIMIT_BYTES_PER_SECOND = 1024;
const LARGEST_SIDEBAND_PACKET_BYTES = 65520;
function transferSilenceSeconds(networkTimeoutSeconds) {
    return networkTimeoutSeconds + Math.ceil(LARGEST_SIDEBAND_PACKET_BYTES / LOW_SPEED_LIMIT_BYTES_PER_SECOND);
}
/** A line git writes only once the remote has answered with data: its own messages, or receiving progress. */
function isTransferUnderWayLine(line) {
    return line.startsWith('remote: ') || /^(Receiving|Unpacking) objects: /.test(line);
}


/***/ }),

/***/ 1453:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IA: () => (/* binding */ parseConfigListing),
/* harmony export */   Of: () => (/* binding */ remoteUrlDiversions),
/* harmony export */   Q3: () => (/* binding */ withoutUserinfo),
/* harmony export */   rx: () => (/* binding */ diversionMessage)
/* harmony export */ });
/**
 * Where git will really send a command for a remote, worked out from the config git reads, as git's
 * remote.c does it: the remote's `url` entries in config order (the first one fetches, every one is
 * pushed to) and its `pushurl` entries, rewritten by the longest matching `url.<base>.insteadOf`
 * (and `pushInsteadOf` for pushes). Names the entries that send git elsewhere than planned. Pure: no I/O.
 */
/** Reads `git config --list --show-scope --show-origin -z`: `scope NUL origin NUL key LF value NUL`. */
function parseConfigListing(text) {
    const fields = text.split('\0');
    const entries = [];
    for (let index = 0; index + 2 < fields.length; index += 3) {
        const [scope = '', origin = '', keyAndValue = ''] = fields.slice(index, index + 3);
        const newline = keyAndValue.indexOf('\n');
        entries.push(newline === -1
            ? { scope, origin, key: keyAndValue, value: undefined }
            : { scope, origin, key: keyAndValue.slice(0, newline), value: keyAndValue.slice(newline + 1) });
    }
    return entries;
}
/** The `url.<base>.<kind>` entries grouped by base, bases in the order first seen (git's table order). */
function rewriteTable(entries, kind) {
    const suffix = `.${kind}`;
    const byBase = new Map();
    for (const entry of entries) {
        if (!entry.key.startsWith('url.') || !entry.key.endsWith(suffix) || entry.value === undefined)
            continue;
        const base = entry.key.slice('url.'.length, -suffix.length);
        const group = byBase.get(base) ?? [];
        group.push({ base, prefix: entry.value, entry });
        byBase.set(base, group);
    }
    return [...byBase.values()].flat();
}
/** git's alias_url: the longest matching prefix wins; among equally long ones, the first in the table. */
function rewritten(url, table) {
    let longest;
    for (const rewrite of table) {
        if (url.startsWith(rewrite.prefix) &&
            (longest === undefined || longest.prefix.length < rewrite.prefix.length))
            longest = rewrite;
    }
    if (longest === undefined)
        return { url };
    return { url: longest.base + url.slice(longest.prefix.length), by: longest.entry };
}
/** Every way git would fetch from, or push to, another URL than the planned one; empty when none. */
function remoteUrlDiversions(entries, question) {
    const { plannedUrl } = question;
    const own = (name) => entries
        .filter((entry) => entry.key === `remote.${question.remote}.${name}` && entry.value !== undefined)
        .map((entry) => ({ value: entry.value ?? '', entry }));
    const urls = own('url');
    if (question.cloneWritesUrl) {
        // The new clone's config is read after system and global config and before command-scoped config.
        const at = urls.findIndex(({ entry }) => entry?.scope === 'command');
        urls.splice(at === -1 ? urls.length : at, 0, { value: plannedUrl });
    }
    const insteadOf = rewriteTable(entries, 'insteadof');
    const diversions = [];
    const add = (operation, from, to) => {
        if (to.url === plannedUrl)
            return;
        if (diversions.some((d) => d.operation === operation && d.url === to.url))
            return;
        const because = [from.value !== plannedUrl ? from.entry : undefined, to.by];
        diversions.push({
            operation,
            url: to.url,
            because: because.filter((entry) => entry !== undefined),
        });
    };
    const [fetchUrl] = urls;
    if (fetchUrl !== undefined)
        add('fetch', fetchUrl, rewritten(fetchUrl.value, insteadOf));
    if (!question.push)
        return diversions;
    const pushUrls = own('pushurl');
    if (pushUrls.length > 0) {
        for (const pushUrl of pushUrls)
            add('push', pushUrl, rewritten(pushUrl.value, insteadOf));
        return diversions;
    }
    const pushInsteadOf = rewriteTable(entries, 'pushinsteadof');
    const pushAliases = urls
        .map((url) => ({ url, to: rewritten(url.value, pushInsteadOf) }))
        .filter(({ to }) => to.by !== undefined);
    if (pushAliases.length > 0) {
        for (const { url, to } of pushAliases)
            add('push', url, to);
    }
    else {
        for (const url of urls)
            add('push', url, rewritten(url.value, insteadOf));
    }
    return diversions;
}
/** `https://user:secret@host/…` → `https://***@host/…`: a URL in someone's config may carry a token. */
function withoutUserinfo(text) {
    return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@\s]*@/g, '$1***@');
}
function describeEntry(entry) {
    const where = entry.origin.startsWith('file:') ? `, ${entry.origin.slice('file:'.length)}` : '';
    const value = entry.value === undefined ? '' : ` = ${entry.value}`;
    return withoutUserinfo(`${entry.key}${value} (${entry.scope} config${where})`);
}
function fixFor(entry) {
    if (entry.origin.startsWith('file:')) {
        return withoutUserinfo(`git config --file '${entry.origin.slice('file:'.length)}' --unset-all '${entry.key}'`);
    }
    return `remove ${withoutUserinfo(entry.key)} from where it is given (${entry.origin})`;
}
/** The error for a command that was not run: what git would do, which entries say so, how to fix. */
function diversionMessage(what, plannedUrl, diversions) {
    const lines = diversions.map((diversion) => {
        const because = diversion.because.map((entry) => `\n    ${describeEntry(entry)}`).join('');
        return `  git would ${diversion.operation === 'fetch' ? 'fetch from' : 'push to'} ${withoutUserinfo(diversion.url)}, because of:${because}`;
    });
    const entries = [...new Set(diversions.flatMap((diversion) => diversion.because))];
    const fixes = [...new Set(entries.map(fixFor))].map((fix) => `\n  ${fix}`).join('');
    return (`${what}: the runner's git config sends ${withoutUserinfo(plannedUrl)} elsewhere.\n${lines.join('\n')}\n` +
        'The CodeCommit credentials are signed for that URL and are never sent anywhere else, so git was not ' +
        'started. Remove the entries (or run the job with a HOME and GIT_CONFIG_GLOBAL of its own):' +
        fixes);
}


/***/ })

};
