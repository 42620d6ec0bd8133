/**
 * The shared credential store of the fakes: what IAM and STS know. Fake STS authenticates callers and
 * issues sessions here; fake CodeCommit authenticates git users and checks repository grants here.
 */
import type { JsonWebKey } from 'node:crypto';
import { newAwsId, newSecretAccessKey, newSessionToken } from './fake-aws-identifiers.js';

/** A long-term access key (`AKIA…`) of an IAM user or role-less principal. */
export interface LongTermKey {
  kind: 'long-term';
  accessKeyId: string;
  secretAccessKey: string;
  /** e.g. `arn:aws:iam::222222222222:user/ci` */
  principalArn: string;
  accountId: string;
  /** `AIDA…` */
  userId: string;
}

export interface RoleDefinition {
  /** e.g. `arn:aws:iam::111111111111:role/SwitchRole` (a path before the name is allowed) */
  roleArn: string;
  /** When set, AssumeRole must pass exactly this ExternalId. */
  externalId?: string;
  /**
   * Principals the trust policy names: user/role ARNs, or `arn:<partition>:iam::<account>:root` for any
   * principal of that account. A role ARN also admits that role's sessions.
   */
  trustedPrincipalArns: string[];
  /** 3600..43200; default 3600. */
  maxSessionDurationSeconds?: number;
  /**
   * Lets AssumeRoleWithWebIdentity in with ID tokens of this issuer: the trust policy's `Federated`
   * principal (an OIDC provider of the role's account, see `addOidcProvider`) and its conditions.
   */
  trustedWebIdentity?: WebIdentityTrust;
}

/** A trust policy statement for `sts:AssumeRoleWithWebIdentity`. */
export interface WebIdentityTrust {
  /** The tokens' `iss`, e.g. `https://token.actions.githubusercontent.com`. */
  issuer: string;
  /** `StringEquals` on `<provider>:aud`: the token's `aud` must be this. */
  audience: string;
  /** `StringLike` on `<provider>:sub` (`*` any characters, `?` one); unset: any subject. */
  subjectPattern?: string;
}

export interface Role extends Required<Omit<RoleDefinition, 'externalId' | 'trustedWebIdentity'>> {
  externalId?: string;
  trustedWebIdentity?: WebIdentityTrust;
  /** `AROA…` */
  roleId: string;
  roleName: string;
  accountId: string;
  partition: string;
}

/**
 * Temporary credentials (`ASIA…`): for an assumed role, or (GetSessionToken) for an IAM user, whose
 * session acts as the user itself: then `roleArn` and `assumedRoleArn` are the user's ARN.
 */
export interface IssuedSession {
  kind: 'session';
  /** How STS issued it; a GetSessionToken session is no role session (its AssumeRole is no chaining). */
  issuedBy: 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetSessionToken';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  roleArn: string;
  roleSessionName: string;
  /** `arn:aws:sts::111111111111:assumed-role/SwitchRole/session` */
  assumedRoleArn: string;
  /** `AROA…:session` */
  assumedRoleId: string;
  accountId: string;
  /** The key id of the credentials that called AssumeRole. */
  issuedToAccessKeyId?: string;
  /** For sessions from AssumeRoleWithWebIdentity: who vouched for whom. */
  webIdentity?: { providerArn: string; subject: string; audience: string };
}

/** An IAM OIDC identity provider: whose ID tokens STS accepts for the roles of one account. */
export interface OidcProviderDefinition {
  /** The account whose IAM holds the provider (that of the roles trusting it). */
  accountId: string;
  /** The issuer URL, exactly as the tokens' `iss` (e.g. `https://token.actions.githubusercontent.com`). */
  issuer: string;
  /** The issuer's signing keys, as STS would fetch them from its `jwks_uri`. */
  jwks: { keys: JsonWebKey[] };
  /**
   * IAM's audiences (client IDs): when set, a token whose `aud` is none of them is refused with
   * `InvalidIdentityToken` "Incorrect token audience" before any trust policy is looked at.
   */
  clientIds?: string[];
}

export interface OidcProvider extends OidcProviderDefinition {
  /** `arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com` */
  arn: string;
}

export type CredentialRecord = LongTermKey | IssuedSession;

export type RepositoryAccess = 'read' | 'write';

export interface FakeAwsAccountsOptions {
  /** The clock every fake judges time by; defaults to the real clock. */
  now?: () => Date;
}

