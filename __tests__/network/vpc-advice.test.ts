import { vpcAdviceForUnreachable } from '../../src/network/vpc-advice.js';

describe('vpcAdviceForUnreachable', () => {
  it.each([
    ['sts.amazonaws.com', 'eu-west-1'],
    ['sts.amazonaws.com.cn', 'cn-north-1'],
  ])(
    'says the global STS name %s is served by no VPC endpoint and names sts-endpoint',
    (hostname, region) => {
      const advice = vpcAdviceForUnreachable('sts', hostname, region);
      expect(advice).toBe(
        `${hostname} is the global STS name, which no VPC endpoint serves; use the regional endpoint or a vpce name in 'sts-endpoint'.`,
      );
    },
  );

  it('for a regional STS name: endpoint service, private DNS, security group, proxy, and sts-endpoint', () => {
    const advice = vpcAdviceForUnreachable('sts', 'sts.eu-west-1.amazonaws.com', 'eu-west-1');
    expect(advice).toBe(
      "Check that an interface VPC endpoint for com.amazonaws.eu-west-1.sts exists in the runner's VPC; " +
        'that the endpoint has private DNS enabled, so sts.eu-west-1.amazonaws.com resolves to its private addresses; ' +
        "otherwise set 'sts-endpoint' to the endpoint's vpce DNS name; " +
        "that the endpoint's security group allows inbound TCP 443 from the runner; " +
        'that no proxy (HTTPS_PROXY) sits in the way without NO_PROXY for sts.eu-west-1.amazonaws.com.',
    );
  });

  it('for a regional git name: the git-codecommit endpoint service and codecommit-endpoint', () => {
    const advice = vpcAdviceForUnreachable('git', 'git-codecommit.us-east-2.amazonaws.com', 'us-east-2');
    expect(advice).toContain('com.amazonaws.us-east-2.git-codecommit exists');
    expect(advice).toContain('private DNS enabled, so git-codecommit.us-east-2.amazonaws.com resolves');
    expect(advice).toContain("set 'codecommit-endpoint' to the endpoint's vpce DNS name");
    expect(advice).not.toContain("'sts-endpoint'");
    expect(advice).not.toMatch(/com\.amazonaws\.us-east-2\.sts\b/);
  });

  it("for a vpce name: says to check it is that endpoint's DNS name, not private DNS", () => {
    const hostname = 'vpce-0123456789abcdef0-abcdefgh.git-codecommit.eu-west-1.vpce.amazonaws.com';
    const advice = vpcAdviceForUnreachable('git', hostname, 'eu-west-1');
    expect(advice).toContain(
      `${hostname} is that endpoint's DNS name (copy it from the endpoint's DNS names)`,
    );
    expect(advice).not.toContain('private DNS enabled');
    expect(advice).toContain('com.amazonaws.eu-west-1.git-codecommit');
    expect(advice).toContain(`NO_PROXY for ${hostname}`);
  });

  it('for a vpce STS name: the sts endpoint service, vpce wording', () => {
    const hostname = 'vpce-0123456789abcdef0-abcdefgh.sts.eu-west-1.vpce.amazonaws.com';
    const advice = vpcAdviceForUnreachable('sts', hostname, 'eu-west-1');
    expect(advice).toContain('com.amazonaws.eu-west-1.sts exists');
    expect(advice).toContain("is that endpoint's DNS name");
    expect(advice).not.toContain('global STS name');
  });
});
