import type { Endpoint } from '../../src/plan/plan.js';
import {
  resolveRelativeUrl,
  submoduleSource,
  type SubmoduleSource,
  type SubmoduleUrlContext,
} from '../../src/plan/submodule-url.js';
import { httpsEndpoint } from '../plan-fixture.js';

const VPCE = 'vpce-0a1b2c3d4e5f67890-efgh5678.git-codecommit.eu-west-1.vpce.amazonaws.com';
const REGIONAL = 'git-codecommit.eu-west-1.amazonaws.com';

/** The step fetches through its vpce name (private DNS off); the superproject is `app`. */
function context(git: Endpoint = httpsEndpoint(VPCE), parentUrl = `https://${git.host}/v1/repos/app`) {
  return { parentUrl, region: 'eu-west-1', git } satisfies SubmoduleUrlContext;
}

function codecommit(name: string, host = VPCE): SubmoduleSource {
  return {
    kind: 'codecommit',
    name,
    repositoryPath: `/v1/repos/${name}`,
    cloneUrl: `https://${host}/v1/repos/${name}`,
  };
}

function problemOf(url: string, ctx: SubmoduleUrlContext = context()): string {
  const source = submoduleSource(url, ctx);
  if (source.kind !== 'invalid')
    throw new Error(`expected ${url} to be refused, got ${JSON.stringify(source)}`);
  return source.problem;
}

describe('resolveRelativeUrl resolves as git does (relative URLs are directories)', () => {
  it.each([
    ['https://h/v1/repos/app', '../lib', 'https://h/v1/repos/lib'],
    ['https://h/v1/repos/app/', '../lib', 'https://h/v1/repos/lib'],
    ['https://h/v1/repos/app', './lib', 'https://h/v1/repos/app/lib'],
    ['https://h/v1/repos/app', './../lib/', 'https://h/v1/repos/lib'],
    ['https://h/v1/repos/app', '../../other/x', 'https://h/v1/other/x'],
    ['git@github.com:org/app.git', '../lib.git', 'git@github.com:org/lib.git'],
    ['git@github.com:app.git', '../lib.git', 'git@github.com:lib.git'],
  ])('%s with %s is %s', (parent, url, expected) => {
    expect(resolveRelativeUrl(parent, url)).toBe(expected);
  });
});

describe('a CodeCommit submodule of the step is fetched through the step’s git endpoint', () => {
  it.each([
    ['a relative URL next to the superproject', '../shared-lib', 'shared-lib'],
    ['a relative URL with a .git suffix and a trailing slash', '../shared-lib.git/', 'shared-lib'],
    [
      'the regional host (which does not resolve with private DNS off)',
      `https://${REGIONAL}/v1/repos/lib`,
      'lib',
    ],
    [
      'the regional host in capitals, with :443 and .git',
      `https://GIT-CODECOMMIT.EU-WEST-1.AMAZONAWS.COM:443/v1/repos/lib.git`,
      'lib',
    ],
    [
      'another vpce name of the region',
      'https://vpce-0ffffffffffffffff-zzzz9999.git-codecommit.eu-west-1.vpce.amazonaws.com/v1/repos/lib',
      'lib',
    ],
    [
      'a zonal vpce name',
      'https://vpce-0ffffffffffffffff-zzzz9999-eu-west-1a.git-codecommit.eu-west-1.vpce.amazonaws.com/v1/repos/lib',
      'lib',
    ],
    ['the FIPS host', 'https://git-codecommit-fips.eu-west-1.amazonaws.com/v1/repos/lib', 'lib'],
    ['the step’s own endpoint', `https://${VPCE}/v1/repos/lib`, 'lib'],
    [
      'a URL with IAM git credentials’ user name (dropped)',
      `https://user-at-111111111111@${REGIONAL}/v1/repos/lib`,
      'lib',
    ],
    [
      'an ssh URL of the region (the step has no SSH key; it signs over https)',
      `ssh://APKAEIBAERJR2EXAMPLE@git-codecommit.eu-west-1.amazonaws.com/v1/repos/lib`,
      'lib',
    ],
    ['codecommit://name', 'codecommit://lib', 'lib'],
    [
      'codecommit://profile@name (the profile is the developer’s; the step signs with its own)',
      'codecommit://dev-profile@lib',
      'lib',
    ],
    ['codecommit::<region>://name', 'codecommit::eu-west-1://lib', 'lib'],
    ['codecommit::<region>://profile@name', 'codecommit::eu-west-1://dev@lib', 'lib'],
  ])('%s', (_what, url, name) => {
    expect(submoduleSource(url, context())).toEqual(codecommit(name));
  });

  it('a codecommit-endpoint that is a proxy with a port counts as the step’s CodeCommit, compared without case', () => {
    const proxy = httpsEndpoint('git-proxy.internal:8443');
    expect(submoduleSource('https://GIT-PROXY.internal:8443/v1/repos/lib', context(proxy))).toEqual(
      codecommit('lib', 'git-proxy.internal:8443'),
    );
    // The same name on another port is another server.
    expect(submoduleSource('https://git-proxy.internal/v1/repos/lib', context(proxy)).kind).toBe('foreign');
  });

  it('relative URLs of a submodule resolve against that submodule’s own URL', () => {
    const nested = context(httpsEndpoint(VPCE), `https://${VPCE}/v1/repos/shared-lib`);
    expect(submoduleSource('../deep-lib', nested)).toEqual(codecommit('deep-lib'));
  });
});

