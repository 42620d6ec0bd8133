import { proxyForUrl, proxyLabel, proxySecrets } from '../../src/network/https-proxy.js';
import { isolateEnvironment } from '../isolated-environment.js';

const VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
isolateEnvironment(VARIABLES);

describe('proxyForUrl', () => {
  it('goes direct without HTTPS_PROXY', () => {
    expect(proxyForUrl('https://sts.eu-west-1.amazonaws.com', process.env)).toBeUndefined();
  });

  it('uses HTTPS_PROXY (or https_proxy) unless NO_PROXY covers the host', () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    expect(proxyForUrl('https://sts.eu-west-1.amazonaws.com', process.env)?.href).toBe(
      'http://proxy.internal:3128/',
    );
    process.env.NO_PROXY = '.amazonaws.com';
    expect(proxyForUrl('https://sts.eu-west-1.amazonaws.com', process.env)).toBeUndefined();
    expect(proxyForUrl('https://example.org', process.env)?.hostname).toBe('proxy.internal');
  });

  it('goes direct for a subdomain of a bare NO_PROXY domain, as git does (NO_PROXY=amazonaws.com)', () => {
    const env = { HTTPS_PROXY: 'http://proxy.internal:3128', NO_PROXY: 'amazonaws.com' };
    expect(proxyForUrl('https://sts.eu-west-1.amazonaws.com/', env)).toBeUndefined();
    expect(
      proxyForUrl('https://vpce-0a1b2c3d4e5f67890-abcd1234.sts.eu-west-1.vpce.amazonaws.com/', env),
    ).toBeUndefined();
    expect(proxyForUrl('https://sts.cn-north-1.amazonaws.com.cn/', env)?.hostname).toBe('proxy.internal');
  });

  it("reads the variables in git's order: the lowercase name first, even when it is empty", () => {
    const url = 'https://sts.eu-west-1.amazonaws.com/';
    const both = { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' };
    expect(proxyForUrl(url, both)?.hostname).toBe('lower');
    expect(proxyForUrl(url, { ...both, https_proxy: '' })).toBeUndefined();
    expect(proxyForUrl(url, { ALL_PROXY: 'http://all:3' })?.hostname).toBe('all');
    expect(proxyForUrl(url, { HTTPS_PROXY: 'http://upper:2', ALL_PROXY: 'http://all:3' })?.hostname).toBe(
      'upper',
    );
    const exempt = { HTTPS_PROXY: 'http://upper:2', no_proxy: 'example.org', NO_PROXY: 'amazonaws.com' };
    expect(proxyForUrl(url, exempt)?.hostname).toBe('upper');
    expect(proxyForUrl(url, { ...exempt, no_proxy: undefined })).toBeUndefined();
  });

  it('accepts a proxy given without a scheme', () => {
    process.env.https_proxy = 'proxy.internal:8080';
    expect(
      proxyLabel(proxyForUrl('https://sts.eu-west-1.amazonaws.com', process.env) ?? new URL('http://x')),
    ).toBe('proxy.internal:8080');
  });
});

describe('proxySecrets', () => {
  it('lists every form of the credentials in a proxy URL', () => {
    const proxy = new URL('http://ci-user:s3cr%40t@proxy.internal:3128');
    expect(proxySecrets(proxy)).toEqual([
      's3cr@t',
      'ci-user:s3cr@t',
      Buffer.from('ci-user:s3cr@t').toString('base64'),
      'http://ci-user:s3cr%40t@proxy.internal:3128',
      'http://ci-user:s3cr%40t@proxy.internal:3128/',
    ]);
  });

  it('has nothing to mask without credentials, and the label never carries them', () => {
    expect(proxySecrets(new URL('http://proxy.internal:3128'))).toEqual([]);
    expect(proxyLabel(new URL('http://u:p@proxy.internal'))).toBe('proxy.internal:80');
  });
});
