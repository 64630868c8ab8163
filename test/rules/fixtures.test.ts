/**
 * The fixture runner: every case folder `test/fixtures/<rule id>/<case>/` is a real build context with an
 * `expected.json` that says what linting it must report (the format is in test/fixtures/README.md). A case
 * without `expected.json`, or with a malformed one, fails here; `"findings": []` is a case that must stay clean.
 * The temporary copy a case is linted in has no `expected.json` (test/helpers/fixtures.ts leaves it out).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { rules } from '@dockerlint/rules';
import { lintFixture } from '../helpers/lint.js';
import { expectMessage, type MessageData } from '../helpers/messages.js';
import { cleanupFixtures, EXPECTATION_FILE, fixturePath, materializeFixture } from '../helpers/fixtures.js';

/** Replaced by the materialized case folder in every string of `checks` (for fix edits' absolute file paths). */
const CASE_DIR = '$CASE';

/** One lint of a case folder and what it must report. */
interface ExpectedRun {
  title: string;
  dockerfile?: string;
  contextDir?: string;
  target?: string;
  /** Files written into the temporary copy before linting (a variation of the same build context). */
  writeFiles?: Record<string, string>;
  /** `{{MARKER}}` in the Dockerfile → `generator:seed` of `fakes`; no finding may contain the fake value. */
  fakes?: Record<string, string>;
  /** Strings that must appear nowhere in the findings (secret values kept in the fixture's files). */
  notInOutput?: string[];
  /** Line counts of context files after linting (a fix's range depends on them). */
  fileLineCounts?: Record<string, number>;
  findings: ExpectedFinding[];
}

interface ExpectedFinding {
  ruleId: string;
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  /** The values of the message template's placeholders: the message must be the template filled with them. */
  data: MessageData;
  checks?: Check[];
}

/** `path` is dotted (`fix.edits.0.text`, `related.*.line`); exactly one of `equals`/`contains` says what it must be. */
interface Check {
  path: string;
  equals?: unknown;
  contains?: string;
}

const ruleIds = rules.map((rule) => rule.meta.id).sort();

afterAll(cleanupFixtures);

for (const ruleId of ruleIds) {
  describe(`${ruleId} fixtures`, () => {
    const cases = existsSync(fixturePath(ruleId)) ? readdirSync(fixturePath(ruleId), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort() : [];

    it('has fixture cases, each with an expected.json, and cases that must stay clean next to cases that must fire', () => {
      expect(cases.length).toBeGreaterThan(0);
      expect(cases.filter((name) => !existsSync(fixturePath(ruleId, name, EXPECTATION_FILE)))).toEqual([]);
      const runs = cases.flatMap((name) => readRuns(ruleId, name));
      expect(runs.some((run) => run.findings.length === 0), 'a clean case').toBe(true);
      expect(runs.some((run) => run.findings.length > 0), 'a case that fires').toBe(true);
    });

    for (const name of cases) {
      const runs = readRuns(ruleId, name);
      for (const run of runs) {
        it(`${name}: ${run.title}`, async () => {
          const { findings, dir } = await lintRun(ruleId, name, run);
          expect(findings.map(summaryOf)).toEqual(run.findings.map(summaryOf));
          run.findings.forEach((expected, index) => {
            expectMessage(findings[index], expected.messageId, expected.data);
            for (const check of expected.checks ?? []) assertCheck(findings[index]!, check, dir);
          });
          const output = JSON.stringify(findings);
          for (const value of [...Object.values(run.fakes ?? {}).map(fakeValue), ...(run.notInOutput ?? [])]) expect(output).not.toContain(value);
          for (const [file, lines] of Object.entries(run.fileLineCounts ?? {})) expect(readFileSync(join(dir, file), 'utf8').split('\n')).toHaveLength(lines);
        });
      }
    }
  });
}

function readRuns(ruleId: string, name: string): ExpectedRun[] {
  const path = fixturePath(ruleId, name, EXPECTATION_FILE);
  if (!existsSync(path)) return [];
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const runs = (Array.isArray(parsed) ? parsed : [parsed]) as ExpectedRun[];
  for (const run of runs) {
    if (typeof run.title !== 'string' || !Array.isArray(run.findings)) throw new Error(`${ruleId}/${name}/${EXPECTATION_FILE}: every run needs a "title" and a "findings" array`);
    if (run.findings.some((finding) => typeof finding.data !== 'object')) throw new Error(`${ruleId}/${name}/${EXPECTATION_FILE}: every finding needs its message "data"`);
  }
  return runs;
}

async function lintRun(ruleId: string, name: string, run: ExpectedRun): Promise<{ findings: Finding[]; dir: string }> {
  const dir = materializeFixture(fixturePath(ruleId, name)); // without expected.json: it is not part of the build context
  expect(existsSync(join(dir, EXPECTATION_FILE))).toBe(false);
  for (const [file, text] of Object.entries(run.writeFiles ?? {})) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const dockerfile = run.dockerfile ?? 'Dockerfile';
  if (run.fakes) {
    const path = join(dir, dockerfile);
    let text = readFileSync(path, 'utf8');
    for (const [marker, generator] of Object.entries(run.fakes)) text = text.replaceAll(marker, fakeValue(generator));
    writeFileSync(path, text);
  }
  const findings = await lintFixture(dir, dockerfile, {
    rules: [ruleId],
    ...(run.contextDir ? { contextDir: run.contextDir } : {}),
    ...(run.target ? { target: run.target } : {}),
  });
  return { findings, dir };
}

function summaryOf(finding: Pick<Finding, 'ruleId' | 'messageId' | 'line' | 'column' | 'endLine' | 'endColumn' | 'severity'>): string {
  return `${finding.ruleId}/${finding.messageId}@${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn} ${finding.severity}`;
}

/** `githubClassic:21` → `fakes.githubClassic(21)`. */
function fakeValue(generator: string): string {
  const [name, seed] = generator.split(':');
  const make = (fakes as unknown as Record<string, (seed: number) => string>)[name!];
  if (typeof make !== 'function') throw new Error(`unknown fake generator "${name}"`);
  return make(Number(seed));
}

function assertCheck(finding: Finding, check: Check, dir: string): void {
  const actual = valueAt(finding, check.path.split('.'));
  const label = `${summaryOf(finding)} ${check.path}`;
  if ('equals' in check) expect(actual, label).toEqual(withCaseDir(check.equals, dir));
  else if (typeof check.contains === 'string') expect(actual, label).toContain(withCaseDir(check.contains, dir));
  else throw new Error(`${label}: a check needs "equals" or "contains"`);
}

function valueAt(value: unknown, path: string[]): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (key === '*') return Array.isArray(value) ? value.map((entry) => valueAt(entry, rest)) : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  return valueAt((value as Record<string, unknown>)[key!], rest);
}

function withCaseDir<T>(value: T, dir: string): T {
  if (typeof value === 'string') return value.replaceAll(CASE_DIR, dir) as T;
  if (Array.isArray(value)) return value.map((entry) => withCaseDir(entry, dir)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withCaseDir(entry, dir)])) as T;
  return value;
}
