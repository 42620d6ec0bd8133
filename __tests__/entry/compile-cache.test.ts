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
  it("lives under the runner's tool cache, per user, keyed by the bundle and the node binary", () => {
    const folder = compileCacheFolder(HOST, Buffer.from('bundle one'));
    expect(folder).toMatch(
      /^\/opt\/hostedtoolcache\/codecommit-xaccount-clone\/compile-cache-1001\/[0-9a-f]{16}$/,
    );
    expect(compileCacheFolder(HOST, Buffer.from('bundle two'))).not.toBe(folder);
    expect(compileCacheFolder({ ...HOST, nodeVersion: 'v24.22.0' }, Buffer.from('bundle one'))).not.toBe(
      folder,
    );
    expect(compileCacheFolder(HOST, Buffer.from('bundle one'))).toBe(folder);
  });

  it('is none without a tool cache, or with a relative one (never a shared temporary folder)', () => {
    expect(compileCacheFolder({ ...HOST, env: {} }, Buffer.from('b'))).toBeUndefined();
    expect(compileCacheFolder({ ...HOST, env: { RUNNER_TOOL_CACHE: '' } }, Buffer.from('b'))).toBeUndefined();
    expect(
      compileCacheFolder({ ...HOST, env: { RUNNER_TOOL_CACHE: 'tool' } }, Buffer.from('b')),
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
