export const id = 400;
export const ids = [400];
export const modules = {

/***/ 4400:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runClonePlan: () => (/* binding */ runClonePlan)
});

// UNUSED EXPORTS: runCloneStep

// EXTERNAL MODULE: ./src/network/endpoint-reachability.ts + 1 modules
var endpoint_reachability = __webpack_require__(1297);
// EXTERNAL MODULE: ./src/git/git-version.ts
var git_version = __webpack_require__(1405);
// EXTERNAL MODULE: ./src/git/git-environment.ts
var git_environment = __webpack_require__(9736);
// EXTERNAL MODULE: ./src/git/network-git.ts + 1 modules
var network_git = __webpack_require__(9871);
// EXTERNAL MODULE: ./src/git/remote-url-check.ts
var remote_url_check = __webpack_require__(2469);
;// CONCATENATED MODULE: ./src/core/git-process-state.ts
const KEY = 'git-processes';
class GitProcessRecorder {
    store;
    constructor(store) {
        this.store = store;
    }
    running(pids) {
        this.store.save(KEY, JSON.stringify(pids));
    }
}
function readRecordedGitProcesses(store) {
    const text = store.get(KEY);
    if (text === '')
        return [];
    const parsed = JSON.parse(text);
    return Array.isArray(parsed)
        ? parsed.filter((pid) => Number.isInteger(pid) && pid > 1)
        : [];
}

// EXTERNAL MODULE: ./src/plan/inputs.ts + 4 modules
var inputs = __webpack_require__(2367);
// EXTERNAL MODULE: ./src/plan/credential-source.ts
var credential_source = __webpack_require__(3570);
// EXTERNAL MODULE: ./src/aws/signing-sdk.ts
var signing_sdk = __webpack_require__(2075);
// EXTERNAL MODULE: ./src/core/job-summary.ts
var job_summary = __webpack_require__(9357);
// EXTERNAL MODULE: ./src/core/failure-record.ts
var failure_record = __webpack_require__(1075);
// EXTERNAL MODULE: ./src/git/git-attempts.ts
var git_attempts = __webpack_require__(8599);
// EXTERNAL MODULE: ./src/git/git-failure.ts
var git_failure = __webpack_require__(8379);
// EXTERNAL MODULE: ./src/git/repository-git.ts
var repository_git = __webpack_require__(939);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/plan/endpoints.ts
var endpoints = __webpack_require__(6685);
// EXTERNAL MODULE: ./src/plan/repository-spec.ts
var repository_spec = __webpack_require__(2415);
;// CONCATENATED MODULE: ./src/plan/submodule-url.ts
/**
 * Where the submodule a `.gitmodules` entry names is fetched from, decided before git runs: a CodeCommit
 * repository of this step's region (fetched through the step's git endpoint, with a password signed for
 * that repository alone), a repository on another host (which never gets the CodeCommit credentials), or
 * an entry that is refused. Pure: no I/O.
 */


const CODECOMMIT_URL = /^codecommit(?:::([^/]*))?:\/\/(.*)$/s;
const SCHEME_URL = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)(.*)$/s;
/** git's scp-like form `[user@]host:path` (no slash before the colon). */
const SCP_LIKE_URL = /^(?:[^@/]*@)?(\[[^\]]*\]|[^:/[]+):(.*)$/s;
const REPOSITORY_PATH = /^\/?v1\/repos\/([^/]+?)(\.git)?\/?$/;
/** `url` of a `.gitmodules` entry, mapped as above; relative URLs resolve against `parentUrl` as git does. */
function submoduleSource(url, context) {
    const textProblem = urlTextProblem(url);
    if (textProblem !== undefined)
        return { kind: 'invalid', problem: textProblem };
    if (isRelativeUrl(url)) {
        const resolved = resolveRelativeUrl(context.parentUrl, url);
        const source = absoluteSource(resolved, context);
        if (source.kind !== 'invalid')
            return source;
        return { kind: 'invalid', problem: `resolves to ${resolved}, and ${source.problem}${relativeHint(url)}` };
    }
    return absoluteSource(url, context);
}
/** `./…` and `../…`: relative to the parent's remote, as git reads them. */
function isRelativeUrl(url) {
    return url.startsWith('./') || url.startsWith('../');
}
/**
 * git's `relative_url`: every leading `../` removes the last path component of the parent's URL (or,
 * with none left, the part after a `:` of an scp-like URL), `./` is skipped, the rest is appended.
 * So `../lib` next to `https://host/v1/repos/app` is `https://host/v1/repos/lib`, and `./lib` is
 * `https://host/v1/repos/app/lib` (relative URLs resolve like directories).
 */
function resolveRelativeUrl(parentUrl, url) {
    let remote = parentUrl.endsWith('/') ? parentUrl.slice(0, -1) : parentUrl;
    let rest = url;
    let colon = false;
    for (;;) {
        if (rest.startsWith('../')) {
            rest = rest.slice(3);
            const slash = remote.lastIndexOf('/');
            const at = slash >= 0 ? slash : remote.lastIndexOf(':');
            if (at < 0) {
                remote = '.';
            }
            else {
                colon ||= slash < 0;
                remote = remote.slice(0, at);
            }
        }
        else if (rest.startsWith('./')) {
            rest = rest.slice(2);
        }
        else {
            break;
        }
    }
    const joined = `${remote}${colon ? ':' : '/'}${rest}`;
    return rest.endsWith('/') ? joined.slice(0, -1) : joined;
}
function urlTextProblem(url) {
    if (url === '')
        return 'the URL is empty';
    if (url.startsWith('-'))
        return `'${url}' starts with '-', which git would read as an option`;
    // eslint-disable-next-line no-control-regex
    if (/[\s\x00-\x1f\x7f]/.test(url))
        return 'the URL contains a space or a control character';
    return undefined;
}
function relativeHint(url) {
    return url.startsWith('./')
        ? `; git resolves relative URLs like directories, so a repository next to this one is ../${url.slice(2)}`
        : '';
}
function absoluteSource(url, context) {
    const codecommit = CODECOMMIT_URL.exec(url);
    if (codecommit !== null)
        return codecommitRemoteSource(codecommit[1], codecommit[2] ?? '', context);
    if (url.toLowerCase().startsWith('codecommit:')) {
        return {
            kind: 'invalid',
            problem: `'${url}' is not a codecommit URL: the forms are codecommit://[profile@]<name> and codecommit::<region>://[profile@]<name>`,
        };
    }
    const scheme = SCHEME_URL.exec(url);
    if (scheme !== null) {
        const [, name = '', authority = '', path = ''] = scheme;
        return hostSource(url, name.toLowerCase(), authority, path, context);
    }
    const scp = SCP_LIKE_URL.exec(url);
    // `C:/…` and `C:\…` are Windows paths, not hosts.
    if (scp !== null && !/^[A-Za-z]:[\\/]/.test(url)) {
        return hostSource(url, 'ssh', scp[1] ?? '', `/${scp[2] ?? ''}`, context);
    }
    return { kind: 'foreign', url, host: 'a local path' };
}
/** `codecommit://[profile@]name` and `codecommit::<region>://[profile@]name`, as git-remote-codecommit reads them. */
function codecommitRemoteSource(region, rest, context) {
    const form = 'the forms are codecommit://[profile@]<name> and codecommit::<region>://[profile@]<name>';
    if (region !== undefined && !(0,endpoints/* isValidRegion */.L5)(region)) {
        return { kind: 'invalid', problem: `'${region}' in codecommit::<region>:// is not an AWS region name` };
    }
    if (region !== undefined && region !== context.region)
        return otherRegion(region, context);
    const parts = rest.split('@');
    if (parts.length > 2)
        return { kind: 'invalid', problem: `'${rest}' has more than one '@'; ${form}` };
    const [profile, name = ''] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (profile !== undefined && !(0,repository_spec/* isValidProfileName */.RG)(profile)) {
        return { kind: 'invalid', problem: `'${profile}' is not a profile name; ${form}` };
    }
    // The profile is the developer's; the step signs with its own credentials.
    return codecommitRepository(name, context);
}
function hostSource(url, scheme, authority, path, context) {
    const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
    const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(hostPort);
    const plain = /^([^:]*)(?::(\d*))?$/.exec(hostPort);
    const hostname = (bracketed?.[1] ?? plain?.[1] ?? hostPort).toLowerCase();
    const portText = bracketed?.[2] ?? plain?.[2];
    const port = portText !== undefined && portText !== '' ? Number(portText) : undefined;
    const named = (0,endpoints/* regionOfServiceHostname */.wM)('git-codecommit', hostname);
    const stepHost = scheme === 'https' && (0,endpoints/* endpointForHostname */.Ai)(hostname, port, true).host === context.git.host.toLowerCase();
    if ((0,endpoints/* isCodeCommitApiHostname */.Kf)(hostname)) {
        return {
            kind: 'invalid',
            problem: `'${hostname}' is the CodeCommit API endpoint, which does not serve git; name the git-codecommit host or use a relative URL (../<name>)`,
        };
    }
    if (named === undefined && !stepHost) {
        return { kind: 'foreign', url, host: hostname === '' ? authority : hostname };
    }
    if (named !== undefined && 'problem' in named)
        return { kind: 'invalid', problem: named.problem };
    if (scheme !== 'https' && scheme !== 'ssh') {
        return {
            kind: 'invalid',
            problem: `CodeCommit serves git over https (and ssh), not ${scheme}://; use https://${hostname}${path}`,
        };
    }
    if (named !== undefined && named.region !== context.region)
        return otherRegion(named.region, context);
    if (scheme === 'https') {
        // Checked strictly, as the repository input is: what is checked is what is used.
        const parsed = (0,endpoints/* parseHttpsUrl */.mX)(`https://${hostPort}${path}`);
        if (!parsed.ok)
            return { kind: 'invalid', problem: parsed.problem };
    }
    const repository = REPOSITORY_PATH.exec(path);
    if (repository?.[1] === undefined) {
        return {
            kind: 'invalid',
            problem: `the path '${path === '' ? '(none)' : path}' is not /v1/repos/<name>, the only path CodeCommit serves a repository at`,
        };
    }
    return codecommitRepository(repository[1], context);
}
function codecommitRepository(name, context) {
    if (!(0,repository_spec/* isValidRepositoryName */.oi)(name)) {
        return {
            kind: 'invalid',
            problem: `'${name}' is not a CodeCommit repository name: 1-100 letters, digits, '.', '_' or '-', ` +
                "not starting with '-' or '.', without '..' and not ending in '.git'",
        };
    }
    const repositoryPath = `/v1/repos/${name}`;
    return { kind: 'codecommit', name, repositoryPath, cloneUrl: `${context.git.origin}${repositoryPath}` };
}
/**
 * Another region's CodeCommit is refused rather than signed for: the step's credentials, endpoint and
 * role are those of one region, and a closed VPC rarely reaches another region's git endpoint at all.
 */
function otherRegion(region, context) {
    return {
        kind: 'invalid',
        problem: `it names CodeCommit in ${region}, but this step signs for ${context.region} only and fetches through ` +
            `${context.git.host}; check out that repository in a step of its own for ${region}`,
    };
}

// EXTERNAL MODULE: ./src/git/git-process.ts
var git_process = __webpack_require__(1028);
;// CONCATENATED MODULE: ./src/git/credential-settings.ts
/** Config keys that hand git credentials: helpers, their settings, and extra headers, at any URL. */
const CREDENTIAL_KEY = /^(credential(\..*)?\.[a-z]+|http(\..*)?\.extraheader)$/is;
/**
 * Unsets every credential-related key of one repository's own config (the target's, or the config file
 * given: a submodule's); returns the keys, never their values.
 */
async function removeCredentialSettings(git, configFile) {
    const scope = configFile !== undefined ? [`--file=${configFile}`] : ['--local'];
    const { stdout } = await git.local(['config', ...scope, '--null', '--list']);
    const keys = new Set();
    for (const entry of stdout.split('\0')) {
        const key = entry.split('\n', 1)[0] ?? '';
        if (CREDENTIAL_KEY.test(key))
            keys.add(key);
    }
    for (const key of keys)
        await git.local(['config', ...scope, '--unset-all', key]);
    return [...keys].sort();
}

;// CONCATENATED MODULE: ./src/git/submodule-entries.ts
/**
 * What a repository says about its submodules, read from git's own output: the `.gitmodules` entries of
 * the checked-out commit and the gitlinks of its index. A submodule's name, path and URL are the
 * repository author's text: they are checked here before any of them reaches git. Pure: no I/O.
 */
/**
 * Reads `git config -z --get-regexp '^submodule\..*\.(path|url|update)$'`: records `key LF value NUL`,
 * keys `submodule.<name>.<variable>` (the name as written, the variable lower-cased). The first value
 * of a variable wins, as git's submodule config does.
 */
function parseGitmodulesListing(text) {
    const entries = new Map();
    for (const record of text.split('\0')) {
        const newline = record.indexOf('\n');
        if (newline < 0)
            continue;
        const key = record.slice(0, newline);
        const value = record.slice(newline + 1);
        const dot = key.lastIndexOf('.');
        if (!key.startsWith('submodule.') || dot <= 'submodule.'.length)
            continue;
        const name = key.slice('submodule.'.length, dot);
        const variable = key.slice(dot + 1);
        if (variable !== 'path' && variable !== 'url' && variable !== 'update')
            continue;
        const entry = entries.get(name) ?? { name };
        entry[variable] ??= value;
        entries.set(name, entry);
    }
    return [...entries.values()];
}
/** Reads `git ls-files -z --stage -t`: `<tag> <mode> <object> <stage>TAB<path>` NUL; keeps mode 160000. */
function parseGitlinks(text) {
    const links = [];
    for (const record of text.split('\0')) {
        const match = /^(\S) 160000 ([0-9a-f]{40,64}) 0\t(.+)$/s.exec(record);
        if (match === null)
            continue;
        links.push({ path: match[3] ?? '', commit: match[2] ?? '', skipWorktree: match[1] === 'S' });
    }
    return links;
}
/** C0 and C1 controls and DEL. */
function hasControlCharacter(text) {
    // eslint-disable-next-line no-control-regex
    return /[\x00-\x1f\x7f-\x9f]/.test(text);
}
/**
 * Why git must not be given this submodule name, or undefined: git itself refuses names with a `..`
 * component (they would place `.git/modules/<name>` elsewhere); a leading `-` could be read as an option.
 */
function submoduleNameProblem(name) {
    if (name === '')
        return 'the name is empty';
    if (hasControlCharacter(name))
        return 'the name contains a control character';
    if (name.startsWith('-'))
        return `the name '${name}' starts with '-'`;
    if (name.split(/[/\\]/).some((part) => part === '..'))
        return `the name '${name}' has a '..' component`;
    return undefined;
}
/** Why a submodule path is not one to check out inside the work tree, or undefined. */
function submodulePathProblem(path) {
    if (path === '')
        return 'the path is empty';
    if (hasControlCharacter(path))
        return 'the path contains a control character';
    if (path.startsWith('-'))
        return `the path '${path}' starts with '-'`;
    if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) {
        return `the path '${path}' is not relative to the work tree`;
    }
    const parts = path.split('/');
    if (parts.some((part) => part === '' || part === '.' || part === '..')) {
        return `the path '${path}' has an empty, '.' or '..' component`;
    }
    if (parts.some((part) => part.toLowerCase() === '.git'))
        return `the path '${path}' goes into a .git folder`;
    return undefined;
}

