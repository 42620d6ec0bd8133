/**
 * What each program loads before its first decision (inputs read, the plan built or refused): no code of
 * the AWS SDK, of Smithy or of the proxy agent. Each of those packages is imported by one loader, on first
 * use, so that a mode and a credential source load only what they use: the SDK's chain when the source
 * is not the environment's keys, the signer when a git password or an STS request is signed, the
 * CodeCommit API's client when patterns are listed, the proxy agent when a proxy is used. Read from the
 * imports of `src/` (test-support/import-graph.ts); nothing is bundled.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../test-support/actions-runner.js';
import {
  loadsOf,
  packagesLoadedWith,
  readLoadGraph,
  type FileLoads,
  type LoadGraph,
} from '../../test-support/import-graph.js';

const SRC = path.join(PROJECT_ROOT, 'src');
const graph = readLoadGraph(SRC);
const DEFERRED = /^(@aws-sdk\/|@smithy\/|https-proxy-agent$)/;
const ENTRIES = readdirSync(path.join(SRC, 'entry'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `entry/${name}`);

/** `file → package` for every package matching DEFERRED that a file of `graph` imports statically. */
function staticImports(of: LoadGraph): string[] {
  return [...of].flatMap(([file, loads]) =>
    loads.packages.filter((name) => DEFERRED.test(name)).map((name) => `${file} → ${name}`),
  );
}

describe('the AWS SDK, Smithy and the proxy agent', () => {
  it('are found among the packages src/ imports', () => {
    const deferred = [...graph.values()].flatMap((loads) =>
      loads.deferred.filter((name) => DEFERRED.test(name)),
    );
    expect(deferred).toEqual(
      expect.arrayContaining([
        '@aws-sdk/client-codecommit',
        '@aws-sdk/credential-provider-node',
        '@smithy/core/config',
        '@smithy/signature-v4',
        '@smithy/hash-node',
        'https-proxy-agent',
      ]),
    );
    expect(ENTRIES).toEqual(expect.arrayContaining(['entry/main.ts', 'entry/cli.ts']));
  });

  it.each(ENTRIES)('are not loaded with %s', (entry) => {
    expect(packagesLoadedWith(entry, graph, DEFERRED)).toEqual([]);
  });

  it("leave STS to the action's own client: no file of src/ imports @aws-sdk/client-sts", () => {
    const importers = [...graph].filter(([, loads]) =>
      [...loads.packages, ...loads.deferred].includes('@aws-sdk/client-sts'),
    );
    expect(importers.map(([file]) => file)).toEqual([]);
  });

  it('are imported by no file of src/ statically, only by an import() that runs on first use', () => {
    expect(staticImports(graph)).toEqual([]);
  });

  it('are each imported by one loader', () => {
    const importers = new Map<string, string[]>();
    for (const [file, loads] of graph) {
      for (const name of loads.deferred.filter((specifier) => DEFERRED.test(specifier))) {
        importers.set(name, [...(importers.get(name) ?? []), file]);
      }
    }
    const shared = [...importers].filter(([, files]) => new Set(files).size > 1);
    expect(shared).toEqual([]);
  });
});

describe('the reading of what a file loads', () => {
  it('tells loads at start from type-only imports and from import() on first use', () => {
    const text = [
      "import { a } from '../plan/plan.js';",
      "import type { B } from './b.js';",
      "import { type C, type D } from './c.js';",
      "import { type E, f } from './e.js';",
      "import './side-effect.js';",
      "export { g } from './g.js';",
      "export type { H } from './h.js';",
      'import {',
      '  STSClient,',
      '  type Credentials,',
      "} from '@aws-sdk/client-sts';",
      "import type * as Signer from '@smithy/signature-v4';",
      "import { readFileSync } from 'node:fs';",
      "const later = () => import('@aws-sdk/client-codecommit');",
      "const mode = await import('./mode.js');",
      "let agent: Promise<typeof import('https-proxy-agent')>;",
      "export const from = 'x';",
    ].join('\n');
    expect(loadsOf('step/x.ts', text)).toEqual({
      files: ['plan/plan.ts', 'step/e.ts', 'step/side-effect.ts', 'step/g.ts'],
      packages: ['@aws-sdk/client-sts'],
      deferred: ['@aws-sdk/client-codecommit', 'step/mode.ts'],
    });
  });

  const small = (loadsAtStart: boolean): LoadGraph =>
    new Map<string, FileLoads>([
      ['entry/x.ts', { files: ['step/a.ts'], packages: [], deferred: ['step/b.ts'] }],
      ['step/a.ts', { files: loadsAtStart ? ['aws/c.ts'] : [], packages: [], deferred: [] }],
      ['step/b.ts', { files: ['aws/c.ts'], packages: [], deferred: [] }],
      ['aws/c.ts', { files: [], packages: ['@aws-sdk/client-sts', 'yaml'], deferred: [] }],
    ]);

  it('follows the files loaded at start, not those an import() loads', () => {
    expect(packagesLoadedWith('entry/x.ts', small(false), DEFERRED)).toEqual([]);
  });

  it('names the chain of files by which an entry loads one of them', () => {
    expect(packagesLoadedWith('entry/x.ts', small(true), DEFERRED)).toEqual([
      'entry/x.ts → step/a.ts → aws/c.ts → @aws-sdk/client-sts',
    ]);
    expect(staticImports(small(false))).toEqual(['aws/c.ts → @aws-sdk/client-sts']);
  });
});
