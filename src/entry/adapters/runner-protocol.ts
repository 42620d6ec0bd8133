/**
 * The Actions runner's protocol, spoken directly: inputs and state from the environment, commands on
 * stdout, outputs, state, PATH and the job summary appended to the files the runner names. It writes
 * what `@actions/core` writes (a unit test holds the two side by side) without loading `@actions/core`,
 * whose HTTP client (there for OIDC tokens) costs more start-up time than the rest of the step's set-up.
 * OIDC tokens come from `@actions/core` in a bundle of their own (oidc-token.ts), loaded only then.
 */
import { appendFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environmentFileEntry, workflowCommand } from './workflow-commands.js';

type EnvironmentFile = 'GITHUB_OUTPUT' | 'GITHUB_STATE' | 'GITHUB_PATH' | 'GITHUB_STEP_SUMMARY';

function command(name: string, message = '', properties: Record<string, string> = {}): void {
  process.stdout.write(workflowCommand(name, message, properties) + os.EOL);
}

/** The file the runner named for `variable`, or undefined on a runner without it. */
function environmentFile(variable: EnvironmentFile): string | undefined {
  const file = process.env[variable];
  if (!file) return undefined;
  if (!existsSync(file)) throw new Error(`${variable} names ${file}, which does not exist`);
  return file;
}

function appendKeyValue(variable: 'GITHUB_OUTPUT' | 'GITHUB_STATE', name: string, value: string): boolean {
  const file = environmentFile(variable);
  if (file === undefined) return false;
  const entry = environmentFileEntry(name, value, `ghadelimiter_${crypto.randomUUID()}`, os.EOL);
  appendFileSync(file, entry, 'utf8');
  return true;
}

/** An input as the runner passes it (`INPUT_<NAME>`), trimmed; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** From here on the runner replaces `secret` with *** in every log line. */
export function setSecret(secret: string): void {
  command('add-mask', secret);
}

export function info(line: string): void {
  process.stdout.write(line + os.EOL);
}

/** Shown only with the runner's step debug logging (ACTIONS_STEP_DEBUG). */
export function debug(line: string): void {
  command('debug', line);
}

export function warning(line: string): void {
  command('warning', line);
}

export function error(line: string): void {
  command('error', line);
}

export function startGroup(title: string): void {
  command('group', title);
}

export function endGroup(): void {
  command('endgroup');
}

/** Marks the step failed (exit code 1) with an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

export function setOutput(name: string, value: string): void {
  if (appendKeyValue('GITHUB_OUTPUT', name, value)) return;
  process.stdout.write(os.EOL);
  command('set-output', value, { name });
}

/** Saved for this action's post step, which reads it with `getState`. */
export function saveState(name: string, value: string): void {
  if (appendKeyValue('GITHUB_STATE', name, value)) return;
  command('save-state', value, { name });
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** Puts `dir` first on PATH for this process and for the job's later steps. */
export function addPath(dir: string): void {
  const file = environmentFile('GITHUB_PATH');
  if (file !== undefined) appendFileSync(file, dir + os.EOL, 'utf8');
  else command('add-path', dir);
  process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ''}`;
}

/** Appends markup to the job summary; fails on a runner without job summaries. */
export function appendSummary(markup: string): void {
  const file = environmentFile('GITHUB_STEP_SUMMARY');
  if (file === undefined) {
    throw new Error('GITHUB_STEP_SUMMARY is not set: this runner does not support job summaries');
  }
  appendFileSync(file, markup, 'utf8');
}
