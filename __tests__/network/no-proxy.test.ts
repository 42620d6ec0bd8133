import { noProxyMatches } from '../../src/network/no-proxy.js';

/**
 * [host as a URL gives it, NO_PROXY, whether curl (and so git) goes direct]. From libcurl's
 * CURLOPT_NOPROXY documentation and its own unit test of Curl_check_noproxy (unit1614). Each row was
 * also run with curl 7.88 (Debian 12's, which git uses there) and a proxy that refuses connections: it
 * agrees on all but the two IPv6 ranges, which that release never matches although its documentation
 * and curl's own test say it does; the documented behaviour is kept.
 */
const CURL_CASES: [string, string, boolean][] = [
  // The documentation's example: "ample.com" matches ample.com, ample.com:80 and www.ample.com …
  ['ample.com', 'ample.com', true],
  ['www.ample.com', 'ample.com', true],
  // … but not www.example.com or ample.com.org.
  ['www.example.com', 'ample.com', false],
  ['ample.com.org', 'ample.com', false],
  // A bare domain covers the AWS names below it: what NO_PROXY=amazonaws.com means to git.
  ['sts.eu-west-1.amazonaws.com', 'amazonaws.com', true],
  ['vpce-0a1b2c3d4e5f67890-abcd1234.sts.eu-west-1.vpce.amazonaws.com', 'amazonaws.com', true],
  ['git-codecommit.cn-north-1.amazonaws.com.cn', 'amazonaws.com', false],
  ['notamazonaws.com', 'amazonaws.com', false],
  // A leading dot matches the domain itself as well as its subdomains; trailing dots are ignored.
  ['www.example.com', 'localhost,.example.com,.example.de', true],
  ['example.com', 'localhost,.example.com,.example.de', true],
  ['example.com.', 'localhost,.example.com,.example.de', true],
  ['www.example.com', 'localhost,.example.com.,.example.de', true],
  ['www.example.com', 'localhost,www.example.com.,.example.de', true],
  ['nonexample.com', '.example.com, .example.net', false],
  ['www.example.com', 'www2.example.com, .example.net', false],
  ['www.example.com', 'localhost,example.com,.example.de', true],
  // Names compare without regard to case; blanks and repeated commas separate entries.
  ['bar', 'foo, bar, ::1/64', true],
  ['bar', 'FOO,,,,,              BAR', true],
  ['localhost', 'foo localhost', true],
  ['foobar', 'barfoo', false],
  // "The only wildcard available is a single * character, which matches all hosts."
  ['sts.eu-west-1.amazonaws.com', '*', true],
  ['127.0.0.1', '*', true],
  ['[::1]', '*', true],
  // Only as the whole list: among other entries, or in front of a domain, * is no wildcard.
  ['sts.eu-west-1.amazonaws.com', 'localhost,*', false],
  ['sts.eu-west-1.amazonaws.com', '*.amazonaws.com', false],
  // curl compares names only: the URL's port does not matter, and an entry with a port matches nothing.
  ['localhost', 'localhost:8443', false],
  ['sts.eu-west-1.amazonaws.com', 'sts.eu-west-1.amazonaws.com:443', false],
  // IP literals: the address, or a CIDR range (curl 7.86 and later).
  ['127.0.0.1', '127.0.0.1,localhost', true],
  ['127.0.0.1', 'localhost,127.0.0.1,', true],
  ['127.0.0.1', '127.0.0.1/8,localhost,', true],
  ['127.0.0.1', '127.0.0.0/24', true],
  ['127.0.0.1', '127.1.0.0/16', false],
  ['192.168.0.1', '192.168.0.0/16', true],
  ['192.168.0.1', '192.168.0.0/24', true],
  ['192.168.0.1', '192.168.0.0/32', false],
  ['192.168.0.1', '192.168.0.0', false],
  ['192.168.1.1', 'foo, bar, 192.168.0.0/24', false],
  ['192.168.1.1', 'foo, bar, 192.168.0.0/16', true],
  ['10.1.2.3', '10.0.0.0/33', false],
  // An address is never matched as a name, nor a name by an address.
  ['127.0.0.1', '.0.0.1', false],
  ['192.168.0.1', 'foobar', false],
  ['localhost', '127.0.0.1', false],
  // IPv6 literals, entered without brackets.
  ['[::1]', 'example.com,::1,localhost', true],
  ['[::1]', 'foo, bar, ::1/64', true],
  ['[::1]', 'foo, bar, 192.168.0.0/16', false],
  ['[fd00::1234]', 'fd00::/8', true],
  ['[fe80::1]', 'fd00::/8', false],
  // Nothing set: every host goes through the proxy.
  ['sts.eu-west-1.amazonaws.com', '', false],
];

describe('noProxyMatches decides as curl does', () => {
  test.each(CURL_CASES)('%s with NO_PROXY=%j: direct %s', (host, noProxy, direct) => {
    expect(noProxyMatches(host, noProxy)).toBe(direct);
  });

  test('an unset NO_PROXY exempts nothing', () => {
    expect(noProxyMatches('localhost', undefined)).toBe(false);
  });
});