// EXTERNAL MODULE: ./src/git/url-diversion.ts
var url_diversion = __webpack_require__(1453);
// EXTERNAL MODULE: ./src/core/text.ts
var core_text = __webpack_require__(2020);
;// CONCATENATED MODULE: ./src/git/submodules.ts
/**
 * The submodule step after a repository's checkout (fresh, by SHA or reused): each submodule the
 * checked-out commit records is checked out at its recorded commit, one `git submodule update` each.
 * A CodeCommit submodule is fetched through the step's git endpoint with a header signed for its own
 * repository path and scoped to its exact URL (command-scoped config, never a file); any other host gets
 * the runner's own git configuration and no CodeCommit credentials. `recursive` does the same inside
 * each submodule.
 */











/** A submodule could not be checked out: `failure` is why (a FinalGitFailure for a git command). */
class SubmoduleFailure extends Error {
    subject;
    failure;
    constructor(subject, failure) {
        super(`Submodule ${subject.path}: ${(0,core_text/* messageOf */.bD)(failure)}`);
        this.subject = subject;
        this.failure = failure;
        this.name = 'SubmoduleFailure';
    }
}
/** Submodules inside submodules this deep are refused: a repository that nests itself would never end. */
const MAX_SUBMODULE_NESTING = 8;
/** What git says when a shallow fetch could not bring the recorded commit (the server serves tips only). */
const RECORDED_COMMIT_NOT_SERVED = /did not contain [0-9a-f]{40}|Direct fetching of that commit failed|not our ref|unadvertised object/i;
/**
 * Checks out the submodules of `git`'s repository as `plan.submodules` says (none: nothing at all);
 * returns them in the order done. Throws a SubmoduleFailure naming the submodule.
 */
async function checkOutSubmodules(git, deps) {
    if (git.plan.submodules === 'none')
        return [];
    const done = [];
    await checkOutLevel(git, deps, { workTree: git.target, url: git.repository.cloneUrl, prefix: '' }, 1, done);
    return done;
}
async function checkOutLevel(git, deps, parent, level, done) {
    const links = parseGitlinks((await git.local(['ls-files', '-z', '--stage', '-t'], { cwd: parent.workTree })).stdout);
    if (links.length === 0)
        return;
    const entries = await readGitmodules(git, parent.workTree);
    for (const link of links) {
        const shownPath = `${parent.prefix}${link.path}`;
        const entry = entries.find((candidate) => candidate.path === link.path);
        const skipped = skipReason(link, entry);
        if (skipped !== undefined || entry === undefined) {
            deps.logger.warning(`Submodule ${shownPath} left out: ${skipped ?? 'no entry in .gitmodules'}.`);
            continue;
        }
        if (entry.update === 'none') {
            deps.logger.info(`Submodule ${shownPath} left out: .gitmodules says update = none.`);
            continue;
        }
        const subject = planSubmodule(git.plan, git.repository, parent, link, entry, shownPath);
        if (level > MAX_SUBMODULE_NESTING) {
            throw new SubmoduleFailure(subject, new Error(`submodules nest more than ${MAX_SUBMODULE_NESTING} levels deep; the step stops there`));
        }
        const workTree = external_node_path_default().join(parent.workTree, ...link.path.split('/'));
        try {
            const commit = await checkOutOne(git, deps, parent, link, subject, workTree);
            done.push({ name: entry.name, path: shownPath, workTree, source: subject.source, commit });
        }
        catch (error) {
            throw error instanceof SubmoduleFailure ? error : new SubmoduleFailure(subject, error);
        }
        if (git.plan.submodules === 'recursive') {
            const url = subject.source.kind === 'codecommit' ? subject.source.cloneUrl : subject.source.url;
            await checkOutLevel(git, deps, { workTree, url, prefix: `${shownPath}/` }, level + 1, done);
        }
    }
}
/** The `.gitmodules` of the checked-out commit (not the work tree's, which a step may have edited). */
async function readGitmodules(git, workTree) {
    const { stdout: listed } = await git.local(['ls-tree', '-z', 'HEAD', '--', '.gitmodules'], {
        cwd: workTree,
    });
    // A symbolic link (mode 120000) would make git read some other file: git itself refuses one.
    if (!listed.startsWith('100644 blob '))
        return [];
    try {
        const { stdout } = await git.local(['config', '--blob', 'HEAD:.gitmodules', '-z', '--get-regexp', '^submodule\\..*\\.(path|url|update)$'], { cwd: workTree });
        return parseGitmodulesListing(stdout);
    }
    catch (error) {
        // Exit status 1: no key matched.
        if (error instanceof git_process/* GitCommandError */.iR && error.exitCode === 1)
            return [];
        throw error;
    }
}
function skipReason(link, entry) {
    if (link.skipWorktree)
        return 'it is outside the sparse checkout';
    if (entry === undefined)
        return 'the commit records it, but .gitmodules has no entry for its path';
    if (entry.url === undefined)
        return `.gitmodules gives submodule '${entry.name}' no url`;
    return undefined;
}
/** Checks the entry's name, path and URL; the CodeCommit repository or foreign URL it names. */
function planSubmodule(plan, top, parent, link, entry, shownPath) {
    const url = entry.url ?? '';
    const refuse = (problem) => {
        throw new SubmoduleFailure({ name: entry.name, path: shownPath, url }, new Error(`${problem} (in .gitmodules: submodule '${entry.name}', url ${(0,url_diversion/* withoutUserinfo */.Q3)(url)})`));
    };
    const problem = submoduleNameProblem(entry.name) ?? submodulePathProblem(link.path);
    if (problem !== undefined)
        refuse(problem);
    const source = submoduleSource(url, { parentUrl: parent.url, region: plan.region, git: top.git });
    if (source.kind === 'invalid')
        return refuse(`its URL cannot be used: ${source.problem}`);
    const subject = { name: entry.name, path: shownPath, url, source };
    if (source.kind === 'codecommit') {
        subject.repository = {
            name: source.name,
            git: top.git,
            repositoryPath: source.repositoryPath,
            cloneUrl: source.cloneUrl,
            targetPath: external_node_path_default().join(parent.workTree, ...link.path.split('/')),
        };
    }
    return subject;
}
/** One submodule: config, the signed (or foreign) update, the fallback to full history; its commit. */
async function checkOutOne(git, deps, parent, link, subject, workTree) {
    const { plan } = git;
    const { source } = subject;
    const url = source.kind === 'codecommit' ? source.cloneUrl : source.url;
    deps.logger.info(source.kind === 'codecommit'
        ? `Submodule ${subject.path}: CodeCommit repository ${source.name} through ${git.repository.git.host}, commit ${link.commit}`
        : `Submodule ${subject.path}: ${(0,url_diversion/* withoutUserinfo */.Q3)(url)} on ${source.host}, commit ${link.commit} ` +
            "(not CodeCommit: fetched with the runner's own git configuration, without the CodeCommit credentials)");
    const existing = (0,external_node_fs_.existsSync)(external_node_path_default().join(workTree, '.git'));
    const moduleGitDir = await existingModuleGitDir(git, parent.workTree, workTree, subject.name);
    if (moduleGitDir !== undefined) {
        // An earlier job's: no credential of its left, and its origin this step's URL (git does not sync it).
        const configFile = external_node_path_default().join(moduleGitDir, 'config');
        const removed = await removeCredentialSettings(git, configFile);
        if (removed.length > 0) {
            deps.logger.info(`Removed credential settings an earlier job left in submodule ${subject.path}: ${removed.join(', ')}`);
        }
        await git.local(['config', `--file=${configFile}`, `remote.${network_git/* REMOTE */.Bn}.url`, url]);
    }
    if (!existing)
        await (0,promises_.mkdir)(workTree, { recursive: true });
    await git.local(['config', '--local', `submodule.${subject.name}.url`, url], { cwd: parent.workTree });
    await git.local(['config', '--local', `submodule.${subject.name}.active`, 'true'], {
        cwd: parent.workTree,
    });
    const network = networkOf(git, deps, subject);
    const update = (depth) => [
        'submodule',
        'update',
        '--checkout',
        '--no-recommend-shallow',
        ...(plan.clean ? ['--force'] : []),
        ...(depth && plan.fetchDepth > 0 ? [`--depth=${plan.fetchDepth}`] : []),
        '--',
        link.path,
    ];
    const what = `checking out submodule ${subject.path} from ${source.kind === 'codecommit' ? git.repository.git.host : source.host}`;
    await network.checkNotDiverted(existing ? 'in-clone' : 'clone', workTree, what);
    try {
        await deps.attempts(subject, () => network.run(update(true), what, { cwd: parent.workTree }));
    }
    catch (error) {
        const missed = plan.fetchDepth > 0 &&
            error instanceof git_attempts/* FinalGitFailure */.Fs &&
            RECORDED_COMMIT_NOT_SERVED.test(error.error.stderr) &&
            (0,external_node_fs_.existsSync)(external_node_path_default().join(workTree, '.git'));
        if (!missed)
            throw error;
        deps.logger.info(`The server did not send commit ${link.commit} of submodule ${subject.path} by itself at depth ` +
            `${plan.fetchDepth}; fetching the submodule's whole history instead.`);
        const shallow = (await git.local(['rev-parse', '--is-shallow-repository'], { cwd: workTree })).stdout.trim() === 'true';
        const fetchWhat = `fetching the whole history of submodule ${subject.path}`;
        await network.checkNotDiverted('in-clone', workTree, fetchWhat);
        await deps.attempts(subject, () => network.run([
            'fetch',
            '--progress',
            '--no-tags',
            ...(shallow ? ['--unshallow'] : []),
            network_git/* REMOTE */.Bn,
            `+refs/heads/*:refs/remotes/${network_git/* REMOTE */.Bn}/*`,
        ], fetchWhat, { cwd: workTree }));
        await deps.attempts(subject, () => network.run(update(false), what, { cwd: parent.workTree }));
    }
    if (plan.clean && existing) {
        const { stdout } = await git.local(['clean', '-ffdx'], { cwd: workTree });
        const removed = stdout.split('\n').filter((line) => line.startsWith('Removing ')).length;
        if (removed > 0) {
            deps.logger.info(`Removed ${removed} untracked or ignored files and folders in submodule ${subject.path}.`);
        }
    }
    return (await git.local(['rev-parse', 'HEAD'], { cwd: workTree })).stdout.trim();
}
/**
 * How a submodule's network commands run, through the one signed path: a CodeCommit one with the header
 * for its own path scoped to its exact URL, signed right before each command; a foreign one with the
 * runner's git config as it is, with only the stall bound added.
 */
function networkOf(git, deps, subject) {
    const repository = subject.repository;
    const source = subject.source;
    return new network_git/* NetworkGit */.z8({
        url: repository !== undefined ? repository.cloneUrl : source.kind === 'foreign' ? source.url : '',
        ...(repository !== undefined
            ? { authorizationHeader: () => deps.authorizationHeader(repository.repositoryPath) }
            : {}),
        stallSeconds: git.plan.networkTimeoutSeconds,
        environment: (config) => git.environment(config),
        logger: deps.logger,
        push: git.plan.persistCredentials,
        processes: git.processes,
    });
}
/**
 * The git directory an earlier job left for this submodule: the one its work tree's `.git` names, or
 * `modules/<name>` of its parent's git directory (which `git submodule update` takes up again).
 */
async function existingModuleGitDir(git, parentWorkTree, workTree, name) {
    const gitDirOf = async (cwd) => (await git.local(['rev-parse', '--absolute-git-dir'], { cwd })).stdout.trim();
    if ((0,external_node_fs_.existsSync)(external_node_path_default().join(workTree, '.git')))
        return gitDirOf(workTree);
    const candidate = external_node_path_default().join(await gitDirOf(parentWorkTree), 'modules', ...name.split('/'));
    return (0,external_node_fs_.existsSync)(external_node_path_default().join(candidate, 'HEAD')) ? candidate : undefined;
}
/**
 * With `submodules: false` and `clean`, a reused clone must look like a fresh one: the submodules an
 * earlier job checked out are emptied and unregistered (`git submodule deinit`; their repositories stay
 * in `.git/modules`, ready for a later run). Local only. Returns how many there were.
 */
async function removeSubmoduleCheckouts(git) {
    let registered;
    try {
        registered = (await git.local(['config', '--local', '-z', '--get-regexp', '^submodule\\..*\\.url$']))
            .stdout;
    }
    catch (error) {
        // Exit status 1: none registered.
        if (error instanceof git_process/* GitCommandError */.iR && error.exitCode === 1)
            return 0;
        throw error;
    }
    const count = registered.split('\0').filter((record) => record !== '').length;
    await git.local(['submodule', 'deinit', '--all', '--force', '--quiet']);
    // What deinit leaves of sections whose submodule is no longer in the commit.
    for (const record of registered.split('\0')) {
        const key = record.split('\n', 1)[0] ?? '';
        if (key === '')
            continue;
        const section = key.slice(0, -'.url'.length);
        await git.local(['config', '--local', '--remove-section', section]).catch(() => undefined);
    }
    return count;
}

;// CONCATENATED MODULE: ./src/workspace/empty-target.ts



const removeRecursively = (target) => (0,promises_.rm)(target, { recursive: true, force: true });
/**
 * Empties the target folder (the folder stays: it may be a job's working directory) and returns the
 * names it removed. A file that cannot be removed is named, with the usual reason on a runner.
 */
async function emptyTarget(target, remove = removeRecursively) {
    const entries = (await (0,promises_.readdir)(target)).sort();
    for (const entry of entries) {
        try {
            await remove(external_node_path_default().join(target, entry));
        }
        catch (error) {
            throw cannotRemove(external_node_path_default().join(target, entry), error);
        }
    }
    return entries;
}
function cannotRemove(entry, error) {
    const code = error?.code;
    const file = error?.path ?? entry;
    const message = (0,core_text/* messageOf */.bD)(error);
    const usual = code === 'EACCES' || code === 'EPERM'
        ? ' Files the runner may not delete are usually left by an earlier container step that ran as root: ' +
            "remove them (sudo rm -rf), or run that container with the runner's user (options: --user)."
        : code === 'EBUSY'
            ? ' Another process still uses it (on Windows, an open file or a running program in it).'
            : '';
    return new Error(`Could not empty the clone target: ${file} cannot be removed (${message}).${usual}`, {
        cause: error,
    });
}

