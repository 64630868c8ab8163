/**
 * A real editor client, headless: Neovim's built-in LSP client (Debian's neovim, 0.7.2 in bookworm;
 * `.ci/run` installs it) starts the server for filetype `dockerfile`, opens a leaky Dockerfile and writes
 * the diagnostics it received to a file. Neovim 0.7 has no pull diagnostics: this exercises the push path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cliFindings, REPO, SERVER_BIN, sortComparable, type Comparable } from './client.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

if (!hasNvim) {
  console.warn('neovim.test.ts: skipped — `nvim` is not installed (apt-get install -y neovim; .ci/run installs it)');
}

test.skipIf(!hasNvim)(`Neovim's LSP client shows the CLI's findings (${hasNvim ? nvim.stdout.split('\n')[0] : 'nvim missing'})`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockerlint-nvim-'));
  temps.push(dir);
  const file = path.join(dir, 'Dockerfile');
  writeFileSync(
    file,
    [
      'FROM node:20',
      'ARG NPM_TOKEN=abc123',
      'ENV API_KEY=' + 'ghp_' + 'R2d2C3poBb8Yoda7Luke9Leia0Han1Solo2Chew',
      'COPY . /app',
      'COPY .npmrc /root/.npmrc',
      'RUN npm ci && rm /root/.npmrc',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, '.env'), 'DB_PASSWORD=hunter2\n');
  writeFileSync(path.join(dir, '.npmrc'), '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n');
  const out = path.join(dir, 'nvim-diagnostics.json');
  const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(REPO, 'test/language-server/nvim/init.lua'), 'Dockerfile'], {
    cwd: dir,
    env: { ...process.env, DOCKERLINT_SERVER: SERVER_BIN, DOCKERLINT_OUT: out, DOCKERLINT_TIMEOUT_MS: '20000' },
    encoding: 'utf8',
    timeout: 45_000,
  });
  expect(run.error).toBeUndefined();
  const result = JSON.parse(readFileSync(out, 'utf8')) as {
    ok: boolean;
    filetype: string;
    attached: boolean;
    diagnostics: { line: number; character: number; endLine: number; endCharacter: number; severity: number; message: string; source: string; code: string }[];
  };
  expect(result.filetype).toBe('dockerfile');
  expect(result.attached).toBe(true);
  expect(result.ok).toBe(true);
  const got: Comparable[] = sortComparable(
    result.diagnostics.map((d) => ({
      ruleId: d.code,
      severity: d.severity === 1 ? 'error' : 'warning',
      line: d.line,
      character: d.character,
      endLine: d.endLine,
      endCharacter: d.endCharacter,
      message: d.message,
    })),
  );
  const want = cliFindings([file]).get(file) ?? [];
  expect(want.length).toBeGreaterThan(0);
  expect(got).toEqual(want);
  for (const d of result.diagnostics) expect(d.source).toBe('dockerlint');
  // The leak is named, the secret never shown.
  expect(JSON.stringify(result)).not.toContain('R2d2C3poBb8Yoda7Luke9Leia0Han1Solo2Chew');
});
