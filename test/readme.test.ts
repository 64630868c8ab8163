import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '@dockerlint/rules';
// @ts-expect-error plain ESM script without types
import { renderRulesTable, replaceTable } from '../scripts/rules-table.mjs';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('has the rule table generated from rule metadata (run `npm run docs:readme` to refresh)', () => {
    expect(replaceTable(readme, renderRulesTable(rules))).toBe(readme);
  });

  it('starts with the set-up commands the CI runs', () => {
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(readme).toMatch(/npm ci[\s\S]*npm test[\s\S]*npx dockerlint/);
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
