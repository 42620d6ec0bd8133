import aws4 from 'aws4';
import { codeCommitGitPassword, codeCommitGitUsername } from '../../test-support/codecommit-git-auth.js';
import { GIT_PASSWORD_VECTORS, type GitPasswordVector } from '../git-password-vectors.js';

type Vector = GitPasswordVector;

/** aws4 applies SigV4's path normalisation (non-S3), which folds '//' to '/'. */
const normalisedByAws4 = (vector: Vector): boolean => vector.path.includes('//');

function aws4Signer(vector: Vector): aws4.RequestSigner {
  const signer = new aws4.RequestSigner(
    {
      service: 'codecommit',
      region: vector.region,
      method: 'GIT',
      host: vector.host,
      path: vector.path,
      headers: {},
    },
    { accessKeyId: vector.accessKeyId, secretAccessKey: vector.secretAccessKey },
  );
  signer.datetime = vector.timestamp;
  return signer;
}

describe('CodeCommit git password vectors', () => {
  it('has public vectors to check', () => {
    expect(GIT_PASSWORD_VECTORS.length).toBeGreaterThanOrEqual(8);
  });

  describe.each(GIT_PASSWORD_VECTORS.map((vector) => [vector.source, vector] as const))(
    '%s',
    (_source, vector) => {
      it('builds the username from the key id and the session token', () => {
        expect(codeCommitGitUsername(vector.accessKeyId, vector.sessionToken ?? undefined)).toBe(
          vector.username,
        );
      });

      it('aws4 signs the canonical request the recipe describes', () => {
        const expectedPath = vector.path.replace(/\/{2,}/g, '/');
        expect(aws4Signer(vector).canonicalString()).toBe(
          `GIT\n${expectedPath}\n\nhost:${vector.host}\n\nhost\n`,
        );
      });

      if (normalisedByAws4(vector)) {
        it('aws4 reproduces the password when the canonical request keeps the path verbatim', () => {
          const signer = aws4Signer(vector);
          signer.canonicalString = () => `GIT\n${vector.path}\n\nhost:${vector.host}\n\nhost\n`;
          expect(`${signer.getDateTime()}Z${signer.signature()}`).toBe(vector.password);
        });

        it("the fake's verifier, which signs git's single-slash path, does not accept the '//' password", () => {
          expect(codeCommitGitPassword({ ...vector })).not.toBe(vector.password);
        });
      } else {
        it('aws4 reproduces the password exactly', () => {
          const signer = aws4Signer(vector);
          expect(`${signer.getDateTime()}Z${signer.signature()}`).toBe(vector.password);
        });

        it("the fake's verifier computes the same password", () => {
          expect(codeCommitGitPassword({ ...vector })).toBe(vector.password);
        });
      }
    },
  );

  it('a different host, path, region, secret or timestamp changes the password', () => {
    const base = GIT_PASSWORD_VECTORS[0];
    if (!base) throw new Error('no vectors');
    const variants = [
      { host: 'git-codecommit.us-east-1.amazonaws.com' },
      { path: '/v1/repos/other_repo' },
      { region: 'us-east-1' },
      { secretAccessKey: 'secreT' },
      { timestamp: '20171224T115321' },
    ];
    for (const variant of variants) {
      expect(codeCommitGitPassword({ ...base, ...variant })).not.toBe(base.password);
    }
  });
});
