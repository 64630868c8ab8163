/**
 * The ESLint rules declare what the core rules' metadata says they do, checked with real ESLint (10): a rule that
 * reports suggestions must declare `hasSuggestions` or ESLint throws, and a rule that cannot fix in ESLint does not
 * claim `fixable`. The plugin is loaded from its sources.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { rules as coreRules } from '@dockerlint/rules';
import dockerlint from '../../packages/eslint-plugin/src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dockerlint-eslint-meta-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A Node service whose build context has a .env and no .dockerignore (no-context-secrets: a fix that writes the
// .dockerignore), an ARG token used by a RUN (no-secret-arg: a suggestion), an ENV copy of it (no-secret-env: neither)
// and an explicit key copy (no-secret-file-copy: a suggestion).
mkdirSync(join(dir, 'src'), { recursive: true });
writeFileSync(join(dir, 'package.json'), '{ "name": "api", "private": true }\n');
writeFileSync(join(dir, 'src', 'server.js'), 'require("http").createServer().listen(8080);\n');
writeFileSync(join(dir, '.env'), 'DATABASE_PASSWORD=fake-not-a-real-password\n');
writeFileSync(join(dir, 'id_ed25519'), 'placeholder: not a key\n');
writeFileSync(
  join(dir, 'Dockerfile'),
  ['FROM node:20', 'WORKDIR /srv', 'ARG NPM_TOKEN', 'ENV NODE_AUTH_TOKEN=$NPM_TOKEN', 'COPY id_ed25519 /root/.ssh/id_ed25519', 'COPY . /srv', 'RUN npm ci', ''].join('\n'),
);

describe('ESLint rule meta from core metadata (real ESLint 10)', () => {
  it('rules that report suggestions declare them; no rule claims a fix ESLint cannot apply', async () => {
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [dockerlint.configs.recommended] as never });
    const [result] = await eslint.lintFiles(['Dockerfile']);
    const messages = result!.messages.map((m) => ({ rule: m.ruleId, fix: m.fix !== undefined, suggestions: m.suggestions?.length ?? 0 }));
    expect(messages).toEqual([
      { rule: 'dockerlint/no-secret-arg', fix: false, suggestions: 1 },
      { rule: 'dockerlint/no-secret-env', fix: false, suggestions: 0 },
      { rule: 'dockerlint/no-secret-file-copy', fix: false, suggestions: 1 },
      { rule: 'dockerlint/no-context-secrets', fix: false, suggestions: 0 },
    ]);
    const meta = eslint.getRulesMetaForResults([result!]);
    expect(meta['dockerlint/no-secret-env']).not.toHaveProperty('fixable');
    expect(meta['dockerlint/no-secret-env']).not.toHaveProperty('hasSuggestions');
    expect(meta['dockerlint/no-secret-arg']).toMatchObject({ hasSuggestions: true });
    expect(meta['dockerlint/no-secret-arg']).not.toHaveProperty('fixable');
    expect(meta['dockerlint/no-secret-file-copy']).toMatchObject({ hasSuggestions: true });
    // Its fix writes the .dockerignore: the CLI and the language server apply it, ESLint cannot.
    expect(meta['dockerlint/no-context-secrets']).not.toHaveProperty('fixable');
  });

  it.each(coreRules.map((rule) => [rule.meta.id, rule.meta] as const))('dockerlint/%s: fixable and hasSuggestions follow the core metadata', (id, core) => {
    const meta = dockerlint.rules[id]!.meta!;
    expect(meta.fixable).toBe(core.fixable === 'code' && core.fixEdits === undefined ? 'code' : undefined);
    expect(meta.hasSuggestions).toBe(core.hasSuggestions === true ? true : undefined);
  });

  it('the ESLint 8 entry (built CommonJS, its engine in a worker) declares the same fixable and hasSuggestions', () => {
    const legacy = createRequire(import.meta.url)('../../packages/eslint-plugin/dist/legacy/index.cjs') as { rules: Record<string, { meta: Record<string, unknown> }> };
    for (const rule of coreRules) {
      const { fixable, hasSuggestions } = legacy.rules[rule.meta.id]!.meta;
      expect({ id: rule.meta.id, fixable, hasSuggestions }).toEqual({ id: rule.meta.id, fixable: dockerlint.rules[rule.meta.id]!.meta!.fixable, hasSuggestions: dockerlint.rules[rule.meta.id]!.meta!.hasSuggestions });
    }
    expect(legacy.rules['no-secret-env']!.meta).not.toHaveProperty('fixable');
  });
});
