/**
 * The errors the fake STS answers with: real AWS codes and HTTP statuses (Query API, `Type` Sender or
 * Receiver).
 */
export interface AwsError {
  status: number;
  code: string;
  message: string;
}

export function awsError(status: number, code: string, message: string): AwsError {
  return { status, code, message };
}

export const AwsErrors = {
  missingAuthenticationToken: (): AwsError =>
    awsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'),
  incompleteSignature: (message: string): AwsError => awsError(400, 'IncompleteSignature', message),
  signatureDoesNotMatch: (message: string): AwsError => awsError(403, 'SignatureDoesNotMatch', message),
  invalidClientTokenId: (): AwsError =>
    awsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'),
  expiredToken: (): AwsError =>
    awsError(400, 'ExpiredToken', 'The security token included in the request is expired'),
  accessDenied: (message: string): AwsError => awsError(403, 'AccessDenied', message),
  validation: (message: string): AwsError => awsError(400, 'ValidationError', message),
  missingAction: (): AwsError => awsError(400, 'MissingAction', 'Missing Action'),
  invalidAction: (action: string, version: string): AwsError =>
    awsError(400, 'InvalidAction', `Could not find operation ${action} for version ${version}`),
  contentSha256Mismatch: (): AwsError =>
    awsError(
      400,
      'XAmzContentSHA256Mismatch',
      'The provided x-amz-content-sha256 header does not match what was computed.',
    ),
} as const;

/** `Sender` for 4xx, `Receiver` for 5xx, as in the `<Type>` of AWS's error XML. */
export function errorType(status: number): 'Sender' | 'Receiver' {
  return status >= 500 ? 'Receiver' : 'Sender';
}
