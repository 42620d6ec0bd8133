/**
 * The code's shape, read from its imports: every import of `src/` points down the layer order of
 * test-support/import-graph.ts, no files or folders import each other in a circle, and no file grows
 * past a few hundred lines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../test-support/actions-runner.js';
import {
  fileCycles,
  folderCycles,
  importsOf,
  layerViolations,
  readSourceGraph,
  type ImportGraph,
} from '../../test-support/import-graph.js';

const SRC = path.join(PROJECT_ROOT, 'src');
const graph = readSourceGraph(SRC);
const MAX_LINES = 400;

describe('the imports of src/', () => {
  it('has the files of every layer', () => {
    expect(graph.size).toBeGreaterThan(100);
  });

  it('never import a higher layer, nor one mode of step/ another', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('form no cycle between files', () => {
    expect(fileCycles(graph)).toEqual([]);
  });

  it('form no cycle between folders', () => {
    expect(folderCycles(graph)).toEqual([]);
  });

  it(`keep every file under ${MAX_LINES} lines`, () => {
    const long = [...graph.keys()]
      .map((file) => [file, readFileSync(path.join(SRC, file), 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > MAX_LINES)
      .map(([file, lines]) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});

describe('the layering check', () => {
  const withImport = (from: string, to: string): ImportGraph => {
    const copy = new Map([...graph].map(([file, imports]) => [file, [...imports]]));
    copy.get(from)?.push(to);
    return copy;
  };

  it('names an import from plan/ up to git/', () => {
    expect(layerViolations(withImport('plan/plan.ts', 'git/git-process.ts'))).toEqual([
      'plan/plan.ts → git/git-process.ts: plan/ may not import git/, a higher layer',
    ]);
  });

  it('names an import from one mode of step/ into another', () => {
    expect(layerViolations(withImport('step/list/list-step.ts', 'step/clone/clone-step.ts'))).toEqual([
      'step/list/list-step.ts → step/clone/clone-step.ts: the mode step/list/ may not import another mode (step/clone/)',
    ]);
  });

  it('names a file outside every layer and an import of a file that does not exist', () => {
    const odd = new Map([...graph, ['misc/helper.ts', []]]);
    expect(layerViolations(odd)).toContain(
      'misc/helper.ts: not in a layer folder (platform, plan, core, network, aws, git, helpers, workspace, step, cli, entry)',
    );
    expect(layerViolations(withImport('git/clone.ts', 'git/nothing.ts'))).toEqual([
      'git/clone.ts → git/nothing.ts: no such file under src/',
    ]);
  });

  it('finds a cycle of two files in one folder, and the folder cycle an import back up makes', () => {
    const twoFiles = new Map([
      ['git/a.ts', ['git/b.ts']],
      ['git/b.ts', ['git/a.ts']],
      ['plan/p.ts', []],
    ]);
    expect(fileCycles(twoFiles)).toEqual([['git/a.ts', 'git/b.ts']]);
    expect(folderCycles(twoFiles)).toEqual([]);
    const folders = new Map([
      ['git/a.ts', ['plan/p.ts']],
      ['plan/p.ts', ['plan/q.ts']],
      ['plan/q.ts', ['git/b.ts']],
      ['git/b.ts', []],
    ]);
    expect(fileCycles(folders)).toEqual([]);
    expect(folderCycles(folders)).toEqual([['git', 'plan']]);
  });

  it('reads static, type-only, side-effect and dynamic imports, resolved from the importing file', () => {
    const text = [
      "import { a } from '../plan/plan.js';",
      "import type { B } from './b.js';",
      "import './side-effect.js';",
      "const c = await import('../aws/codecommit-api-client.js');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(importsOf('step/clone/x.ts', text)).toEqual([
      'step/plan/plan.ts',
      'step/clone/b.ts',
      'step/clone/side-effect.ts',
      'step/aws/codecommit-api-client.ts',
    ]);
    expect(importsOf('git/x.ts', text)).toEqual([
      'plan/plan.ts',
      'git/b.ts',
      'git/side-effect.ts',
      'aws/codecommit-api-client.ts',
    ]);
  });
});
