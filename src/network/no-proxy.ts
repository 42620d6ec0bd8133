/**
 * Whether NO_PROXY exempts a host, decided as libcurl decides it for git (Curl_check_noproxy), so that
 * STS goes direct exactly when git does. Pure: the caller passes the list.
 *
 * - The whole list `*` exempts every host; `*` among other entries is no wildcard (nor is `*.example.com`).
 * - Entries are separated by commas and blanks.
 * - A name entry (`example.com`, `.example.com`, `example.com.`: one leading and one trailing dot are
 *   ignored) matches that host and every subdomain, case-insensitively, on any port; never
 *   `notexample.com`. An entry with a port (`example.com:443`) matches nothing: curl compares names only.
 * - For a host that is an IP literal, entries are addresses or CIDR ranges (`10.0.0.0/8`, `fd00::/8`);
 *   `/0` and no prefix compare the whole address. Name entries never match an address, nor the reverse.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** `hostname` as a URL gives it (`[::1]` with brackets for IPv6); `noProxy` the variable's value. */
export function noProxyMatches(hostname: string, noProxy: string | undefined): boolean {
  if (noProxy === undefined || noProxy === '' || hostname === '') return false;
  if (noProxy === '*') return true;
  const entries = noProxy.split(/[ \t,]+/).filter((entry) => entry.length > 0);
  if (hostname.startsWith('[')) {
    const address = hostname.slice(1, hostname.indexOf(']'));
    return entries.some((entry) => addressMatches(address, 'ipv6', entry));
  }
  if (isIPv4(hostname)) return entries.some((entry) => addressMatches(hostname, 'ipv4', entry));
  const name = withoutTrailingDot(hostname).toLowerCase();
  return entries.some((entry) => nameMatches(name, entry));
}

function nameMatches(name: string, entry: string): boolean {
  let domain = withoutTrailingDot(entry).toLowerCase();
  if (domain.startsWith('.')) domain = domain.slice(1);
  if (domain.length === name.length) return domain === name;
  return domain.length < name.length && name.endsWith(`.${domain}`);
}

function withoutTrailingDot(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

/** curl keeps at most this much of an address entry; a longer one cannot match. */
const MAX_ADDRESS_ENTRY = 127;

function addressMatches(address: string, family: 'ipv4' | 'ipv6', entry: string): boolean {
  if (entry.length > MAX_ADDRESS_ENTRY) return false;
  const slash = entry.indexOf('/');
  const network = slash >= 0 ? entry.slice(0, slash) : entry;
  // As C's atoi: the leading digits, 0 without any.
  const bits = slash >= 0 ? Number(/^\d*/.exec(entry.slice(slash + 1))?.[0] || '0') : 0;
  const width = family === 'ipv4' ? 32 : 128;
  if (bits > width) return false;
  if (family === 'ipv4' ? !isIPv4(network) : !isIPv6(network)) return false;
  const list = new BlockList();
  if (bits === 0 || bits === width) list.addAddress(network, family);
  else list.addSubnet(network, bits, family);
  return list.check(address, family);
}
