/**
 * The raw inputs of a step run in the bench's own process, as the runner would give them to the action:
 * every input of this repository's action.yml at its default, then the given ones.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { INPUT_NAMES, type RawInputs } from '../../src/plan/plan.js';
import { PROJECT_ROOT } from '../../test-support/action-under-test.js';

let defaults: Promise<Record<string, string>> | undefined;

async function readDefaults(): Promise<Record<string, string>> {
  const action = parseYaml(await readFile(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, spec.default ?? '']));
}

export async function stepInputs(given: Record<string, string>): Promise<RawInputs> {
  const known = await (defaults ??= readDefaults());
  const unknown = Object.keys(given).filter((name) => !(name in known));
  if (unknown.length > 0) throw new Error(`inputs not declared in action.yml: ${unknown.join(', ')}`);
  return Object.fromEntries(
    INPUT_NAMES.map((name) => [name, given[name] ?? known[name] ?? '']),
  ) as unknown as RawInputs;
}
