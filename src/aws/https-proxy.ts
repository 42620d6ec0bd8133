import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/**
 * The proxy that HTTPS_PROXY / https_proxy / NO_PROXY / no_proxy select for a URL, as curl (and so git)
 * would choose it. Undefined when the URL goes direct.
 */
export function proxyForUrl(url: string): URL | undefined {
  const proxy = getProxyForUrl(url);
  if (proxy === '') return undefined;
  return new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
}

/** Every secret form of a proxy URL with credentials: the URL, the password, the Basic credentials. */
export function proxySecrets(proxy: URL): string[] {
  if (proxy.username === '' && proxy.password === '') return [];
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  const pair = `${user}:${password}`;
  // The bare password first: every later mask command then shows it masked already.
  const written = proxy.href.replace(/\/$/, '');
  return [password, pair, Buffer.from(pair).toString('base64'), written, proxy.href].filter(
    (secret) => secret.length > 0,
  );
}

/** `host:port` of a proxy, for messages (never its credentials). */
export function proxyLabel(proxy: URL): string {
  return `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? '443' : '80')}`;
}

export function proxyAgent(proxy: URL): HttpsProxyAgent<string> {
  return new HttpsProxyAgent(proxy.href);
}
