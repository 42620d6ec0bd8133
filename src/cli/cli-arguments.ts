/**
 * The command line of `codecommit-xaccount-clone`: a subcommand, then one flag per action input
 * (`--name value` or `--name=value`). Pure: argv in, a decision or a UsageError out.
 */
import { INPUT_NAMES, MULTI_LINE_INPUTS, type InputName, type RawInputs } from '../plan/plan.js';
import { isCredentialOperation, type CredentialOperation } from '../helpers/credential-protocol.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'clone'; raw: RawInputs }
  /** The repositories' names, patterns resolved: one a line, or a JSON array with `--json`. */
  | { kind: 'list'; raw: RawInputs; json: boolean }
  | { kind: 'diagnose'; raw: RawInputs }
  | { kind: 'credential-helper'; raw: RawInputs; operation: CredentialOperation };

/** Flags that may stand alone, meaning true. */
const BOOLEAN_INPUTS: readonly InputName[] = ['use-fips', 'clean', 'submodules'];
/** Inputs that only make sense with a post step, which a command does not have. */
const ACTION_ONLY: Partial<Record<InputName, string>> = {
  mode: 'the subcommand chooses it: clone (the default), list or diagnose',
  'persist-credentials':
    'a command has no post step to remove a persisted session; configure "codecommit-xaccount-clone credential-helper" as git\'s credential helper instead',
};

function emptyInputs(): RawInputs {
  return Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as unknown as RawInputs;
}

function isInputName(name: string): name is InputName {
  return (INPUT_NAMES as readonly string[]).includes(name);
}

export function parseCliArguments(argv: readonly string[]): CliCommand {
  const args = [...argv];
  let command: 'clone' | 'list' | 'diagnose' | 'credential-helper' = 'clone';
  let operation: CredentialOperation | undefined;
  let json = false;
  if (
    args[0] === 'clone' ||
    args[0] === 'list' ||
    args[0] === 'diagnose' ||
    args[0] === 'credential-helper'
  ) {
    command = args[0];
    args.shift();
  }
  const raw = emptyInputs();
  const seen = new Set<InputName>();
  while (args.length > 0) {
    const arg = args.shift() ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version') return { kind: 'version' };
    if (command === 'list' && arg === '--json') {
      json = true;
      continue;
    }
    if (command === 'credential-helper' && isCredentialOperation(arg) && operation === undefined) {
      operation = arg;
      continue;
    }
    const flag = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (flag === null) {
      throw new UsageError(
        command === 'credential-helper'
          ? `unexpected argument '${arg}': the credential helper takes get, store or erase and --flags`
          : `unexpected argument '${arg}': give the repository with --repository`,
      );
    }
    const name = flag[1] ?? '';
    if (!isInputName(name)) throw new UsageError(`unknown option --${name} (see --help)`);
    const refused = ACTION_ONLY[name];
    if (refused !== undefined) throw new UsageError(`--${name} is not available here: ${refused}`);
    let value = flag[2];
    if (value === undefined) {
      const next = args[0];
      if (BOOLEAN_INPUTS.includes(name) && (next === undefined || next.startsWith('--'))) value = 'true';
      else if (next === undefined) throw new UsageError(`--${name} needs a value`);
      else value = args.shift() ?? '';
    }
    if (seen.has(name)) {
      if (!MULTI_LINE_INPUTS.includes(name)) throw new UsageError(`--${name} is given more than once`);
      raw[name] = `${raw[name]}\n${value}`;
    } else {
      raw[name] = value;
    }
    seen.add(name);
  }
  if (command === 'credential-helper') {
    if (operation === undefined)
      throw new UsageError('the credential helper needs the operation git passes: get, store or erase');
    return { kind: 'credential-helper', raw, operation };
  }
  if (!seen.has('repository')) throw new UsageError('--repository is required (see --help)');
  if (command === 'list') return { kind: 'list', raw: { ...raw, mode: 'list' }, json };
  return command === 'diagnose'
    ? { kind: command, raw: { ...raw, mode: 'diagnose' } }
    : { kind: command, raw };
}
