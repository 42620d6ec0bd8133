import { accountOfArn } from '../../src/aws/aws-advice.js';
import { cacheOwner, mirrorLocation, ownerFolder } from '../../src/workspace/cache-key.js';

const ROLE_SESSION = 'arn:aws:sts::111111111111:assumed-role/SwitchRole/codecommit-clone-42';

describe('cacheOwner: whose mirrors these are', () => {
  test("the assumed role's account, from its session ARN, in every partition", () => {
    expect(cacheOwner(ROLE_SESSION, { accessKeyId: 'ASIAX', sessionToken: 't' })).toEqual({
      kind: 'account',
      accountId: '111111111111',
    });
    expect(accountOfArn('arn:aws-cn:sts::222222222222:assumed-role/R/s')).toBe('222222222222');
    expect(accountOfArn('arn:aws-us-gov:sts::333333333333:assumed-role/R/s')).toBe('333333333333');
    expect(accountOfArn('arn:aws:iam::444444444444:role/R')).toBe('444444444444');
    expect(accountOfArn('arn:aws:sts::12345:assumed-role/R/s')).toBeUndefined();
    expect(accountOfArn('not an arn')).toBeUndefined();
  });

  test('without a role, a long-term key keys the mirrors by a hash of its id; temporary credentials get none', () => {
    expect(cacheOwner(undefined, { accessKeyId: 'AKIAEXAMPLE' })).toEqual({
      kind: 'access-key',
      accessKeyId: 'AKIAEXAMPLE',
    });
    expect(cacheOwner(undefined, { accessKeyId: 'ASIAEXAMPLE', sessionToken: 'token' })).toBeUndefined();
  });

  test('the folder of a key is a short hash, never the key id itself, and differs per key', () => {
    const one = ownerFolder({ kind: 'access-key', accessKeyId: 'AKIAONEONEONEONEONE1' });
    const two = ownerFolder({ kind: 'access-key', accessKeyId: 'AKIATWOTWOTWOTWOTWO2' });
    expect(one).toMatch(/^key-[0-9a-f]{16}$/);
    expect(one).not.toContain('AKIA');
    expect(one).not.toBe(two);
    expect(ownerFolder({ kind: 'access-key', accessKeyId: 'AKIAONEONEONEONEONE1' })).toBe(one);
  });
});

describe('mirrorLocation: one mirror per partition, region, account and repository', () => {
  const key = {
    partition: 'aws' as const,
    region: 'eu-west-1',
    owner: { kind: 'account' as const, accountId: '111111111111' },
    repository: 'my-service',
  };

  test('<cache>/<partition>/<region>/<account>/<name>.git, its lock and its fill folders beside it', () => {
    expect(mirrorLocation('/opt/cache', key)).toEqual({
      parent: '/opt/cache/aws/eu-west-1/111111111111',
      mirror: '/opt/cache/aws/eu-west-1/111111111111/my-service.git',
      lock: '/opt/cache/aws/eu-west-1/111111111111/my-service.git.lock',
      fillPrefix: 'my-service.git.fill-',
      corruptPrefix: 'my-service.git.corrupt-',
    });
  });

  test('the same name in another partition, region or account is another mirror', () => {
    const mirrors = [
      key,
      { ...key, partition: 'aws-us-gov' as const },
      { ...key, region: 'eu-central-1' },
      { ...key, owner: { kind: 'account' as const, accountId: '222222222222' } },
      { ...key, owner: { kind: 'access-key' as const, accessKeyId: 'AKIAEXAMPLE' } },
      { ...key, repository: 'My-Service' },
    ].map((each) => mirrorLocation('/opt/cache', each).mirror);
    expect(new Set(mirrors).size).toBe(mirrors.length);
  });
});
