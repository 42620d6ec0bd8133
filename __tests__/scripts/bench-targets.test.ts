import type { BenchCase, CaseGroup, CaseRunner, Sample } from '../../scripts/bench/cases.js';
import { measurementsOf } from '../../scripts/bench/results.js';
import { judgeTargets, LIMITS } from '../../scripts/bench/targets.js';

/**
 * One case per group and runner, each with one sample of `ms`; the action's and the floor's samples
 * with an STS request, `toStsMs` after their spawn.
 */
function measured(
  times: Partial<Record<`${CaseGroup}-${'plain' | 'action' | 'floor'}`, number>>,
  toStsMs: { action: number; floor: number } = { action: 70, floor: 70 },
) {
  const cases: BenchCase[] = [];
  const samples = new Map<string, Sample[]>();
  for (const [id, ms] of Object.entries(times)) {
    const [group, runner] = id.split(/-(?=[^-]+$)/) as [CaseGroup, 'plain' | 'action' | 'floor'];
    const fixed: CaseRunner = runner === 'plain' ? 'plain git' : runner;
    const caseId = `${group}-${runner}`;
    cases.push({
      id: caseId,
      group,
      runner: fixed,
      subject: group,
      label: group,
      run: () => Promise.reject(),
    });
    samples.set(caseId, [
      runner === 'plain'
        ? { ms, stsRequests: 0, gitRequests: 3 }
        : { ms, stsRequests: 1, gitRequests: 3, toStsMs: toStsMs[runner] },
    ]);
  }
  return measurementsOf(cases, samples);
}

const PLAIN_AND_ACTION = {
  'startup-plain': 20,
  'startup-action': 30,
  'tiny-plain': 70,
  'tiny-action': 160,
  'large-plain': 850,
  'large-action': 950,
  'many-plain': 900,
  'many-action': 560,
  'rerun-plain': 1000,
  'rerun-action': 60,
  'cache-plain': 1000,
  'cache-action': 120,
} as const;

describe("the bench's floor beside the targets", () => {
  it('a limit tighter than what the floor program measured is said to lie below the floor', () => {
    const targets = judgeTargets(
      measured({ ...PLAIN_AND_ACTION, 'large-floor': 850 * 1.087, 'tiny-floor': 140, 'many-floor': 530 }),
    );
    const large = targets.find((t) => t.id === 'large-ratio');
    expect(large?.pass).toBe(false);
    expect(large?.floor).toBe(
      'floor 1.087×: the limit lies below the floor, which no implementation reaches here; ' +
        'the action spends 0.026 s beyond it',
    );
    // Floors within the limits: only the floor's value and the action's time beyond it.
    expect(targets.find((t) => t.id === 'tiny-overhead')?.floor).toBe(
      'floor 0.070 s; the action spends 0.020 s beyond it',
    );
    expect(targets.find((t) => t.id === 'many-ratio')?.floor).toBe(
      'floor 0.589×; the action spends 0.030 s beyond it',
    );
  });

  it('an action faster than the floor (within the noise of one run) is said to end before it, not to spend a negative time', () => {
    const targets = judgeTargets(measured({ ...PLAIN_AND_ACTION, 'many-floor': 562 }));
    expect(targets.find((t) => t.id === 'many-ratio')?.floor).toBe(
      'floor 0.624×: the limit lies below the floor, which no implementation reaches here; ' +
        'the action ends 0.002 s before it',
    );
  });

  it('the floor never changes whether a target is met, and targets without a floor run say nothing of one', () => {
    const withFloor = judgeTargets(
      measured({ ...PLAIN_AND_ACTION, 'large-floor': 850 * (LIMITS.largeRatio + 0.01) }),
    );
    const without = judgeTargets(measured(PLAIN_AND_ACTION));
    expect(withFloor.map((t) => [t.id, t.pass])).toEqual(without.map((t) => [t.id, t.pass]));
    expect(without.every((t) => t.floor === undefined)).toBe(true);
    expect(withFloor.filter((t) => t.floor !== undefined).map((t) => t.id)).toEqual(['large-ratio']);
  });

  it('the start-up over all action runs counts the action only, not the floor program that also calls STS', () => {
    const { startup } = measured({ ...PLAIN_AND_ACTION, 'tiny-floor': 140 }, { action: 80, floor: 10 });
    // The six action cases, each one run; the floor's earlier STS request is not among them.
    expect(startup.runs).toBe(6);
    expect(startup.min).toBe(80);
  });
});
