/**
 * The throttling cases: small repositories cloned from a git endpoint that answers `429 Too Many
 * Requests` whenever more than 3 smart-HTTP requests are in flight, in the same rounds as the other
 * cases, three ways:
 *
 * - adaptive: one clone step at concurrency 8, every repository, run in the bench's process
 *   (in-process-step.ts) as the action runs it: it halves how many clones run at once when one is
 *   throttled and grows again after successes (AdaptiveConcurrency, src/core/adaptive-concurrency.ts);
 * - fixed: the very same step, inputs and endpoint, with only its limiter replaced by FixedConcurrency:
 *   8 clones at once whatever the endpoint says (throttles are only counted). The target compares these two;
 * - matrix: what a user does otherwise, 8 bundled action steps started at once (the jobs of a matrix), 3
 *   repositories each, one at a time. Its time includes 8 node start-ups on the same cores, so it is
 *   shown beside the others, not judged against them.
 *
 * All retry throttled git requests as the action does (default max-attempts). The throttle is on only
 * while a case runs.
 */
import { FixedConcurrency } from '../../src/core/adaptive-concurrency.js';
import type { ConcurrentStep } from './action-step.js';
import { watchRequests, type BenchCase, type CaseTools, type NewRequests, type Sample } from './cases.js';
import type { InProcessOptions } from './in-process-step.js';
import type { BenchRepository } from './repositories.js';

/** The endpoint throttles a request that arrives while more than this many are being served. */
export const THROTTLE_ABOVE_IN_FLIGHT = 3;
/** The concurrency every case aims at: the steps' ceiling, the matrix's number of jobs. */
export const THROTTLING_CONCURRENCY = 8;

export const THROTTLING_CASE_IDS = {
  adaptive: 'throttling-adaptive-in-process',
  fixed: 'throttling-fixed-in-process',
  matrix: 'throttling-matrix',
} as const;

/** When a case started, how long it took, and what the step itself said of throttling. */
interface Timing {
  /** Epoch ms. */
  startedAt: number;
  ms: number;
  cpuMs?: number;
  stepThrottling?: Sample['stepThrottling'];
}

export function throttlingCases(repositories: readonly BenchRepository[], tools: CaseTools): BenchCase[] {
  const count = repositories.length;
  const perJob = Math.ceil(count / THROTTLING_CONCURRENCY);
  const jobs = Array.from({ length: THROTTLING_CONCURRENCY }, (_, job) =>
    repositories.slice(job * perJob, (job + 1) * perJob),
  ).filter((job) => job.length > 0);
  const subject = `${count} small repositories, throttled above ${THROTTLE_ABOVE_IN_FLIGHT} in flight`;
  const inputs = { concurrency: String(THROTTLING_CONCURRENCY) };
  const inProcess = (options: InProcessOptions) => async (): Promise<Timing> => {
    const { throttling, ...timing } = await tools.inProcess.run(repositories, options);
    const ceiling = Math.min(THROTTLING_CONCURRENCY, count);
    return {
      ...timing,
      stepThrottling: {
        throttledRequests: throttling?.throttledRequests ?? 0,
        lowestConcurrency: throttling?.lowestConcurrency ?? ceiling,
        finalConcurrency: throttling?.finalConcurrency ?? ceiling,
      },
    };
  };
  const matrix = (steps: readonly ConcurrentStep[]) => async (): Promise<Timing> => {
    const { spawnedAt, ...timing } = await tools.action.runTogether(steps);
    return { startedAt: spawnedAt, ...timing };
  };
  return [
    throttledCase(
      THROTTLING_CASE_IDS.adaptive,
      subject,
      `adaptive: one step in the bench's process, concurrency ${THROTTLING_CONCURRENCY}, ${count} repositories`,
      inProcess({ inputs }),
      tools,
    ),
    throttledCase(
      THROTTLING_CASE_IDS.fixed,
      subject,
      `fixed: the same step, its concurrency held at ${THROTTLING_CONCURRENCY}, ${count} repositories`,
      inProcess({ inputs, concurrencyLimit: (ceiling) => new FixedConcurrency(ceiling) }),
      tools,
    ),
    throttledCase(
      THROTTLING_CASE_IDS.matrix,
      subject,
      `matrix: ${jobs.length} action processes at once, ${perJob} repositories each, concurrency 1`,
      matrix(jobs.map((job) => ({ repositories: job, inputs: { concurrency: '1' } }))),
      tools,
    ),
  ];
}

function throttledCase(
  id: string,
  subject: string,
  label: string,
  run: () => Promise<Timing>,
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
        const timing = await run();
        return throttledSample(timing, watch());
      } finally {
        tools.world.git.setThrottle(undefined);
      }
    },
  };
}

/**
 * Start to end, and the 429 answers the fake sent meanwhile. Every other request must have been accepted
 * (the runs themselves checked that every clone is at its HEAD).
 */
function throttledSample(timing: Timing, requests: NewRequests): Sample {
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
  const { startedAt, ms, cpuMs, stepThrottling } = timing;
  return {
    ms,
    ...(cpuMs !== undefined ? { cpuMs } : {}),
    toGitMs: firstGit - startedAt,
    gitToExitMs: startedAt + ms - firstGit,
    stsRequests: requests.sts.length,
    gitRequests: requests.git.length,
    throttledResponses: throttled,
    ...(stepThrottling !== undefined ? { stepThrottling } : {}),
  };
}
