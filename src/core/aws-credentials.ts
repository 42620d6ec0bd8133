/** AWS credentials as the action uses them: source credentials or an assumed-role session. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
