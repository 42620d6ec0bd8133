/** The public CodeCommit git-password test vectors (fixtures/codecommit-git-password.json, with sources). */
import { readFileSync } from 'node:fs';

export interface GitPasswordVector {
  source: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
  region: string;
  host: string;
  path: string;
  timestamp: string;
  username: string;
  password: string;
}

export const GIT_PASSWORD_VECTORS = (
  JSON.parse(readFileSync(new URL('fixtures/codecommit-git-password.json', import.meta.url), 'utf8')) as {
    vectors: GitPasswordVector[];
  }
).vectors;
