/**
 * The demo's two settings. As root it re-runs itself inside private mount and network namespaces
 * (`unshare`), where only loopback exists and a bind-mounted /etc/hosts plays the VPC's private DNS: a
 * closed VPC. Without root, or without unshare, it runs the fakes on 127.0.0.1 instead (loopback mode).
 */
import { connect } from 'node:net';
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { runCommand } from '../../test-support/run-command.js';
import {
  decideNamespaceEntry,
  rerunInClosedNamespace,
  type ClosedVpcMode,
  type EntryVariables,
  type NamespaceEntry,
} from '../../test-support/closed-vpc/namespace-entry.js';

export type DemoMode = ClosedVpcMode;
export type ModeDecision = NamespaceEntry;

const VARIABLES: EntryVariables = {
  mode: 'DEMO_MODE',
  inside: 'CODECOMMIT_DEMO_INSIDE_CLOSED_VPC',
  reason: 'CODECOMMIT_DEMO_MODE_REASON',
};

/** `auto` (default), `closed-vpc` or `loopback`. */
export const MODE_VARIABLE = VARIABLES.mode;

export function decideMode(env: NodeJS.ProcessEnv = process.env): ModeDecision {
  return decideNamespaceEntry(VARIABLES, env);
}

/** Runs this same script again inside fresh mount and network namespaces; resolves with its exit code. */
export function reexecInClosedNamespace(reason: string, extraEnv: Record<string, string>): Promise<number> {
  return rerunInClosedNamespace(VARIABLES, reason, extraEnv);
}

export async function bringLoopbackUp(): Promise<void> {
  await runCommand('ip', ['link', 'set', 'lo', 'up']);
}

/** Network interfaces of this namespace, from /proc/net/dev (which is per namespace). */
export async function networkInterfaces(): Promise<string[]> {
  return (await readFile('/proc/net/dev', 'utf8'))
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter((name) => name.length > 0);
}

/** What a DNS lookup of a public name gives: the error code when it fails, as it should in the VPC. */
export async function probeLookup(name: string): Promise<string> {
  try {
    const { address } = await lookup(name);
    return `resolves to ${address}`;
  } catch (error) {
    return `does not resolve (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

/** What a TCP connection to a public address gives: unreachable, as it should be in the VPC. */
export function probeConnect(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: 2000 });
    const done = (outcome: string) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.once('connect', () => done('connected'));
    socket.once('timeout', () => done('no answer within 2 s'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(`fails (${error.code ?? error.message})`));
  });
}
