import { chooseCredentialSource, hopDurationSeconds } from '../../src/plan/credential-source.js';

const OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };

describe('chooseCredentialSource', () => {
  it('uses GitHub OIDC when the job may request an ID token and no AWS key is in the environment', () => {
    expect(chooseCredentialSource(undefined, OIDC)).toBe('github-oidc');
  });

  it('prefers an AWS key in the environment, and a profile over everything', () => {
    expect(chooseCredentialSource(undefined, { ...OIDC, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' })).toBe(
      'default-chain',
    );
    expect(chooseCredentialSource('ci', OIDC)).toBe('profile');
  });

  it('needs both token variables for OIDC', () => {
    expect(
      chooseCredentialSource(undefined, { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x' }),
    ).toBe('default-chain');
    expect(chooseCredentialSource(undefined, {})).toBe('default-chain');
  });
});

describe('hopDurationSeconds', () => {
  it('keeps the asked duration for the first hop from long-term credentials', () => {
    expect(hopDurationSeconds(43200, 0, false)).toBe(43200);
  });

  it('caps chained hops at 3600 s, as STS requires', () => {
    expect(hopDurationSeconds(43200, 1, false)).toBe(3600);
    expect(hopDurationSeconds(7200, 0, true)).toBe(3600);
    expect(hopDurationSeconds(900, 2, true)).toBe(900);
  });
});
