/**
 * The throttling cases: small repositories cloned from a git endpoint that answers `429 Too Many
 * Requests` whenever more than 3 smart-HTTP requests are in flight, two ways, in the same rounds as the
 * other cases:
 *
 * - adaptive: one step of the action at concurrency 8, every repository: the step halves how many clones
 *   run at once when one is throttled and grows again after successes (src/core/adaptive-concurrency.ts);
 * - fixed: the same repositories at a fixed concurrency of 8, which is what a user gets without that
 *   adaptation: 8 steps started at once (the jobs of a matrix), 3 repositories each, each step cloning one
 *   at a time (concurrency 1: such a step never adapts).
 *
 * Both retry throttled git requests as the action does (default max-attempts), so the only difference is
 * the step-wide adaptation. The throttle is on only while a case runs.
 */
import type { ActionTiming, ConcurrentStep } from './action-step.js';
import { watchRequests, type BenchCase, type CaseTools, type NewRequests, type Sample } from './cases.js';
import type { BenchRepository } from './repositories.js';

/** The endpoint throttles a request that arrives while more than this many are being served. */
export const THROTTLE_ABOVE_IN_FLIGHT = 3;
/** The concurrency both cases aim at: the adaptive step's ceiling, the fixed matrix's number of jobs. */
export const THROTTLING_CONCURRENCY = 8;

export const THROTTLING_CASE_IDS = { adaptive: 'throttling-adaptive', fixed: 'throttling-fixed' } as const;

export function throttlingCases(repositories: readonly BenchRepository[], tools: CaseTools): BenchCase[] {
  const count = repositories.length;
  const perJob = Math.ceil(count / THROTTLING_CONCURRENCY);
  const jobs = Array.from({ length: THROTTLING_CONCURRENCY }, (_, job) =>
    repositories.slice(job * perJob, (job + 1) * perJob),
  ).filter((job) => job.length > 0);
  const subject = `${count} small repositories, throttled above ${THROTTLE_ABOVE_IN_FLIGHT} in flight`;
  return [
    throttledCase(
      THROTTLING_CASE_IDS.adaptive,
      subject,
      `adaptive: one step, concurrency ${THROTTLING_CONCURRENCY}, ${count} repositories`,
      [{ repositories, inputs: { concurrency: String(THROTTLING_CONCURRENCY) } }],
      tools,
    ),
    throttledCase(
      THROTTLING_CASE_IDS.fixed,
      subject,
      `fixed: ${jobs.length} steps at once (a matrix), ${perJob} repositories each, concurrency 1`,
      jobs.map((job) => ({ repositories: job, inputs: { concurrency: '1' } })),
      tools,
    ),
  ];
}

function throttledCase(
  id: string,
  subject: string,
  label: string,
  steps: readonly ConcurrentStep[],
  tools: CaseTools,
): BenchCase {
  return {
    id,
    group: 'throttling',
    runner: 'action',
    subject,
    label,
    async run() {
      tools.world.git.setThrottle({ whenInFlightAbove: THROTTLE_ABOVE_IN_FLIGHT });
      try {
        const watch = watchRequests(tools.world);
        const timing = await tools.action.runTogether(steps);
        return throttledSample(timing, watch());
      } finally {
        tools.world.git.setThrottle(undefined);
      }
    },
  };
}

/**
 * Spawn of the first step to exit of the last, and the 429 answers the fake sent meanwhile. Every other
 * request must have been accepted (the steps themselves checked that every clone is at its HEAD).
 */
function throttledSample({ spawnedAt, ms, cpuMs }: ActionTiming, requests: NewRequests): Sample {
  const throttled = requests.git.filter((request) => request.status === 429).length;
  const injected = requests.git.filter((request) => request.fault === 'throttle').length;
  if (throttled !== injected) {
    throw new Error(
      `the fake CodeCommit throttled ${injected} requests, but recorded ${throttled} 429 answers`,
    );
  }
  const refused = requests.git.filter((request) => request.status !== 429 && request.auth !== 'accepted');
  if (refused.length > 0) {
    const what = refused.map((r) => `${r.method} ${r.path}: ${r.auth} ${r.reason ?? ''}`.trim());
    throw new Error(`the fake CodeCommit did not accept every request: ${what.join('; ')}`);
  }
  const firstGit = requests.git[0]?.time.getTime();
  if (firstGit === undefined) throw new Error('the fake CodeCommit recorded no request');
  if (requests.sts.length === 0) throw new Error('the fake STS recorded no request');
  return {
    ms,
    ...(cpuMs !== undefined ? { cpuMs } : {}),
    toGitMs: firstGit - spawnedAt,
    gitToExitMs: spawnedAt + ms - firstGit,
    stsRequests: requests.sts.length,
    gitRequests: requests.git.length,
    throttledResponses: throttled,
  };
}
