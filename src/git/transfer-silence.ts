/**
 * How long a git that is receiving may write nothing. git reads the pack in side-band packets of up to
 * 65520 bytes (LARGE_PACKET_DATA_MAX) and reports progress only when a whole packet is in; a transfer
 * that keeps to git's own floor (http.lowSpeedLimit, 1 KiB/s, set in git-environment.ts) can thus stay
 * silent for 64 s while bytes arrive. curl abandons a transfer below that floor after
 * network-timeout-seconds; the watchdog must not fire first, but still ends a git silent for longer
 * (a later connection whose TLS handshake never answers).
 */
const LOW_SPEED_LIMIT_BYTES_PER_SECOND = 1024;
const LARGEST_SIDEBAND_PACKET_BYTES = 65520;

export function transferSilenceSeconds(networkTimeoutSeconds: number): number {
  return networkTimeoutSeconds + Math.ceil(LARGEST_SIDEBAND_PACKET_BYTES / LOW_SPEED_LIMIT_BYTES_PER_SECOND);
}

/** A line git writes only once the remote has answered with data: its own messages, or receiving progress. */
export function isTransferUnderWayLine(line: string): boolean {
  return line.startsWith('remote: ') || /^(Receiving|Unpacking) objects: /.test(line);
}
