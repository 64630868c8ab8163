import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyFixPlan, planFixes } from '../../packages/cli/src/fix.js';
import { finding } from './helpers.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-fix-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const at = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

describe('--fix planning', () => {
  it('creates a missing .dockerignore, dedupes entries, and never edits the Dockerfile or other files', () => {
    const dockerfile = path.join(tmp, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM a\nCOPY . .\n');
    writeFileSync(path.join(tmp, 'package.json'), '{}');
    const ignore = path.join(tmp, '.dockerignore');
    const findings = [
      finding({ ruleId: 'no-context-secrets', fix: { description: 'x', edits: [{ file: ignore, range: at, text: '.env\n.git\n' }] } }),
      finding({ ruleId: 'no-context-secrets', fix: { description: 'y', edits: [{ file: ignore, range: at, text: '.git\n*.pem\n' }] } }),
      finding({ fix: { description: 'z', edits: [{ range: at, text: 'ARG X\n' }, { file: dockerfile, range: at, text: 'RUN x\n' }, { file: path.join(tmp, 'package.json'), range: at, text: 'x' }] } }),
    ].map((f) => ({ finding: f, dockerfile }));
    const plan = planFixes(findings);
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]).toMatchObject({ file: ignore, added: ['.env', '.git', '*.pem'], created: true, content: '.env\n.git\n*.pem\n' });
    expect(plan.skipped).toHaveLength(2);
    expect(plan.fixedFindings).toHaveLength(2);
    applyFixPlan(plan);
    expect(readFileSync(ignore, 'utf8')).toBe('.env\n.git\n*.pem\n');
    expect(readFileSync(dockerfile, 'utf8')).toBe('FROM a\nCOPY . .\n');
    expect(readFileSync(path.join(tmp, 'package.json'), 'utf8')).toBe('{}');
  });

  it('appends only missing entries to an existing file (adding a newline if needed)', () => {
    const ignore = path.join(tmp, 'api.Dockerfile.dockerignore');
    writeFileSync(ignore, 'node_modules\n.env');
    const plan = planFixes([{ finding: finding({ fix: { description: 'x', edits: [{ file: ignore, range: at, text: '.env\n.git\n' }] } }), dockerfile: path.join(tmp, 'api.Dockerfile') }]);
    expect(plan.writes[0]).toMatchObject({ added: ['.git'], created: false, content: 'node_modules\n.env\n.git\n' });
    const nothing = planFixes([{ finding: finding({ fix: { description: 'x', edits: [{ file: ignore, range: at, text: '.env\n' }] } }), dockerfile: undefined }]);
    expect(nothing.writes).toEqual([]);
    expect(existsSync(path.join(tmp, '.dockerignore'))).toBe(false);
  });
});
