/**
 * Redaction everywhere: Dockerfiles full of fake secrets (every generator in `fakes`, written into ENV, ARG
 * defaults, LABELs, RUN commands, URLs, heredocs and a .env in the build context) go through every CLI
 * format, the ESLint adapter (ESLint 10 class) and the language server (diagnostics, hover, code-action
 * titles), and through an error path (an invalid config holding a secret-looking value). No output may
 * contain a full secret value.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fakes } from '@dockerlint/core/testing';
import dockerlint from '../../packages/eslint-plugin/dist/index.js';
import { CLI_BIN, LspClient } from '../language-server/client.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'dockerlint-redact-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every fake secret: every generator of `fakes` (urlWithCredentials gives a URL and its password). */
function allSecrets(): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const [name, make] of Object.entries(fakes)) {
    if (name === 'random' || typeof make !== 'function') continue;
    for (const seed of [3, 4]) {
      const value = (make as (seed: number) => unknown)(seed);
      if (typeof value === 'string') out.push({ name, value });
      else if (value && typeof value === 'object') {
        const v = value as { url?: string; password?: string };
        if (v.url) out.push({ name: `${name}.url`, value: v.url });
        if (v.password) out.push({ name: `${name}.password`, value: v.password });
      }
    }
  }
  return out;
}

const secrets = allSecrets();
const plain = secrets.filter((s) => !s.value.includes('\n'));
const pem = secrets.filter((s) => s.value.includes('\n'));

/** The parts of a secret that must never appear: the whole value, and each line of a multi-line one (long ones). */
function needles(): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    if (s.name.endsWith('.url')) continue; // its password is checked on its own; host/user may be shown
    out.add(s.value);
    for (const line of s.value.split('\n')) if (line.length >= 24 && !line.startsWith('-----')) out.add(line);
  }
  return [...out];
}

function leaks(output: string): string[] {
  return needles().filter((n) => output.includes(n)).map((n) => `${n.slice(0, 6)}… (${n.length} chars)`);
}

function dockerfileText(): string {
  const lines = ['FROM node:20 AS build'];
  plain.forEach((s, i) => {
    const key = `${s.name.replace(/\W/g, '_').toUpperCase()}_TOKEN_${i}`;
    lines.push(`ARG ${key}=${s.value}`, `ENV ${key}_ENV=${s.value}`, `LABEL secret${i}="${s.value}"`);
    lines.push(`RUN echo "${s.value}" > /root/.secret${i} && curl -H "Authorization: Bearer ${s.value}" https://example.com`);
  });
  lines.push(`RUN npm config set //registry.npmjs.org/:_authToken=${fakes.npmToken(5)}`);
  for (const s of pem) lines.push(`COPY <<EOF /root/.ssh/id_${pem.indexOf(s)}`, s.value.trimEnd(), 'EOF');
  lines.push('COPY . /app', 'FROM node:20', 'COPY --from=build /app /app', 'COPY --from=build /root/.secret0 /app/', '');
  return lines.join('\n');
}

const project = path.join(tmp, 'project');
mkdirSync(project, { recursive: true });
const text = dockerfileText();
const dockerfile = path.join(project, 'Dockerfile');
writeFileSync(dockerfile, text);
writeFileSync(path.join(project, '.env'), plain.map((s, i) => `SECRET_${i}=${s.value}`).join('\n'));

describe('redaction', () => {
  it('the fixture really contains every secret (not a vacuous test)', () => {
    expect(secrets.length).toBeGreaterThan(20);
    for (const n of needles()) expect(text.includes(n) || plain.some((s) => s.value === n)).toBe(true);
  });

  for (const format of ['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit']) {
    it(`CLI --format ${format}: no secret in stdout or stderr`, () => {
      const run = spawnSync(process.execPath, [CLI_BIN, '--no-color', '--format', format, 'Dockerfile'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(run.status).toBe(1);
      expect(run.stdout.length).toBeGreaterThan(500);
      expect(leaks(run.stdout + run.stderr)).toEqual([]);
    });
  }

  it('CLI --stdin and --output-file: no secret', () => {
    const out = path.join(tmp, 'out.sarif');
    const run = spawnSync(process.execPath, [CLI_BIN, '--format', 'sarif', '--output-file', out, '--stdin', '--stdin-filename', 'Dockerfile'], { cwd: project, input: text, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(leaks(run.stdout + run.stderr + String(spawnSync('cat', [out], { encoding: 'utf8' }).stdout))).toEqual([]);
  });

  it('ESLint 10 (flat config, ESLint class): no secret in messages, suggestions or formatted output', async () => {
    const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: [dockerlint.configs.recommended] as never });
    const results = await eslint.lintFiles(['Dockerfile']);
    expect(results[0]!.messages.length).toBeGreaterThan(10);
    const formatter = await eslint.loadFormatter('stylish');
    const formatted = await formatter.format(results);
    expect(leaks(JSON.stringify(results.map((r) => ({ ...r, source: undefined }))) + formatted)).toEqual([]);
  });

  it('language server: diagnostics, hover and code-action titles', async () => {
    const client = await LspClient.start({ mode: 'pull', rootDir: project });
    try {
      const uri = await client.open(dockerfile);
      const diagnostics = await client.pull(uri);
      expect(diagnostics.length).toBeGreaterThan(10);
      let output = JSON.stringify(diagnostics);
      for (const d of diagnostics) {
        const hover = await client.hover(uri, d.range.start);
        output += JSON.stringify(hover);
        const actions = await client.codeActions(uri, d.range, [d]);
        output += JSON.stringify(actions.map((a) => a.title));
      }
      output += client.logs.join('\n') + client.stderr;
      expect(leaks(output)).toEqual([]);
    } finally {
      await client.stop();
    }
  });

  it('error path: an invalid config holding a secret-looking value does not echo it', () => {
    const dir = path.join(tmp, 'badconfig');
    mkdirSync(dir, { recursive: true });
    const token = fakes.githubClassic(9);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine\n');
    for (const [file, body] of [
      ['.dockerlintrc.json', JSON.stringify({ rules: { [token]: 'error' } })],
      ['.dockerlintrc.json', JSON.stringify({ rules: { 'no-secret-env': token } })],
      ['.dockerlintrc.json', JSON.stringify({ allowlist: { values: [`(${token}`] } })],
      ['.dockerlintrc.json', `{ "rules": { "no-secret-env": "${token}" `],
      ['.dockerlintrc.yaml', `rules:\n  no-secret-env: ${token}\n`],
      ['.dockerlintrc.yaml', `rules: [${token}\n`],
    ] as const) {
      rmSync(path.join(dir, '.dockerlintrc.json'), { force: true });
      rmSync(path.join(dir, '.dockerlintrc.yaml'), { force: true });
      writeFileSync(path.join(dir, file), body);
      const run = spawnSync(process.execPath, [CLI_BIN, '--no-color', 'Dockerfile'], { cwd: dir, encoding: 'utf8' });
      expect(run.status, `${file}: ${body}`).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(file);
      expect(run.stderr, body).not.toContain(token);
      expect(run.stderr).not.toContain(token.slice(4, 28));
    }
  });
});