;// CONCATENATED MODULE: ./src/git/head-files.ts
/**
 * The commit and branch a clone just made has checked out, read from the files `git clone` wrote (HEAD,
 * then the branch's loose ref or its line in packed-refs) instead of starting another git. Anything else
 * than what a plain clone writes — a ref store that is not files (reftable), a HEAD naming a ref that is
 * not there (an empty repository), a gitfile — gives undefined, and the caller asks git.
 */


const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const BRANCH_REF = /^ref: refs\/heads\/(.+)$/;
async function readHeadFiles(gitDir) {
    const head = await contentOf(external_node_path_default().join(gitDir, 'HEAD'));
    if (head === undefined)
        return undefined;
    if (OBJECT_ID.test(head))
        return { commit: head, branch: 'HEAD' };
    const branch = BRANCH_REF.exec(head)?.[1];
    if (branch === undefined || branch.split('/').some((part) => part === '' || part.startsWith('.'))) {
        return undefined;
    }
    const ref = `refs/heads/${branch}`;
    const commit = (await contentOf(external_node_path_default().join(gitDir, ...ref.split('/')))) ?? (await packedRef(gitDir, ref));
    return commit !== undefined && OBJECT_ID.test(commit) ? { commit, branch } : undefined;
}
/** A file's one line, without its line ending; undefined when it cannot be read. */
async function contentOf(file) {
    try {
        return (await (0,promises_.readFile)(file, 'utf8')).replace(/\r?\n$/, '');
    }
    catch {
        return undefined;
    }
}
/** `<id> <ref>` lines; `#` starts the header, `^` a peeled tag. */
async function packedRef(gitDir, ref) {
    let text;
    try {
        text = await (0,promises_.readFile)(external_node_path_default().join(gitDir, 'packed-refs'), 'utf8');
    }
    catch {
        return undefined;
    }
    for (const line of text.split(/\r?\n/)) {
        const space = line.indexOf(' ');
        if (space > 0 && line.slice(space + 1) === ref)
            return line.slice(0, space);
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/git/git-messages.ts
var git_messages = __webpack_require__(2077);
;// CONCATENATED MODULE: ./src/git/clone.ts






/**
 * Clones one repository into its target (an existing empty directory). Branches, tags and the default
 * branch go through `git clone`; a commit SHA is fetched by itself after `git init`. `filter` makes a
 * partial clone and `sparseCheckout` a cone-mode sparse checkout; both fetch lazily, with credentials.
 */
async function cloneRepository(plan, repository, deps, borrowed) {
    const git = new repository_git/* RepositoryGit */.n(plan, repository, deps);
    if (plan.ref.kind === 'sha') {
        await git.local(['init', '--quiet', '--', git.target], { inTarget: false });
        await git.local(['remote', 'add', network_git/* REMOTE */.Bn, repository.cloneUrl]);
        await applySparseCheckout(git);
        if (borrowed !== undefined)
            await borrowed.borrow(git);
        await fetchCommit(git, plan.ref.sha);
        await checkOutCommit(git, plan.ref.sha, false);
        if (borrowed !== undefined)
            await borrowed.dissociate(git);
        return { commit: (await readHead(git)).commit, ref: plan.ref.sha, ...ignoredFilterOf(git) };
    }
    const args = ['clone', '--progress', `--origin=${network_git/* REMOTE */.Bn}`, ...depthArgs(plan), ...filterArgs(plan)];
    // Objects the mirror has are not transferred; --dissociate copies them in, so the clone needs no cache.
    if (borrowed !== undefined)
        args.push(`--reference-if-able=${borrowed.mirror}`, '--dissociate');
    if (plan.sparseCheckout.length > 0)
        args.push('--sparse');
    if (plan.ref.kind === 'name')
        args.push(`--branch=${shortRefName(plan.ref.name)}`);
    args.push('--', repository.cloneUrl, git.target);
    await git.network(args, `cloning ${repository.name} from ${repository.git.host}`, { inTarget: false });
    await applySparseCheckout(git);
    // The files git just wrote say it without another git; readHead when they are not as expected.
    const head = (await readHeadFiles(external_node_path_default().join(git.target, '.git'))) ?? (await readHead(git));
    return {
        commit: head.commit,
        ref: plan.ref.kind === 'name' ? plan.ref.name : head.branch,
        ...ignoredFilterOf(git),
    };
}
/** The plan's `filter`, when git said the server ignored it in one of this repository's commands. */
function ignoredFilterOf(git) {
    const { filter } = git.plan;
    return filter !== undefined && git.serverIgnoredFilter ? { ignoredFilter: filter } : {};
}
/** `git clone --branch` takes short names: `refs/heads/x` and `refs/tags/x` become `x`. */
function shortRefName(name) {
    return name.replace(/^refs\/(heads|tags)\//, '');
}
/**
 * Fetches one commit by its SHA (at the plan's depth); a server that does not serve commits by SHA gets
 * a fetch of every branch and tag instead.
 */
async function fetchCommit(git, sha, extra = []) {
    const { plan, repository } = git;
    const what = `fetching commit ${sha} of ${repository.name} from ${repository.git.host}`;
    const fetch = ['fetch', '--progress', '--no-tags', ...filterArgs(plan), ...extra];
    try {
        await git.network([...fetch, ...depthArgs(plan), network_git/* REMOTE */.Bn, sha], what);
    }
    catch (error) {
        if (!(error instanceof git_process/* GitCommandError */.iR) || !git_messages/* MISSING_REF */.Dt.test(error.stderr))
            throw error;
        git.logger.info('The server does not serve a commit by SHA; fetching all branches and tags instead.');
        await git.network([...fetch, network_git/* REMOTE */.Bn, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'], what);
    }
}
/** With a filter or a sparse checkout, checking out fetches the blobs it needs: a network command. */
async function checkOutCommit(git, sha, force) {
    await git.network(['checkout', '--quiet', ...(force ? ['--force'] : []), '--detach', sha], `checking out ${sha} of ${git.repository.name}`);
}
/** The checked-out commit and the branch HEAD names (`HEAD` when detached), in one git call. */
async function readHead(git) {
    const { stdout } = await git.local(['rev-parse', 'HEAD^{commit}', '--abbrev-ref', 'HEAD']);
    const [commit = '', branch = ''] = stdout.trim().split('\n');
    return { commit, branch };
}
/** Cone mode, directories on stdin: no user text ever reaches git as an argument. */
async function applySparseCheckout(git) {
    if (git.plan.sparseCheckout.length === 0)
        return;
    await git.network(['sparse-checkout', 'set', '--cone', '--stdin'], `setting the sparse checkout of ${git.repository.name}`, { input: `${git.plan.sparseCheckout.join('\n')}\n` });
}
function depthArgs(plan) {
    return plan.fetchDepth > 0 ? [`--depth=${plan.fetchDepth}`] : [];
}
function filterArgs(plan) {
    return plan.filter !== undefined ? [`--filter=${plan.filter}`] : [];
}

// EXTERNAL MODULE: ./src/platform/os-family.ts
var os_family = __webpack_require__(9786);
// EXTERNAL MODULE: ./src/platform/workspace-path.ts
var workspace_path = __webpack_require__(6352);
;// CONCATENATED MODULE: ./src/workspace/same-repository.ts
/**
 * Whether a clone's `origin` URL names the repository a step wants, whatever host form it was cloned
 * through: a change of endpoint between runs (regional, FIPS, a VPC endpoint name, the
 * `codecommit-endpoint` host) must not force a full download. Pure: no I/O.
 */

/**
 * The repository an `origin` URL names: `https://<git host>/v1/repos/<name>[.git][/]`, the host
 * compared without case. A host that is not a CodeCommit git name counts only when it is the step's own
 * git endpoint (`ownHost`), whose region is the step's.
 */
function originIdentity(url, own) {
    const parsed = (0,endpoints/* parseHttpsUrl */.mX)(url.trim());
    if (!parsed.ok)
        return undefined;
    const { hostname, port, path } = parsed.url;
    const match = /^\/v1\/repos\/([^/]+?)(?:\.git)?\/?$/i.exec(path);
    if (match?.[1] === undefined)
        return undefined;
    const name = match[1];
    const fromHost = (0,endpoints/* regionOfServiceHostname */.wM)('git-codecommit', hostname);
    if (fromHost !== undefined && 'region' in fromHost) {
        return { name, region: fromHost.region, partition: (0,endpoints/* partitionOfRegion */.cn)(fromHost.region) };
    }
    if ((0,endpoints/* endpointForHostname */.Ai)(hostname, port, false).host !== own.host.toLowerCase())
        return undefined;
    return { name, region: own.region, partition: (0,endpoints/* partitionOfRegion */.cn)(own.region) };
}
/** True when `originUrl` is a clone URL of `repository` in `region`. */
function isSameRepository(originUrl, repository, region) {
    const identity = originIdentity(originUrl, { host: repository.git.host, region });
    return (identity !== undefined &&
        identity.name === repository.name &&
        identity.region === region &&
        identity.partition === (0,endpoints/* partitionOfRegion */.cn)(region));
}

;// CONCATENATED MODULE: ./src/workspace/occupied-target.ts






/**
 * Looks at a non-empty target with local git commands only (no network): a clone whose `origin` is the
 * step's repository and whose partial-clone filter is the step's can be reused; anything else is
 * described for the log (a clone of another repository, a `.git` git cannot read, plain files).
 */
async function inspectOccupiedTarget(git) {
    const { target, plan, repository } = git;
    if ((await (0,promises_.lstat)(external_node_path_default().join(target, '.git')).catch(() => undefined)) === undefined) {
        return { kind: 'other', holds: await describeEntries(target) };
    }
    let gitDir;
    let topLevel;
    try {
        const { stdout } = await git.local(['rev-parse', '--absolute-git-dir', '--show-toplevel']);
        [gitDir = '', topLevel = ''] = stdout.trim().split('\n');
    }
    catch (error) {
        const said = error instanceof git_process/* GitCommandError */.iR ? (0,git_process/* stderrTail */.be)(error.stderr) : String(error);
        return { kind: 'other', holds: `a .git that git cannot read (${said})` };
    }
    const realTarget = await (0,promises_.realpath)(target);
    // git answers with forward slashes on Windows: compare as the platform's paths, not as strings.
    if (!(0,workspace_path/* isSamePath */.ys)(os_family/* HOST_OS_FAMILY */.V, topLevel, realTarget) ||
        !(0,workspace_path/* isPathInside */.CN)(os_family/* HOST_OS_FAMILY */.V, realTarget, gitDir)) {
        return { kind: 'other', holds: `a .git whose repository is not the folder itself (${gitDir})` };
    }
    const origin = await cloneConfig(git, 'remote.origin.url');
    if (origin === undefined)
        return { kind: 'other', holds: 'a git repository without an origin remote' };
    if (!isSameRepository(origin, repository, plan.region)) {
        return { kind: 'other', holds: `a clone of ${withoutUserInfo(origin)}` };
    }
    const filter = await cloneConfig(git, 'remote.origin.partialclonefilter');
    if (filter !== undefined && filter !== plan.filter) {
        const wanted = plan.filter === undefined ? 'a complete clone' : `filter ${plan.filter}`;
        return {
            kind: 'other',
            holds: `a partial clone with filter ${filter}, where this step asks for ${wanted}`,
        };
    }
    return { kind: 'same-clone', gitDir };
}
/**
 * A key of the clone's own config (`local`), or as its work tree sees it (`worktree`: its config.worktree,
 * which a sparse checkout makes); undefined when it is not set.
 */
async function cloneConfig(git, key, scope = 'local') {
    try {
        return (await git.local(['config', `--${scope}`, '--get', key])).stdout.trim();
    }
    catch (error) {
        // Exit status 1: the key is not set.
        if (error instanceof git_process/* GitCommandError */.iR && error.exitCode === 1)
            return undefined;
        throw error;
    }
}
async function describeEntries(target) {
    const entries = (await (0,promises_.readdir)(target)).sort();
    const shown = entries.slice(0, 5).join(', ');
    const more = entries.length > 5 ? `, … (${entries.length} in all)` : '';
    return `${entries.length === 1 ? 'an entry' : 'entries'} that are not a clone: ${shown}${more}`;
}
/** A URL as a log may show it: any `user:password@` removed. */
function withoutUserInfo(url) {
    return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@]*@/, '$1');
}

;// CONCATENATED MODULE: ./src/workspace/stale-git-state.ts



/**
 * What an earlier job may have left in a clone: lock files of a git that was killed, and the credential
 * settings of a `persist-credentials` step whose post step never ran.
 */
/** Removes every `*.lock` file under the git directory (not in the object store); returns them, relative. */
async function removeStaleLocks(gitDir) {
    const removed = [];
    const walk = async (dir) => {
        for (const entry of await (0,promises_.readdir)(dir, { withFileTypes: true })) {
            const full = external_node_path_default().join(dir, entry.name);
            if (entry.isDirectory()) {
                // Loose objects are thousands of folders and hold no locks.
                if (!(dir === external_node_path_default().join(gitDir, 'objects') && /^[0-9a-f]{2}$/.test(entry.name)))
                    await walk(full);
            }
            else if (entry.name.endsWith('.lock')) {
                await (0,promises_.rm)(full, { force: true });
                removed.push(external_node_path_default().relative(gitDir, full));
            }
        }
    };
    await walk(gitDir);
    return removed.sort();
}
/** Unsets every credential-related key of the clone's own config; returns the keys (never their values). */
async function removeCredentialConfig(git) {
    return removeCredentialSettings(git);
}

;// CONCATENATED MODULE: ./src/workspace/reuse-clone.ts








/**
 * Updates a clone of the step's repository left by an earlier job so that it equals a fresh clone with
 * this step's inputs: the same HEAD, tracked files, sparse set and filter, `origin` the clean URL, no
 * credential in its config, and (with `clean`) no local edit or untracked file. Only what is new is
 * fetched, through the same signed and bounded git calls as a clone. Safe to run again after a failure.
 */
async function reuseClone(git, gitDir) {
    const { plan, repository, logger } = git;
    const locks = await removeStaleLocks(gitDir);
    if (locks.length > 0) {
        logger.info(`Removed lock files a stopped git left behind: ${locks.join(', ')}`);
    }
    const credentialKeys = await removeCredentialConfig(git);
    if (credentialKeys.length > 0) {
        logger.info(`Removed credential settings an earlier job left in the clone: ${credentialKeys.join(', ')}`);
    }
    await git.local(['config', '--local', 'remote.origin.url', repository.cloneUrl]);
    await setPartialCloneFilter(git);
    const ref = await resolveRef(git);
    const refspecs = fetchRefspecs(ref, plan.fetchDepth);
    await git.local(['config', '--local', '--unset-all', 'remote.origin.fetch']).catch(ignoreUnset);
    for (const refspec of refspecs.configured) {
        await git.local(['config', '--local', '--add', 'remote.origin.fetch', refspec]);
    }
    const deepen = plan.fetchDepth === 0 && (await isShallow(git)) ? ['--unshallow'] : [];
    if (ref.kind === 'sha') {
        await fetchCommit(git, ref.sha, deepen);
    }
    else {
        await git.network([
            'fetch',
            '--progress',
            '--prune',
            plan.fetchDepth === 0 ? '--tags' : '--no-tags',
            ...depthArgs(plan),
            ...deepen,
            ...filterArgs(plan),
            network_git/* REMOTE */.Bn,
            ...refspecs.fetched,
        ], `fetching ${describeRef(ref)} of ${repository.name} from ${repository.git.host}`);
    }
    const force = plan.clean ? ['--force'] : [];
    if (ref.kind === 'branch') {
        await git.network(['checkout', '--quiet', ...force, '-B', ref.name, '--track', `refs/remotes/origin/${ref.name}`], `checking out branch ${ref.name} of ${repository.name}`);
    }
    else if (ref.kind === 'tag') {
        await git.network(['checkout', '--quiet', ...force, '--detach', `refs/tags/${ref.name}`], `checking out tag ${ref.name} of ${repository.name}`);
    }
    else {
        await checkOutCommit(git, ref.sha, plan.clean);
    }
    await setSparseCheckout(git, gitDir);
    await removeOtherBranches(git, ref);
    if (plan.ref.kind === 'default' && ref.kind === 'branch') {
        await git.local(['symbolic-ref', 'refs/remotes/origin/HEAD', `refs/remotes/origin/${ref.name}`]);
    }
    if (plan.clean && plan.submodules === 'none') {
        const removed = await removeSubmoduleCheckouts(git);
        if (removed > 0)
            logger.info(`Removed the ${removed} submodule checkouts an earlier job made (submodules: false).`);
    }
    if (plan.clean) {
        const { stdout } = await git.local(['clean', '-ffdx']);
        const removed = stdout.split('\n').filter((line) => line.startsWith('Removing ')).length;
        if (removed > 0)
            logger.info(`Removed ${removed} untracked or ignored files and folders (clean: true).`);
    }
    const head = await readHead(git);
    return {
        commit: head.commit,
        ref: plan.ref.kind === 'name' ? plan.ref.name : ref.kind === 'sha' ? ref.sha : head.branch,
        ...ignoredFilterOf(git),
    };
}
/** The branch, tag or commit to fetch: `git clone --branch` tries a branch first, then a tag. */
async function resolveRef(git) {
    const { plan, repository } = git;
    if (plan.ref.kind === 'sha')
        return { kind: 'sha', sha: plan.ref.sha };
    const what = `looking up ${plan.ref.kind === 'default' ? 'the default branch' : plan.ref.name} of ${repository.name}`;
    if (plan.ref.kind === 'default') {
        const { stdout } = await git.network(['ls-remote', '--symref', network_git/* REMOTE */.Bn, 'HEAD'], what);
        const branch = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(stdout)?.[1];
        if (branch === undefined)
            throw notFound(what, 'HEAD');
        return { kind: 'branch', name: branch };
    }
    const name = plan.ref.name;
    const short = shortRefName(name);
    const candidates = name.startsWith('refs/heads/')
        ? [`refs/heads/${short}`]
        : name.startsWith('refs/tags/')
            ? [`refs/tags/${short}`]
            : [`refs/heads/${short}`, `refs/tags/${short}`];
    const { stdout } = await git.network(['ls-remote', network_git/* REMOTE */.Bn, ...candidates], what);
    const advertised = new Set(stdout.split('\n').map((line) => line.split('\t')[1]));
    const found = candidates.find((candidate) => advertised.has(candidate));
    if (found === undefined)
        throw notFound(what, short);
    return found.startsWith('refs/heads/') ? { kind: 'branch', name: short } : { kind: 'tag', name: short };
}
/** What a fresh clone at this depth would fetch and keep in `remote.origin.fetch`. */
function fetchRefspecs(ref, depth) {
    const everyBranch = '+refs/heads/*:refs/remotes/origin/*';
    if (ref.kind === 'sha')
        return { fetched: [], configured: [everyBranch] };
    const own = ref.kind === 'branch'
        ? `+refs/heads/${ref.name}:refs/remotes/origin/${ref.name}`
        : `+refs/tags/${ref.name}:refs/tags/${ref.name}`;
    if (depth > 0)
        return { fetched: [own], configured: [own] };
    return {
        fetched: ref.kind === 'branch' ? [everyBranch] : [everyBranch, own],
        configured: [everyBranch],
    };
}
/** This step's filter, or none: a fresh clone with the same inputs would have exactly that. */
async function setPartialCloneFilter(git) {
    const { filter } = git.plan;
    if (filter === undefined) {
        for (const key of ['remote.origin.promisor', 'remote.origin.partialclonefilter']) {
            await git.local(['config', '--local', '--unset-all', key]).catch(ignoreUnset);
        }
        return;
    }
    await git.local(['config', '--local', 'remote.origin.promisor', 'true']);
    await git.local(['config', '--local', 'remote.origin.partialclonefilter', filter]);
}
/** This step's sparse set; without one, a sparse checkout an earlier job made is turned off. */
async function setSparseCheckout(git, gitDir) {
    if (git.plan.sparseCheckout.length > 0) {
        await applySparseCheckout(git);
    }
    else if ((await cloneConfig(git, 'core.sparsecheckout', 'worktree')) === 'true') {
        await git.network(['sparse-checkout', 'disable'], `turning off the sparse checkout of ${git.repository.name}`);
        // What `disable` leaves behind, which a clone that was never sparse does not have.
        for (const key of ['core.sparsecheckout', 'core.sparsecheckoutcone', 'index.sparse']) {
            await git.local(['config', '--worktree', '--unset-all', key]).catch(ignoreUnset);
        }
        if ((await git.local(['config', '--worktree', '--list'])).stdout.trim() === '') {
            await git.local(['config', '--local', '--unset-all', 'extensions.worktreeconfig']).catch(ignoreUnset);
            await (0,promises_.rm)(external_node_path_default().join(gitDir, 'config.worktree'), { force: true });
        }
        await (0,promises_.rm)(external_node_path_default().join(gitDir, 'info', 'sparse-checkout'), { force: true });
    }
}
/** Local branches and remote-tracking refs a fresh clone would not have (with their branch config). */
async function removeOtherBranches(git, ref) {
    const keep = new Set();
    if (ref.kind === 'branch')
        keep.add(`refs/heads/${ref.name}`).add(`refs/remotes/origin/${ref.name}`);
    const everyRemoteBranch = git.plan.fetchDepth === 0;
    const { stdout } = await git.local(['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes']);
    const stale = stdout
        .split('\n')
        .filter((name) => name !== '' && !keep.has(name))
        .filter((name) => !(everyRemoteBranch && name.startsWith('refs/remotes/origin/')));
    if (stale.length === 0)
        return;
    await git.local(['update-ref', '--no-deref', '--stdin'], {
        input: stale.map((name) => `delete ${name}\n`).join(''),
    });
    for (const name of stale) {
        if (!name.startsWith('refs/heads/'))
            continue;
        const section = `branch.${name.slice('refs/heads/'.length)}`;
        await git.local(['config', '--local', '--remove-section', section]).catch(ignoreUnset);
    }
}
async function isShallow(git) {
    return (await git.local(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
}
function describeRef(ref) {
    return ref.kind === 'sha' ? `commit ${ref.sha}` : `${ref.kind} ${ref.name}`;
}
/** Worded as `git clone --branch` words it, so that the explanation of a missing ref reads it the same. */
function notFound(what, name) {
    return new git_process/* GitCommandError */.iR(what, 128, `fatal: Remote branch ${name} not found in upstream origin\n`);
}
/** `git config --unset-all` of a key that is not set exits with 5; nothing to do then. */
function ignoreUnset(error) {
    if (error instanceof git_process/* GitCommandError */.iR && (error.exitCode === 5 || error.exitCode === 1))
        return;
    throw error;
}

// EXTERNAL MODULE: ./src/aws/git-authorization.ts + 1 modules
var git_authorization = __webpack_require__(846);
// EXTERNAL MODULE: ./src/git/git-failure-advice.ts
var git_failure_advice = __webpack_require__(8464);
// EXTERNAL MODULE: ./src/network/endpoint-diagnosis.ts + 1 modules
var endpoint_diagnosis = __webpack_require__(5582);
// EXTERNAL MODULE: ./src/aws/aws-advice.ts
var aws_advice = __webpack_require__(2681);
;// CONCATENATED MODULE: ./src/step/clone/clone-failure.ts
/**
 * What a failed repository of the clone step says: the git command, how many attempts, the advice for its
 * kind of failure, git's own last words and, for a network failure, what was found about the endpoint.
 * Also whether a reuse that failed may fall back to a fresh clone.
 */










/** Who the step's git requests are made as, for the policy a refusal names. */
function requesterOf(assumedRoleArn) {
    const account = assumedRoleArn !== undefined ? (0,aws_advice/* accountOfArn */.KC)(assumedRoleArn) : undefined;
    return {
        ...(account !== undefined ? { account } : {}),
        ...(assumedRoleArn !== undefined ? { principal: assumedRoleArn } : {}),
    };
}
/** The advice for one failed git command of a repository of the step. */
function adviceFor(plan, repository, error, requester) {
    const failure = (0,git_failure/* classifyGitFailure */.bd)(error.stderr, error.timedOutAfterSeconds);
    return (0,git_failure_advice/* explainGitFailure */.a)(plan, repository, failure, error.stderr, requester);
}
/** The repository's failure after its last attempt. */
function finalFailure(plan, repository, final, requester, diagnosis) {
    const { error, attempts, failure } = final;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return {
        what: `${(0,core_text/* capitalized */.l2)(error.what)} failed${tries}`,
        advice: (0,git_failure_advice/* explainGitFailure */.a)(plan, repository, failure, error.stderr, requester),
        evidence: [
            ...(error.timedOutAfterSeconds === undefined && error.stderr.trim()
                ? [`git: ${(0,git_process/* stderrTail */.be)(error.stderr)}`]
                : []),
            ...((0,git_failure/* isNetworkFailure */.NQ)(failure) && diagnosis !== undefined ? [(0,endpoint_diagnosis/* describeDiagnosis */.$h)(diagnosis)] : []),
        ],
    };
}
/** What a submodule's git failure means: as for a repository of the step, or git's words for a foreign host. */
function explainSubmoduleFailure(plan, subject, error, requester) {
    if (subject.repository !== undefined)
        return adviceFor(plan, subject.repository, error, requester);
    const host = subject.source.kind === 'foreign' ? subject.source.host : '';
    return error.timedOutAfterSeconds !== undefined
        ? `git got no answer from ${host} for ${error.timedOutAfterSeconds} s.`
        : `git failed fetching from ${host}.`;
}
/** Names the submodule, its URL and host, and why it failed. */
function submoduleFailure(plan, failure, requester) {
    const { subject } = failure;
    const source = subject.source;
    const named = `Submodule ${subject.path} (${(0,url_diversion/* withoutUserinfo */.Q3)(subject.url)})`;
    const inner = failure.failure;
    if (!(inner instanceof git_attempts/* FinalGitFailure */.Fs))
        return { what: named, advice: (0,core_text/* messageOf */.bD)(inner), evidence: [] };
    const tries = inner.attempts > 1 ? ` after ${inner.attempts} attempts` : '';
    const evidence = inner.error.stderr.trim()
        ? [`git: ${(0,url_diversion/* withoutUserinfo */.Q3)((0,git_process/* stderrTail */.be)(inner.error.stderr))}`]
        : [];
    const explanation = explainSubmoduleFailure(plan, subject, inner.error, requester);
    if (source?.kind === 'foreign') {
        return {
            what: `${named} failed${tries}`,
            advice: `${explanation} ` +
                `It is on ${source.host}, not CodeCommit: git fetched it with the runner's own configuration for that host ` +
                '(the CodeCommit credentials are never sent there). Give the runner access to it (a credential helper or ' +
                'url.<base>.insteadOf for that host), or leave submodules off.',
            evidence,
        };
    }
    return { what: `${named}: ${(0,core_text/* capitalized */.l2)(inner.error.what)} failed${tries}`, advice: explanation, evidence };
}
/**
 * A reuse (or a clone that borrowed from the cache) may be redone afresh unless the failure would hit a
 * fresh clone too: the network, an HTTP answer (credentials, permissions), a missing repository or ref.
 */
function mayCloneAfresh(failure) {
    const error = failure instanceof SubmoduleFailure ? failure.failure : failure;
    // A submodule's own entry or URL is refused: a fresh clone would record the same.
    if (failure instanceof SubmoduleFailure &&
        !(error instanceof git_attempts/* FinalGitFailure */.Fs || error instanceof git_process/* GitCommandError */.iR))
        return false;
    // The runner's config sends git elsewhere: a fresh clone would be refused just the same.
    if (error instanceof remote_url_check/* DivertedRemoteError */.OG)
        return false;
    if (!(error instanceof git_attempts/* FinalGitFailure */.Fs))
        return true;
    return (0,git_failure/* freshCloneMayHelp */.g)(error.failure);
}

;// CONCATENATED MODULE: ./src/step/clone/clone-context.ts



/**
 * Runs `operation` with the step's git attempts (src/git/git-attempts.ts), the retry line explaining
 * the failure of `repository` (or as `explain` says, for a submodule).
 */
function withAttempts(context, repository, operation, beforeRetry, explain) {
    const requester = requesterOf(context.credentials.assumedRoleArn);
    return (0,git_attempts/* withGitAttempts */.N0)({
        maxAttempts: context.plan.maxAttempts,
        logger: context.logger,
        sleep: context.sleep,
        random: context.random,
        explain: explain ?? ((error) => adviceFor(context.plan, repository, error, requester)),
        ...(context.onGitAttemptFailed !== undefined ? { onAttemptFailed: context.onGitAttemptFailed } : {}),
    }, operation, beforeRetry);
}
function gitDependencies(repository, context) {
    return {
        logger: context.logger,
        inheritedEnv: context.env,
        processes: context.processes,
        ...(context.runnerConfig !== undefined ? { runnerConfig: context.runnerConfig } : {}),
        authorizationHeader: () => (0,git_authorization/* gitAuthorizationHeader */.x)(context.credentials.credentials, { host: repository.git.host, path: repository.repositoryPath, region: context.plan.region }, context.now(), context.mask),
    };
}

;// CONCATENATED MODULE: ./src/workspace/cache-borrow.ts
/**
 * How a clone borrows a mirror's objects and ends self-contained. A clone of a branch, a tag or the
 * default branch uses `git clone --reference-if-able=<mirror> --dissociate` (src/git/clone.ts). A commit
 * by SHA is fetched into `git init`: the mirror is named in `objects/info/alternates` for the fetch and
 * the checkout, then `git repack -a -d` copies what the clone uses from it and the alternates file is
 * removed, as `--dissociate` does. Either way the clone keeps working when the cache is deleted.
 */


function borrowedObjects(mirror) {
    return {
        mirror,
        async borrow(git) {
            const info = external_node_path_default().join(git.target, '.git', 'objects', 'info');
            await (0,promises_.mkdir)(info, { recursive: true });
            await (0,promises_.writeFile)(external_node_path_default().join(info, 'alternates'), `${external_node_path_default().join(mirror, 'objects')}\n`);
        },
        async dissociate(git) {
            await git.local(['repack', '-a', '-d', '-q']);
            await (0,promises_.rm)(external_node_path_default().join(git.target, '.git', 'objects', 'info', 'alternates'), { force: true });
        },
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/workspace/cache-key.ts
/**
 * Where a repository's bare mirror lives in the shared cache (`cache-path`). Pure: no I/O.
 *
 * `<cache-path>/<partition>/<region>/<owner>/<repository>.git`, where the owner is the 12-digit account
 * of the assumed role (from its ARN), so that repositories of the same name in another partition, region
 * or account never share a mirror. Without a role the account is not known to the step: with a long-term
 * key (an IAM user's `AKIA…`, no session token) the owner is `key-<hash>`, a short SHA-256 of the access
 * key id, which only that key (one user, one account) reproduces; temporary credentials without a role
 * change at every rotation, and get no mirror at all (one per rotation would fill the disk).
 */



/**
 * The owner of the mirrors of a step: the account of the assumed role, else a long-term access key;
 * undefined for temporary credentials without a role (nothing stable to key by).
 */
function cacheOwner(assumedRoleArn, credentials) {
    const accountId = assumedRoleArn !== undefined ? (0,aws_advice/* accountOfArn */.KC)(assumedRoleArn) : undefined;
    if (accountId !== undefined)
        return { kind: 'account', accountId };
    if (credentials.sessionToken !== undefined)
        return undefined;
    return { kind: 'access-key', accessKeyId: credentials.accessKeyId };
}
/** The folder name of an owner: the account id, or `key-` and 16 hex digits of SHA-256 of the key id. */
function ownerFolder(owner) {
    if (owner.kind === 'account')
        return owner.accountId;
    return `key-${(0,external_node_crypto_.createHash)('sha256').update(owner.accessKeyId).digest('hex').slice(0, 16)}`;
}
/** The mirror's paths below `cachePath` (an absolute path of the runner's system). */
function mirrorLocation(cachePath, key) {
    const parent = external_node_path_default().join(cachePath, key.partition, key.region, ownerFolder(key.owner));
    const base = `${key.repository}.git`;
    return {
        parent,
        mirror: external_node_path_default().join(parent, base),
        lock: external_node_path_default().join(parent, `${base}.lock`),
        fillPrefix: `${base}.fill-`,
        corruptPrefix: `${base}.corrupt-`,
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/workspace/cache-lock-rules.ts
/**
 * The rules of a mirror's lock file, for the jobs of one host (or several hosts sharing a cache folder).
 * Pure: the caller reads the file, the clock and /proc, and acts on the verdict.
 *
 * The lock file holds `{"pid":…,"host":…,"time":…}` of the job that holds it; the holder touches it while
 * it works. A lock is stale, and may be broken, when its holder is a process of this host that no longer
 * runs, or when nobody touched it for `staleSeconds` (a holder on another host, a pid reused, a file
 * whose writer died before writing it).
 */
/** Derived from `network-timeout-seconds`: the README states these. */
function lockTimes(networkTimeoutSeconds) {
    const staleSeconds = Math.max(120, 4 * networkTimeoutSeconds);
    return {
        waitSeconds: 2 * networkTimeoutSeconds,
        staleSeconds,
        touchSeconds: Math.min(10, staleSeconds / 4),
    };
}
/** What the file says, or undefined when it is not a holder record (empty, cut short, garbage). */
function parseLockHolder(text) {
    try {
        const value = JSON.parse(text);
        if (typeof value !== 'object' || value === null)
            return undefined;
        const { pid, host, time } = value;
        if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0)
            return undefined;
        if (typeof host !== 'string' || typeof time !== 'string')
            return undefined;
        return { pid, host, time };
    }
    catch {
        return undefined;
    }
}
function formatLockHolder(holder) {
    return `${JSON.stringify(holder)}\n`;
}
/** Whether a lock someone else holds may be broken, and why. */
function judgeLock(facts, times) {
    const { holder } = facts;
    if (holder !== undefined && holder.host === facts.host && !facts.isRunning(holder.pid)) {
        return { kind: 'stale', why: `its holder, process ${holder.pid} of this host, no longer runs` };
    }
    if (facts.ageSeconds > times.staleSeconds) {
        return {
            kind: 'stale',
            why: `nobody touched it for ${Math.round(facts.ageSeconds)} s (more than ${times.staleSeconds} s)`,
        };
    }
    return { kind: 'held' };
}
/** "process 123 on host build-7 since 2026-…", or what is known of an unreadable lock. */
function describeHolder(holder) {
    return holder === undefined
        ? 'a job whose lock file cannot be read yet'
        : `process ${holder.pid} on host ${holder.host} since ${holder.time}`;
}

;// CONCATENATED MODULE: ./src/workspace/cache-lock.ts
/**
 * The exclusive lock of one mirror: a file created with O_EXCL, which holds the holder's pid, host and
 * time and is touched while held. Waiting for another job's lock is bounded; a stale lock is broken
 * (under a short-lived guard file, so that two jobs never both break one and remove the other's new lock).
 */



/** How often a waiting job looks at the lock again. */
const POLL_MS = 200;
/** A guard older than this was left by a job that died while breaking a lock. */
const GUARD_STALE_MS = 30_000;
/**
 * Takes the lock at `lockPath`, waiting at most `times.waitSeconds` for another job's. Errors of the file
 * system (an unwritable cache) are thrown; a lock still held after the wait is `busy`.
 */
async function acquireMirrorLock(lockPath, times, deps) {
    const pid = deps.pid ?? process.pid;
    const host = deps.host ?? (0,external_node_os_.hostname)();
    const now = () => deps.now().getTime();
    const isRunning = deps.isRunning ?? processRuns;
    const deadline = now() + times.waitSeconds * 1000;
    let brokeStale;
    for (;;) {
        const record = { pid, host, time: new Date(now()).toISOString() };
        if (await createExclusive(lockPath, formatLockHolder(record))) {
            return {
                kind: 'acquired',
                lock: heldLock(lockPath, record, times, deps),
                ...(brokeStale !== undefined ? { brokeStale } : {}),
            };
        }
        const seen = await readLock(lockPath, now);
        if (seen === undefined)
            continue; // released between our attempt and the read: try again
        const verdict = judgeLock({ holder: seen.holder, ageSeconds: seen.ageSeconds, host, isRunning }, times);
        if (verdict.kind === 'stale') {
            const broken = await breakStaleLock(lockPath, seen.text, now);
            if (broken === 'broken')
                brokeStale = `${describeHolder(seen.holder)}: ${verdict.why}`;
            // Broken, or replaced meanwhile by another job's lock: try again and judge what is there now.
            if (broken !== 'guarded')
                continue;
        }
        if (now() >= deadline)
            return { kind: 'busy', holder: describeHolder(seen.holder) };
        await deps.sleep(Math.min(POLL_MS, Math.max(0, deadline - now())));
    }
}
/** Creates `file` with `text` only if it does not exist; false when it does. */
async function createExclusive(file, text) {
    let handle;
    try {
        handle = await (0,promises_.open)(file, 'wx', 0o644);
    }
    catch (error) {
        if (error.code === 'EEXIST')
            return false;
        throw error;
    }
    try {
        await handle.writeFile(text);
    }
    finally {
        await handle.close();
    }
    return true;
}
async function readLock(lockPath, now) {
    try {
        const [text, stats] = await Promise.all([(0,promises_.readFile)(lockPath, 'utf8'), (0,promises_.stat)(lockPath)]);
        return { text, holder: parseLockHolder(text), ageSeconds: (now() - stats.mtimeMs) / 1000 };
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/**
 * Removes the lock if it still holds `judgedText`, under the guard `<lock>.break`: of two jobs that
 * judged the same lock stale, one breaks it and the other finds a new lock (or none) and judges again.
 */
async function breakStaleLock(lockPath, judgedText, now) {
    const guard = `${lockPath}.break`;
    if (!(await createExclusive(guard, formatLockHolder({ pid: process.pid, host: (0,external_node_os_.hostname)(), time: '' })))) {
        const age = await (0,promises_.stat)(guard).then((stats) => now() - stats.mtimeMs, () => 0);
        if (age > GUARD_STALE_MS)
            await (0,promises_.unlink)(guard).catch(() => undefined);
        return 'guarded';
    }
    try {
        const current = await (0,promises_.readFile)(lockPath, 'utf8').catch(() => undefined);
        if (current !== judgedText)
            return 'changed';
        await (0,promises_.unlink)(lockPath).catch(() => undefined);
        return 'broken';
    }
    finally {
        await (0,promises_.unlink)(guard).catch(() => undefined);
    }
}
function heldLock(lockPath, record, times, deps) {
    const mine = formatLockHolder(record);
    const stopTouching = deps.every(times.touchSeconds * 1000, () => {
        const at = deps.now();
        (0,promises_.utimes)(lockPath, at, at).catch(() => undefined);
    });
    return {
        async release() {
            stopTouching();
            const current = await (0,promises_.readFile)(lockPath, 'utf8').catch(() => undefined);
            if (current === mine)
                await (0,promises_.unlink)(lockPath).catch(() => undefined);
        },
    };
}
/** Whether a process with this pid runs here (EPERM: it runs, as another user). */
function processRuns(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}

;// CONCATENATED MODULE: ./src/workspace/cache-mirror.ts
/**
 * The shared cache (`cache-path`): one bare mirror per repository, updated with the step's signed git
 * calls before a clone borrows its objects. Whatever goes wrong here (a cache folder that cannot be made
 * or written, another job's lock held too long, a corrupt mirror, a failed fetch) is a warning and a
 * clone without the cache, never a failed clone.
 *
 * The mirror holds objects and refs only (`refs/heads/*`, `refs/tags/*`, complete history, so that a
 * clone of any depth can borrow from it), `remote.origin.url` as the clean URL and `gc.auto=0` (objects
 * are only ever added, so a job reading it while another updates it never loses one). The signed header
 * reaches git as command-scoped config, as for every network command: no credential, header or helper
 * is written into any file of the cache.
 */










const MIRROR_REFSPECS = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];
/** Brings the repository's mirror up to date (made on first use), under its lock. Never throws. */
async function updateMirror(context) {
    const { plan, repository } = context;
    const location = mirrorLocation(plan.cachePath, {
        partition: plan.partition,
        region: plan.region,
        owner: context.owner,
        repository: repository.name,
    });
    const times = lockTimes(plan.networkTimeoutSeconds);
    const logger = context.git.logger;
    try {
        await makeFolders(location.parent);
    }
    catch (error) {
        return without(`cache-path: cannot make ${location.parent} (${reason(error)})`);
    }
    let attempt;
    try {
        attempt = await acquireMirrorLock(location.lock, times, context.lock);
    }
    catch (error) {
        return without(`cache-path: cannot write the lock ${location.lock} (${reason(error)})`);
    }
    if (attempt.kind === 'busy') {
        return without(`cache-path: the mirror ${location.mirror} was still locked by another job (${attempt.holder}) after ` +
            `waiting ${times.waitSeconds} s (2 × network-timeout-seconds)`);
    }
    if (attempt.brokeStale !== undefined)
        logger.info(`Broke a stale cache lock of ${attempt.brokeStale}.`);
    try {
        await removeLeftovers(location);
        if (await isDirectory(location.mirror))
            return await fetchInto(context, location);
        return await fill(context, location);
    }
    catch (error) {
        return without(`cache-path: could not use ${location.mirror} (${reason(error)})`);
    }
    finally {
        await attempt.lock.release();
    }
}
/** An existing mirror fetches what is new; a failure that is not the network's means it is corrupt. */
async function fetchInto(context, location) {
    const git = mirrorGit(context, location.mirror);
    git.logger.info(`Updating the cache mirror ${location.mirror}`);
    try {
        await context.withAttempts(() => fetchEverything(git));
        return { kind: 'borrow', mirror: location.mirror };
    }
    catch (error) {
        if (context.isRemoteFailure(error)) {
            return without(`cache-path: could not update ${location.mirror} (${reason(error)})`);
        }
        await moveAside(location);
        return without(`cache-path: the mirror ${location.mirror} is corrupt (${reason(error)}); it was removed and is ` +
            'made again by the next clone');
    }
}
/**
 * The first use on this host: the mirror is made in a folder of its own, then renamed into place, so
 * that no job ever sees a half-made mirror.
 */
async function fill(context, location) {
    const folder = external_node_path_default().join(location.parent, `${location.fillPrefix}${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
    const git = mirrorGit(context, folder);
    git.logger.info(`Making the cache mirror ${location.mirror} (its whole history, once per host; later clones fetch only what is new)`);
    try {
        await git.local(['init', '--bare', '--quiet', '--template=', '--', folder], { inTarget: false });
        for (const [key, value] of [
            ['gc.auto', '0'],
            ['core.logAllRefUpdates', 'false'],
            [`remote.${network_git/* REMOTE */.Bn}.url`, context.repository.cloneUrl],
        ]) {
            await git.local(['config', '--local', key, value]);
        }
        await context.withAttempts(() => fetchEverything(git));
        await (0,promises_.rename)(folder, location.mirror);
        return { kind: 'borrow', mirror: location.mirror };
    }
    catch (error) {
        await (0,promises_.rm)(folder, { recursive: true, force: true }).catch(() => undefined);
        return without(`cache-path: could not make ${location.mirror} (${reason(error)})`);
    }
}
async function fetchEverything(git) {
    await git.network(['fetch', '--progress', '--prune', '--no-tags', '--no-write-fetch-head', network_git/* REMOTE */.Bn, ...MIRROR_REFSPECS], `updating the cache mirror of ${git.repository.name} from ${git.repository.git.host}`);
}
/** git for the mirror: the repository's clean URL and signed header, run in the mirror's folder. */
function mirrorGit(context, folder) {
    return new repository_git/* RepositoryGit */.n(context.plan, { ...context.repository, targetPath: folder }, context.git);
}
/**
 * A corrupt mirror is renamed away at once (the next job makes a new one) and then removed; a job that
 * still reads the old one keeps its open files.
 */
async function moveAside(location) {
    const aside = external_node_path_default().join(location.parent, `${location.corruptPrefix}${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
    await (0,promises_.rename)(location.mirror, aside).catch(() => undefined);
    await (0,promises_.rm)(aside, { recursive: true, force: true }).catch(() => undefined);
}
/** Under the lock: fills and corrupt mirrors that a stopped job left behind. */
async function removeLeftovers(location) {
    const leftover = new RegExp(`^(?:${escaped(location.fillPrefix)}|${escaped(location.corruptPrefix)})\\d+-[0-9a-f]{8}$`);
    for (const entry of await (0,promises_.readdir)(location.parent)) {
        if (leftover.test(entry)) {
            await (0,promises_.rm)(external_node_path_default().join(location.parent, entry), { recursive: true, force: true }).catch(() => undefined);
        }
    }
}
/**
 * A clone that borrowed from the mirror failed for another reason than the network: the mirror is moved
 * aside if its lock can be had at once (an updating job would find the corruption itself).
 */
async function discardMirror(context, mirror) {
    const location = mirrorLocation(context.plan.cachePath, {
        partition: context.plan.partition,
        region: context.plan.region,
        owner: context.owner,
        repository: context.repository.name,
    });
    if (location.mirror !== mirror)
        return;
    const times = { ...lockTimes(context.plan.networkTimeoutSeconds), waitSeconds: 0 };
    const attempt = await acquireMirrorLock(location.lock, times, context.lock).catch(() => undefined);
    if (attempt?.kind !== 'acquired')
        return;
    try {
        await moveAside(location);
    }
    finally {
        await attempt.lock.release();
    }
}
/**
 * `mkdir -p`, one level at a time: a recursive mkdir reports ENOENT where a level cannot be made on a
 * read-only file system, and the warning should say EROFS.
 */
async function makeFolders(folder) {
    const missing = [];
    for (let current = folder; !(await isDirectory(current)); current = external_node_path_default().dirname(current)) {
        if (external_node_path_default().dirname(current) === current)
            break;
        missing.unshift(current);
    }
    for (const level of missing) {
        await (0,promises_.mkdir)(level).catch((error) => {
            if (error.code !== 'EEXIST')
                throw error;
        });
    }
}
function without(why) {
    return { kind: 'without', why };
}
async function isDirectory(folder) {
    return (0,promises_.stat)(folder).then((stats) => stats.isDirectory(), () => false);
}
function reason(error) {
    if (error instanceof git_process/* GitCommandError */.iR)
        return (0,core_text/* firstLine */.TM)(error.message);
    const code = error?.code;
    const message = (0,core_text/* messageOf */.bD)(error);
    return code !== undefined && !message.includes(code) ? `${code}: ${message}` : (0,core_text/* firstLine */.TM)(message);
}
function escaped(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// EXTERNAL MODULE: ./src/plan/plan.ts
var plan_plan = __webpack_require__(8720);
;// CONCATENATED MODULE: ./src/workspace/clone-target.ts





const PATH_EXAMPLE = 'src/my-service';
/**
 * Checks the clone target on disk before any network call: every existing part of it must resolve, with
 * symlinks followed, inside the workspace, and an existing target must be a directory. Says what it holds.
 */
async function checkCloneTarget(workspace, target) {
    const realWorkspace = await (0,promises_.realpath)(workspace).catch(() => {
        throw new Error(`GITHUB_WORKSPACE ${workspace} does not exist`);
    });
    const existing = await deepestExisting(target);
    const realExisting = await (0,promises_.realpath)(existing);
    if (!(0,workspace_path/* isPathInside */.CN)(os_family/* HOST_OS_FAMILY */.V, realWorkspace, realExisting) &&
        !(0,workspace_path/* isSamePath */.ys)(os_family/* HOST_OS_FAMILY */.V, realExisting, realWorkspace)) {
        throw new plan_plan/* InputError */.dz('path', `${target} leads outside the workspace through a symlink (${existing} → ${realExisting})`, PATH_EXAMPLE);
    }
    if (existing !== target) {
        if (!(await (0,promises_.lstat)(realExisting)).isDirectory()) {
            throw new plan_plan/* InputError */.dz('path', `${existing} exists and is not a directory, so ${target} cannot be made`, PATH_EXAMPLE);
        }
        return 'absent';
    }
    const stats = await (0,promises_.lstat)(target);
    if (stats.isSymbolicLink()) {
        throw new plan_plan/* InputError */.dz('path', `${target} is a symbolic link; give a path to a new or empty directory`, PATH_EXAMPLE);
    }
    if (!stats.isDirectory()) {
        throw new plan_plan/* InputError */.dz('path', `${target} exists and is not a directory`, PATH_EXAMPLE);
    }
    return (await (0,promises_.readdir)(target)).length > 0 ? 'occupied' : 'empty';
}
/**
 * The parent folders the clone targets need that do not exist yet: for each, the topmost missing one.
 * Creating them first (with `createParents`) lets each clone own only its own directory, so that one
 * failed clone never takes a sibling with it.
 */
async function planParents(targets) {
    const roots = new Set();
    for (const parent of new Set(targets.map((target) => external_node_path_default().dirname(target)))) {
        const existing = await deepestExisting(parent);
        if (existing !== parent)
            roots.add(firstMissingBelow(existing, parent));
    }
    return [...roots];
}
async function createParents(targets) {
    for (const parent of new Set(targets.map((target) => external_node_path_default().dirname(target)))) {
        await (0,promises_.mkdir)(parent, { recursive: true });
    }
}
/** Says what `createCloneTarget` will create: the target, and the topmost of its missing parents. */
async function planCloneTarget(target) {
    const existing = await deepestExisting(target);
    if (existing === target)
        return { path: target };
    return { path: target, createdRoot: firstMissingBelow(existing, target) };
}
/** Creates the target directory and its missing parents. */
async function createCloneTarget(target) {
    await (0,promises_.mkdir)(target.path, { recursive: true });
}
/** Removes `root` if it holds nothing but empty folders; says whether it did. Never removes a file. */
async function removeEmptyDirectories(root) {
    if (!(await holdsOnlyEmptyDirectories(root)))
        return false;
    await (0,promises_.rm)(root, { recursive: true, force: true });
    return true;
}
async function holdsOnlyEmptyDirectories(dir) {
    const stats = await (0,promises_.lstat)(dir).catch(() => undefined);
    if (stats === undefined || !stats.isDirectory())
        return false;
    for (const entry of await (0,promises_.readdir)(dir)) {
        if (!(await holdsOnlyEmptyDirectories(external_node_path_default().join(dir, entry))))
            return false;
    }
    return true;
}
/** Undoes `createCloneTarget` and whatever git wrote: what this step created goes, nothing else does. */
async function removeCloneTarget(target) {
    if (target.createdRoot !== undefined) {
        await (0,promises_.rm)(target.createdRoot, { recursive: true, force: true });
        return;
    }
    for (const entry of await (0,promises_.readdir)(target.path).catch(() => [])) {
        await (0,promises_.rm)(external_node_path_default().join(target.path, entry), { recursive: true, force: true });
    }
}
async function deepestExisting(target) {
    let current = target;
    for (;;) {
        try {
            await (0,promises_.lstat)(current);
            return current;
        }
        catch {
            const parent = external_node_path_default().dirname(current);
            if (parent === current)
                return current;
            current = parent;
        }
    }
}
function firstMissingBelow(existing, target) {
    const relative = external_node_path_default().relative(existing, target);
    const first = relative.split((external_node_path_default()).sep)[0] ?? relative;
    return external_node_path_default().join(existing, first);
}

;// CONCATENATED MODULE: ./src/step/clone/fresh-clone.ts
/**
 * A clone into a new or empty target, borrowing the host cache's objects when cache-path is set, then
 * its submodules; what it created is removed between attempts and on failure.
 */










/**
 * With cache-path it borrows the objects of the repository's mirror, brought up to date first; when that
 * clone fails for another reason than the network, the mirror is discarded and the clone made without it.
 */
async function freshClone(git, context) {
    const target = await planCloneTarget(git.target);
    context.recorder.cloneStarted(target.path, target.createdRoot);
    await createCloneTarget(target);
    const cloneOnce = (borrowed) => withAttempts(context, git.repository, () => cloneRepository(git.plan, git.repository, gitDependencies(git.repository, context), borrowed), () => recreate(target));
    try {
        const mirrorContext = cacheContext(git, context);
        const use = mirrorContext === undefined
            ? undefined
            : 'why' in mirrorContext
                ? mirrorContext
                : await updateMirror(mirrorContext);
        let result;
        if (use?.kind === 'without')
            git.logger.warning(`${use.why}: cloning without the cache.`);
        if (mirrorContext !== undefined && !('why' in mirrorContext) && use?.kind === 'borrow') {
            try {
                result = { clone: await cloneOnce(borrowedObjects(use.mirror)), withCache: true };
            }
            catch (error) {
                if (!mayCloneAfresh(error))
                    throw error;
                git.logger.warning(`cache-path: the clone that borrowed from ${use.mirror} failed (${(0,core_text/* firstLine */.TM)((0,core_text/* messageOf */.bD)(error))}); ` +
                    'the mirror is removed, cloning without the cache.');
                await discardMirror(mirrorContext, use.mirror);
                await recreate(target);
                result = { clone: await cloneOnce(), withCache: false };
            }
        }
        else {
            result = { clone: await cloneOnce(), withCache: false };
        }
        const submodules = await submodulesOf(git, context);
        context.recorder.outcome(target.path, 'finished');
        return { ...result, submodules };
    }
    catch (error) {
        await removeCloneTarget(target);
        context.recorder.outcome(target.path, 'cleaned');
        throw error;
    }
}
/** What the cache's mirror needs; undefined without cache-path; why not when it cannot be keyed. */
function cacheContext(git, context) {
    const { plan } = context;
    const cachePath = plan.cachePath;
    if (cachePath === undefined)
        return undefined;
    const owner = cacheOwner(context.credentials.assumedRoleArn, context.credentials.credentials);
    if (owner === undefined) {
        return {
            kind: 'without',
            why: 'cache-path: without role-to-assume the step does not know the account of the repositories, and ' +
                'temporary source credentials change at every rotation, so no mirror can be kept for them ' +
                '(set role-to-assume, whose account keys the mirrors)',
        };
    }
    return {
        plan: { ...plan, cachePath },
        repository: git.repository,
        owner,
        git: gitDependencies(git.repository, context),
        lock: { now: context.now, sleep: context.sleep, every: context.every },
        withAttempts: (operation) => withAttempts(context, git.repository, operation),
        isRemoteFailure: (error) => !mayCloneAfresh(error),
    };
}
async function recreate(target) {
    await removeCloneTarget(target);
    await createCloneTarget(target);
}
/** The submodules `plan.submodules` asks for, each fetched with the step's attempts. */
async function submodulesOf(git, context) {
    const { plan, credentials } = context;
    const requester = requesterOf(credentials.assumedRoleArn);
    return checkOutSubmodules(git, {
        logger: context.logger,
        inheritedEnv: context.env,
        authorizationHeader: (repositoryPath) => (0,git_authorization/* gitAuthorizationHeader */.x)(credentials.credentials, { host: git.repository.git.host, path: repositoryPath, region: plan.region }, context.now(), context.mask),
        attempts: (subject, operation) => withAttempts(context, subject.repository ?? git.repository, operation, undefined, (error) => explainSubmoduleFailure(plan, subject, error, requester)),
    });
}

;// CONCATENATED MODULE: ./src/step/clone/repository-clone.ts













/**
 * Makes one repository's target ready as prepared: a fresh clone, an update of the clone already there,
 * or a replacement of whatever else is there. Each network step gets up to `plan.maxAttempts` attempts
 * when git fails transiently. A reuse that fails for another reason than the network, the credentials
 * or a missing repository or ref falls back once to emptying and cloning. On the final failure removes
 * what it created (never a reused clone) and says why. Never throws.
 */
async function cloneOneRepository(repository, context, preparation = { kind: 'clone' }) {
    const started = context.now().getTime();
    const seconds = () => (context.now().getTime() - started) / 1000;
    const { plan, logger } = context;
    const requester = requesterOf(context.credentials.assumedRoleArn);
    const git = new repository_git/* RepositoryGit */.n(plan, repository, gitDependencies(repository, context));
    const succeeded = ({ clone, withCache, submodules, }, preparedness) => {
        const how = { cloned: 'Checked out', reused: 'Updated the clone to', replaced: 'Checked out' }[preparedness];
        const cache = withCache ? ' (cloned with the cache)' : '';
        const withSubmodules = submodules.length > 0
            ? ` with ${submodules.length} submodule${submodules.length === 1 ? '' : 's'}`
            : '';
        logger.info(`${how} ${clone.ref} at ${clone.commit} in ${repository.targetPath}${cache}${withSubmodules}`);
        if (clone.ignoredFilter !== undefined)
            logger.warning((0,job_summary/* ignoredFilterWarning */.pw)(repository.name, clone.ignoredFilter, repository.git.host));
        return { repository, ok: true, clone, submodules, seconds: seconds(), preparedness, withCache };
    };
    const failed = async (error) => {
        const record = async () => {
            if (error instanceof SubmoduleFailure)
                return submoduleFailure(plan, error, requester);
            if (!(error instanceof git_attempts/* FinalGitFailure */.Fs))
                return (0,failure_record/* failureOf */.g5)(error);
            if ((0,git_failure/* isNetworkFailure */.NQ)(error.failure) && context.diagnosis !== undefined) {
                await (0,endpoint_reachability/* probeAfterFailure */.l)(context.diagnosis, plan);
            }
            return finalFailure(plan, repository, error, requester, context.diagnosis);
        };
        return { repository, ok: false, failure: await record(), seconds: seconds() };
    };
    try {
        if (preparation.kind === 'reuse') {
            logger.info(`${repository.targetPath} holds a clone of ${repository.name}: updating it in place.`);
            try {
                const clone = await withAttempts(context, repository, () => reuseClone(git, preparation.gitDir));
                return succeeded({ clone, withCache: false, submodules: await submodulesOf(git, context) }, 'reused');
            }
            catch (error) {
                if (!plan.clean || !mayCloneAfresh(error))
                    return await failed(error);
                logger.warning(`Could not update the clone in ${repository.targetPath} (${(0,core_text/* firstLine */.TM)((0,core_text/* messageOf */.bD)(error))}); ` +
                    'emptying it and cloning afresh.');
                await replace(git, 'the clone that could not be updated');
                return succeeded(await freshClone(git, context), 'replaced');
            }
        }
        if (preparation.kind === 'replace') {
            await replace(git, preparation.holds);
            return succeeded(await freshClone(git, context), 'replaced');
        }
        return succeeded(await freshClone(git, context), 'cloned');
    }
    catch (error) {
        return await failed(error);
    }
}
/** Empties the target and says what it removed. */
async function replace(git, holds) {
    const removed = await emptyTarget(git.target);
    git.logger.info(`Emptied ${git.target}, which held ${holds}: removed ${removed.length} ${removed.length === 1 ? 'entry' : 'entries'} ` +
        `(${removed.slice(0, 10).join(', ')}${removed.length > 10 ? ', …' : ''}).`);
}

// EXTERNAL MODULE: ./src/step/repository-listing.ts + 3 modules
var repository_listing = __webpack_require__(6915);
// EXTERNAL MODULE: ./src/step/step-credentials.ts + 1 modules
var step_credentials = __webpack_require__(2993);
// EXTERNAL MODULE: ./src/core/bounded-parallel.ts
var bounded_parallel = __webpack_require__(2320);
;// CONCATENATED MODULE: ./src/workspace/prepare-target.ts




const prepare_target_PATH_EXAMPLE = 'src/my-service';
/**
 * Looks at every target (local checks and local git only) and decides, for each, to clone, reuse or
 * replace. With clean: false a target holding anything but a clone of its repository is refused, naming
 * the way out; so is any target outside the workspace, a file or a symbolic link, as before.
 */
async function prepareTargets(plan, workspace, inheritedEnv, logger, processes) {
    const preparations = [];
    for (const repository of plan.repositories) {
        preparations.push(await prepareTarget(plan, repository, workspace, inheritedEnv, logger, processes));
    }
    return preparations;
}
async function prepareTarget(plan, repository, workspace, inheritedEnv, logger, processes) {
    if ((await checkCloneTarget(workspace, repository.targetPath)) !== 'occupied')
        return { kind: 'clone' };
    const git = new repository_git/* RepositoryGit */.n(plan, repository, {
        logger,
        inheritedEnv,
        processes,
        authorizationHeader: () => Promise.reject(new Error('no network call while looking at the target')),
    });
    const found = await inspectOccupiedTarget(git);
    if (found.kind === 'same-clone')
        return { kind: 'reuse', gitDir: found.gitDir };
    if (!plan.clean) {
        throw new plan_plan/* InputError */.dz('path', `${repository.targetPath} holds ${found.holds}; with clean: false it is kept as it is, so set ` +
            'clean: true to empty it and clone afresh, or choose another path', prepare_target_PATH_EXAMPLE);
    }
    return { kind: 'replace', holds: found.holds };
}

;// CONCATENATED MODULE: ./src/core/adaptive-concurrency.ts
/**
 * How many repositories a step clones at once when the endpoint throttles: the limit halves (never below
 * 1) when a clone started at the current limit is throttled, and grows by one after as many successes in
 * a row as the limit, up to the `concurrency` the step was given. Throttles of clones started before the
 * last decrease count, but do not lower it again: they answer a load that is already gone.
 */
class AdaptiveConcurrency {
    ceiling;
    current;
    generation = 0;
    successesInARow = 0;
    /** Throttled git requests seen, for the summary. */
    throttled = 0;
    lowest;
    constructor(ceiling) {
        this.ceiling = ceiling;
        this.current = Math.max(1, ceiling);
        this.lowest = this.current;
    }
    get limit() {
        return this.current;
    }
    /** A ticket for a clone starting now: what its throttles are judged against. */
    started() {
        return this.generation;
    }
    throttledAt(ticket) {
        this.throttled += 1;
        this.successesInARow = 0;
        if (ticket !== this.generation || this.current === 1)
            return;
        this.current = Math.max(1, Math.floor(this.current / 2));
        this.lowest = Math.min(this.lowest, this.current);
        this.generation += 1;
    }
    succeeded() {
        this.successesInARow += 1;
        if (this.current < this.ceiling && this.successesInARow >= this.current) {
            this.current += 1;
            this.successesInARow = 0;
        }
    }
}
/** The same number of clones at once whatever the endpoint says; throttles are only counted. */
class FixedConcurrency {
    ceiling;
    throttled = 0;
    constructor(ceiling) {
        this.ceiling = ceiling;
    }
    get limit() {
        return Math.max(1, this.ceiling);
    }
    get lowest() {
        return this.limit;
    }
    started() {
        return 0;
    }
    throttledAt() {
        this.throttled += 1;
    }
    succeeded() { }
}
/**
 * Runs `work` on every item, never more at once than `limiter.limit` says at the moment one would start;
 * results in the items' order. Like mapBounded, a thrown error stops new starts and is thrown at the end.
 */
async function mapAdaptive(items, limiter, work) {
    const results = new Array(items.length);
    let next = 0;
    let running = 0;
    let failure;
    return new Promise((resolve, reject) => {
        const startMore = () => {
            while (failure === undefined && next < items.length && running < Math.max(1, limiter.limit)) {
                const index = next++;
                running += 1;
                work(items[index], index).then((result) => {
                    results[index] = result;
                    finished();
                }, (error) => {
                    failure ??= { error };
                    finished();
                });
            }
            if (running === 0 && (next >= items.length || failure !== undefined)) {
                if (failure !== undefined)
                    reject(failure.error);
                else
                    resolve(results);
            }
        };
        const finished = () => {
            running -= 1;
            startMore();
        };
        startMore();
    });
}

// EXTERNAL MODULE: ./src/core/logger.ts
var core_logger = __webpack_require__(1227);
;// CONCATENATED MODULE: ./src/core/step-state.ts
const step_state_KEY = 'clones';
/** Keeps the step's record and saves all of it on every change (parallel clones update it in turn). */
class StepRecorder {
    store;
    record = { createdParents: [], clones: [] };
    constructor(store) {
        this.store = store;
    }
    parentsCreated(paths) {
        this.record.createdParents.push(...paths);
        this.save();
    }
    cloneStarted(clonePath, createdRoot) {
        const clone = {
            clonePath,
            ...(createdRoot !== undefined ? { createdRoot } : {}),
            outcome: 'running',
        };
        const known = this.record.clones.findIndex((c) => c.clonePath === clonePath);
        if (known >= 0)
            this.record.clones[known] = clone;
        else
            this.record.clones.push(clone);
        this.save();
    }
    outcome(clonePath, outcome) {
        for (const clone of this.record.clones)
            if (clone.clonePath === clonePath)
                clone.outcome = outcome;
        this.save();
    }
    save() {
        this.store.save(step_state_KEY, JSON.stringify(this.record));
    }
}
function readRecordedStep(store) {
    const text = store.get(step_state_KEY);
    if (text === '')
        return { createdParents: [], clones: [] };
    const parsed = JSON.parse(text);
    const clones = Array.isArray(parsed.clones) ? parsed.clones : [];
    return {
        createdParents: Array.isArray(parsed.createdParents)
            ? parsed.createdParents.filter((p) => typeof p === 'string')
            : [],
        clones: clones
            .filter((c) => typeof c?.clonePath === 'string')
            .map((c) => ({
            clonePath: c.clonePath,
            ...(typeof c.createdRoot === 'string' ? { createdRoot: c.createdRoot } : {}),
            outcome: c.outcome === 'finished' || c.outcome === 'cleaned' ? c.outcome : 'running',
        })),
    };
}

;// CONCATENATED MODULE: ./src/platform/cmd-wrapper.ts
/**
 * A `.cmd` file that runs a program with fixed arguments followed by its own (`%*`): what cmd and
 * PowerShell can start by name on Windows, where an extension-less script is not a program. Pure.
 */
/** Double-quotes a word for a batch file line; `%` is doubled so that cmd expands nothing inside. */
function cmdQuote(word) {
    if (/[\0\r\n"]/.test(word))
        throw new Error(`a path in a .cmd file cannot contain a quote or a line break: ${word}`);
    return `"${word.replace(/%/g, '%%')}"`;
}
function cmdWrapper(command, comment) {
    if (/[\r\n]/.test(comment))
        throw new Error('the comment of a .cmd file must be one line');
    return [
        '@echo off',
        `rem ${comment}`,
        `${command.map(cmdQuote).join(' ')} %*`,
        'exit /b %ERRORLEVEL%',
        '',
    ].join('\r\n');
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/platform/private-files.ts
/**
 * Keeping the persisted session readable by the current user only. POSIX: modes (a 0700 folder, 0600
 * files). Windows ignores modes: the folder gets an ACL, as `icacls` sets it, that grants the current
 * user (by SID, which also names service accounts such as NETWORK SERVICE) full control, inherited by what
 * is created inside, and drops every inherited entry; each file then gets the same ACL of its own.
 */


const PROTECT_TIMEOUT_MS = 30_000;
const hostSystem = {
    chmod: (target, mode) => (0,promises_.chmod)(target, mode),
    run: (file, args, timeoutMs) => new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)(file, [...args], { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (error === null)
                resolve(stdout);
            else
                reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
        });
    }),
};
/** The SID in `whoami /user /fo csv /nh` output: `"nt authority\network service","S-1-5-20"`. */
function sidOfWhoamiOutput(output) {
    const sid = /"(S-1-[0-9]+(?:-[0-9]+)+)"/.exec(output)?.[1];
    if (sid === undefined)
        throw new Error(`could not read the current user's SID from whoami: ${output.trim()}`);
    return sid;
}
function privateFiles(family, system = hostSystem) {
    if (family === 'posix') {
        return {
            directoryMode: 0o700,
            fileMode: 0o600,
            protectDirectory: (directory) => system.chmod(directory, 0o700),
            protectFile: (file) => system.chmod(file, 0o600),
        };
    }
    let sid;
    const currentUserSid = () => (sid ??= system
        .run('whoami', ['/user', '/fo', 'csv', '/nh'], PROTECT_TIMEOUT_MS)
        .then(sidOfWhoamiOutput));
    const restrict = async (target, rights) => {
        try {
            const grant = `*${await currentUserSid()}:${rights}`;
            await system.run('icacls', [target, '/inheritance:r', '/grant:r', grant], PROTECT_TIMEOUT_MS);
        }
        catch (error) {
            const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
            throw new Error(`Could not make ${target} readable by the current user only: ${reason}. ` +
                'The session is kept only where no other user can read it, so it was not written; ' +
                'whoami and icacls (in C:\\Windows\\System32) must be on PATH.');
        }
    };
    return {
        directoryMode: 0o700,
        fileMode: 0o600,
        // (OI)(CI): inherited by files and folders created inside; F: full control.
        protectDirectory: (directory) => restrict(directory, '(OI)(CI)F'),
        protectFile: (file) => restrict(file, 'F'),
    };
}

;// CONCATENATED MODULE: ./src/helpers/helper-config.ts
/** Single-quotes a word for sh: nothing inside is interpreted. */
function shellQuote(word) {
    if (word.includes('\0'))
        throw new Error('a path cannot contain NUL');
    return `'${word.replace(/'/g, `'\\''`)}'`;
}
/** `!'<node>' '<helper.js>' '<credentials file>'`: git appends the operation (get/store/erase). */
function helperCommand(nodePath, helperScript, credentialsFile) {
    for (const word of [nodePath, helperScript, credentialsFile]) {
        if (/[\r\n]/.test(word))
            throw new Error('a helper path cannot contain a line break');
    }
    return `!${[nodePath, helperScript, credentialsFile].map(shellQuote).join(' ')}`;
}
/**
 * The entries, in order, for `credential.<cloneUrl>`: an empty helper first (drops helpers from the
 * system and global config for this URL), then ours; useHttpPath so git sends the repository path. An
 * empty `http.<cloneUrl>.extraHeader` drops headers from other config for this URL: an Authorization
 * header there would be refused before git ever asked the helper.
 */
function credentialHelperEntries(cloneUrl, command) {
    if (/[\s"\\]/.test(cloneUrl))
        throw new Error(`unexpected characters in the clone URL ${cloneUrl}`);
    return [
        [`credential.${cloneUrl}.helper`, ''],
        [`credential.${cloneUrl}.helper`, command],
        [`credential.${cloneUrl}.useHttpPath`, 'true'],
        [`http.${cloneUrl}.extraHeader`, ''],
    ];
}
/** The keys the post step unsets (each with --unset-all). */
function credentialHelperKeys(cloneUrl) {
    return [
        `credential.${cloneUrl}.helper`,
        `credential.${cloneUrl}.useHttpPath`,
        `http.${cloneUrl}.extraHeader`,
    ];
}
/** The `git-remote-codecommit` program later steps find on PATH: a sh script with paths only. */
function remoteShim(nodePath, remoteScript, credentialsFile) {
    for (const word of [nodePath, remoteScript, credentialsFile]) {
        if (/[\r\n]/.test(word))
            throw new Error('a path cannot contain a line break');
    }
    return ('#!/bin/sh\n' +
        '# Written by codecommit-xaccount-clone (persist-credentials); removed by its post step.\n' +
        `exec ${shellQuote(nodePath)} ${shellQuote(remoteScript)} --credentials-file ${shellQuote(credentialsFile)} "$@"\n`);
}

;// CONCATENATED MODULE: ./src/helpers/persisted-session.ts
const VERSION = 1;
function serializeSession(session) {
    const { credentials } = session;
    return `${JSON.stringify({
        version: VERSION,
        region: session.region,
        gitOrigin: session.gitOrigin,
        gitHosts: session.gitHosts,
        roleDurationSeconds: session.roleDurationSeconds,
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken !== undefined ? { sessionToken: credentials.sessionToken } : {}),
        ...(credentials.expiration !== undefined ? { expiration: credentials.expiration.toISOString() } : {}),
    })}\n`;
}
function parseSession(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        throw new Error('the credentials file is not valid JSON');
    }
    const record = (typeof value === 'object' && value !== null ? value : {});
    const text_ = (key) => {
        const field = record[key];
        if (typeof field !== 'string' || field === '')
            throw new Error(`the credentials file has no ${key}`);
        return field;
    };
    if (record.version !== VERSION)
        throw new Error(`the credentials file is not version ${VERSION}`);
    const expiration = typeof record.expiration === 'string' ? new Date(record.expiration) : undefined;
    if (expiration !== undefined && Number.isNaN(expiration.getTime()))
        throw new Error('the credentials file has an invalid expiration');
    const duration = record.roleDurationSeconds;
    return {
        region: text_('region'),
        gitOrigin: text_('gitOrigin'),
        gitHosts: Array.isArray(record.gitHosts)
            ? record.gitHosts.filter((host) => typeof host === 'string')
            : [],
        roleDurationSeconds: typeof duration === 'number' ? duration : 0,
        credentials: {
            accessKeyId: text_('accessKeyId'),
            secretAccessKey: text_('secretAccessKey'),
            ...(typeof record.sessionToken === 'string' ? { sessionToken: record.sessionToken } : {}),
            ...(expiration !== undefined ? { expiration } : {}),
        },
    };
}
/** A password signed this close to the end would not outlive a fetch: treat the session as over. */
const EXPIRY_MARGIN_SECONDS = 30;
function sessionExpired(session, now) {
    const { expiration } = session.credentials;
    return expiration !== undefined && expiration.getTime() - EXPIRY_MARGIN_SECONDS * 1000 <= now.getTime();
}
/** What the helper and the remote say on stderr instead of letting git fail with a bare 403. */
function expiredSessionMessage(session) {
    const at = session.credentials.expiration?.toISOString() ?? 'an unknown time';
    const asked = session.roleDurationSeconds > 0 ? ` (role-duration-seconds: ${session.roleDurationSeconds})` : '';
    return (`codecommit-xaccount-clone: the AWS session of the clone step expired at ${at}${asked}. ` +
        "Raise role-duration-seconds of the clone step (up to the role's maximum session duration, at most 43200; " +
        '3600 with role chaining), or run the git commands that need it earlier in the job.');
}

;// CONCATENATED MODULE: ./src/helpers/persist-credentials.ts
/**
 * persist-credentials: after the clones, keep the session for later steps of the job. The credentials go
 * to a file only the current user can read (0600; on Windows an ACL) in a fresh private directory under
 * RUNNER_TEMP; each clone's local config gets a credential helper scoped to its URL; a git-remote-codecommit
 * program goes on the job's PATH (on Windows also as a .cmd for cmd and PowerShell). Everything is recorded
 * (paths and keys only) before it is made, so the post step can remove it.
 */









const CREDENTIALS_FILE = 'credentials.json';
const REMOTE_PROGRAM = 'git-remote-codecommit';
async function persistCredentials(plan, credentials, clones, persistence, recorder, env, logger, processes) {
    const [first] = plan.repositories;
    if (first === undefined || clones.length === 0)
        return;
    const family = persistence.osFamily ?? os_family/* HOST_OS_FAMILY */.V;
    const files = persistence.privateFiles ?? privateFiles(family);
    const directory = await (0,promises_.mkdtemp)(external_node_path_default().join(persistence.runnerTemp, 'codecommit-session-'));
    recorder.directoryCreated(directory);
    // Before anything secret goes in: what is created inside inherits the folder's protection.
    await files.protectDirectory(directory);
    const file = external_node_path_default().join(directory, CREDENTIALS_FILE);
    await (0,promises_.writeFile)(file, serializeSession({
        credentials,
        region: plan.region,
        gitOrigin: first.git.origin,
        gitHosts: [...new Set(plan.repositories.map((repository) => repository.git.host))],
        roleDurationSeconds: plan.roleDurationSeconds,
    }), { mode: files.fileMode, flag: 'wx' });
    await files.protectFile(file);
    const bin = external_node_path_default().join(directory, 'bin');
    await (0,promises_.mkdir)(bin, { mode: files.directoryMode });
    const remoteScript = external_node_path_default().join(persistence.distDir, 'git-remote-codecommit', 'index.js');
    // Git (Git for Windows too, through its sh) runs the extension-less script.
    await (0,promises_.writeFile)(external_node_path_default().join(bin, REMOTE_PROGRAM), remoteShim(persistence.nodePath, remoteScript, file), {
        mode: files.directoryMode,
        flag: 'wx',
    });
    if (family === 'windows') {
        const wrapper = cmdWrapper([persistence.nodePath, remoteScript, '--credentials-file', file], 'Written by codecommit-xaccount-clone (persist-credentials); removed by its post step.');
        await (0,promises_.writeFile)(external_node_path_default().join(bin, `${REMOTE_PROGRAM}.cmd`), wrapper, { flag: 'wx' });
    }
    persistence.addPath(bin);
    const command = helperCommand(persistence.nodePath, external_node_path_default().join(persistence.distDir, 'credential-helper', 'index.js'), file);
    for (const clone of clones) {
        recorder.configWritten(clone.targetPath, credentialHelperKeys(clone.cloneUrl));
        for (const [key, value] of credentialHelperEntries(clone.cloneUrl, command)) {
            await (0,git_process/* runGit */.EO)(['config', '--local', '--add', key, value], {
                processes,
                cwd: clone.targetPath,
                env: (0,git_environment/* gitProcessEnvironment */.bR)(env, []),
                inactivitySeconds: 60,
                what: `configuring the credential helper of ${clone.name}`,
            });
        }
        logger.info(`Later steps can fetch and push in ${clone.targetPath} until the post step.`);
    }
    logger.info(`git-remote-codecommit is on PATH for later steps: git clone codecommit::${plan.region}://<name>`);
}

// EXTERNAL MODULE: ./src/step/step-runtime.ts
var step_runtime = __webpack_require__(8607);
;// CONCATENATED MODULE: ./src/core/persist-state.ts
const persist_state_KEY = 'persisted';
class PersistRecorder {
    store;
    record = { configs: [] };
    constructor(store) {
        this.store = store;
    }
    directoryCreated(directory) {
        this.record.directory = directory;
        this.save();
    }
    configWritten(clonePath, keys) {
        this.record.configs.push({ clonePath, keys: [...keys] });
        this.save();
    }
    save() {
        this.store.save(persist_state_KEY, JSON.stringify(this.record));
    }
}
function readRecordedPersistence(store) {
    const text = store.get(persist_state_KEY);
    if (text === '')
        return { configs: [] };
    const parsed = JSON.parse(text);
    const configs = Array.isArray(parsed.configs) ? parsed.configs : [];
    return {
        ...(typeof parsed.directory === 'string' ? { directory: parsed.directory } : {}),
        configs: configs
            .filter((c) => typeof c?.clonePath === 'string' && Array.isArray(c.keys))
            .map((c) => ({ clonePath: c.clonePath, keys: c.keys.filter((k) => typeof k === 'string') })),
    };
}

;// CONCATENATED MODULE: ./src/step/clone/clone-step.ts






















/** A running clone is named in the log this often, so a long parallel clone is never silent. */
const HEARTBEAT_MS = 30_000;
/**
 * validate → check every target → look up endpoints → one set of credentials → clone every repository
 * (in parallel, bounded) → outcomes. Throws before any clone when the inputs, a target or the credentials
 * fail; a failed clone is an outcome, and only its own directory is removed.
 */
function runCloneStep(raw, context, runtime) {
    return withStepReport((report) => cloneStep(parsePlan(raw, context), context, runtime, report));
}
/** The same, for a plan the caller has parsed already (the entry point refuses bad inputs first). */
function runClonePlan(given, context, runtime) {
    return (0,step_runtime/* withStepReport */.I)((report) => cloneStep(given, context, runtime, report));
}
async function cloneStep(given, context, runtime, report) {
    const started = runtime.now().getTime();
    if (given.persistCredentials && runtime.persistence === undefined) {
        throw new Error('persist-credentials needs a later step to keep the session for; it has none here');
    }
    const choice = (0,credential_source/* chooseCredentialSource */.ML)({
        mode: given.sourceCredentials,
        awsProfile: given.awsProfile,
        env: runtime.env,
        canRequestIdToken: runtime.idToken !== undefined,
    });
    // If main is killed hard, post finds the git processes it left running here, and stops them.
    const gitProcesses = new GitProcessRecorder(runtime.state);
    runtime.processes.watch((pids) => gitProcesses.running(pids));
    const patterns = given.repositoryPatterns.length > 0;
    const early = await checkLocally(given, context, runtime);
    // Read when the first clone needs it, or now, beside the credentials, when a clone is sure to.
    const runnerConfig = runnerConfigOnce(runtime);
    const readNowIfCloning = (preparations) => {
        if (preparations.some((p) => p.kind !== 'reuse'))
            runnerConfig().catch(() => undefined);
    };
    if (early !== undefined)
        readNowIfCloning(early);
    const credentials = await (0,step_credentials/* obtainStepCredentials */.k)(given, choice, runtime, report);
    const plan = await (0,repository_listing/* resolveRepositoryPatterns */.G)(given, credentials, runtime, report);
    if (patterns)
        report.diagnoses.push(...(await gitDiagnosesMissing(plan, report.diagnoses, runtime.env)));
    const preparations = early ?? (await prepareTargets(plan, context.workspace, runtime.env, runtime.logger, runtime.processes));
    if (early === undefined)
        readNowIfCloning(preparations);
    const recorder = new StepRecorder(runtime.state);
    const targets = plan.repositories.map((repository) => repository.targetPath);
    const parents = await planParents(targets);
    recorder.parentsCreated(parents);
    await createParents(targets);
    const { outcomes, throttling } = await cloneAll(plan, preparations, report.diagnoses, runtime, {
        plan,
        credentials,
        recorder,
        mask: runtime.mask,
        env: runtime.env,
        now: runtime.now,
        sleep: runtime.sleep,
        random: runtime.random,
        every: runtime.every,
        processes: runtime.processes,
        runnerConfig,
    });
    runtime.stages?.mark('clone done');
    if (outcomes.every((outcome) => !outcome.ok)) {
        for (const parent of parents)
            await removeEmptyDirectories(parent);
    }
    if (plan.persistCredentials && runtime.persistence !== undefined) {
        await persistCredentials(plan, credentials.credentials, outcomes.flatMap((outcome) => outcome.ok
            ? [outcome.repository, ...codecommitSubmodules(outcome.repository, outcome.submodules)]
            : []), runtime.persistence, new PersistRecorder(runtime.state), runtime.env, runtime.logger, runtime.processes);
    }
    return {
        plan,
        outcomes,
        ...(credentials.assumedRoleArn !== undefined ? { assumedRoleArn: credentials.assumedRoleArn } : {}),
        summary: {
            stsEndpoint: plan.sts.host,
            ...(credentials.assumedRoleArn !== undefined ? { assumedRoleArn: credentials.assumedRoleArn } : {}),
            repositories: outcomes.map((outcome) => ({
                repository: outcome.repository.name,
                gitEndpoint: outcome.repository.git.host,
                seconds: outcome.seconds,
                ...(outcome.ok
                    ? {
                        ref: outcome.clone.ref,
                        commit: outcome.clone.commit,
                        preparedness: outcome.preparedness,
                        withCache: outcome.withCache,
                        ...(outcome.clone.ignoredFilter !== undefined
                            ? { ignoredFilter: outcome.clone.ignoredFilter }
                            : {}),
                    }
                    : { failure: outcome.failure }),
            })),
            ...(throttling !== undefined ? { throttling } : {}),
            seconds: (runtime.now().getTime() - started) / 1000,
        },
    };
}
/**
 * What needs no network comes first: git's version and, without patterns, every target (all known now),
 * so that a step refused for them makes no network call. Meanwhile the signer loads: every clone signs
 * a git password with it, and a signed STS request before that, and it needs neither.
 */
async function checkLocally(given, context, runtime) {
    (0,signing_sdk/* loadSigning */.O)().catch(() => undefined);
    await (0,git_version/* requireSupportedGit */.md)(runtime.env, runtime.processes);
    const ignored = (0,git_environment/* ignoredRepositoryVariablesNote */.y7)(runtime.env);
    if (ignored !== undefined)
        runtime.logger.info(ignored);
    return given.repositoryPatterns.length > 0
        ? undefined
        : await prepareTargets(given, context.workspace, runtime.env, runtime.logger, runtime.processes);
}
/** The runner's git config for the divert check of every new clone: read once, when first asked for. */
function runnerConfigOnce(runtime) {
    let reading;
    return () => (reading ??= (0,remote_url_check/* readRunnerGitConfig */.tn)((0,git_environment/* gitProcessEnvironment */.bR)(runtime.env, network_git/* QUIET */.DC), runtime.processes));
}
/** The git endpoints of repositories a pattern brought in, looked up as the others were. */
async function gitDiagnosesMissing(plan, known, env) {
    const found = await (0,endpoint_reachability/* lookupEndpoints */.B)({ ...plan, repositoryPatterns: [] }, env);
    return found.filter((d) => d.role === 'git' && !known.some((k) => k.role === 'git' && k.endpoint.host === d.endpoint.host));
}
/** The CodeCommit submodules of a clone, as repositories persist-credentials serves (work tree as target). */
function codecommitSubmodules(repository, submodules) {
    return submodules.flatMap(({ source, workTree }) => source.kind === 'codecommit'
        ? [
            {
                name: source.name,
                git: repository.git,
                repositoryPath: source.repositoryPath,
                cloneUrl: source.cloneUrl,
                targetPath: workTree,
            },
        ]
        : []);
}
/** One record per repository, in the plan's order. */
function repositoryWork(plan, preparations, diagnoses) {
    return plan.repositories.map((repository, index) => ({
        repository,
        preparation: preparations[index] ?? { kind: 'clone' },
        diagnosis: diagnoses.find((d) => d.role === 'git' && d.endpoint.host === repository.git.host),
    }));
}
/**
 * One repository, or one at a time: each in a log group, live. Several at once: each clone's lines are
 * kept and written as one group when it ends, so groups never interleave; a heartbeat names the clones
 * still running.
 */
async function cloneAll(plan, preparations, diagnoses, runtime, shared) {
    const work = repositoryWork(plan, preparations, diagnoses);
    const { logger } = runtime;
    const live = plan.repositories.length === 1 || plan.concurrency === 1;
    // One at a time already: throttling is only counted, for the summary.
    const ceiling = live ? 1 : Math.min(plan.concurrency, plan.repositories.length);
    const limiter = runtime.concurrencyLimit?.(ceiling) ?? new AdaptiveConcurrency(ceiling);
    /** Each clone reports its throttled attempts against the limit it started under. */
    const cloneOne = async ({ repository, preparation, diagnosis }, repositoryLogger) => {
        const ticket = limiter.started();
        runtime.stages?.mark('clone started');
        const outcome = await cloneOneRepository(repository, {
            ...shared,
            logger: repositoryLogger,
            diagnosis,
            onGitAttemptFailed: (failure) => {
                if (failure.kind === 'throttled')
                    limiter.throttledAt(ticket);
            },
        }, preparation);
        if (outcome.ok)
            limiter.succeeded();
        return outcome;
    };
    if (live) {
        const outcomes = await (0,bounded_parallel/* mapBounded */.y)(work, 1, async (item) => {
            logger.startGroup(`Clone ${item.repository.name}`);
            try {
                return await cloneOne(item, logger);
            }
            finally {
                logger.endGroup();
            }
        });
        return { outcomes, throttling: throttlingOf(limiter, logger) };
    }
    logger.info(`Cloning ${plan.repositories.length} repositories, up to ${plan.concurrency} at a time: ` +
        plan.repositories.map((r) => r.name).join(', '));
    const running = new Map();
    const stopHeartbeat = runtime.every(HEARTBEAT_MS, () => {
        const now = runtime.now().getTime();
        const names = [...running].map(([name, since]) => `${name} (${Math.round((now - since) / 1000)} s)`);
        if (names.length > 0)
            logger.info(`Still cloning: ${names.join(', ')}`);
    });
    try {
        const outcomes = await mapAdaptive(work, limiter, async (item) => {
            const { repository } = item;
            running.set(repository.name, runtime.now().getTime());
            const buffer = new core_logger/* BufferedLogger */.I();
            const outcome = await cloneOne(item, buffer);
            running.delete(repository.name);
            const result = outcome.ok ? `${outcome.clone.commit.slice(0, 12)}` : 'failed';
            logger.startGroup(`${repository.name}: ${result} (${outcome.seconds.toFixed(1)} s)`);
            buffer.flush(logger);
            logger.endGroup();
            return outcome;
        });
        return { outcomes, throttling: throttlingOf(limiter, logger) };
    }
    finally {
        stopHeartbeat();
    }
}
/** What throttling the step met, said in the log; undefined when the endpoint never throttled. */
function throttlingOf(limiter, logger) {
    if (limiter.throttled === 0)
        return undefined;
    const summary = {
        throttledRequests: limiter.throttled,
        concurrency: limiter.ceiling,
        lowestConcurrency: limiter.lowest,
        finalConcurrency: limiter.limit,
    };
    logger.info((0,job_summary/* throttlingLine */.oX)(summary));
    return summary;
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
