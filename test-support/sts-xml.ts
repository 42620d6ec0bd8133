/**
 * The XML bodies of AWS STS (Query API, version 2011-06-15).
 */
import { errorType, type AwsError } from './aws-error.js';
import { callerArnOf, type CredentialRecord, type IssuedSession } from './fake-aws-accounts.js';

export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Escapes text content (AWS leaves quotes as they are in messages). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** ISO 8601 without milliseconds, as STS writes `Expiration`. */
export function awsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function errorResponseXml(error: AwsError, requestId: string): string {
  return [
    `<ErrorResponse xmlns="${STS_XML_NAMESPACE}">`,
    '  <Error>',
    `    <Type>${errorType(error.status)}</Type>`,
    `    <Code>${escapeXml(error.code)}</Code>`,
    `    <Message>${escapeXml(error.message)}</Message>`,
    '  </Error>',
    `  <RequestId>${requestId}</RequestId>`,
    '</ErrorResponse>',
    '',
  ].join('\n');
}

export function assumeRoleResponseXml(session: IssuedSession, requestId: string): string {
  return [
    `<AssumeRoleResponse xmlns="${STS_XML_NAMESPACE}">`,
    '  <AssumeRoleResult>',
    '    <AssumedRoleUser>',
    `      <AssumedRoleId>${escapeXml(session.assumedRoleId)}</AssumedRoleId>`,
    `      <Arn>${escapeXml(session.assumedRoleArn)}</Arn>`,
    '    </AssumedRoleUser>',
    '    <Credentials>',
    `      <AccessKeyId>${session.accessKeyId}</AccessKeyId>`,
    `      <SecretAccessKey>${escapeXml(session.secretAccessKey)}</SecretAccessKey>`,
    `      <SessionToken>${escapeXml(session.sessionToken)}</SessionToken>`,
    `      <Expiration>${awsTimestamp(session.expiration)}</Expiration>`,
    '    </Credentials>',
    '  </AssumeRoleResult>',
    '  <ResponseMetadata>',
    `    <RequestId>${requestId}</RequestId>`,
    '  </ResponseMetadata>',
    '</AssumeRoleResponse>',
    '',
  ].join('\n');
}

export function getSessionTokenResponseXml(session: IssuedSession, requestId: string): string {
  return [
    `<GetSessionTokenResponse xmlns="${STS_XML_NAMESPACE}">`,
    '  <GetSessionTokenResult>',
    '    <Credentials>',
    `      <SessionToken>${escapeXml(session.sessionToken)}</SessionToken>`,
    `      <SecretAccessKey>${escapeXml(session.secretAccessKey)}</SecretAccessKey>`,
    `      <Expiration>${awsTimestamp(session.expiration)}</Expiration>`,
    `      <AccessKeyId>${session.accessKeyId}</AccessKeyId>`,
    '    </Credentials>',
    '  </GetSessionTokenResult>',
    '  <ResponseMetadata>',
    `    <RequestId>${requestId}</RequestId>`,
    '  </ResponseMetadata>',
    '</GetSessionTokenResponse>',
    '',
  ].join('\n');
}

export function getCallerIdentityResponseXml(caller: CredentialRecord, requestId: string): string {
  const userId = caller.kind === 'session' ? caller.assumedRoleId : caller.userId;
  return [
    `<GetCallerIdentityResponse xmlns="${STS_XML_NAMESPACE}">`,
    '  <GetCallerIdentityResult>',
    `    <Arn>${escapeXml(callerArnOf(caller))}</Arn>`,
    `    <UserId>${escapeXml(userId)}</UserId>`,
    `    <Account>${caller.accountId}</Account>`,
    '  </GetCallerIdentityResult>',
    '  <ResponseMetadata>',
    `    <RequestId>${requestId}</RequestId>`,
    '  </ResponseMetadata>',
    '</GetCallerIdentityResponse>',
    '',
  ].join('\n');
}
