import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as runner from '../../src/entry/adapters/runner-protocol.js';
import { htmlHeading, htmlTable } from '../../src/entry/adapters/summary-html.js';
import { environmentFileEntry, workflowCommand } from '../../src/entry/adapters/workflow-commands.js';
import { capturingStdout } from '../capture-stdout.js';
import { isolateEnvironment } from '../isolated-environment.js';

/** `@actions/core` is the reference: for the same calls, the runner must see the same bytes. */

const AWKWARD_TEXTS = [
  '',
  'plain text',
  '100% done',
  'line one\nline two',
  'carriage\r\nreturn',
  'colon: and, comma',
  '::error::not a command',
  '%0A already escaped %25',
  'ünïcødé ✓ 日本',
  ' padded ',
];

const PROTOCOL_VARIABLES = [
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_PATH',
  'GITHUB_STEP_SUMMARY',
  'PATH',
] as const;

isolateEnvironment(
  PROTOCOL_VARIABLES,
  PROTOCOL_VARIABLES.filter((name) => name !== 'PATH'),
);

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'runner-protocol-'));
  process.exitCode = undefined;
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
  process.exitCode = undefined;
});

/** What `action` writes to stdout. */
async function stdoutOf(action: () => void): Promise<string> {
  return (await capturingStdout(action)).stdout;
}

/** A fresh empty file named by `variable`; returns its path. */
function environmentFile(variable: (typeof PROTOCOL_VARIABLES)[number], name: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, '');
  process.env[variable] = file;
  return file;
}

/** The random heredoc delimiters replaced by one fixed name, so two writers' files can be compared. */
function withFixedDelimiters(text: string): string {
  const delimiters = [...text.matchAll(/<<(ghadelimiter_[0-9a-f-]{36})$/gm)].map((match) => match[1]);
  expect(delimiters.length).toBeGreaterThan(0);
  return delimiters.reduce<string>((out, delimiter) => out.split(delimiter ?? '').join('DELIMITER'), text);
}

describe('runner protocol, side by side with @actions/core', () => {
  it.each(AWKWARD_TEXTS)('logs, masks, debugs, warns and groups %j as core does', async (text) => {
    const ours = await stdoutOf(() => {
      runner.setSecret(text);
      runner.info(text);
      runner.debug(text);
      runner.warning(text);
      runner.error(text);
      runner.startGroup(text);
      runner.endGroup();
    });
    const reference = await stdoutOf(() => {
      core.setSecret(text);
      core.info(text);
      core.debug(text);
      core.warning(text);
      core.error(text);
      core.startGroup(text);
      core.endGroup();
    });
    expect(ours).toBe(reference);
    expect(ours.startsWith('::add-mask::')).toBe(true);
    expect(ours.endsWith(`::endgroup::${os.EOL}`)).toBe(true);
  });

  it('fails the step as core does: exit code 1 and an error annotation', async () => {
    const ours = await stdoutOf(() => runner.setFailed('it broke:\nbadly, 100%'));
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    const reference = await stdoutOf(() => core.setFailed('it broke:\nbadly, 100%'));
    expect(process.exitCode).toBe(1);
    expect(ours).toBe(reference);
  });

  it.each(AWKWARD_TEXTS)('writes the output and state %j to the runner files as core does', (text) => {
    const outputs = environmentFile('GITHUB_OUTPUT', 'output-ours');
    const state = environmentFile('GITHUB_STATE', 'state-ours');
    runner.setOutput('repositories', text);
    runner.saveState('clones', text);
    const ours = [readFileSync(outputs, 'utf8'), readFileSync(state, 'utf8')];

    const referenceOutputs = environmentFile('GITHUB_OUTPUT', 'output-core');
    const referenceState = environmentFile('GITHUB_STATE', 'state-core');
    core.setOutput('repositories', text);
    core.saveState('clones', text);
    const reference = [readFileSync(referenceOutputs, 'utf8'), readFileSync(referenceState, 'utf8')];

    expect(ours.map(withFixedDelimiters)).toEqual(reference.map(withFixedDelimiters));
  });

  it('uses a new random delimiter for every entry', () => {
    const outputs = environmentFile('GITHUB_OUTPUT', 'output');
    runner.setOutput('a', '1');
    runner.setOutput('b', '2');
    const delimiters = [...readFileSync(outputs, 'utf8').matchAll(/<<(.+)$/gm)].map((match) => match[1]);
    expect(delimiters).toHaveLength(2);
    expect(new Set(delimiters).size).toBe(2);
  });

  it('falls back to the stdout commands as core does when the runner names no files', async () => {
    const text = 'value: with, 100%\nand a second line';
    const originalPath = process.env.PATH;
    const ours = await stdoutOf(() => {
      runner.setOutput('commit', text);
      runner.saveState('clones', text);
      runner.addPath('/opt/tool, v1');
    });
    const oursPath = process.env.PATH;
    process.env.PATH = originalPath;
    const reference = await stdoutOf(() => {
      core.setOutput('commit', text);
      core.saveState('clones', text);
      core.addPath('/opt/tool, v1');
    });
    expect(ours).toBe(reference);
    expect(oursPath).toBe(process.env.PATH);
    expect(oursPath?.startsWith(`/opt/tool, v1${path.delimiter}`)).toBe(true);
  });

  it('adds to GITHUB_PATH and to its own PATH as core does', () => {
    const originalPath = process.env.PATH;
    const ours = environmentFile('GITHUB_PATH', 'path-ours');
    runner.addPath('/runner/temp/bin');
    runner.addPath('/runner/temp/other bin');
    const oursPath = process.env.PATH;
    process.env.PATH = originalPath;
    const reference = environmentFile('GITHUB_PATH', 'path-core');
    core.addPath('/runner/temp/bin');
    core.addPath('/runner/temp/other bin');
    expect(readFileSync(ours, 'utf8')).toBe(readFileSync(reference, 'utf8'));
    expect(oursPath).toBe(process.env.PATH);
  });

  it('reads inputs and state as core does', () => {
    const variables = {
      'INPUT_ROLE-TO-ASSUME': '  arn:aws:iam::111111111111:role/Clone \n',
      INPUT_REPOSITORY: 'one\ntwo\n',
      INPUT_WITH_SPACES: 'spaced name',
      STATE_clones: '{"clones":[]}',
    };
    Object.assign(process.env, variables);
    try {
      for (const name of ['role-to-assume', 'repository', 'with spaces', 'not-given']) {
        expect(runner.getInput(name)).toBe(core.getInput(name));
      }
      expect(runner.getInput('role-to-assume')).toBe('arn:aws:iam::111111111111:role/Clone');
      expect(runner.getState('clones')).toBe(core.getState('clones'));
      expect(runner.getState('missing')).toBe('');
    } finally {
      for (const name of Object.keys(variables)) delete process.env[name];
    }
  });

  it('names a missing runner file instead of writing nowhere, as core refuses to', () => {
    process.env.GITHUB_OUTPUT = path.join(folder, 'not-there');
    expect(() => runner.setOutput('commit', 'abc')).toThrow(/GITHUB_OUTPUT names .*not-there/);
    expect(() => core.setOutput('commit', 'abc')).toThrow(/Missing file/);
  });

  it('appends the job summary, and refuses on a runner without job summaries', () => {
    expect(() => runner.appendSummary('<h3>x</h3>\n')).toThrow(/GITHUB_STEP_SUMMARY is not set/);
    const summary = environmentFile('GITHUB_STEP_SUMMARY', 'summary');
    writeFileSync(summary, '<p>an earlier step</p>\n');
    runner.appendSummary('<h3>x</h3>\n');
    expect(readFileSync(summary, 'utf8')).toBe('<p>an earlier step</p>\n<h3>x</h3>\n');
  });
});

