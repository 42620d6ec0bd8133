/** Bundle folder → entry point of the action's bundles. */
export const ENTRIES: Readonly<Record<string, string>>;
/** How many entries are bundled at once. */
export const BUILD_CONCURRENCY: number;
/** Bundles every entry of `root`'s src/ into `outDir` (emptied first). */
export function buildBundles(root: string, outDir: string, concurrency?: number): Promise<void>;
/** One ncc bundle of `source` (a path in `root`) into `out`: ncc's exit code, or the signal that ended it. */
export function bundleEntry(root: string, source: string, out: string): Promise<number | NodeJS.Signals>;
