/** `--json`: the results, every sample included, as a JSON file (times in milliseconds). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchResults } from './bench.js';

export async function writeResultsFile(file: string, results: BenchResults): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const content = { unit: 'ms', ...results, jsonPath: undefined };
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`);
}
