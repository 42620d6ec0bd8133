import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface OidcTokenBundle {
  getIDToken(audience: string): Promise<string>;
}

/**
 * An OIDC token for `audience` from the runner's token service (the job needs `id-token: write`), through
 * dist/oidc-token, the sibling bundle holding `@actions/core`'s token client. `distDir` is the action's
 * dist/ folder.
 */
export async function requestIdToken(distDir: string, audience: string): Promise<string> {
  const bundle = pathToFileURL(path.join(distDir, 'oidc-token', 'index.js')).href;
  const { getIDToken } = (await import(/* webpackIgnore: true */ bundle)) as OidcTokenBundle;
  return getIDToken(audience);
}
