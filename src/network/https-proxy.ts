import type * as ProxyAgentModule from 'https-proxy-agent';
import { noProxyMatches } from './no-proxy.js';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The proxy an `https://` URL goes through, chosen as git chooses it for its own requests: `https_proxy`,
 * else `HTTPS_PROXY`, else `all_proxy`, else `ALL_PROXY` (the lowercase name wins even when empty, and
 * empty means none); and not when `no_proxy` (else `NO_PROXY`) exempts the host as curl reads it
 * (see no-proxy.ts). Undefined when the URL goes direct.
 */
export function proxyForUrl(url: string, env: Environment): URL | undefined {
  const proxy =
    firstDefined(env, ['https_proxy', 'HTTPS_PROXY']) ?? firstDefined(env, ['all_proxy', 'ALL_PROXY']);
  if (proxy === undefined || proxy === '') return undefined;
  if (noProxyMatches(new URL(url).hostname, firstDefined(env, ['no_proxy', 'NO_PROXY']))) return undefined;
  return new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
}

function firstDefined(env: Environment, names: readonly string[]): string | undefined {
  for (const name of names) if (env[name] !== undefined) return env[name];
  return undefined;
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

let loading: Promise<typeof ProxyAgentModule> | undefined;

/** An agent that tunnels through `proxy` (CONNECT); its package is loaded only when a proxy is used. */
export async function proxyAgent(proxy: URL): Promise<ProxyAgentModule.HttpsProxyAgent<string>> {
  const { HttpsProxyAgent } = await (loading ??= import('https-proxy-agent'));
  return new HttpsProxyAgent(proxy.href);
}
