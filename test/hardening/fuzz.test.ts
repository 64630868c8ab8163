/**
 * A short seeded run of the fuzz harness (`npm run fuzz` runs ≥ 100k inputs) and the saved regressions.
 * Inputs: real Dockerfiles (shared corpus + test/fixtures) with 1–4 mutations each (truncation, random and
 * invalid UTF-8 bytes, NULs, duplicated spans, stray quotes, backslashes, `$(`, heredoc markers, CRLF/CR,
 * long lines, fake secrets). Core runs in worker threads (the built dist, as users get it); a sample goes
 * through the CLI bin and one language-server process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialize, lintText, noBuildContext } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';
// @ts-expect-error plain ESM JavaScript without types
import { REGRESSIONS_DIR, runFuzz } from '../../fuzz/harness.mjs';

interface Failure { index: number; problem: string }

describe('fuzz (short seeded run)', () => {
  it('2k mutated inputs through core, a sample through the CLI and the language server: no escapes, one result each, within budget', async () => {
    // A generous budget: other test files run in parallel; `npm run fuzz` uses 2 s.
    const report = await runFuzz({ seed: 20_261_128, count: 2000, quick: true, budgetMs: 10_000, timeLimitMs: 120_000, cli: 25, cliBatch: 30, lsp: 10, save: false, quiet: true });
    expect(report.core.count).toBe(2000);
    expect(report.cli.count).toBeGreaterThanOrEqual(25);
    expect(report.lsp.count).toBeGreaterThanOrEqual(10);
    expect((report.failures as Failure[]).map((f) => `${f.index}: ${f.problem}`)).toEqual([]);
  }, 180_000);
});

describe('fuzz regressions (test/fixtures/fuzz-regressions)', () => {
  const files = readdirSync(REGRESSIONS_DIR as string).filter((f) => f.endsWith('.fuzz'));

  it('has saved inputs', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s lints to one result without rule failures', async (file) => {
    await initialize();
    const text = readFileSync(path.join(REGRESSIONS_DIR as string, file)).toString('utf8');
    const result = lintText({ filePath: file, text, rules, buildContext: noBuildContext() });
    expect(result.filePath).toBe(file);
    expect(Array.isArray(result.findings)).toBe(true);
    expect(result.ruleErrors).toEqual([]);
  });
});
