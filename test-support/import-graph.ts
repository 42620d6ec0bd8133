/**
 * The import graph of `src/` and the rule it must keep: every import points down the layer order, and no
 * files or folders import each other in a circle. Also what a file loads with it and what it leaves to an
 * `import()`. Pure apart from `readSourceGraph` and `readLoadGraph`, which read the files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The layers, lowest first. A file may import files of its own layer and of the layers before it.
 * `step/` holds one folder per mode; a mode never imports another mode, only `step/`'s shared files.
 */
export const LAYERS = [
  'platform',
  'plan',
  'core',
  'network',
  'aws',
  'git',
  'helpers',
  'workspace',
  'step',
  'cli',
  'entry',
] as const;

/** A source file (path relative to `src/`, `/`-separated) and the files it imports, resolved likewise. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm;

/** The relative imports of one file's text, resolved to paths relative to `src/` (`.js` read as `.ts`). */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] as string;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    found.push(resolved.replace(/\.js$/, '.ts'));
  }
  return found;
}

/** Reads every `.ts` file under `srcRoot` into an import graph. */
export function readSourceGraph(srcRoot: string): ImportGraph {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const file = path.relative(srcRoot, full).split(path.sep).join('/');
        graph.set(file, importsOf(file, readFileSync(full, 'utf8')));
      }
    }
  };
  walk(srcRoot);
  return graph;
}

/** What loading one file of `src/` loads with it, and what it leaves to an `import()` that runs later. */
export interface FileLoads {
  /** Files of `src/` loaded with it: its imports and re-exports that are not type-only (TS erases those). */
  files: string[];
  /** Packages loaded with it, likewise (`node:` built-ins left out). */
  packages: string[];
  /** What its `import()` calls load when they run: files of `src/` (resolved) and packages. */
  deferred: string[];
}

export type LoadGraph = ReadonlyMap<string, FileLoads>;

// `import … from '…'`, `import '…'`, `export … from '…'` at the start of a line; the clause holds only
// names, braces, commas and `*`, so that no other `export` statement is read as one.
const STATIC_IMPORT = /^[ \t]*(?:import|export)\s+(type\s+)?(?:([\w\s{},*$]*?)\s*from\s*)?'([^']+)'/gm;
const DYNAMIC_IMPORT = /(\btypeof\s+)?\bimport\s*\(\s*'([^']+)'\s*\)/g;

/** `{ type A, type B }`: every name type-only, so TS drops the whole statement. */
function onlyTypes(clause: string): boolean {
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  if (braces === null) return false;
  const names = (braces[1] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.length > 0 && names.every((name) => /^type\s/.test(name));
}

/** The loads of one file's text; relative specifiers resolved to paths relative to `src/`. */
export function loadsOf(file: string, text: string): FileLoads {
  const resolve = (specifier: string): string =>
    specifier.startsWith('.')
      ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts')
      : specifier;
  const loads: FileLoads = { files: [], packages: [], deferred: [] };
  for (const [, typeKeyword, clause, specifier] of text.matchAll(STATIC_IMPORT)) {
    if (typeKeyword !== undefined || onlyTypes(clause ?? '') || specifier === undefined) continue;
    if (specifier.startsWith('.')) loads.files.push(resolve(specifier));
    else if (!specifier.startsWith('node:')) loads.packages.push(specifier);
  }
  for (const [, typeOf, specifier] of text.matchAll(DYNAMIC_IMPORT)) {
    if (typeOf === undefined && specifier !== undefined) loads.deferred.push(resolve(specifier));
  }
  return loads;
}

/** Reads every `.ts` file under `srcRoot` into a load graph. */
export function readLoadGraph(srcRoot: string): LoadGraph {
  const graph = new Map<string, FileLoads>();
  for (const file of readSourceGraph(srcRoot).keys()) {
    graph.set(file, loadsOf(file, readFileSync(path.join(srcRoot, file), 'utf8')));
  }
  return graph;
}

/**
 * The packages matching `packages` that loading `entry` loads before any `import()` runs, each as the
 * chain of files that leads to it: `entry/main.ts → step/x.ts → @aws-sdk/client-sts`.
 */
export function packagesLoadedWith(entry: string, graph: LoadGraph, packages: RegExp): string[] {
  const via = new Map<string, string[]>([[entry, [entry]]]);
  const found: string[] = [];
  for (const [file, chain] of via) {
    const loads = graph.get(file);
    for (const name of loads?.packages ?? [])
      if (packages.test(name)) found.push([...chain, name].join(' → '));
    for (const next of loads?.files ?? []) if (!via.has(next)) via.set(next, [...chain, next]);
  }
  return found;
}

/** The layer of a file: its first folder, or undefined when that folder is not a layer. */
export function layerOf(file: string): string | undefined {
  const top = file.split('/')[0] ?? '';
  return (LAYERS as readonly string[]).includes(top) ? top : undefined;
}

/** The folder a file is in (`step/clone`, `git`). */
export function folderOf(file: string): string {
  return path.posix.dirname(file);
}

/** `step/<mode>/…` → the mode; undefined for the shared files of `step/` and for other layers. */
function modeOf(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'step' && parts.length > 2 ? parts[1] : undefined;
}

/** Every import that breaks the layer order, as `from → to: why`. */
export function layerViolations(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const [file, imports] of graph) {
    const layer = layerOf(file);
    if (layer === undefined) {
      problems.push(`${file}: not in a layer folder (${LAYERS.join(', ')})`);
      continue;
    }
    for (const target of imports) {
      if (!graph.has(target)) {
        problems.push(`${file} → ${target}: no such file under src/`);
        continue;
      }
      const targetLayer = layerOf(target);
      if (targetLayer === undefined) continue;
      if (LAYERS.indexOf(targetLayer as never) > LAYERS.indexOf(layer as never)) {
        problems.push(`${file} → ${target}: ${layer}/ may not import ${targetLayer}/, a higher layer`);
        continue;
      }
      const [fromMode, toMode] = [modeOf(file), modeOf(target)];
      if (layer === 'step' && targetLayer === 'step' && toMode !== undefined && toMode !== fromMode) {
        problems.push(
          fromMode === undefined
            ? `${file} → ${target}: step/'s shared files may not import a mode (step/${toMode}/)`
            : `${file} → ${target}: the mode step/${fromMode}/ may not import another mode (step/${toMode}/)`,
        );
      }
    }
  }
  return problems;
}

/** The strongly connected components with more than one member (or a self-loop): the cycles. */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node)?.has(node) === true) found.push(component.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** Cycles among files. */
export function fileCycles(graph: ImportGraph): string[][] {
  return cycles(new Map([...graph].map(([file, imports]) => [file, new Set(imports)])));
}

/** Cycles among folders (an import inside one folder is no edge). */
export function folderCycles(graph: ImportGraph): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    const from = folderOf(file);
    const targets = edges.get(from) ?? new Set<string>();
    edges.set(from, targets);
    for (const target of imports) if (folderOf(target) !== from) targets.add(folderOf(target));
  }
  return cycles(edges);
}
