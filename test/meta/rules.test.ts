/**
 * The rule catalogue is complete and consistent: rules/index.ts lists exactly the rule files, each id has its page,
 * its test file and its fixtures, and the metadata says what the rule's code does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules, ruleIds } from '@dockerlint/rules';

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');
const ruleFileIds = readdirSync(new URL('rules/', repo))
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts' && !name.endsWith('.d.ts'))
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();

describe('rules/index.ts', () => {
  it('lists exactly the rule files of rules/, each once', () => {
    expect([...ruleIds].sort()).toEqual(ruleFileIds);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
  });

  it.each(ruleFileIds)('%s.ts exports the rule with that id, written with defineRule<MessageId>()', async (id) => {
    const { rule } = (await import(`../../rules/${id}.ts`)) as { rule: (typeof rules)[number] };
    expect(rule.meta.id).toBe(id);
    expect(rules).toContain(rule);
    expect(read(`rules/${id}.ts`)).toMatch(/^export const rule = defineRule<MessageId>\(\{$/m);
  });
});

describe.each(ruleFileIds)('%s', (id) => {
  const rule = rules.find((candidate) => candidate.meta.id === id)!;
  const source = read(`rules/${id}.ts`);

  it('has docs/rules/<id>.md, test/rules/<id>.test.ts and a test/fixtures/<id>/ folder', () => {
    expect(existsSync(new URL(`docs/rules/${id}.md`, repo)), `docs/rules/${id}.md`).toBe(true);
    expect(existsSync(new URL(`test/rules/${id}.test.ts`, repo)), `test/rules/${id}.test.ts`).toBe(true);
    const fixtures = new URL(`test/fixtures/${id}/`, repo);
    expect(existsSync(fixtures) && statSync(fixtures).isDirectory(), `test/fixtures/${id}/`).toBe(true);
    expect(readdirSync(fixtures).length).toBeGreaterThan(0);
  });

  it('declares fixable and hasSuggestions exactly when its code reports a fix or suggestions', () => {
    expect(rule.meta.fixable === 'code', 'meta.fixable').toBe(/[{,]\s*fix\s*[},:]/.test(source));
    expect(rule.meta.hasSuggestions === true, 'meta.hasSuggestions').toBe(/\bsuggestions\s*:/.test(source));
  });

  it('declares the shared stages option exactly when it reports per stage (reportsIn)', () => {
    expect(rule.meta.options?.stages !== undefined).toBe(source.includes('context.reportsIn('));
    if (rule.meta.options?.stages) expect(source).toMatch(/stages: STAGES_OPTION/);
  });

  it('has no header comment that repeats its description', () => {
    const header = /^\/\*\*([\s\S]*?)\*\//.exec(source)?.[1]?.replace(/\s*\n\s*\*\s?/g, ' ').trim() ?? '';
    expect(header.startsWith(rule.meta.description), header).toBe(false);
  });
});
