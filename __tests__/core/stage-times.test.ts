import { readStagesLine, StageTimes } from '../../src/core/stage-times.js';

describe('StageTimes', () => {
  it('keeps the first time of each stage, writes them in the stages order, and reads back what it wrote', () => {
    let now = 0;
    const startedAt = Date.parse('2026-12-07T06:30:00.125Z');
    const stages = new StageTimes(() => now, startedAt);
    now = 41.25;
    stages.mark('first decision');
    now = 30.5;
    stages.mark('bundle loaded');
    now = 99;
    stages.mark('first decision');
    now = 140;
    stages.mark('STS answered');
    const line = stages.line();
    expect(line).toBe(
      'Stages, ms after the process started at 2026-12-07T06:30:00.125Z: ' +
        'bundle loaded 30.5, first decision 41.3, STS answered 140.0',
    );
    expect(readStagesLine(line)).toEqual({
      startedAt,
      stages: { 'bundle loaded': 30.5, 'first decision': 41.3, 'STS answered': 140 },
    });
  });

  it('reads nothing from another line, nor from one whose time is not a time', () => {
    expect(readStagesLine('Cloning into my-service...')).toBeUndefined();
    expect(readStagesLine('Stages, ms after the process started at soon: bundle loaded 3')).toBeUndefined();
  });
});
