/** `codecommit-xaccount-clone --help`. */
export const CLI_HELP = `Usage:
  codecommit-xaccount-clone [clone] --repository <repo> [options]
  codecommit-xaccount-clone list --repository <repo or pattern> [--json] [options]
  codecommit-xaccount-clone diagnose --repository <repo> [options]
  codecommit-xaccount-clone credential-helper [options] get|store|erase

Clone AWS CodeCommit repositories of another AWS account from inside a VPC: one AssumeRole through the
regional or a VPC-endpoint STS, a git password signed for the exact git endpoint, bounded network waits,
and no secret on disk, in argv or in the output. The workspace is the current directory.

clone (default) options, the same as the GitHub Action's inputs:
  --repository <repo>            name, https://git-codecommit.<region>.../v1/repos/<name>,
                                 codecommit://[profile@]<name> or codecommit::<region>://[profile@]<name>,
                                 or a pattern with * (any characters) or ? (one), matched against the
                                 repositories the role may list; repeat for several (required)
  --aws-region <region>          the repositories' region, unless the repository URL names it
  --role-to-assume <arn>         role of the repositories' account; repeat to chain roles
  --aws-profile <name>           a profile of ~/.aws/config as the source credentials
  --source-credentials <source>  auto (default), runner or github-oidc (GitHub Actions only)
  --role-session-name <name>     default codecommit-clone-<run id>
  --role-duration-seconds <n>    900 to 43200 (default 3600)
  --role-external-id <id>        external ID the role's trust policy requires
  --audience <aud>               audience of a GitHub ID token (default sts.amazonaws.com)
  --use-fips[=true|false]        FIPS endpoints for STS and git
  --sts-endpoint <url>           https:// STS endpoint, e.g. a VPC endpoint's DNS name
  --codecommit-endpoint <url>    https:// git endpoint, e.g. a git-codecommit VPC endpoint's DNS name
  --codecommit-api-endpoint <url>
                                 https:// CodeCommit API endpoint for patterns (ListRepositories), e.g.
                                 the DNS name of a VPC endpoint com.amazonaws.<region>.codecommit
  --ref <ref>                    branch, tag or full commit SHA (default the default branch)
  --path <dir>                   where to clone, relative to the current directory
  --clean[=true|false]           reuse a clone of the repository there, cleaned; empty anything else
                                 (default true; false keeps local changes and refuses other contents)
  --cache-path <dir>             absolute folder outside the current one where runs share a bare mirror
                                 per repository; clones borrow its objects and end self-contained
  --fetch-depth <n>              commits to fetch; 0 is the whole history (default 1)
  --submodules[=true|recursive]  check out submodules too (recursive: theirs as well); CodeCommit ones
                                 each signed for itself, others with git's own config (default false)
  --filter <spec>                partial-clone filter: blob:none, tree:0, blob:limit=<n>
  --sparse-checkout <dir>        cone-mode sparse checkout; repeat for several directories
  --concurrency <n>              repositories cloned at the same time, 1 to 32 (default 4)
  --network-timeout-seconds <n>  longest single network wait (default 30)
  --max-attempts <n>             attempts of each network operation (default 3)
  (--persist-credentials is the action's; use credential-helper here.)

list: the names the --repository values stand for, patterns resolved, one a line on stdout (a JSON
array with --json); clones nothing. Progress goes to stderr. Takes the clone options that reach AWS.

diagnose: the same options; clones nothing and writes nothing. Checks, in the order a request travels,
each endpoint (DNS, private or public, TCP, TLS with the certificate's name, an HTTP answer), the source
credentials and their identity (GetCallerIdentity), each role of the chain, git, and each repository
(git ls-remote proves codecommit:GitPull, and the ref is there), and prints one row per check with what
to fix. Exit status 0 when every check is fine, 1 otherwise, 2 bad usage or inputs.

credential-helper: git's credential protocol, for any CI. For "get" it assumes the role (or uses the
environment's credentials) and answers a freshly signed username and password for the CodeCommit
repository git asks about; store and erase do nothing; for any other host it says nothing. Configure it
with useHttpPath, scoped to the git endpoint, for example:
  git config --global credential.https://git-codecommit.eu-west-1.amazonaws.com.helper \\
    '!codecommit-xaccount-clone credential-helper --aws-region eu-west-1 --role-to-assume <arn>'
  git config --global credential.https://git-codecommit.eu-west-1.amazonaws.com.useHttpPath true

Source credentials: the AWS SDK default chain (environment, ~/.aws files, web identity token file,
container or instance role); its own STS calls go through --sts-endpoint (or AWS_ENDPOINT_URL_STS).
Exit status: 0 done, 1 failed (the failed clone is removed), 2 bad usage or inputs,
130 or 143 when stopped by SIGINT or SIGTERM (the partial clone is removed).
`;
