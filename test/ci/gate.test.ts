/**
 * The CI gate on the case issue 14 found passing: `FROM node:20` / `ARG NPM_TOKEN` / `RUN npm ci`. BuildKit writes
 * the passed token into the history entry of `RUN npm ci` (test/real-builder shows it), so every way in must fail:
 * the CLI exits 1, and ESLint 10 with the plugin's recommended config exits 1. (The pre-commit hook: pre-commit.test.ts.)
 * The same file without a RUN after the ARG is a warning only: exit 0.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { expectMessage } from '../helpers/messages.js';
import { cleanupTemps, dockerlint, repoRoot, tempRepo, write } from './helpers.js';

export const ARG_THEN_RUN = 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n';
const ARG_ONLY = 'FROM node:20\nCOPY . /app\nARG NPM_TOKEN\n';

afterAll(() => cleanupTemps());

describe('FROM node:20 / ARG NPM_TOKEN / RUN npm ci fails the gate', () => {
  it('CLI: exit 1, one error naming the RUN whose history holds the value', () => {
    const dir = tempRepo();
    write(dir, 'Dockerfile', ARG_THEN_RUN);
    write(dir, '.dockerignore', '.env\n');
    const run = dockerlint(['--format', 'json', 'Dockerfile'], dir);
    expect(run.code, run.stderr).toBe(1);
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; messageId: string; severity: number; message: string; line: number; column: number }[] }[];
    expect(result!.messages).toEqual([expect.objectContaining({ ruleId: 'no-secret-arg', messageId: 'secretArgInHistory', severity: 2, line: 2, column: 5 })]);
    expectMessage(result!.messages[0], 'secretArgInHistory', { name: 'NPM_TOKEN', runs: 'the RUN at line 3', where: '' });
  });

  it('CLI: without a RUN after the ARG it is a warning (exit 0; exit 1 with --max-warnings 0)', () => {
    const dir = tempRepo();
    write(dir, 'Dockerfile', ARG_ONLY);
    write(dir, '.dockerignore', '.env\n');
    expect(dockerlint(['Dockerfile'], dir).code).toBe(0);
    expect(dockerlint(['--max-warnings', '0', 'Dockerfile'], dir).code).toBe(1);
  });

  it('ESLint 10 CLI with configs.recommended: exit 1, dockerlint/no-secret-arg at severity 2', () => {
    const require = createRequire(path.join(repoRoot, 'package.json'));
    const eslintPackage = require.resolve('eslint/package.json');
    const version = (require(eslintPackage) as { version: string }).version;
    expect(version).toMatch(/^10\./);
    const eslintBin = path.join(path.dirname(eslintPackage), 'bin', 'eslint.js');
    const plugin = pathToFileURL(path.join(repoRoot, 'packages/eslint-plugin/dist/index.js')).href;
    const dir = tempRepo();
    write(dir, 'Dockerfile', ARG_THEN_RUN);
    write(dir, 'eslint.config.js', `import dockerlint from ${JSON.stringify(plugin)};\nexport default [dockerlint.configs.recommended];\n`);
    const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    const [result] = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; severity: number; line: number; column: number }[] }[];
    expect(result!.filePath).toBe(path.join(dir, 'Dockerfile'));
    expect(result!.messages.map((m) => `${m.ruleId}@${m.line}:${m.column} ${m.severity}`)).toEqual(['dockerlint/no-secret-arg@2:5 2']);
  });
});
