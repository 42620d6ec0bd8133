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
  it('keeps the asked duration without chaining', () => {
    expect(hopDurationSeconds(43200, false)).toBe(43200);
  });

  it('caps every hop at 3600 s when chaining, as STS requires', () => {
    expect(hopDurationSeconds(43200, true)).toBe(3600);
    expect(hopDurationSeconds(900, true)).toBe(900);
  });
});
