/**
 * Where a repository's bare mirror lives in the shared cache (`cache-path`). Pure: no I/O.
 *
 * `<cache-path>/<partition>/<region>/<owner>/<repository>.git`, where the owner is the 12-digit account
 * of the assumed role (from its ARN), so that repositories of the same name in another partition, region
 * or account never share a mirror. Without a role the account is not known to the step: with a long-term
 * key (an IAM user's `AKIA…`, no session token) the owner is `key-<hash>`, a short SHA-256 of the access
 * key id, which only that key (one user, one account) reproduces; temporary credentials without a role
 * change at every rotation, and get no mirror at all (one per rotation would fill the disk).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Partition } from '../plan/plan.js';
import { accountOfArn } from '../aws/aws-advice.js';

/** Who the mirror belongs to: an account, or (no role assumed) the access key that clones. */
export type CacheOwner = { kind: 'account'; accountId: string } | { kind: 'access-key'; accessKeyId: string };

export interface MirrorKey {
  partition: Partition;
  region: string;
  owner: CacheOwner;
  /** The repository name as CodeCommit spells it. */
  repository: string;
}

export interface MirrorLocation {
  /** The folder holding the mirror, its lock and its temporary fills. */
  parent: string;
  /** The bare mirror itself: `<repository>.git`. */
  mirror: string;
  /** The lock file of the mirror. */
  lock: string;
  /** Prefix of the folders a fill is made in before it is renamed into place. */
  fillPrefix: string;
  /** Prefix of the names a corrupt mirror is moved to before it is removed. */
  corruptPrefix: string;
}

/**
 * The owner of the mirrors of a step: the account of the assumed role, else a long-term access key;
 * undefined for temporary credentials without a role (nothing stable to key by).
 */
export function cacheOwner(
  assumedRoleArn: string | undefined,
  credentials: { accessKeyId: string; sessionToken?: string },
): CacheOwner | undefined {
  const accountId = assumedRoleArn !== undefined ? accountOfArn(assumedRoleArn) : undefined;
  if (accountId !== undefined) return { kind: 'account', accountId };
  if (credentials.sessionToken !== undefined) return undefined;
  return { kind: 'access-key', accessKeyId: credentials.accessKeyId };
}

/** The folder name of an owner: the account id, or `key-` and 16 hex digits of SHA-256 of the key id. */
export function ownerFolder(owner: CacheOwner): string {
  if (owner.kind === 'account') return owner.accountId;
  return `key-${createHash('sha256').update(owner.accessKeyId).digest('hex').slice(0, 16)}`;
}

/** The mirror's paths below `cachePath` (an absolute path of the runner's system). */
export function mirrorLocation(cachePath: string, key: MirrorKey): MirrorLocation {
  const parent = path.join(cachePath, key.partition, key.region, ownerFolder(key.owner));
  const base = `${key.repository}.git`;
  return {
    parent,
    mirror: path.join(parent, base),
    lock: path.join(parent, `${base}.lock`),
    fillPrefix: `${base}.fill-`,
    corruptPrefix: `${base}.corrupt-`,
  };
}
