/**
 * The RUN prefilter changes no finding: every rule fixture, all of the labeled and wild corpora and a
 * deterministic sample of ≥ 500 real-world Dockerfiles are linted with and without it (DOCKERLINT_NO_PREFILTER=1,
 * read per lint by the analysis), each with its real build context on disk, and the results must be identical.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialize, isDockerfileName, lintText } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';

const repo = resolve(import.meta.dirname, '../..');
const corpus = resolve(repo, '../shared/corpus');
const SAMPLE_SIZE = 600;

function dockerfilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') walk(join(dir, entry.name));
      } else if (entry.isFile() && isDockerfileName(entry.name)) {
        out.push(join(dir, entry.name));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** Every `sample`-th file, so that at least `size` are taken (all when there are fewer). */
function everyNth(files: string[], size: number): string[] {
  const step = Math.max(1, Math.floor(files.length / size));
  return files.filter((_, index) => index % step === 0);
}

function lintBothWays(file: string): { on: string; off: string } {
  const text = readFileSync(file, 'utf8');
  const run = () => {
    const result = lintText({ filePath: file, absolutePath: file, text, rules });
    return JSON.stringify({ findings: result.findings, ruleErrors: result.ruleErrors });
  };
  delete process.env.DOCKERLINT_NO_PREFILTER;
  const on = run();
  process.env.DOCKERLINT_NO_PREFILTER = '1';
  const off = run();
  delete process.env.DOCKERLINT_NO_PREFILTER;
  return { on, off };
}

function expectSameFindings(files: string[]): number {
  let withFindings = 0;
  for (const file of files) {
    const { on, off } = lintBothWays(file);
    expect(on, file).toBe(off);
    if (on.includes('"ruleId"')) withFindings++;
  }
  return withFindings;
}

afterEach(() => {
  delete process.env.DOCKERLINT_NO_PREFILTER;
});

describe('findings are identical with and without the RUN prefilter', () => {
  it('every rule fixture', async () => {
    await initialize();
    const files = dockerfilesUnder(resolve(repo, 'test/fixtures'));
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(expectSameFindings(files)).toBeGreaterThan(20);
  }, 300_000);

  it('the credential commands the prefilter keeps only with their credential option or subcommand', async () => {
    await initialize();
    const narrowed = resolve(repo, 'test/prefilter/narrowed');
    // One finding per RUN (two for kubectl's token): each RUN is kept, and its finding comes out either way.
    expect(expectSameFindings([join(narrowed, 'Dockerfile.with-options')])).toBe(1);
    expect(JSON.parse(lintBothWays(join(narrowed, 'Dockerfile.with-options')).on).findings).toHaveLength(10);
    expect(JSON.parse(lintBothWays(join(narrowed, 'Dockerfile.without-options')).off).findings).toEqual([]);
    expect(expectSameFindings([join(narrowed, 'Dockerfile.without-options')])).toBe(0);
  }, 60_000);

  it('RUNs with cache, tmpfs, bind and secret mounts, a credential written below a tmpfs mount among them', async () => {
    await initialize();
    const file = resolve(repo, 'test/prefilter/narrowed/Dockerfile.mounts');
    expect(expectSameFindings([file])).toBe(1);
    const findings: Array<{ ruleId: string; line: number }> = JSON.parse(lintBothWays(file).on).findings;
    // docker login below a tmpfs mount: its config.json never reaches the layer, so only the argument is reported.
    expect(findings.map((finding) => [finding.ruleId, finding.line])).toEqual([['no-persisted-secret', 6], ['no-hardcoded-secret', 6], ['no-hardcoded-secret', 7]]);
  }, 60_000);

  it('printf of \\n-separated lines, with and without a secret name on a line', async () => {
    await initialize();
    const file = resolve(repo, 'test/prefilter/narrowed/Dockerfile.escaped-newlines');
    expect(expectSameFindings([file])).toBe(1);
    const findings: Array<{ ruleId: string; line: number; column: number }> = JSON.parse(lintBothWays(file).on).findings;
    expect(findings.map((finding) => [finding.ruleId, finding.line, finding.column])).toEqual([['no-hardcoded-secret', 5, 31]]);
  }, 60_000);

  const realMissing = !existsSync(join(corpus, 'real'));
  it.skipIf(realMissing)(`a deterministic sample of ≥ 500 real-world Dockerfiles${realMissing ? ' (skipped: ../shared/corpus/real is absent)' : ''}`, async () => {
    await initialize();
    const files = everyNth(dockerfilesUnder(join(corpus, 'real')), SAMPLE_SIZE);
    expect(files.length).toBeGreaterThanOrEqual(500);
    expect(expectSameFindings(files)).toBeGreaterThan(5);
  }, 600_000);

  for (const name of ['labeled', 'wild']) {
    const missing = !existsSync(join(corpus, name));
    it.skipIf(missing)(`all of the ${name} corpus${missing ? ` (skipped: ../shared/corpus/${name} is absent)` : ''}`, async () => {
      await initialize();
      const files = dockerfilesUnder(join(corpus, name));
      expect(files.length).toBeGreaterThan(10);
      expect(expectSameFindings(files)).toBeGreaterThan(5);
    }, 600_000);
  }
});
