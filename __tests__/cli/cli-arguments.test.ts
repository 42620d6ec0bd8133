import { parseCliArguments, UsageError } from '../../src/cli/cli-arguments.js';

describe('CLI arguments', () => {
  it('clones by default, with --name value and --name=value', () => {
    const command = parseCliArguments(['--repository', 'a', '--aws-region=eu-west-1', '--fetch-depth', '0']);
    expect(command).toMatchObject({
      kind: 'clone',
      raw: { repository: 'a', 'aws-region': 'eu-west-1', 'fetch-depth': '0', ref: '' },
    });
    expect(parseCliArguments(['clone', '--repository', 'a'])).toMatchObject({ kind: 'clone' });
  });

  it('list: mode list, --json anywhere, the API endpoint flag, and no --mode of its own', () => {
    expect(
      parseCliArguments([
        'list',
        '--repository',
        'team-*',
        '--json',
        '--codecommit-api-endpoint',
        'https://codecommit.eu-west-1.amazonaws.com',
      ]),
    ).toEqual({
      kind: 'list',
      json: true,
      raw: expect.objectContaining({
        mode: 'list',
        repository: 'team-*',
        'codecommit-api-endpoint': 'https://codecommit.eu-west-1.amazonaws.com',
      }) as unknown,
    });
    expect(parseCliArguments(['list', '--repository', 'a'])).toMatchObject({ kind: 'list', json: false });
    expect(() => parseCliArguments(['--repository', 'a', '--json'])).toThrow(/unknown option --json/);
    expect(() => parseCliArguments(['--repository', 'a', '--mode', 'list'])).toThrow(
      /--mode is not available here: the subcommand chooses it/,
    );
    expect(() => parseCliArguments(['list'])).toThrow(/--repository is required/);
  });

  it('diagnose takes the same flags as a clone and needs --repository too', () => {
    expect(parseCliArguments(['diagnose', '--repository', 'a', '--repository', 'b', '--ref=main'])).toEqual({
      kind: 'diagnose',
      raw: expect.objectContaining({ repository: 'a\nb', ref: 'main' }),
    });
    expect(() => parseCliArguments(['diagnose', '--aws-region', 'eu-west-1'])).toThrow(
      /--repository is required/,
    );
    expect(() => parseCliArguments(['diagnose', '--repository', 'a', '--persist-credentials'])).toThrow(
      UsageError,
    );
  });

  it('joins repeated multi-line inputs and refuses other repeats', () => {
    expect(parseCliArguments(['--repository', 'a', '--repository', 'b'])).toMatchObject({
      raw: { repository: 'a\nb' },
    });
    expect(() => parseCliArguments(['--repository', 'a', '--ref', 'x', '--ref', 'y'])).toThrow(
      /more than once/,
    );
  });

  it('takes --source-credentials, for the clone and for the credential helper', () => {
    expect(parseCliArguments(['--repository', 'a', '--source-credentials', 'runner'])).toMatchObject({
      raw: { 'source-credentials': 'runner' },
    });
    expect(parseCliArguments(['credential-helper', '--source-credentials=github-oidc', 'get'])).toMatchObject(
      { kind: 'credential-helper', raw: { 'source-credentials': 'github-oidc' } },
    );
  });

  it('takes a lone boolean flag as true', () => {
    expect(parseCliArguments(['--use-fips', '--repository', 'a'])).toMatchObject({
      raw: { 'use-fips': 'true' },
    });
    expect(parseCliArguments(['--repository', 'a', '--use-fips=false'])).toMatchObject({
      raw: { 'use-fips': 'false' },
    });
  });

  it('takes a lone --submodules as true, and --submodules recursive as recursive', () => {
    expect(parseCliArguments(['--submodules', '--repository', 'a'])).toMatchObject({
      raw: { submodules: 'true' },
    });
    expect(parseCliArguments(['--repository', 'a', '--submodules'])).toMatchObject({
      raw: { submodules: 'true' },
    });
    expect(parseCliArguments(['--repository', 'a', '--submodules', 'recursive'])).toMatchObject({
      raw: { submodules: 'recursive' },
    });
  });

  it('reports bad usage as UsageError', () => {
    for (const argv of [
      [],
      ['--nope', 'x'],
      ['--repository'],
      ['stray'],
      ['--persist-credentials', 'true', '--repository', 'a'],
      ['credential-helper'],
    ]) {
      expect(() => parseCliArguments(argv)).toThrow(UsageError);
    }
  });

  it('reads the credential helper operation wherever git puts it', () => {
    expect(parseCliArguments(['credential-helper', '--aws-region', 'eu-west-1', 'get'])).toMatchObject({
      kind: 'credential-helper',
      operation: 'get',
      raw: { 'aws-region': 'eu-west-1' },
    });
    expect(parseCliArguments(['credential-helper', 'erase'])).toMatchObject({ operation: 'erase' });
    expect(parseCliArguments(['--help'])).toEqual({ kind: 'help' });
  });
});
