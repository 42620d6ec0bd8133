/**
 * What a git server supports, read from its capability advertisement as git traces it
 * (`GIT_TRACE_PACKET=1` on an `ls-remote` that asks for protocol v2): the protocol it answered in,
 * whether it advertises `filter` (partial clone) and `shallow` (fetch-depth), and whether it serves a
 * commit by SHA that no ref points at. Decided from the advertisement alone: no pack is downloaded.
 * Pure.
 */

/** How a commit that no branch or tag points at can be fetched by its SHA. */
export type CommitByShaSupport =
  /** Any commit it has: protocol v2 `fetch`, or v0's `allow-reachable-sha1-in-want`. */
  | 'any'
  /** Only the tips of refs it hides (v0's `allow-tip-sha1-in-want` alone), never a commit deeper in history. */
  | 'hidden-tips'
  /** Only the commits its advertised refs point at. */
  | 'tips';

export interface ServerCapabilities {
  /** `v0` covers v1 too: v1 is v0 with a version line first. */
  protocol: 'v2' | 'v0';
  /** `filter`: a partial clone (the `filter` input) is honoured. */
  filter: boolean;
  /** `shallow`: a shallow clone (`fetch-depth` above 0) is served. */
  shallow: boolean;
  commitBySha: CommitByShaSupport;
  /** The capability that decided `commitBySha`, as advertised (`fetch`, `allow-tip-sha1-in-want`). */
  commitByShaCapability?: string;
  /** The server's `agent=` (e.g. `git/2.39.5`), when it says. */
  agent?: string;
}

/** `15:04:05.123456 pkt-line.c:80  ` (git's trace prefix: time, then source file and line). */
const TRACE_PREFIX = /^\d{2}:\d{2}:\d{2}\.\d{6} \S+:\d+\s/;
/** `packet:          git< version 2`: a packet git (or its remote helper) read. */
const PACKET_READ = /^\d{2}:\d{2}:\d{2}\.\d{6} \S+:\d+\s+packet:\s+\S+< (.*)$/;

/** A line of git's trace output (not one of its messages). */
export function isTraceLine(line: string): boolean {
  return TRACE_PREFIX.test(line);
}

/** git's stderr without its trace lines: what git itself said. */
export function withoutTraceLines(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .filter((line) => !isTraceLine(line))
    .join('\n');
}

/**
 * The capabilities in a packet trace, from the first advertisement git read; undefined when the trace
 * holds none (the server did not answer as a smart git server).
 */
export function parseCapabilityTrace(stderr: string): ServerCapabilities | undefined {
  const packets: string[] = [];
  for (const line of stderr.split(/\r?\n/)) {
    const packet = PACKET_READ.exec(line);
    if (packet !== null) packets.push(packet[1] ?? '');
  }
  const v2 = packets.indexOf('version 2');
  const v0 = packets.findIndex((packet) => packet.includes('\\0'));
  if (v2 !== -1 && (v0 === -1 || v2 < v0)) return fromV2(packets.slice(v2 + 1));
  if (v0 !== -1) return fromV0(packets[v0] ?? '');
  return undefined;
}

/** Protocol v2: one capability a line (`fetch=shallow wait-for-done filter`) until the flush packet. */
function fromV2(lines: readonly string[]): ServerCapabilities {
  const capabilities = new Map<string, string>();
  for (const line of lines) {
    if (line === '0000') break;
    // The remote helper and git both trace the advertisement's first line.
    if (line === 'version 2') continue;
    const equals = line.indexOf('=');
    if (equals === -1) capabilities.set(line, '');
    else capabilities.set(line.slice(0, equals), line.slice(equals + 1));
  }
  const fetch = capabilities.get('fetch');
  const features = new Set((fetch ?? '').split(' ').filter((feature) => feature !== ''));
  const agent = capabilities.get('agent');
  return {
    protocol: 'v2',
    filter: features.has('filter'),
    shallow: features.has('shallow'),
    // v2's `fetch` takes any object the server has as a want; without `fetch` nothing can be fetched.
    commitBySha: fetch !== undefined ? 'any' : 'tips',
    ...(fetch !== undefined ? { commitByShaCapability: 'fetch' } : {}),
    ...(agent !== undefined && agent !== '' ? { agent } : {}),
  };
}

/** Protocol v0: the capabilities follow a NUL (traced as `\0`) on the first ref line. */
function fromV0(firstRef: string): ServerCapabilities {
  const listed = firstRef.slice(firstRef.indexOf('\\0') + 2).split(' ');
  const capabilities = new Set(listed.filter((capability) => capability !== ''));
  const agent = listed.find((capability) => capability.startsWith('agent='))?.slice('agent='.length);
  const commitBySha: CommitByShaSupport = capabilities.has('allow-reachable-sha1-in-want')
    ? 'any'
    : capabilities.has('allow-tip-sha1-in-want')
      ? 'hidden-tips'
      : 'tips';
  const decidedBy = { any: 'allow-reachable-sha1-in-want', 'hidden-tips': 'allow-tip-sha1-in-want' } as const;
  return {
    protocol: 'v0',
    filter: capabilities.has('filter'),
    shallow: capabilities.has('shallow'),
    commitBySha,
    ...(commitBySha !== 'tips' ? { commitByShaCapability: decidedBy[commitBySha] } : {}),
    ...(agent !== undefined && agent !== '' ? { agent } : {}),
  };
}
