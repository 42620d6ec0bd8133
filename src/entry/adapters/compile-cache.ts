/**
 * V8's compile cache for the step's code: the entry bundle is small and loads the code of its mode, and
 * the AWS SDK, as chunks afterwards; enabled before those load, the cache lets a later job on the same
 * runner skip compiling them. Kept only in a folder private to the runner's user under the runner's tool
 * cache (never a shared temporary folder, where another user could plant code for this one), keyed by
 * the bundle and the node binary, and skipped silently whenever any of that cannot be had.
 *
 * The key is the bundle file's size and modification time, not a hash of its bytes: hashing would load
 * node:crypto before the first decision. A new release is a new checkout of the action, with new
 * times; and node itself checks each cached entry against a hash of the code it compiles, so no key
 * can make it run stale code, only miss the cache.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';

export interface CompileCacheHost {
  env: Readonly<Record<string, string | undefined>>;
  /** The running user's id; undefined where there are none (Windows: the tool cache is per user already). */
  uid: number | undefined;
  nodeVersion: string;
  /** The bundle whose chunks are cached: its size and time key the folder. */
  bundle: string;
}

/** What of the bundle file keys the folder. */
export interface BundleFile {
  size: number;
  mtimeMs: number;
}

/** The folder for this bundle and node, or undefined when the runner has no tool cache. */
export function compileCacheFolder(host: CompileCacheHost, bundle: BundleFile): string | undefined {
  const toolCache = host.env.RUNNER_TOOL_CACHE;
  if (toolCache === undefined || toolCache === '' || !path.isAbsolute(toolCache)) return undefined;
  const node = host.nodeVersion.replace(/[^\w.-]/g, '_');
  const key = `${node}-${bundle.size.toString(36)}-${Math.round(bundle.mtimeMs).toString(36)}`;
  const user = host.uid !== undefined ? `-${host.uid}` : '';
  return path.join(toolCache, 'codecommit-xaccount-clone', `compile-cache${user}`, key);
}

/**
 * Whether a folder may hold code this user runs: a real folder (not a link), owned by the user, that no
 * one else may write (POSIX). Windows keeps the tool cache in the runner's own profile.
 */
export function isPrivateFolder(
  stats: { isDirectory(): boolean; uid: number; mode: number },
  uid: number | undefined,
): boolean {
  if (!stats.isDirectory()) return false;
  if (uid === undefined) return true;
  return stats.uid === uid && (stats.mode & 0o077) === 0;
}

/** Enables the cache when the folder can be made private; never throws, says nothing. */
export function enableCompileCache(host: CompileCacheHost): string | undefined {
  // Node 22.1 and later; the types of Node 20 do not know it.
  const enable = (module as { enableCompileCache?: (directory: string) => { directory?: string } })
    .enableCompileCache;
  try {
    if (enable === undefined || host.env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
    const folder = compileCacheFolder(host, statSync(host.bundle));
    if (folder === undefined) return undefined;
    const owner = path.dirname(folder);
    mkdirSync(owner, { recursive: true, mode: 0o700 });
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const each of [owner, folder]) if (!isPrivateFolder(lstatSync(each), host.uid)) return undefined;
    return enable(folder).directory;
  } catch {
    return undefined;
  }
}
