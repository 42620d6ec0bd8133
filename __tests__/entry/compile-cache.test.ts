import { lstatSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileCacheFolder, isPrivateFolder } from '../../src/entry/adapters/compile-cache.js';

const HOST = {
  env: { RUNNER_TOOL_CACHE: '/opt/hostedtoolcache' },
  uid: 1001,
  nodeVersion: 'v24.21.0',
  bundle: '/actions/dist/main/index.js',
};

describe('the compile cache folder', () => {
  const ONE = { size: 81_234, mtimeMs: 1_765_100_000_123.4 };

  it("lives under the runner's tool cache, per user, keyed by the bundle file and the node binary", () => {
    const folder = compileCacheFolder(HOST, ONE);
    expect(folder).toBe(
      `/opt/hostedtoolcache/codecommit-xaccount-clone/compile-cache-1001/v24.21.0-${(81_234).toString(36)}-${(1_765_100_000_123).toString(36)}`,
    );
    expect(compileCacheFolder(HOST, { ...ONE, size: 81_235 })).not.toBe(folder);
    expect(compileCacheFolder(HOST, { ...ONE, mtimeMs: ONE.mtimeMs + 1000 })).not.toBe(folder);
    expect(compileCacheFolder({ ...HOST, nodeVersion: 'v24.22.0' }, ONE)).not.toBe(folder);
    expect(compileCacheFolder(HOST, { ...ONE })).toBe(folder);
  });

  it('is none without a tool cache, or with a relative one (never a shared temporary folder)', () => {
    expect(compileCacheFolder({ ...HOST, env: {} }, { size: 1, mtimeMs: 1 })).toBeUndefined();
    expect(
      compileCacheFolder({ ...HOST, env: { RUNNER_TOOL_CACHE: '' } }, { size: 1, mtimeMs: 1 }),
    ).toBeUndefined();
    expect(
      compileCacheFolder({ ...HOST, env: { RUNNER_TOOL_CACHE: 'tool' } }, { size: 1, mtimeMs: 1 }),
    ).toBeUndefined();
  });
});

describe('a folder the cache may use', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'compile-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const uid = process.getuid?.();

  it("is the user's own folder that no one else may write", async () => {
    const folder = path.join(dir, 'private');
    await mkdir(folder, { mode: 0o700 });
    expect(isPrivateFolder(lstatSync(folder), uid)).toBe(true);
    await chmod(folder, 0o770);
    expect(isPrivateFolder(lstatSync(folder), uid)).toBe(false);
    await chmod(folder, 0o707);
    expect(isPrivateFolder(lstatSync(folder), uid)).toBe(false);
  });

  it("is not a link, nor another user's folder", async () => {
    const folder = path.join(dir, 'private');
    await mkdir(folder, { mode: 0o700 });
    const link = path.join(dir, 'link');
    await symlink(folder, link);
    expect(isPrivateFolder(lstatSync(link), uid)).toBe(false);
    expect(isPrivateFolder(lstatSync(folder), (uid ?? 0) + 1)).toBe(false);
  });
});
