/**
 * Whether the `ref` of the plan is among what `git ls-remote --symref` advertised, and how to say it.
 * Pure.
 */
import type { RefSpec } from '../plan/plan.js';

export interface AdvertisedRefs {
  /** `refs/heads/main` → its commit, in the order advertised. */
  refs: Map<string, string>;
  /** The branch HEAD points at (`refs/heads/main`), when the server says. */
  head?: string;
}

export function parseLsRemote(stdout: string): AdvertisedRefs {
  const refs = new Map<string, string>();
  let head: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const symref = /^ref: (\S+)\tHEAD$/.exec(line);
    if (symref !== null) {
      head = symref[1];
      continue;
    }
    const ref = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
    if (ref !== null) refs.set(ref[2] ?? '', ref[1] ?? '');
  }
  return { refs, ...(head !== undefined ? { head } : {}) };
}

export type RefVerdict = { found: true; text: string } | { found: false; text: string; fix: string };

/** What the clone would check out, or why it could not: the `ref` named nothing the repository has. */
export function refVerdict(ref: RefSpec, advertised: AdvertisedRefs, repository: string): RefVerdict {
  const { refs } = advertised;
  if (ref.kind === 'default') {
    const head = advertised.head ?? (refs.has('HEAD') ? 'HEAD' : undefined);
    const commit = refs.get('HEAD');
    if (commit === undefined) {
      return {
        found: false,
        text: `'${repository}' has no commits (no default branch)`,
        fix: `Push a first commit to '${repository}', or check that this is the repository meant.`,
      };
    }
    return { found: true, text: `default branch ${shortName(head ?? 'HEAD')} at ${commit.slice(0, 12)}` };
  }
  if (ref.kind === 'sha') {
    const tip = [...refs].find(([, commit]) => commit === ref.sha);
    return {
      found: true,
      text:
        tip !== undefined
          ? `commit ${ref.sha.slice(0, 12)} is the tip of ${tip[0]}`
          : `commit ${ref.sha.slice(0, 12)} is no branch or tag tip (only fetching it proves it exists)`,
    };
  }
  const candidates = ref.name.startsWith('refs/')
    ? [ref.name]
    : [`refs/heads/${ref.name}`, `refs/tags/${ref.name}`];
  for (const name of candidates) {
    const commit = refs.get(name);
    if (commit !== undefined) return { found: true, text: `${name} at ${commit.slice(0, 12)}` };
  }
  const branches = namesUnder(refs, 'refs/heads/');
  const tags = namesUnder(refs, 'refs/tags/');
  return {
    found: false,
    text: `'${ref.name}' is neither a branch nor a tag of '${repository}'`,
    fix: `Check 'ref' (case-sensitive). Branches: ${listed(branches)}; tags: ${listed(tags)}.`,
  };
}

function namesUnder(refs: Map<string, string>, prefix: string): string[] {
  return [...refs.keys()]
    .filter((name) => name.startsWith(prefix) && !name.endsWith('^{}'))
    .map((name) => name.slice(prefix.length));
}

function listed(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}

function shortName(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}