describe('workflow command text', () => {
  it('escapes the message and the properties so that one command stays one line', () => {
    expect(workflowCommand('set-output', 'a\r\nb%', { name: 'x:y,z' })).toBe(
      '::set-output name=x%3Ay%2Cz::a%0D%0Ab%25',
    );
    expect(workflowCommand('endgroup', '')).toBe('::endgroup::');
    expect(workflowCommand('warning', 'w', { file: '', line: '3' })).toBe('::warning line=3::w');
  });

  it('refuses an environment-file entry whose name or value holds the delimiter', () => {
    expect(environmentFileEntry('commit', 'abc', 'D_1')).toBe('commit<<D_1\nabc\nD_1\n');
    expect(() => environmentFileEntry('commit', 'x\nD_1\ninjected=1', 'D_1')).toThrow(/delimiter/);
    expect(() => environmentFileEntry('D_1', 'x', 'D_1')).toThrow(/delimiter/);
  });
});

describe('job summary markup', () => {
  it("matches core's summary markup for plain text", () => {
    const rows = [
      ['Repository', 'Commit'],
      ['service', '0123abcd'],
      ['lib-a', 'fedc9876'],
    ];
    const ours = htmlHeading('CodeCommit clone', 3) + htmlTable(rows);
    const [header = [], ...body] = rows;
    const reference = core.summary
      .emptyBuffer()
      .addHeading('CodeCommit clone', 3)
      .addTable([header.map((data) => ({ data, header: true })), ...body])
      .stringify();
    core.summary.emptyBuffer();
    expect(ours).toBe(reference);
  });

  it('escapes markup in every cell and heading, where core would pass it through', () => {
    const table = htmlTable([
      ['Ref', 'Result'],
      ['<script>alert(1)</script>', 'failed: "x" & \'y\''],
    ]);
    expect(table).not.toContain('<script>');
    expect(table).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(table).toContain('failed: &quot;x&quot; &amp; &#39;y&#39;');
    expect(htmlHeading('a <b>', 4)).toBe('<h4>a &lt;b&gt;</h4>\n');
  });
});
