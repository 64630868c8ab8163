/**
 * What the docs say about each rule comes from its metadata: the page's summary line is `meta.description`, and the
 * summary block, the related-checks list and the README rule table are what `npm run docs:rules` writes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '@dockerlint/rules';
// @ts-expect-error plain ESM script without types
import { generatedFiles, summaryOf, updatePage } from '../../scripts/rules-docs.mjs';

interface GeneratedFile {
  path: string;
  current: string;
  expected: string;
}

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const page = (id: string) => readFileSync(`${root}/docs/rules/${id}.md`, 'utf8');

describe.each(rules.map((rule) => [rule.meta.id, rule] as const))('docs/rules/%s.md', (id, rule) => {
  it('has meta.description as its summary line', () => {
    expect(summaryOf(page(id))).toBe(rule.meta.description);
  });

  it('has the summary block and related checks that `npm run docs:rules` writes from the metadata', () => {
    expect(page(id)).toBe(updatePage(page(id), rule.meta));
  });
});

describe('npm run docs:rules', () => {
  it('leaves nothing to change in README.md and docs/rules/ (run it after changing rule metadata)', () => {
    const stale = (generatedFiles(rules, root) as GeneratedFile[]).filter((file) => file.current !== file.expected).map((file) => file.path.slice(root.length + 1));
    expect(stale).toEqual([]);
  });

  it('rewrites an edited summary and severity line from the metadata', () => {
    const rule = rules.find((candidate) => candidate.meta.id === 'no-secret-env')!;
    const edited = page('no-secret-env').replace(`> ${rule.meta.description}`, '> ENV with a secret.').replace('**Default severity:** error', '**Default severity:** warning');
    expect(summaryOf(edited)).toBe('ENV with a secret.');
    expect(updatePage(edited, rule.meta)).toBe(page('no-secret-env'));
  });

  it('--check (on the built rules: npm test builds first) passes on the repository and names an edited page', () => {
    const check = (dir: string) => spawnSync(process.execPath, [`${root}/scripts/rules-docs.mjs`, '--check', '--root', dir], { encoding: 'utf8' });
    expect(check(root)).toMatchObject({ status: 0, stderr: '' });
    const copy = mkdtempSync(join(tmpdir(), 'dockerlint-docs-'));
    try {
      cpSync(`${root}/README.md`, `${copy}/README.md`);
      cpSync(`${root}/docs/rules`, `${copy}/docs/rules`, { recursive: true });
      writeFileSync(`${copy}/docs/rules/no-secret-arg.md`, page('no-secret-arg').replace(/^> .*$/m, '> ARG with a secret.'));
      expect(check(copy)).toMatchObject({ status: 1, stderr: 'docs/rules/no-secret-arg.md is out of date with the rule metadata: run npm run docs:rules\n' });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('fails loudly on a page without the generated blocks', () => {
    expect(() => updatePage('# no-secret-env\n\nhand-written\n', rules[0]!.meta)).toThrow(/no rule-summary markers/);
  });
});
