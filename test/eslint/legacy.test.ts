/**
 * ESLint 8 (and ESLint 9 in its deprecated eslintrc mode) with the shipped example `test/eslint-legacy/.eslintrc.cjs`:
 * the CommonJS legacy entry (parser + eslintrc config) gives the CLI's findings, honours rule options, parser
 * options and `# eslint-disable-next-line @dockerlint/<id>` over a continued instruction.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadESLint } from 'eslint9';
import { keysOf, repoRoot, runCli, type JsonMessage } from './helpers.js';

const require = createRequire(import.meta.url);
interface LegacyESLint {
  lintFiles(patterns: string[]): Promise<{ filePath: string; messages: JsonMessage[] }[]>;
  lintText(text: string, options: { filePath: string }): Promise<{ messages: JsonMessage[] }[]>;
}
type LegacyESLintClass = new (options: Record<string, unknown>) => LegacyESLint;
const { ESLint: ESLint8 } = require('eslint8') as { ESLint: LegacyESLintClass & { version: string } };

const example = join(repoRoot, 'test/eslint-legacy');
const dockerfile = join(example, 'Dockerfile');
const tmp = mkdtempSync(join(tmpdir(), 'dockerlint-legacy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** What the CLI says with the example's settings (target runtime, no-secret-arg with stages "all"). */
function cliKeys(): string[] {
  const configFile = join(tmp, '.dockerlintrc.json');
  writeFileSync(configFile, JSON.stringify({ target: 'runtime', rules: { 'no-secret-arg': ['warning', { stages: 'all' }] } }));
  return keysOf(runCli(['--config', configFile, dockerfile]).get(dockerfile) ?? []);
}

const eslint9Legacy = async (): Promise<LegacyESLintClass> => (await loadESLint({ useFlatConfig: false })) as unknown as LegacyESLintClass;

describe.each([
  ['ESLint 8.57', async () => ESLint8],
  ['ESLint 9 (ESLINT_USE_FLAT_CONFIG=false)', eslint9Legacy],
] as const)('%s with test/eslint-legacy/.eslintrc.cjs', (_name, load) => {
  it('`eslint .` lints the Dockerfile with @dockerlint/* rules, positions equal to the CLI’s', async () => {
    const ESLintClass = await load();
    const eslint = new ESLintClass({ cwd: example, reportUnusedDisableDirectives: 'error' });
    const results = await eslint.lintFiles(['.']);
    const result = results.find((r) => r.filePath === dockerfile);
    expect(result).toBeDefined();
    const messages = result!.messages;
    expect(messages.map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`)).toEqual([
      '@dockerlint/no-secret-arg@3:5-3:14', // builder stage: reported because the example sets { stages: "all" }
      '@dockerlint/no-hardcoded-secret@11:15-11:36',
      '@dockerlint/no-secret-stage-copy@12:19-12:23',
      '@dockerlint/no-secret-arg@13:5-13:15',
    ]);
    // The CLI also reports no-secret-env on line 11 (the continuation line), which the ESLint comment disables;
    // nothing else differs, and the directive is not reported as unused.
    const cli = cliKeys();
    expect(cli.filter((key) => !key.startsWith('no-secret-env@11:'))).toEqual(keysOf(messages));
    expect(cli.some((key) => key.startsWith('no-secret-env@11:'))).toBe(true);
    expect(messages.every((m) => !m.message.includes('not-a-real-token-1234'))).toBe(true);
  });

  it('a file without FROM is a fatal parsing error', async () => {
    const ESLintClass = await load();
    const eslint = new ESLintClass({ cwd: example });
    const [result] = await eslint.lintText('RUN echo hello\n', { filePath: join(example, 'Dockerfile') });
    expect(result!.messages).toHaveLength(1);
    expect(result!.messages[0]).toMatchObject({ ruleId: null, fatal: true, line: 1 });
    expect(result!.messages[0]!.message).toMatch(/Parsing error: .*no FROM/);
  });
});

describe('ESLint 8 legacy entry', () => {
  it('require("@dockerlint/eslint-plugin") is the CommonJS plugin with all rules, the flat config and the eslintrc config', () => {
    const plugin = require('@dockerlint/eslint-plugin') as {
      rules: Record<string, { meta: { docs: { url: string } } }>;
      configs: {
        recommended: { files: string[]; ignores: string[]; plugins: Record<string, unknown>; languageOptions: { parser: { parseForESLint: unknown } }; rules: Record<string, string> };
        'legacy-recommended': { plugins: string[]; overrides: { files: string[]; parser: string }[] };
      };
    };
    expect(Object.keys(plugin.rules).sort()).toEqual([
      'no-context-secrets', 'no-hardcoded-secret', 'no-persisted-secret', 'no-secret-arg', 'no-secret-deleted-in-later-layer',
      'no-secret-env', 'no-secret-file-copy', 'no-secret-in-build-output', 'no-secret-stage-copy', 'parse-error',
    ]);
    expect(plugin.rules['no-secret-arg']!.meta.docs.url).toMatch(/docs\/rules\/no-secret-arg\.md$/);
    // Flat config for eslint.config.cjs (ESLint 9/10): plugin object, parser module, `dockerlint/` rule ids.
    const flat = plugin.configs.recommended;
    expect(flat.plugins.dockerlint).toBe(plugin);
    expect(typeof flat.languageOptions.parser.parseForESLint).toBe('function');
    expect(flat.files).toContain('**/Dockerfile');
    expect(flat.ignores).toContain('**/*.[dD][oO][cC][kK][eE][rR][iI][gG][nN][oO][rR][eE]');
    expect(flat.rules['dockerlint/no-secret-env']).toBe('error');
    expect(flat.rules['dockerlint/no-secret-arg']).toBe('error');
    // eslintrc config for ESLint 8: plugin names, parser path, `@dockerlint/` rule ids.
    const legacy = plugin.configs['legacy-recommended'];
    expect(legacy.plugins).toEqual(['@dockerlint']);
    expect(legacy.overrides.flatMap((o) => o.files)).not.toContain('*.dockerignore');
    expect(require('@dockerlint/eslint-plugin/legacy')).toBe(plugin);
  });

  it('Dockerfile.* files are linted when named explicitly (eslintrc does not discover them), Dockerfile.dockerignore is not', async () => {
    const dir = mkdtempSync(join(tmp, 'names-'));
    writeFileSync(join(dir, 'Dockerfile.prod'), 'FROM alpine\nARG NPM_TOKEN\n');
    writeFileSync(join(dir, 'Dockerfile.dockerignore'), 'node_modules\n');
    const eslint = new ESLint8({ cwd: dir, useEslintrc: false, resolvePluginsRelativeTo: repoRoot, overrideConfig: { extends: ['plugin:@dockerlint/legacy-recommended'] }, errorOnUnmatchedPattern: false });
    const results = await eslint.lintFiles(['**/Dockerfile.*']);
    const byFile = new Map(results.map((r) => [r.filePath.slice(dir.length + 1), r.messages.map((m) => m.ruleId)]));
    expect(byFile.get('Dockerfile.prod')).toEqual(['@dockerlint/no-secret-arg']);
    // The glob names it, but the recommended config's excludedFiles keeps our parser and rules away from it.
    expect(byFile.get('Dockerfile.dockerignore') ?? []).toEqual([]);
  });
});
