/**
 * ESLint-side behaviour of the language: `# eslint-…` directives (next-line covers a whole continued instruction),
 * fatal parse errors, redaction, the recommended config's file matching and living next to a JS config.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint, Linter } from 'eslint';
import { ESLint as ESLint9, Linter as Linter9 } from 'eslint9';
import js from '@eslint/js';
import { fakes } from '@dockerlint/core/testing';
import dockerlint from '../../packages/eslint-plugin/src/index.js';

const ghp = fakes.githubClassic(21);
const config = [dockerlint.configs.recommended];
const brief = (messages: Linter.LintMessage[]) => messages.map((m) => `${m.ruleId ?? (m.fatal ? 'FATAL' : 'eslint')}@${m.line}:${m.column}`);

const tmp = mkdtempSync(join(tmpdir(), 'dockerlint-eslint-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each([
  ['ESLint 10', Linter],
  ['ESLint 9', Linter9],
] as const)('%s: directives and parse errors', (_name, LinterClass) => {
  const linter = new LinterClass();
  const verify = (text: string, options: Record<string, unknown> = {}) =>
    linter.verify(text, config as Linter.Config[], { filename: 'Dockerfile', ...options } as Linter.LintOptions);

  const continued = `FROM alpine\nENV APP=1 \\\n    API_TOKEN=${ghp}\n`;

  it('reports a secret on a continuation line (sanity check for the next test)', () => {
    expect(brief(verify(continued))).toEqual(['dockerlint/no-secret-env@3:5', 'dockerlint/no-hardcoded-secret@3:15']);
  });

  it('eslint-disable-next-line covers the whole next instruction, continuation lines included', () => {
    const text = `FROM alpine\n# eslint-disable-next-line dockerlint/no-secret-env, dockerlint/no-hardcoded-secret -- test token\nENV APP=1 \\\n    API_TOKEN=${ghp}\n`;
    expect(brief(verify(text, { reportUnusedDisableDirectives: 'error' }))).toEqual([]);
    // …but not the instruction after it.
    const after = `${text}ENV OTHER_TOKEN=${fakes.githubClassic(22)}\n`;
    expect(brief(verify(after))).toEqual(['dockerlint/no-secret-env@5:5', 'dockerlint/no-hardcoded-secret@5:17']);
  });

  it('a next-line directive for one rule leaves the others on', () => {
    const text = `FROM alpine\n# eslint-disable-next-line dockerlint/no-secret-env\nENV APP=1 \\\n    API_TOKEN=${ghp}\n`;
    expect(brief(verify(text))).toEqual(['dockerlint/no-hardcoded-secret@4:15']);
  });

  it('eslint-disable / eslint-enable blocks, and rule config comments', () => {
    const block = `FROM alpine\n# eslint-disable dockerlint/no-secret-arg\nARG NPM_TOKEN\n# eslint-enable dockerlint/no-secret-arg\nARG PYPI_TOKEN\n`;
    expect(brief(verify(block))).toEqual(['dockerlint/no-secret-arg@5:5']);
    const all = `FROM alpine\n# eslint-disable\nARG NPM_TOKEN\nARG PYPI_TOKEN\n`;
    expect(brief(verify(all))).toEqual([]);
    const off = `# eslint dockerlint/no-secret-arg: off\nFROM alpine\nARG NPM_TOKEN\n`;
    expect(brief(verify(off))).toEqual([]);
  });

  it('an open eslint-disable block is not cut short by a next-line directive inside it', () => {
    const text = `FROM alpine\n# eslint-disable dockerlint/no-secret-env\n# eslint-disable-next-line dockerlint/no-secret-env\nENV A=1 \\\n    API_TOKEN=x1y2z3\nENV DB_PASSWORD=hunter2hunter2\n`;
    expect(brief(verify(text)).filter((id) => id.startsWith('dockerlint/no-secret-env'))).toEqual([]);
  });

  it('eslint-disable-line is reported as having no effect (a # only starts a comment at the line start)', () => {
    const messages = verify('FROM alpine\n# eslint-disable-line\nRUN true\n');
    expect(brief(messages)).toEqual(['eslint@2:1']);
    expect(messages[0]!.message).toMatch(/no effect/);
  });

  it('dockerlint-disable directives are applied by the engine', () => {
    expect(brief(verify('FROM alpine\n# dockerlint-disable-next-line no-secret-arg -- build-time only\nARG NPM_TOKEN\n'))).toEqual([]);
  });

  it('a file that is not a Dockerfile is a fatal parse error, not an exception', () => {
    const messages = verify('RUN echo hello\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2, line: 1 });
    expect(messages[0]!.message).toMatch(/no FROM/);
  });

  it('recoverable syntax problems are dockerlint/parse-error, and rules still run', () => {
    expect(brief(verify('FROM alpine\nFOOBAR x\nARG NPM_TOKEN\n'))).toEqual(['dockerlint/parse-error@2:1', 'dockerlint/no-secret-arg@3:5']);
  });

  it('never puts a secret value into a message', () => {
    const messages = verify(`FROM alpine\nENV API_TOKEN=${ghp}\nRUN curl -H "Authorization: Bearer ${ghp}" https://x\n`);
    expect(messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(messages)).not.toContain(ghp);
    expect(JSON.stringify(messages)).not.toContain(ghp.slice(4, 30));
  });

  it('meta.docs.url of every rule is the finding url', () => {
    for (const [id, rule] of Object.entries(dockerlint.rules)) {
      expect((rule.meta as { docs: { url: string } }).docs.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
    }
  });
});

describe.each([
  ['ESLint 10', ESLint],
  ['ESLint 9', ESLint9],
] as const)('%s: recommended config and ESLint class', (_name, ESLintClass) => {
  const dir = join(tmp, _name.replace(/\W/g, ''));
  const names = ['Dockerfile', 'dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'web.dockerfile', 'Containerfile', 'Containerfile.dev', 'Dockerfile.dockerignore', 'Containerfile.containerignore'];
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (const name of names) writeFileSync(join(dir, 'sub', name), name.endsWith('ignore') ? 'node_modules\n' : 'FROM alpine\nARG NPM_TOKEN\n');
  writeFileSync(join(dir, 'app.js'), 'const unused = 1;\n');
  writeFileSync(join(dir, 'eslint.config.js'), 'export default [];\n');

  it('`eslint .` with [configs.recommended] finds every Dockerfile variant and no ignore file', async () => {
    const eslint = new ESLintClass({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never });
    const results = await eslint.lintFiles(['.']);
    const linted = results.filter((r) => r.messages.some((m) => m.ruleId === 'dockerlint/no-secret-arg')).map((r) => r.filePath.slice(dir.length + 1)).sort();
    expect(linted).toEqual(names.filter((n) => !n.endsWith('ignore')).map((n) => `sub/${n}`).sort());
    expect(results.map((r) => r.filePath)).not.toContain(join(dir, 'sub', 'Dockerfile.dockerignore'));
  });

  it('works beside a JS config scoped with `files` (JS rules never see a Dockerfile)', async () => {
    const eslint = new ESLintClass({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.{js,mjs,cjs}'], ...js.configs.recommended }, ...config] as never,
    });
    const results = await eslint.lintFiles(['.']);
    const byFile = new Map(results.map((r) => [r.filePath.slice(dir.length + 1), r.messages.map((m) => m.ruleId)]));
    expect(byFile.get('app.js')).toEqual(['no-unused-vars']);
    expect(byFile.get('sub/Dockerfile')).toEqual(['dockerlint/no-secret-arg']);
  });

  it('languageOptions.context sets the build context', async () => {
    const ctx = join(dir, 'ctx');
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, '.env'), 'API_KEY=placeholder\n');
    writeFileSync(join(ctx, '.dockerignore'), 'node_modules\n');
    writeFileSync(join(dir, 'sub', 'Dockerfile.ctx'), 'FROM node:20\nCOPY . /srv\n');
    const lint = async (languageOptions: Record<string, unknown>) => {
      const eslint = new ESLintClass({ cwd: dir, overrideConfigFile: true, overrideConfig: [...config, { files: ['**/Dockerfile.ctx'], languageOptions }] as never });
      const [result] = await eslint.lintFiles(['sub/Dockerfile.ctx']);
      return result!.messages.map((m) => `${m.ruleId}:${m.messageId}`);
    };
    // Default context = sub/ (no .dockerignore, nothing sensitive); with the option: ctx/ and its .env.
    expect(await lint({ context: ctx })).toEqual(['dockerlint/no-context-secrets:wouldCopy']);
    expect(await lint({})).not.toContain('dockerlint/no-context-secrets:wouldCopy');
  });
});
