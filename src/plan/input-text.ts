/**
 * The text of the inputs before any input is read for its meaning: trimmed, refused when it holds control
 * characters, split into list items, read as whole numbers or booleans; and the example each input's
 * error shows. Pure.
 */
import { ENDPOINT_EXAMPLES } from './endpoints.js';
import { INPUT_NAMES, InputError, MULTI_LINE_INPUTS, type InputName, type RawInputs } from './plan.js';
import { REPOSITORY_EXAMPLE } from './repository-spec.js';

/** A valid value of each input, shown by every error about it. */
export const EXAMPLES: Readonly<Record<InputName, string>> = {
  repository: REPOSITORY_EXAMPLE,
  mode: 'clone, list or diagnose',
  'aws-region': 'eu-west-1',
  'role-to-assume': 'arn:aws:iam::123456789012:role/SwitchRole',
  'aws-profile': 'source-account',
  'source-credentials': 'auto, runner or github-oidc',
  'role-session-name': 'codecommit-clone-1234567890',
  'role-duration-seconds': '3600',
  'role-external-id': 'a1b2c3d4-shared-secret',
  'sts-endpoint': ENDPOINT_EXAMPLES['sts-endpoint'],
  'codecommit-endpoint': ENDPOINT_EXAMPLES['codecommit-endpoint'],
  'codecommit-api-endpoint': ENDPOINT_EXAMPLES['codecommit-api-endpoint'],
  ref: 'main, v1.2.0, refs/tags/v1.2.0 or a 40-hex-digit commit SHA',
  path: 'my-service or checkout/my-service',
  'fetch-depth': '1 (0 for full history)',
  submodules: 'false, true or recursive',
  'network-timeout-seconds': '30',
  'max-attempts': '3',
  concurrency: '4',
  filter: 'blob:none',
  'sparse-checkout': 'src/\ndocs/',
  audience: 'sts.amazonaws.com',
  'use-fips': 'true or false',
  'persist-credentials': 'true or false',
  clean: 'true or false',
  'cache-path': '/opt/hostedtoolcache/codecommit (in a workflow: ${{ runner.tool_cache }}/codecommit)',
};

/** C0 and C1 controls, DEL and the Unicode line/paragraph separators. */
export function hasControlCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

export function trimmedInputs(raw: RawInputs): RawInputs {
  const inputs = { ...raw };
  for (const name of INPUT_NAMES) {
    const value = raw[name].trim();
    const lines = MULTI_LINE_INPUTS.includes(name)
      ? value.split(/\r?\n/).map((line) => line.trim())
      : [value];
    if (lines.some(hasControlCharacter)) {
      const problem = MULTI_LINE_INPUTS.includes(name)
        ? 'must not contain control characters'
        : 'must be a single line without control characters';
      throw new InputError(name, problem, EXAMPLES[name]);
    }
    inputs[name] = value;
  }
  return inputs;
}

/** The items of a multi-line input: trimmed lines, without blank lines and `#` comments. */
export function listItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function parseWholeNumber(
  input: 'role-duration-seconds' | 'fetch-depth' | 'network-timeout-seconds' | 'max-attempts' | 'concurrency',
  text: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === '') return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new InputError(input, `'${text}' is not a whole number from ${min} to ${max}`, EXAMPLES[input]);
  }
  return value;
}

export function parseBoolean(
  input: 'use-fips' | 'persist-credentials' | 'clean',
  text: string,
  absent = false,
): boolean {
  if (text === '') return absent;
  if (/^false$/i.test(text)) return false;
  if (/^true$/i.test(text)) return true;
  throw new InputError(input, `'${text}' is not a boolean`, EXAMPLES[input]);
}
