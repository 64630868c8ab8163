import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_ENTRIES, RAW_ARGUMENTS, SENSITIVE_NAMES, initialize } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';
import { mergeGroupedOutcomes } from '../../packages/cli/src/build-definitions.js';
import { RUN_SESSION_ENTRIES, createRunSession, runJob, type JobOutcome, type LintJob } from '../../packages/cli/src/lint-file.js';

const leaking = `FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n`;
const clean = `FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\n`;

function job(dir: string, name: string, text: string, extra: Partial<LintJob> = {}): LintJob {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return { index: 0, absolutePath: file, displayPath: name, wantSource: true, ...extra };
}

function resultOf(outcome: JobOutcome) {
  if (outcome.kind !== 'result') throw new Error(`expected a result, got ${outcome.kind}: ${outcome.message}`);
  return outcome.result;
}

describe('CLI lint job: what a run keeps until the report', () => {
  let dir: string;
  beforeAll(async () => {
    await initialize();
    dir = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-lint-file-'));
  });

  it('keeps the source for code frames only for a file with findings', () => {
    const withFindings = resultOf(runJob(job(dir, 'Dockerfile.leak', leaking), rules));
    expect(withFindings.findings.map((f) => f.ruleId)).toContain('no-secret-arg');
    expect(withFindings.source).toBe(leaking);
    const cleanResult = resultOf(runJob(job(dir, 'Dockerfile.clean', clean), rules));
    expect(cleanResult.findings).toEqual([]);
    expect(cleanResult).not.toHaveProperty('source');
  });

  it('keeps no source when the format draws no code frames', () => {
    const r = resultOf(runJob(job(dir, 'Dockerfile.nosrc', leaking, { wantSource: false }), rules));
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r).not.toHaveProperty('source');
  });

  it('a Dockerfile built several ways keeps the source of whichever build has findings', () => {
    const text = `FROM alpine AS dev\nARG NPM_TOKEN\nFROM alpine AS prod\nRUN true\n`;
    const base = job(dir, 'Dockerfile.builds', text);
    const prod: LintJob = { ...base, index: 0, group: 0, target: 'prod', build: { label: 'prod', secretIds: [] } };
    const dev: LintJob = { ...base, index: 1, group: 0, target: 'dev', build: { label: 'dev', secretIds: [] } };
    const outcomes = new Map<number, JobOutcome>([
      [0, runJob(prod, rules)],
      [1, runJob(dev, rules)],
    ]);
    expect(resultOf(outcomes.get(0)!)).not.toHaveProperty('source');
    expect(resultOf(outcomes.get(1)!).findings.length).toBeGreaterThan(0);
    const kept = mergeGroupedOutcomes([prod, dev], outcomes);
    expect(kept).toEqual([prod]);
    const merged = resultOf(outcomes.get(0)!);
    expect(merged.findings.length).toBeGreaterThan(0);
    expect(merged.source).toBe(text);
  });

  it("a run's session holds RUN_SESSION_ENTRIES per kind, and the default for basename verdicts", () => {
    expect(RUN_SESSION_ENTRIES).toBe(128);
    const session = createRunSession();
    for (let i = 0; i < 2000; i++) {
      session.memo('shell-template', `echo ${i}`, () => i);
      session.memo(SENSITIVE_NAMES, `file${i}.txt`, () => i);
    }
    expect(session.stats().entries).toEqual({ 'shell-template': RUN_SESSION_ENTRIES, [SENSITIVE_NAMES]: DEFAULT_SESSION_ENTRIES });
    expect(session.keeps(RAW_ARGUMENTS)).toBe(false); // measured: a miss costs more than the scan it saves
  });
});
