import {
  chooseCredentialSource,
  hopDurationSeconds,
  SourceChoiceError,
} from '../../src/plan/credential-source.js';
import type { SourceCredentialsMode } from '../../src/plan/plan.js';

const OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' };

const choose = (
  mode: SourceCredentialsMode,
  env: Record<string, string>,
  awsProfile?: string,
  canRequestIdToken = true,
) => chooseCredentialSource({ mode, awsProfile, env, canRequestIdToken });

describe('chooseCredentialSource, source-credentials: auto', () => {
  it('uses GitHub OIDC when the job may request an ID token and the runner shows no identity of its own', () => {
    const choice = choose('auto', OIDC);
    expect(choice.source).toBe('github-oidc');
    expect(choice.reason).toMatch(/no AWS identity of its own/);
    expect(choice.reason).toMatch(/source-credentials: runner/);
  });

  it.each([
    ['AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE'],
    ['AWS_PROFILE', 'ci'],
    ['AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/secrets/eks.amazonaws.com/serviceaccount/token'],
    ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'http://169.254.170.23/v1/credentials'],
    ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '/v2/credentials/abc'],
  ])(
    'keeps the runner identity shown by %s even when an ID token may be requested, and says so',
    (name, value) => {
      const choice = choose('auto', { ...OIDC, [name]: value });
      expect(choice.source).toBe('runner');
      expect(choice.reason).toContain(name);
      expect(choice.reason).toMatch(/source-credentials: github-oidc/);
    },
  );

  it('keeps the runner when aws-profile is given', () => {
    expect(choose('auto', OIDC, 'ci')).toEqual({
      source: 'runner',
      reason: "auto: the profile 'ci' is given",
    });
  });

  it('needs both token variables, and a runtime that can ask for a token, for OIDC', () => {
    expect(choose('auto', { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/x' }).source).toBe('runner');
    expect(choose('auto', {}).reason).toBe('auto: the job may not request a GitHub ID token');
    expect(choose('auto', OIDC, undefined, false).source).toBe('runner');
  });

  it('an empty identity variable shows nothing', () => {
    expect(choose('auto', { ...OIDC, AWS_PROFILE: '' }).source).toBe('github-oidc');
  });
});

describe('chooseCredentialSource, explicit', () => {
  it('runner never uses the ID token', () => {
    expect(choose('runner', OIDC)).toEqual({ source: 'runner', reason: 'source-credentials is runner' });
  });

  it('github-oidc uses the ID token even when the runner has keys', () => {
    expect(choose('github-oidc', { ...OIDC, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' }).source).toBe('github-oidc');
  });

  it('github-oidc without the permission to request a token is an error naming id-token: write', () => {
    expect(() => choose('github-oidc', {})).toThrow(SourceChoiceError);
    expect(() => choose('github-oidc', {})).toThrow(/id-token: write/);
    expect(() => choose('github-oidc', OIDC, undefined, false)).toThrow(/only inside GitHub Actions/);
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
