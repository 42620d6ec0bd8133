import { proxyForUrl, proxyLabel, proxySecrets } from '../../src/aws/https-proxy.js';
import { isolateEnvironment } from '../isolated-environment.js';

const VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
isolateEnvironment(VARIABLES);

describe('proxyForUrl', () => {
  it('goes direct without HTTPS_PROXY', () => {
    expect(proxyForUrl('https://sts.eu-west-1.amazonaws.com')).toBeUndefined();
  });

  it('uses HTTPS_PROXY (or https_proxy) unless NO_PROXY covers the host', () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    expect(proxyForUrl('https://sts.eu-west-1.amazonaws.com')?.href).toBe('http://proxy.internal:3128/');
    process.env.NO_PROXY = '.amazonaws.com';
    expect(proxyForUrl('https://sts.eu-west-1.amazonaws.com')).toBeUndefined();
    expect(proxyForUrl('https://example.org')?.hostname).toBe('proxy.internal');
  });

  it('accepts a proxy given without a scheme', () => {
    process.env.https_proxy = 'proxy.internal:8080';
    expect(proxyLabel(proxyForUrl('https://sts.eu-west-1.amazonaws.com') ?? new URL('http://x'))).toBe(
      'proxy.internal:8080',
    );
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
