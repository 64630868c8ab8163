/**
 * A real editor client, headless: Neovim's built-in LSP client (Debian's neovim, 0.7.2 in bookworm;
 * `.ci/run` installs it) starts the server for filetype `dockerfile`, opens a leaky Dockerfile and writes
 * the diagnostics it received to a file. Neovim 0.7 has no pull diagnostics: this exercises the push path.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// ---- the snippets of docs/editors.md, run verbatim ------------------------------------------------------------------

const version = hasNvim ? /NVIM v(\d+)\.(\d+)\.(\d+)/.exec(nvim.stdout) : null;
const nvimMinor = version ? Number(version[1]) * 100 + Number(version[2]) : 0;
const NO_08 = 'this machine has Neovim 0.7 (Debian bookworm ships 0.7.2; neither Debian bookworm nor the npm registry has 0.8+)';

/** The Lua block that follows `<!-- nvim-snippet: <tag> -->` in docs/editors.md. */
function docsSnippet(tag: string): string {
  const docs = readFileSync(path.join(REPO, 'docs/editors.md'), 'utf8');
  const match = new RegExp(`<!-- nvim-snippet: ${tag.replace('.', '\\.')} -->\\n\`\`\`lua\\n([\\s\\S]*?)\`\`\``).exec(docs);
  if (!match) throw new Error(`docs/editors.md has no snippet tagged ${tag}`);
  return match[1]!;
}

interface SnippetRun {
  loaded: boolean;
  load_error: string | null;
  ok: boolean;
  version: string;
  clients: string[];
  diagnostics: { line: number; character: number; severity: number; message: string; code: string }[];
  shown: { type: number; message: string }[];
  requests: unknown[];
}

/** Runs a docs snippet as the init file's user code against a Dockerfile in a fresh project; `files` are added to it. */
function runSnippet(tag: string, files: Record<string, string> = {}): { result: SnippetRun; dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockerlint-nvim-docs-'));
  temps.push(dir);
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  // What `npm install -g @dockerlint/language-server` puts on PATH, pointing at this checkout.
  writeFileSync(path.join(bin, 'dockerlint-language-server'), `#!/bin/sh\nexec "${process.execPath}" "${SERVER_BIN}" "$@"\n`, { mode: 0o755 });
  const project = path.join(dir, 'project');
  mkdirSync(path.join(project, '.git'), { recursive: true });
  const file = path.join(project, 'Dockerfile');
  writeFileSync(file, 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(project, name), text);
  const snippet = path.join(dir, 'snippet.lua');
  writeFileSync(snippet, docsSnippet(tag));
  const out = path.join(dir, 'result.json');
  const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(REPO, 'test/language-server/nvim/docs-snippet.lua'), 'Dockerfile'], {
    cwd: project,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, DOCKERLINT_SNIPPET: snippet, DOCKERLINT_OUT: out, DOCKERLINT_TIMEOUT_MS: '20000' },
    encoding: 'utf8',
    timeout: 45_000,
  });
  expect(run.error, `nvim did not finish: ${run.stderr}`).toBeUndefined();
  return { result: JSON.parse(readFileSync(out, 'utf8')) as SnippetRun, dir, file };
}

test.skipIf(!hasNvim || nvimMinor >= 800)('docs/editors.md Neovim 0.7 snippet, verbatim, on this Neovim: the CLI\'s findings', () => {
  const { result, file } = runSnippet('0.7');
  expect(result.load_error).toBeNull();
  expect(result.ok).toBe(true);
  expect(result.clients).toEqual(['dockerlint']);
  const want = cliFindings([file]).get(file) ?? [];
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.character} ${d.severity === 1 ? 'error' : 'warning'}`)).toEqual(
    want.map((f) => `${f.ruleId} ${f.line}:${f.character} ${f.severity}`),
  );
  expect(result.diagnostics.map((d) => d.code)).toEqual(['no-secret-arg']);
});

test.skipIf(!hasNvim || nvimMinor >= 800)('Neovim 0.7: a broken .dockerlintrc.json is one message, no prompt, no hang; linting goes on', () => {
  const { result } = runSnippet('0.7', { '.dockerlintrc.json': '{ "rules": { "no-secret-arg": "loud" } }' });
  expect(result.ok).toBe(true);
  expect(result.requests).toEqual([]);
  expect(result.shown).toEqual([{ type: 1, message: expect.stringMatching(/^dockerlint: .*\.dockerlintrc\.json.*\(linting with the default configuration\)$/) }]);
});

test.skipIf(!hasNvim)('docs/editors.md Neovim 0.8+ snippet is valid Lua that only needs the 0.8 API', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockerlint-nvim-syntax-'));
  temps.push(dir);
  const snippet = path.join(dir, 'snippet.lua');
  writeFileSync(snippet, docsSnippet('0.8'));
  // loadfile compiles without running: a syntax error in the docs fails here on any Neovim.
  const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `lua local f, e = loadfile('${snippet}'); io.stdout:write(f and 'compiled' or e)`, '-c', 'qa!'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.stdout).toBe('compiled');
  expect(docsSnippet('0.8')).toMatch(/vim\.lsp\.start\(/);
});

test.skipIf(!hasNvim || nvimMinor < 800)(`docs/editors.md Neovim 0.8+ snippet, verbatim, on this Neovim: the CLI's findings${nvimMinor < 800 ? ` (skipped: ${NO_08})` : ''}`, () => {
  const { result, file } = runSnippet('0.8');
  expect(result.load_error).toBeNull();
  expect(result.ok).toBe(true);
  expect(result.clients).toEqual(['dockerlint']);
  const want = cliFindings([file]).get(file) ?? [];
  expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.character}`)).toEqual(want.map((f) => `${f.ruleId} ${f.line}:${f.character}`));
});
if (hasNvim && nvimMinor < 800) console.warn(`neovim.test.ts: the 0.8+ snippet is only compiled, not run: ${NO_08}`);
