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

  it('starts with Install; its Development section has the commands the CI runs', () => {
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(readme.split('\n').find((line) => line.startsWith('## '))).toBe('## Install');
    const development = readme.slice(readme.indexOf('## Development'));
    expect(development).toMatch(/npm ci[\s\S]*npm test[\s\S]*npm run release:check/);
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm run release:check$/m);
  });
});