interface RepositoryGrant {
  repository: string;
  principalArn: string;
  access: RepositoryAccess;
}

export const ROLE_CHAINING_MAX_SECONDS = 3600;
const DEFAULT_MAX_SESSION_SECONDS = 3600;

export class FakeAwsAccounts {
  private readonly clock: () => Date;
  private clockOffsetMs = 0;
  private readonly keys = new Map<string, LongTermKey>();
  private readonly sessions = new Map<string, IssuedSession>();
  private readonly roles = new Map<string, Role>();
  private readonly oidcProviders = new Map<string, OidcProvider>();
  private readonly grants: RepositoryGrant[] = [];

  constructor(options: FakeAwsAccountsOptions = {}) {
    this.clock = options.now ?? (() => new Date());
  }

  now(): Date {
    return new Date(this.clock().getTime() + this.clockOffsetMs);
  }

  /** Moves the fakes' clock (not the process's), e.g. to let sessions expire. */
  advanceClock(milliseconds: number): void {
    this.clockOffsetMs += milliseconds;
  }

  addSourceKey(input: { principalArn: string; accessKeyId?: string; secretAccessKey?: string }): LongTermKey {
    const key: LongTermKey = {
      kind: 'long-term',
      accessKeyId: input.accessKeyId ?? newAwsId('AKIA'),
      secretAccessKey: input.secretAccessKey ?? newSecretAccessKey(),
      principalArn: input.principalArn,
      accountId: parseArn(input.principalArn).accountId,
      userId: newAwsId('AIDA'),
    };
    this.assertUnusedKeyId(key.accessKeyId);
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  addRole(definition: RoleDefinition): Role {
    const arn = parseArn(definition.roleArn);
    const roleName = /^role\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(arn.resource)?.[1];
    if (arn.service !== 'iam' || roleName === undefined) {
      throw new Error(
        `Not a role ARN: ${definition.roleArn} (e.g. arn:aws:iam::111111111111:role/SwitchRole)`,
      );
    }
    const role: Role = {
      roleArn: definition.roleArn,
      externalId: definition.externalId,
      trustedWebIdentity: definition.trustedWebIdentity ? { ...definition.trustedWebIdentity } : undefined,
      trustedPrincipalArns: [...definition.trustedPrincipalArns],
      maxSessionDurationSeconds: definition.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION_SECONDS,
      roleId: newAwsId('AROA'),
      roleName,
      accountId: arn.accountId,
      partition: arn.partition,
    };
    this.roles.set(role.roleArn, role);
    return role;
  }

  findRole(roleArn: string): Role | undefined {
    return this.roles.get(roleArn);
  }

  /** Registers an OIDC identity provider in an account (replacing one with the same issuer there). */
  addOidcProvider(definition: OidcProviderDefinition): OidcProvider {
    const url = /^https:\/\/([^/?#]+(?:\/[^?#]*)?)$/.exec(definition.issuer)?.[1];
    if (url === undefined || !/^\d{12}$/.test(definition.accountId)) {
      throw new Error(
        `An OIDC provider needs a 12-digit account and an https issuer URL, not ${definition.accountId} / ${definition.issuer}`,
      );
    }
    const provider: OidcProvider = {
      accountId: definition.accountId,
      issuer: definition.issuer,
      jwks: { keys: definition.jwks.keys.map((key) => ({ ...key })) },
      clientIds: definition.clientIds ? [...definition.clientIds] : undefined,
      arn: `arn:aws:iam::${definition.accountId}:oidc-provider/${url.replace(/\/$/, '')}`,
    };
    this.oidcProviders.set(oidcProviderKey(provider.accountId, provider.issuer), provider);
    return provider;
  }

  /** The provider of this account for tokens with this `iss`. */
  findOidcProvider(accountId: string, issuer: string): OidcProvider | undefined {
    return this.oidcProviders.get(oidcProviderKey(accountId, issuer));
  }

  /** Whether the role's trust policy admits the caller (ExternalId is checked separately). */
  trusts(role: Role, caller: CredentialRecord): boolean {
    const callerArns = principalArnsOf(caller);
    return role.trustedPrincipalArns.some(
      (trusted) =>
        callerArns.includes(trusted) || trusted === `arn:${role.partition}:iam::${accountIdOf(caller)}:root`,
    );
  }

  /** GetSessionToken: temporary credentials of the user who owns `key`, valid for `durationSeconds`. */
  issueUserSession(key: LongTermKey, durationSeconds: number): IssuedSession {
    const session: IssuedSession = {
      kind: 'session',
      issuedBy: 'GetSessionToken',
      accessKeyId: newAwsId('ASIA'),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: newSessionToken(),
      expiration: new Date(wholeSeconds(this.now().getTime() + durationSeconds * 1000)),
      roleArn: key.principalArn,
      roleSessionName: '',
      assumedRoleArn: key.principalArn,
      assumedRoleId: key.userId,
      accountId: key.accountId,
      issuedToAccessKeyId: key.accessKeyId,
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  /** Issues temporary credentials for the role, valid for `durationSeconds` from now. */
  issueSession(
    role: Role,
    roleSessionName: string,
    durationSeconds: number,
    issuedTo?: CredentialRecord,
    issuedBy: 'AssumeRole' | 'AssumeRoleWithWebIdentity' = 'AssumeRole',
  ): IssuedSession {
    const session: IssuedSession = {
      kind: 'session',
      issuedBy,
      accessKeyId: newAwsId('ASIA'),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: newSessionToken(),
      expiration: new Date(wholeSeconds(this.now().getTime() + durationSeconds * 1000)),
      roleArn: role.roleArn,
      roleSessionName,
      assumedRoleArn: `arn:${role.partition}:sts::${role.accountId}:assumed-role/${role.roleName}/${roleSessionName}`,
      assumedRoleId: `${role.roleId}:${roleSessionName}`,
      accountId: role.accountId,
      issuedToAccessKeyId: issuedTo?.accessKeyId,
    };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  /** The long-term key or issued session with this key id. */
  findCredential(accessKeyId: string): CredentialRecord | undefined {
    return this.keys.get(accessKeyId) ?? this.sessions.get(accessKeyId);
  }

  isExpired(credential: CredentialRecord): boolean {
    return credential.kind === 'session' && credential.expiration.getTime() <= this.now().getTime();
  }

  /** Ends a session now, as if its expiration had passed. */
  expireSession(accessKeyId: string): void {
    const session = this.sessions.get(accessKeyId);
    if (!session) throw new Error(`No session was issued with key id ${accessKeyId}`);
    session.expiration = new Date(this.now().getTime() - 1000);
  }

  issuedSessions(): IssuedSession[] {
    return [...this.sessions.values()];
  }

  /**
   * Lets a principal (role ARN, assumed-role ARN or user ARN) pull from (`read`) or also push to
   * (`write`) a repository; `'*'` grants every repository, existing or not.
   */
  allowRepository(repository: string, principalArn: string, access: RepositoryAccess = 'read'): void {
    this.grants.push({ repository, principalArn, access });
  }

  mayAccessRepository(credential: CredentialRecord, repository: string, access: RepositoryAccess): boolean {
    const callerArns = principalArnsOf(credential);
    return this.grants.some(
      (grant) =>
        (grant.repository === repository || grant.repository === '*') &&
        callerArns.includes(grant.principalArn) &&
        (access === 'read' || grant.access === 'write'),
    );
  }

  private assertUnusedKeyId(accessKeyId: string): void {
    if (this.findCredential(accessKeyId)) throw new Error(`Access key id ${accessKeyId} is already in use`);
  }
}

/** The ARN STS reports for the caller (`GetCallerIdentity`'s `Arn`). */
export function callerArnOf(credential: CredentialRecord): string {
  return credential.kind === 'session' ? credential.assumedRoleArn : credential.principalArn;
}

/** Every ARN a policy may name to match this caller. */
export function principalArnsOf(credential: CredentialRecord): string[] {
  return credential.kind === 'session'
    ? [...new Set([credential.assumedRoleArn, credential.roleArn])]
    : [credential.principalArn];
}

export function accountIdOf(credential: CredentialRecord): string {
  return credential.accountId;
}

interface ParsedArn {
  partition: string;
  service: string;
  accountId: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn {
  const match = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):[a-z0-9-]*:(\d{12}):(.+)$/.exec(arn);
  if (!match) throw new Error(`Not an ARN: ${arn} (e.g. arn:aws:iam::222222222222:user/ci)`);
  const [, partition = '', service = '', accountId = '', resource = ''] = match;
  return { partition, service, accountId, resource };
}

function oidcProviderKey(accountId: string, issuer: string): string {
  return `${accountId} ${issuer.replace(/\/$/, '')}`;
}

function wholeSeconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000) * 1000;
}
