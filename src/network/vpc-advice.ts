import { isIP } from 'node:net';

/** What usually causes an endpoint to be silent or unreachable from a runner inside a VPC. */

/** `codecommit-api` is the CodeCommit API endpoint, asked for the repositories a pattern may match. */
export type EndpointRole = 'sts' | 'git' | 'codecommit-api';

/** Per role: its interface endpoint's service, the input that names it, and a label for tables. */
export const SERVICE_OF_ROLE: Record<
  EndpointRole,
  { endpointService: string; input: string; label: string }
> = {
  sts: { endpointService: 'sts', input: 'sts-endpoint', label: 'STS' },
  git: { endpointService: 'git-codecommit', input: 'codecommit-endpoint', label: 'git' },
  'codecommit-api': {
    endpointService: 'codecommit',
    input: 'codecommit-api-endpoint',
    label: 'CodeCommit API',
  },
};

/** One paragraph of causes to check, for an endpoint that refused, timed out or could not be resolved. */
export function vpcAdviceForUnreachable(role: EndpointRole, hostname: string, region: string): string {
  const { endpointService, input } = SERVICE_OF_ROLE[role];
  if (hostname === 'sts.amazonaws.com' || hostname === 'sts.amazonaws.com.cn') {
    return `${hostname} is the global STS name, which no VPC endpoint serves; use the regional endpoint or a vpce name in '${input}'.`;
  }
  const checks = [
    `an interface VPC endpoint for com.amazonaws.${region}.${endpointService} exists in the runner's VPC`,
    isIP(hostname) !== 0
      ? `'${input}' (${hostname}) is an address of that endpoint`
      : hostname.includes('.vpce.')
        ? `${hostname} is that endpoint's DNS name (copy it from the endpoint's DNS names)`
        : `the endpoint has private DNS enabled, so ${hostname} resolves to its private addresses; otherwise set '${input}' to the endpoint's vpce DNS name`,
    `the endpoint's security group allows inbound TCP 443 from the runner`,
    `no proxy (HTTPS_PROXY) sits in the way without NO_PROXY for ${hostname}`,
  ];
  return `Check that ${checks.join('; that ')}.`;
}
