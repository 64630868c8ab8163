/**
 * Pathological inputs handled by design: each finishes, gives one result, and says something sensible (a
 * finding, nothing, or a one-line message). Speed is measured by `npm run fuzz` / benchmarks, not here;
 * the build-context cases count visited entries instead of timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialize, lintText, loadBuildContext, MAX_INSTRUCTIONS, MAX_LINE_LENGTH, MAX_SHELL_COMMANDS, noBuildContext, type LintResult } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';

const CLI = path.resolve(import.meta.dirname, '../../packages/cli/bin/dockerlint.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'dockerlint-patho-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await initialize();
});

function lint(text: string, extra: Partial<Parameters<typeof lintText>[0]> = {}): LintResult {
  const result = lintText({ filePath: 'Dockerfile', text, rules, buildContext: noBuildContext(), ...extra });
  expect(result.filePath).toBe(extra.filePath ?? 'Dockerfile');
  expect(Array.isArray(result.findings)).toBe(true);
  expect(result.ruleErrors).toEqual([]);
  return result;
}

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, '--no-color', ...args], { encoding: 'utf8', cwd: tmp, timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const TOKEN_NAME = 'NPM_TOKEN';

describe('pathological Dockerfiles', () => {
  it('a 1 MB single line: cut at MAX_LINE_LENGTH, reported, later lines keep their positions', () => {
    const r = lint(`FROM alpine\nRUN echo ${'a'.repeat(1_000_000)}\nARG ${TOKEN_NAME}\n`);
    expect(r.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([
      ['parse-error', 2, MAX_LINE_LENGTH],
      ['no-secret-arg', 3, 5], // analysis goes on after the huge line, at the right place
    ]);
    expect(r.findings[0]!.message).toContain('line 2 is longer than');
    const run = r.model!.instructions.find((i) => i.kind === 'RUN')!;
    expect(run.range.end).toEqual({ line: 2, column: MAX_LINE_LENGTH + 1 });
  });

  it('long lines after CR and CRLF breaks: line numbers as the parser counts them', () => {
    const r = lint(`FROM alpine\r\nRUN true\rRUN echo ${'x'.repeat(MAX_LINE_LENGTH + 10)}\r\nARG ${TOKEN_NAME}\n`);
    expect(r.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['parse-error', 3],
      ['no-secret-arg', 4],
    ]);
  });

  it('a script of 30k commands stops collecting at MAX_SHELL_COMMANDS and is flagged truncated', () => {
    const r = lint(`FROM alpine\nRUN ${'a; '.repeat(30_000)}\n`);
    const run = r.model!.instructions.find((i) => i.kind === 'RUN')!;
    expect(run.kind === 'RUN' && run.scripts[0]!.commands.length).toBe(MAX_SHELL_COMMANDS);
    expect(run.kind === 'RUN' && run.scripts[0]!.truncated).toBe(true);
  });

  it('long lines of shell operators and of `${` (tree-sitter error recovery; see docs/security.md for 1 MB timings)', () => {
    lint(`FROM alpine\nRUN ${'&& '.repeat(30_000)}\n`);
    lint(`FROM alpine\nRUN echo ${'${'.repeat(50_000)}\n`);
    lint(`FROM alpine\nRUN ${'a | '.repeat(20_000)}\n`);
  });

  it('50k continuation lines', () => {
    const r = lint(`FROM alpine\nRUN apt-get install \\\n${'    pkg \\\n'.repeat(50_000)}    last\nARG ${TOKEN_NAME}\n`);
    expect(r.findings.map((f) => f.ruleId)).toContain('no-secret-arg');
    const run = r.model!.instructions.find((i) => i.kind === 'RUN')!;
    expect(run.range.end.line).toBeGreaterThan(50_000);
  });

  it('5k nested $( (deeper than the parser descends: cut, not a crash)', () => {
    lint(`FROM alpine\nRUN echo ${'$('.repeat(5000)}x${')'.repeat(5000)}\n`);
    lint(`FROM alpine\nRUN echo ${'"$('.repeat(5000)}\n`);
  });

  it('many instructions (5k RUNs; was quadratic — 20k: test/fixtures/fuzz-regressions/many-runs.fuzz)', () => {
    const r = lint(`FROM alpine\n${'RUN echo x\n'.repeat(5_000)}`);
    expect(r.model!.instructions.length).toBe(5_001);
  });

  it('more than MAX_INSTRUCTIONS instructions: the first ones are analysed, the rest reported', () => {
    const r = lint(`FROM alpine\nARG ${TOKEN_NAME}\n${'RUN echo x\n'.repeat(MAX_INSTRUCTIONS)}`);
    expect(r.model!.instructions.length).toBe(MAX_INSTRUCTIONS);
    expect(r.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['no-secret-arg', 2],
      ['parse-error', MAX_INSTRUCTIONS + 1],
    ]);
    expect(r.findings[1]!.message).toContain(`more than ${MAX_INSTRUCTIONS} instructions`);
  });

  it('an empty file and a whitespace-only file: one result, no crash', () => {
    for (const text of ['', '\n\n  \n', '\uFEFF', '# only a comment\n']) lint(text);
  });

  it('a file with no FROM: one parse-error finding', () => {
    const r = lint('RUN echo hi\n');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['parse-error']);
  });

  it('NUL bytes, lone surrogates and invalid UTF-8 (decoded) in the text', () => {
    lint('FROM alpine\nRUN echo \u0000\u0000 > /x\nENV A=\ud800\nLABEL b=\ufffd\ufffd\n');
  });
});

describe('pathological files through the CLI', () => {
  it('a binary file is reported as not linted; an empty file is a parse-error', () => {
    const dir = path.join(tmp, 'files');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0xff, 0xfe, 0x00, 0x01]));
    writeFileSync(path.join(dir, 'empty.Dockerfile'), '');
    const run = cli(['--format', 'json', 'files']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    expect(json.map((r) => [path.basename(r.filePath), r.messages.map((m) => `${m.ruleId} ${m.message}`)])).toEqual([
      ['Dockerfile', ['null not linted: binary file (a NUL byte in the first 8 KB)']],
      ['empty.Dockerfile', ['parse-error empty file: no FROM instruction found']],
    ]);
  });

  it('a file over 2 MB is reported as not linted (an error entry, exit 1)', () => {
    const dir = path.join(tmp, 'huge');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM alpine\n# ${'x'.repeat(2_200_000)}\n`);
    const run = cli(['huge/Dockerfile']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^\nhuge\/Dockerfile\n {2}error {2}not linted: larger than 2 MB \(2\.1 MB\)\n/);
  });
});

describe('pathological build contexts', () => {
  it('symlink loops are not followed', () => {
    const ctxDir = path.join(tmp, 'loops');
    mkdirSync(path.join(ctxDir, 'sub'), { recursive: true });
    symlinkSync('.', path.join(ctxDir, 'self'));
    symlinkSync('..', path.join(ctxDir, 'sub', 'up'));
    symlinkSync('b', path.join(ctxDir, 'a'));
    symlinkSync('a', path.join(ctxDir, 'b'));
    writeFileSync(path.join(ctxDir, '.env'), 'X=1\n');
    const dockerfile = path.join(ctxDir, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM alpine\nCOPY . /app\n');
    const context = loadBuildContext({ contextDir: ctxDir, dockerfilePath: dockerfile });
    expect(context.stats.entriesVisited).toBeLessThan(20);
    const r = lint('FROM alpine\nCOPY . /app\n', { filePath: dockerfile, absolutePath: dockerfile, buildContext: context });
    expect(r.findings.map((f) => f.ruleId)).toContain('no-context-secrets'); // .env is sent
    const run = cli(['loops']);
    expect([0, 1]).toContain(run.code);
  });

  it('a huge tree under an ignored directory is pruned, not walked', () => {
    const ctxDir = path.join(tmp, 'wide');
    // 40 × 50 = 2000 directories with 10 files each (22k entries) below node_modules, 3 files outside.
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 50; j++) {
        const d = path.join(ctxDir, 'node_modules', `p${i}`, `d${j}`);
        mkdirSync(d, { recursive: true });
        for (let k = 0; k < 10; k++) writeFileSync(path.join(d, `f${k}.js`), '');
      }
    }
    writeFileSync(path.join(ctxDir, 'app.js'), '');
    writeFileSync(path.join(ctxDir, '.dockerignore'), 'node_modules\n');
    writeFileSync(path.join(ctxDir, 'Dockerfile'), 'FROM alpine\nCOPY . /app\n');
    const context = loadBuildContext({ contextDir: ctxDir, dockerfilePath: path.join(ctxDir, 'Dockerfile') });
    expect(context.stats.directoriesPruned).toBe(1);
    expect(context.stats.entriesVisited).toBeLessThan(10);
    expect(context.truncated).toBe(false);
    // without the ignore file the same tree is walked, up to maxEntries
    const capped = loadBuildContext({ contextDir: path.join(ctxDir, 'node_modules'), maxEntries: 5000 });
    expect(capped.truncated).toBe(true);
    expect(capped.stats.entriesVisited).toBeLessThanOrEqual(5001);
    expect(capped.warnings.join('\n')).toMatch(/stopped after 5000 entries/);
  });

  it('a .dockerignore with thousands of patterns', () => {
    const ctxDir = path.join(tmp, 'patterns');
    mkdirSync(path.join(ctxDir, 'src'), { recursive: true });
    for (let i = 0; i < 200; i++) writeFileSync(path.join(ctxDir, 'src', `file${i}.txt`), '');
    writeFileSync(path.join(ctxDir, '.env'), 'X=1\n');
    const patterns = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `**/dir${i}/**/*.log` : i % 3 === 1 ? `!src/keep${i}` : `src/*${i}*.tmp`));
    writeFileSync(path.join(ctxDir, '.dockerignore'), `${patterns.join('\n')}\n.env\n`);
    const dockerfile = path.join(ctxDir, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM alpine\nCOPY . /app\n');
    const context = loadBuildContext({ contextDir: ctxDir, dockerfilePath: dockerfile });
    expect(context.isIncluded('.env')).toBe(false);
    expect(context.isIncluded('src/file1.txt')).toBe(true);
    const r = lint('FROM alpine\nCOPY . /app\n', { filePath: dockerfile, absolutePath: dockerfile, buildContext: context });
    expect(r.findings.filter((f) => f.ruleId === 'no-context-secrets')).toEqual([]);
  });
});
