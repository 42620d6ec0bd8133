import { FinalGitFailure, withGitAttempts } from '../../src/git/git-attempts.js';
import type { GitFailure } from '../../src/git/git-failure.js';
import { GitCommandError } from '../../src/git/git-process.js';

const refusedWith = (code: number): GitCommandError =>
  new GitCommandError(
    'cloning my-service from git-codecommit.eu-west-1.amazonaws.com',
    128,
    `fatal: unable to access 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-service/': The requested URL returned error: ${code}\n`,
  );

function settings(maxAttempts: number) {
  const warnings: string[] = [];
  const sleeps: number[] = [];
  const failures: GitFailure[] = [];
  return {
    warnings,
    sleeps,
    failures,
    value: {
      maxAttempts,
      logger: { info: () => undefined, warning: (line: string) => warnings.push(line) },
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      explain: (_: GitCommandError, failure: GitFailure) => `(${failure.kind})`,
      onAttemptFailed: (failure: GitFailure) => failures.push(failure),
    },
  };
}

describe('withGitAttempts', () => {
  it('retries two 429 answers, naming each attempt as throttled, and returns the third', async () => {
    const s = settings(3);
    let calls = 0;
    const result = await withGitAttempts(s.value, async () => {
      calls += 1;
      if (calls < 3) throw refusedWith(429);
      return 'cloned';
    });
    expect(result).toBe('cloned');
    expect(s.warnings).toEqual([
      'Cloning my-service from git-codecommit.eu-west-1.amazonaws.com was throttled (attempt 1 of up to 9 while throttled): (throttled) Retrying in 250 ms.',
      'Cloning my-service from git-codecommit.eu-west-1.amazonaws.com was throttled (attempt 2 of up to 9 while throttled): (throttled) Retrying in 500 ms.',
    ]);
    // Full jitter: random × min(8 s, 0.5 s × 2^(attempt-1)).
    expect(s.sleeps).toEqual([250, 500]);
    expect(s.failures.map((f) => f.kind)).toEqual(['throttled', 'throttled']);
  });

  it('gives throttled attempts up to three times max-attempts, then ends with a FinalGitFailure carrying the kind', async () => {
    const s = settings(2);
    const ended = withGitAttempts(s.value, async () => {
      throw refusedWith(503);
    });
    await expect(ended).rejects.toBeInstanceOf(FinalGitFailure);
    await expect(ended).rejects.toMatchObject({ attempts: 6, failure: { kind: 'throttled' } });
    expect(s.warnings).toHaveLength(5);
  });

  it('counts only the attempts that were not throttled against max-attempts, and says how many were', async () => {
    const s = settings(2);
    const answers = [refusedWith(429), refusedWith(429), refusedWith(502), refusedWith(502)];
    const ended = withGitAttempts(s.value, async () => {
      throw answers.shift() ?? new Error('no more answers');
    });
    await expect(ended).rejects.toMatchObject({ attempts: 4, failure: { kind: 'server-error' } });
    expect(s.warnings[2]).toMatch(
      / failed \(attempt 1 of 2, besides 2 throttled\): \(server-error\) Retrying in /,
    );
    expect(s.warnings).toHaveLength(3);
  });

  it('does not retry a refusal, and calls the cleanup between attempts only', async () => {
    const s = settings(5);
    let cleaned = 0;
    const ended = withGitAttempts(
      s.value,
      async () => {
        throw refusedWith(403);
      },
      async () => {
        cleaned += 1;
      },
    );
    await expect(ended).rejects.toMatchObject({ attempts: 1, failure: { kind: 'forbidden' } });
    expect(cleaned).toBe(0);
    expect(s.sleeps).toEqual([]);
  });

  it('lets an error that is not git through unchanged', async () => {
    const s = settings(3);
    const problem = new Error('the target disappeared');
    await expect(
      withGitAttempts(s.value, async () => {
        throw problem;
      }),
    ).rejects.toBe(problem);
  });
});
