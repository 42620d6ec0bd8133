/**
 * The inputs that say who the step is and where it signs: the region, the role chain, the profile and
 * source of the first credentials, the session name, the external id and the ID token's audience. Pure.
 */
import { isValidRegion, partitionOfRegion } from './endpoints.js';
import { EXAMPLES, listItems } from './input-text.js';
import { InputError, type SourceCredentialsMode } from './plan.js';
import { isValidProfileName, REPOSITORY_EXAMPLE, type RepositorySpec } from './repository-spec.js';

export function parseRegion(text: string, repositories: RepositorySpec[]): string {
  if (text !== '' && !isValidRegion(text)) {
    throw new InputError('aws-region', `'${text}' is not an AWS region name`, EXAMPLES['aws-region']);
  }
  const named = [...new Set(repositories.flatMap((r) => (r.region !== undefined ? [r.region] : [])))];
  if (named.length > 1) {
    throw new InputError(
      'repository',
      `the repository URLs name several regions (${named.join(', ')}); one step clones from one region: use a step per region`,
      REPOSITORY_EXAMPLE,
    );
  }
  const [urlRegion] = named;
  if (text !== '' && urlRegion !== undefined && text !== urlRegion) {
    throw new InputError(
      'aws-region',
      `'${text}' differs from the region ${urlRegion} named by the repository URL; give one or make them agree`,
      urlRegion,
    );
  }
  const region = text !== '' ? text : urlRegion;
  if (region === undefined) {
    throw new InputError(
      'aws-region',
      'is required unless the repository URL names the region (https://git-codecommit.<region>.… or codecommit::<region>://…)',
      EXAMPLES['aws-region'],
    );
  }
  return region;
}

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

export function parseRoleChain(text: string, region: string): string[] {
  return listItems(text).map((arnText) => {
    const arn = ROLE_ARN.exec(arnText);
    if (arn === null || arnText.endsWith('/') || arnText.includes('//')) {
      throw new InputError(
        'role-to-assume',
        `'${arnText}' is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/[path/]<name>; several chain, one per line)`,
        EXAMPLES['role-to-assume'],
      );
    }
    const partition = partitionOfRegion(region);
    if (arn[1] !== partition) {
      throw new InputError(
        'role-to-assume',
        `the role ${arnText} is in partition ${arn[1]} but region ${region} is in partition ${partition}`,
        `arn:${partition}:iam::123456789012:role/SwitchRole`,
      );
    }
    return arnText;
  });
}

export function parseAudience(text: string): string {
  if (text === '') return 'sts.amazonaws.com';
  if (!/^[\x21-\x7e]{1,255}$/.test(text)) {
    throw new InputError('audience', 'must be 1-255 printable characters without spaces', EXAMPLES.audience);
  }
  return text;
}

export function parseProfile(text: string, repositories: RepositorySpec[]): string | undefined {
  if (text !== '' && !isValidProfileName(text)) {
    throw new InputError(
      'aws-profile',
      `'${text}' is not a profile name: 1-64 letters, digits, '.', '_' or '-', not starting with '-'`,
      EXAMPLES['aws-profile'],
    );
  }
  const named = [...new Set(repositories.flatMap((r) => (r.profile !== undefined ? [r.profile] : [])))];
  if (named.length > 1) {
    throw new InputError(
      'repository',
      `the codecommit:// URLs name several profiles (${named.join(', ')}); one step uses one set of credentials`,
      REPOSITORY_EXAMPLE,
    );
  }
  const [urlProfile] = named;
  if (text !== '' && urlProfile !== undefined && text !== urlProfile) {
    throw new InputError(
      'aws-profile',
      `'${text}' differs from the profile ${urlProfile} in the codecommit:// URL; give one or make them agree`,
      urlProfile,
    );
  }
  return text !== '' ? text : urlProfile;
}

export function parseSourceCredentials(
  text: string,
  awsProfile: string | undefined,
  roleChain: string[],
): SourceCredentialsMode {
  const mode = text === '' ? 'auto' : text.toLowerCase();
  if (mode !== 'auto' && mode !== 'runner' && mode !== 'github-oidc') {
    throw new InputError(
      'source-credentials',
      `'${text}' is not a source: auto, runner or github-oidc`,
      EXAMPLES['source-credentials'],
    );
  }
  if (mode === 'github-oidc' && awsProfile !== undefined) {
    throw new InputError(
      'source-credentials',
      `github-oidc uses the job's ID token, not the profile '${awsProfile}'; drop aws-profile (and any profile of a codecommit:// URL) or choose runner`,
      'runner',
    );
  }
  if (mode === 'github-oidc' && roleChain.length === 0) {
    throw new InputError(
      'role-to-assume',
      'source-credentials github-oidc gives no AWS credentials by itself: name the role that trusts token.actions.githubusercontent.com',
      EXAMPLES['role-to-assume'],
    );
  }
  return mode;
}

export function parseRoleSessionName(text: string, runId: string): string {
  const requested = text !== '' ? text : runId !== '' ? `codecommit-clone-${runId}` : 'codecommit-clone';
  // STS accepts only [\w+=,.@-]{2,64}; anything else is replaced rather than rejected.
  const reduced = requested.replace(/[^\w+=,.@-]/gu, '-').slice(0, 64);
  if (reduced.length < 2) {
    throw new InputError(
      'role-session-name',
      `'${text}' is too short: STS needs 2-64 characters`,
      EXAMPLES['role-session-name'],
    );
  }
  return reduced;
}

export function parseExternalId(text: string): string | undefined {
  if (text === '') return undefined;
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(text)) {
    throw new InputError(
      'role-external-id',
      'must be 2-1224 letters, digits or any of _+=,.@:/-',
      EXAMPLES['role-external-id'],
    );
  }
  return text;
}