describe('a submodule on another host is foreign: fetched without the CodeCommit credentials', () => {
  it.each([
    ['https://github.com/org/lib.git', 'github.com'],
    ['https://token:x-oauth@github.example/org/lib', 'github.example'],
    ['git@github.com:org/lib.git', 'github.com'],
    ['ssh://git@gitlab.internal:2222/org/lib.git', 'gitlab.internal'],
    ['http://git.internal/lib', 'git.internal'],
    ['git://git.internal/lib', 'git.internal'],
    // Other AWS services are not CodeCommit's git endpoint.
    [
      'https://vpce-0a1b2c3d4e5f67890-abcd1234.sts.eu-west-1.vpce.amazonaws.com/v1/repos/lib',
      'vpce-0a1b2c3d4e5f67890-abcd1234.sts.eu-west-1.vpce.amazonaws.com',
    ],
    // A host that merely contains a CodeCommit name.
    [`https://${REGIONAL}.attacker.example/v1/repos/lib`, `${REGIONAL}.attacker.example`],
    ['/srv/git/lib.git', 'a local path'],
    ['file:///srv/git/lib.git', ''],
  ])('%s on %s', (url, host) => {
    expect(submoduleSource(url, context())).toEqual({ kind: 'foreign', url, host });
  });

  it('relative URLs of a foreign parent stay on its host', () => {
    const foreignParent = context(httpsEndpoint(VPCE), 'https://github.com/org/app.git');
    expect(submoduleSource('../lib.git', foreignParent)).toEqual({
      kind: 'foreign',
      url: 'https://github.com/org/lib.git',
      host: 'github.com',
    });
  });
});

describe('a submodule URL that cannot be used is refused, saying why', () => {
  it.each([
    ['-uupload-pack=touch /tmp/pwned', /starts with '-'.*option/],
    ['--config=core.sshCommand=x', /starts with '-'/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/lib\n[core]', /control character/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my lib', /space/],
    ['', /empty/],
    // Another region: the step signs for one region only.
    [
      'https://git-codecommit.us-east-1.amazonaws.com/v1/repos/lib',
      /CodeCommit in us-east-1, but this step signs for eu-west-1 only.*a step of its own/,
    ],
    [
      'https://vpce-0a1b2c3d4e5f67890-efgh5678.git-codecommit.us-east-1.vpce.amazonaws.com/v1/repos/lib',
      /us-east-1/,
    ],
    ['codecommit::us-east-1://lib', /CodeCommit in us-east-1/],
    ['https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/lib', /cn-north-1/],
    ['https://git-codecommit.eu-west-1.amazonaws.com.cn/v1/repos/lib', /end in amazonaws.com\b/],
    ['codecommit::eu-west-99x://lib', /not an AWS region/],
    ['codecommit:lib', /not a codecommit URL/],
    ['codecommit://a@b@lib', /more than one '@'/],
    ['codecommit://-p@lib', /not a profile name/],
    ['codecommit://lib.git', /not a CodeCommit repository name/],
    ['codecommit://..', /not a CodeCommit repository name/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/', /not \/v1\/repos\/<name>/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/a/b', /not \/v1\/repos\/<name>/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/-lib', /not a CodeCommit repository name/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/repos/lib', /not \/v1\/repos\/<name>/],
    ['https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/lib?x=1', /query/],
    ['http://git-codecommit.eu-west-1.amazonaws.com/v1/repos/lib', /over https.*not http:\/\//],
    ['git://git-codecommit.eu-west-1.amazonaws.com/v1/repos/lib', /not git:\/\//],
    ['https://codecommit.eu-west-1.amazonaws.com/v1/repos/lib', /API endpoint/],
    ['../../x', /resolves to https:\/\/.*\/v1\/x, and the path '\/v1\/x' is not \/v1\/repos\/<name>/],
    ['../..', /resolves to/],
  ])('%j', (url, problem) => {
    expect(problemOf(url)).toMatch(problem);
  });

  it('./lib resolves inside the superproject’s path, and the message shows ../lib', () => {
    expect(problemOf('./lib')).toMatch(
      /resolves to https:\/\/vpce-.*\/v1\/repos\/app\/lib, and the path .* is not \/v1\/repos\/<name>.*next to this one is \.\.\/lib/,
    );
  });
});
