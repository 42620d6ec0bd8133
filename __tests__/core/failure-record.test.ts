import {
  failureHeadline,
  failureOf,
  failureText,
  repositoriesFailedText,
  type FailureRecord,
} from '../../src/core/failure-record.js';

const FORBIDDEN: FailureRecord = {
  what: 'Cloning my-service from git-codecommit.eu-west-1.amazonaws.com failed',
  advice:
    "HTTP 403 from git-codecommit.eu-west-1.amazonaws.com: the credentials were refused for repository 'my-service'.",
  evidence: ["git: fatal: unable to access 'https://…/': The requested URL returned error: 403"],
};

describe('a failure record, rendered once per place it is shown', () => {
  it('is written whole as what failed, its advice, then each piece of evidence on a line of its own', () => {
    expect(failureText(FORBIDDEN)).toBe(
      "Cloning my-service from git-codecommit.eu-west-1.amazonaws.com failed: HTTP 403 from git-codecommit.eu-west-1.amazonaws.com: the credentials were refused for repository 'my-service'.\n" +
        "git: fatal: unable to access 'https://…/': The requested URL returned error: 403",
    );
  });

  it('shows its first line in a summary row', () => {
    expect(failureHeadline(FORBIDDEN)).toBe(failureText(FORBIDDEN).split('\n')[0]);
    expect(failureHeadline(FORBIDDEN)).not.toContain('git: fatal');
  });

  it('keeps a plain error as its message, without an empty advice', () => {
    expect(failureText(failureOf(new Error('the target is a file')))).toBe('the target is a file');
    expect(failureText(failureOf('text'))).toBe('text');
  });

  it("gives a single repository's text alone, and lists several under a count", () => {
    expect(repositoriesFailedText([{ name: 'my-service', failure: FORBIDDEN }], 1)).toBe(
      failureText(FORBIDDEN),
    );
    expect(
      repositoriesFailedText(
        [
          { name: 'a', failure: failureOf('first') },
          { name: 'b', failure: failureOf('second') },
        ],
        5,
      ),
    ).toBe('2 of 5 repositories failed:\n- a: first\n- b: second');
    expect(repositoriesFailedText([{ name: 'a', failure: failureOf('only') }], 3)).toBe(
      '1 of 3 repositories failed:\n- a: only',
    );
  });
});
