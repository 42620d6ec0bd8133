import { parseLsRemote, refVerdict } from '../../src/git/advertised-refs.js';

const MAIN = 'a'.repeat(40);
const FEATURE = 'b'.repeat(40);
const TAG = 'c'.repeat(40);
const LS_REMOTE = [
  'ref: refs/heads/main\tHEAD',
  `${MAIN}\tHEAD`,
  `${FEATURE}\trefs/heads/feature`,
  `${MAIN}\trefs/heads/main`,
  `${TAG}\trefs/tags/v1.0.0`,
  '',
].join('\n');

describe('git ls-remote --symref', () => {
  it('reads the refs and the branch HEAD points at', () => {
    const advertised = parseLsRemote(LS_REMOTE);
    expect(advertised.head).toBe('refs/heads/main');
    expect([...advertised.refs]).toEqual([
      ['HEAD', MAIN],
      ['refs/heads/feature', FEATURE],
      ['refs/heads/main', MAIN],
      ['refs/tags/v1.0.0', TAG],
    ]);
  });
});

describe('whether the ref is there', () => {
  const advertised = parseLsRemote(LS_REMOTE);

  it('the default branch, with its commit', () => {
    expect(refVerdict({ kind: 'default' }, advertised, 'app')).toEqual({
      found: true,
      text: 'default branch main at aaaaaaaaaaaa',
    });
  });

  it('a short name is a branch or a tag; a full ref only itself', () => {
    expect(refVerdict({ kind: 'name', name: 'feature' }, advertised, 'app').text).toBe(
      'refs/heads/feature at bbbbbbbbbbbb',
    );
    expect(refVerdict({ kind: 'name', name: 'v1.0.0' }, advertised, 'app').text).toBe(
      'refs/tags/v1.0.0 at cccccccccccc',
    );
    expect(refVerdict({ kind: 'name', name: 'refs/tags/feature' }, advertised, 'app').found).toBe(false);
  });

  it('a missing ref says so and lists the branches and tags there are', () => {
    expect(refVerdict({ kind: 'name', name: 'Main' }, advertised, 'app')).toEqual({
      found: false,
      text: "'Main' is neither a branch nor a tag of 'app'",
      fix: "Check 'ref' (case-sensitive). Branches: feature, main; tags: v1.0.0.",
    });
  });

  it('an empty repository has no default branch', () => {
    const verdict = refVerdict({ kind: 'default' }, parseLsRemote(''), 'empty');
    expect(verdict).toMatchObject({ found: false, text: "'empty' has no commits (no default branch)" });
  });

  it('a commit SHA is fine: named as a tip when it is one, otherwise as unprovable without a fetch', () => {
    expect(refVerdict({ kind: 'sha', sha: FEATURE }, advertised, 'app').text).toBe(
      'commit bbbbbbbbbbbb is the tip of refs/heads/feature',
    );
    const other = refVerdict({ kind: 'sha', sha: 'd'.repeat(40) }, advertised, 'app');
    expect(other).toEqual({
      found: true,
      text: 'commit dddddddddddd is no branch or tag tip (only fetching it proves it exists)',
    });
  });
});
