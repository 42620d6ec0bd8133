/**
 * Runs a probe against the real src modules in a plain Node process. Needed where jest's VM realm changes
 * what the SDK throws: Node's own network errors come from the host realm, fail the SDK's
 * `instanceof Error`, and get wrapped into a bare Error without `code`, which never happens in the action.
 * src/ is transpiled (types stripped, nothing else) into a temp directory that links the project's
 * node_modules.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface PlainNode {
  /**
   * Runs `script` (an ES module that may import `./src/...js`) with args, and `env` over the test's own
   * environment (e.g. NODE_EXTRA_CA_CERTS, which Node reads only at start); resolves with its stdout.
   */
  run(script: string, args: readonly string[], env?: Readonly<Record<string, string>>): Promise<string>;
  cleanup(): Promise<void>;
}

async function transpileTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      await transpileTree(source, path.join(to, entry.name));
    } else if (entry.name.endsWith('.ts')) {
      const output = ts.transpileModule(await readFile(source, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        fileName: entry.name,
      });
      await writeFile(path.join(to, entry.name.replace(/\.ts$/, '.js')), output.outputText);
    }
  }
}

export async function preparePlainNode(): Promise<PlainNode> {
  const dir = await mkdtemp(path.join(tmpdir(), 'plain-node-'));
  await transpileTree(path.join(ROOT, 'src'), path.join(dir, 'src'));
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  let counter = 0;
  return {
    async run(script, args, env = {}) {
      counter += 1;
      const file = path.join(dir, `probe-${counter}.js`);
      await writeFile(file, script);
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [file, ...args], {
          cwd: dir,
          env: {
            ...process.env,
            NODE_OPTIONS: '',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            ...env,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => {
          if (code === 0) resolve(stdout);
          else reject(new Error(`probe exited with ${code}: ${stderr}`));
        });
      });
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
