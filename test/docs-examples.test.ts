/** Every ❌/✅ example in docs/rules/<id>.md is linted: ❌ blocks must trigger the rule, ✅ blocks must not. */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleIds } from '@dockerlint/rules';
import { lint } from './helpers/lint.js';

const docsDir = new URL('../docs/rules/', import.meta.url);

interface Example {
  kind: 'incorrect' | 'correct';
  code: string;
  line: number;
  context?: { files?: string[]; dockerignore?: string; target?: string };
}

function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split('\n');
  let kind: Example['kind'] | undefined;
  let pendingContext: Example['context'];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{2,4}\s/.test(line)) {
      kind = line.includes('❌') ? 'incorrect' : line.includes('✅') ? 'correct' : undefined;
      pendingContext = undefined;
      continue;
    }
    const context = /^<!--\s*context:\s*(\{.*\})\s*-->$/.exec(line.trim());
    if (context) {
      pendingContext = JSON.parse(context[1]!);
      continue;
    }
    if (line.trim() === '```dockerfile' && kind) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end]!.trim() !== '```') end++;
      examples.push({ kind, code: `${lines.slice(start, end).join('\n')}\n`, line: start, ...(pendingContext ? { context: pendingContext } : {}) });
      pendingContext = undefined;
      i = end;
    }
  }
  return examples;
}

describe('docs/rules examples', () => {
  it('has a page for every rule and no page for unknown rules', () => {
    const pages = readdirSync(docsDir).filter((name) => name.endsWith('.md')).map((name) => name.replace(/\.md$/, ''));
    expect(pages.filter((page) => page !== 'parse-error' && page !== 'README').sort()).toEqual([...ruleIds].sort());
    // Every parse-error finding links to its page (ruleDocsUrl), so it must exist.
    expect(pages).toContain('parse-error');
  });

  it('states the severity policy once, and every rule page says which case applies', () => {
    const index = readFileSync(new URL('README.md', docsDir), 'utf8');
    expect(index).toContain('## Severity policy');
    for (const id of ruleIds) {
      expect(index, id).toContain(`| [\`${id}\`](${id}.md) |`);
      const page = readFileSync(new URL(`${id}.md`, docsDir), 'utf8');
      expect(page, id).toMatch(/^\*\*Severity case:\*\* .+\[severity policy\]\(README\.md#severity-policy\)\.$/m);
    }
  });

  for (const id of ruleIds) {
    const path = new URL(`${id}.md`, docsDir);
    if (!existsSync(path)) continue;
    const examples = examplesOf(readFileSync(path, 'utf8'));
    it(`${id}: has both ❌ and ✅ examples`, () => {
      expect(examples.some((example) => example.kind === 'incorrect')).toBe(true);
      expect(examples.some((example) => example.kind === 'correct')).toBe(true);
    });
    for (const example of examples) {
      it(`${id}: ${example.kind} example at docs line ${example.line}`, async () => {
        const findings = await lint(example.code, {
          rules: [id],
          ...(example.context?.files ? { files: example.context.files } : {}),
          ...(example.context?.dockerignore !== undefined ? { dockerignore: example.context.dockerignore } : {}),
          ...(example.context?.target ? { target: example.context.target } : {}),
        });
        const own = findings.filter((finding) => finding.ruleId === id);
        if (example.kind === 'incorrect') expect(own.length, example.code).toBeGreaterThan(0);
        else expect(own, example.code).toEqual([]);
      });
    }
  }
});
