import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createLintSession,
  defaultConfig,
  documentContextDir,
  initialize,
  layerConfig,
  lintDocument,
  lintDocumentWithConfig,
  loadDocumentConfig,
  maskSecrets,
  redact,
  redactSecrets,
  type Rule,
} from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { writeFileIn } from '../helpers/temp-tree.js';

/** Reports every FROM; the message says which `label` option it saw and whether the build context has `.env`. */
const fromRule: Rule = {
  meta: { id: 'every-from', description: 'Reports every FROM', severity: 'warning', messages: { from: 'FROM seen ({{label}}, .env {{env}})' }, help: 'None' },
  check(context) {
    const label = typeof context.options.label === 'string' ? context.options.label : 'no label';
    const env = context.buildContext.root && context.buildContext.exists('.env') ? 'present' : 'absent';
    for (const instruction of context.model.instructions) {
      if (instruction.kind === 'FROM') context.report({ messageId: 'from', data: { label, env }, range: instruction.range });
    }
  },
};

const TOKEN = fakes.githubClassic(7);
/** A rule with a bug: it throws, and its error message quotes a secret from the Dockerfile. */
const throwingRule: Rule = {
  meta: { id: 'throws', description: 'Always throws', severity: 'error', messages: {}, help: 'None' },
  check() {
    throw new Error(`could not handle ${TOKEN}\nsecond line with more detail`);
  },
};

const rules = [fromRule];
const DOCKERFILE = 'FROM alpine:3.20\nRUN true\n';
let tmp: string;

const write = (rel: string, text: string | Buffer): string => writeFileIn(tmp, rel, text);

const summary = (result: { findings: { ruleId: string; severity: string; line: number; message: string }[] }) =>
  result.findings.map((f) => `${f.ruleId}@${f.line} ${f.severity}: ${f.message}`);

beforeAll(async () => {
  await initialize();
});
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-document-'));
  mkdirSync(path.join(tmp, '.git')); // repository root: config lookups stop here
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('lintDocument: what is not linted, and why', () => {
  it('a binary file (a NUL byte in the first 8 KB) is not linted', () => {
    const file = write('Dockerfile', Buffer.concat([Buffer.from('FROM alpine\n'), Buffer.from([0, 1, 2])]));
    const result = lintDocument({ path: file, rules });
    expect(result.notLinted).toEqual({ reason: 'binary', message: 'binary file (a NUL byte in the first 8 KB)' });
    expect(result.findings).toEqual([]);
    expect(result.ruleErrors).toEqual([]);
  });

  it('a NUL byte after the first 8 KB does not make a file binary', () => {
    const file = write('Dockerfile', `${DOCKERFILE}${'# padding\n'.repeat(900)}# \u0000\n`);
    const result = lintDocument({ path: file, rules });
    expect(result.notLinted).toBeUndefined();
    expect(summary(result)).toEqual(['every-from@1 warning: FROM seen (no label, .env absent)']);
  });

  it('a file larger than 2 MB is not linted; exactly 2 MB is', () => {
    const big = write('big/Dockerfile', `${DOCKERFILE}${'#'.repeat(2 * 1024 * 1024 - DOCKERFILE.length + 1)}`);
    expect(lintDocument({ path: big, rules }).notLinted).toEqual({ reason: 'too-large', message: 'larger than 2 MB (2.0 MB)' });
    const limit = write('limit/Dockerfile', `${DOCKERFILE}${'#'.repeat(2 * 1024 * 1024 - DOCKERFILE.length)}`);
    expect(lintDocument({ path: limit, rules }).notLinted).toBeUndefined();
  });

  it('text (an editor buffer, stdin) gets the same limits, counted in UTF-8 bytes', () => {
    // 700k three-byte characters: 2.1 MB in UTF-8 though only 700k UTF-16 units.
    const text = `${DOCKERFILE}# ${'€'.repeat(700_000)}\n`;
    expect(lintDocument({ text, rules }).notLinted).toEqual({ reason: 'too-large', message: 'larger than 2 MB (2.0 MB)' });
    expect(lintDocument({ text: 'FROM alpine\n\u0000', rules }).notLinted).toEqual({ reason: 'binary', message: 'binary file (a NUL byte in the first 8 KB)' });
  });

  it('a directory, a missing file and a symlink loop are not linted, each with its reason', () => {
    mkdirSync(path.join(tmp, 'Dockerfile.d'));
    expect(lintDocument({ path: path.join(tmp, 'Dockerfile.d'), rules }).notLinted).toEqual({ reason: 'directory', message: 'is a directory' });
    expect(lintDocument({ path: path.join(tmp, 'missing', 'Dockerfile'), rules }).notLinted).toEqual({ reason: 'unreadable', message: 'cannot read (no such file)' });
    symlinkSync('loop-b', path.join(tmp, 'loop-a'));
    symlinkSync('loop-a', path.join(tmp, 'loop-b'));
    expect(lintDocument({ path: path.join(tmp, 'loop-a'), rules }).notLinted).toEqual({ reason: 'unreadable', message: 'cannot read (too many symbolic links)' });
  });

  it('drops a byte-order mark, from a file and from text, so positions are those of the Dockerfile', () => {
    const file = write('Dockerfile', `\uFEFF${DOCKERFILE}`);
    const fromFile = lintDocument({ path: file, rules });
    expect(fromFile.text).toBe(DOCKERFILE);
    expect(fromFile.findings.map((f) => [f.line, f.column, f.endColumn])).toEqual([[1, 1, 17]]);
    const fromText = lintDocument({ text: `\uFEFF${DOCKERFILE}`, rules });
    expect(fromText.text).toBe(DOCKERFILE);
    expect(fromText.findings.map((f) => [f.line, f.column, f.endColumn])).toEqual([[1, 1, 17]]);
  });

  it('an empty file is linted: a parse-error finding, no rule runs', () => {
    const file = write('Dockerfile', '');
    const result = lintDocument({ path: file, rules });
    expect(result.notLinted).toBeUndefined();
    expect(result.fatal).toBe('empty file: no FROM instruction found');
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.line}:${f.column} ${f.message}`)).toEqual(['parse-error error 1:1 empty file: no FROM instruction found']);
  });

  it('a file the config ignores is not linted, unless the caller already decided (honourIgnores: false)', async () => {
    const config = write('.dockerlintrc.json', JSON.stringify({ ignores: ['legacy/**'] }));
    const file = write('legacy/Dockerfile', DOCKERFILE);
    const result = await lintDocumentWithConfig({ path: file, rules });
    expect(result.notLinted).toEqual({ reason: 'ignored', message: `ignored by config ${config}` });
    const kept = await lintDocumentWithConfig({ path: file, rules, honourIgnores: false });
    expect(summary(kept)).toEqual(['every-from@1 warning: FROM seen (no label, .env absent)']);
    const other = await lintDocumentWithConfig({ path: write('app/Dockerfile', DOCKERFILE), rules });
    expect(other.notLinted).toBeUndefined();
  });
});

describe('lintDocument: config and overrides', () => {
  it('layers overrides on the nearest config: a severity keeps the file\'s options, options keep the file\'s severity', async () => {
    write('.dockerlintrc.json', JSON.stringify({ rules: { 'every-from': ['error', { label: 'from the file' }] } }));
    const file = write('Dockerfile', DOCKERFILE);
    const session = createLintSession();
    const { config } = await loadDocumentConfig(file, { session });
    expect(summary(lintDocument({ path: file, rules, config }))).toEqual(['every-from@1 error: FROM seen (from the file, .env absent)']);
    expect(summary(lintDocument({ path: file, rules, config, configOverrides: { rules: { 'every-from': { severity: 'warning' } } } }))).toEqual([
      'every-from@1 warning: FROM seen (from the file, .env absent)',
    ]);
    expect(summary(lintDocument({ path: file, rules, config, configOverrides: { rules: { 'every-from': { options: { label: 'from the editor' } } } } }))).toEqual([
      'every-from@1 error: FROM seen (from the editor, .env absent)',
    ]);
    expect(lintDocument({ path: file, rules, config, configOverrides: { rules: { 'every-from': { severity: 'off' } } } }).findings).toEqual([]);
    // The loaded config itself is not changed by layering.
    expect(config.rules['every-from']).toEqual({ severity: 'error', options: { label: 'from the file' } });
  });

  it('without a config: the defaults, with the overrides on top; options alone leave the grading to the rule', () => {
    expect(layerConfig(undefined, undefined)).toEqual(defaultConfig());
    const layered = layerConfig(undefined, { rules: { 'every-from': { options: { label: 'x' } } }, allowlist: { names: ['MY_TOKEN'], values: ['^fake-'] }, target: 'build' });
    expect(layered.rules).toEqual({ 'every-from': { options: { label: 'x' } } });
    expect(layered.allowlist.names).toEqual(['MY_TOKEN']);
    expect(layered.allowlist.values.map((value) => value.source)).toEqual(['^fake-']);
    expect(layered.target).toBe('build');
    expect(summary(lintDocument({ text: DOCKERFILE, rules, configOverrides: { rules: { 'every-from': { options: { label: 'x' } } } } }))).toEqual([
      'every-from@1 warning: FROM seen (x, .env absent)',
    ]);
  });

  it('a broken config lints with the defaults and says why, in one line', async () => {
    const bad = write('.dockerlintrc.json', '{ "rules": ');
    const file = write('Dockerfile', DOCKERFILE);
    const result = await lintDocumentWithConfig({ path: file, rules });
    expect(result.configError).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\(syntax\\): invalid JSON: [^\\n]+$`));
    expect(summary(result)).toEqual(['every-from@1 warning: FROM seen (no label, .env absent)']);
  });

  it('build context: the caller\'s choice, else the config\'s context mapping, else the Dockerfile\'s directory', async () => {
    write('shared/.env', 'KEY=x\n');
    write('.dockerlintrc.json', JSON.stringify({ context: { 'mapped/Dockerfile': 'shared' } }));
    const mapped = write('mapped/Dockerfile', DOCKERFILE);
    const plain = write('plain/Dockerfile', DOCKERFILE);
    const { config } = await loadDocumentConfig(mapped);
    expect(documentContextDir(config, mapped)).toBe(path.join(tmp, 'shared'));
    expect(documentContextDir(config, plain)).toBeUndefined();
    expect(documentContextDir(config, plain, path.join(tmp, 'shared'))).toBe(path.join(tmp, 'shared'));
    expect(summary(lintDocument({ path: mapped, rules, config }))).toEqual(['every-from@1 warning: FROM seen (no label, .env present)']);
    expect(summary(lintDocument({ path: plain, rules, config }))).toEqual(['every-from@1 warning: FROM seen (no label, .env absent)']);
    expect(summary(lintDocument({ path: plain, rules, config, contextDir: path.join(tmp, 'shared') }))).toEqual(['every-from@1 warning: FROM seen (no label, .env present)']);
  });
});

describe('lintDocument: rule errors and redaction', () => {
  it('a throwing rule is a typed, one-line, redacted rule error; the other rules still report', () => {
    const result = lintDocument({ text: DOCKERFILE, displayPath: 'svc/Dockerfile', rules: [throwingRule, fromRule] });
    expect(result.ruleErrors).toEqual([{ ruleId: 'throws', message: `could not handle ${redact(TOKEN)}` }]);
    expect(JSON.stringify(result.ruleErrors)).not.toContain(TOKEN);
    expect(summary(result)).toEqual(['every-from@1 warning: FROM seen (no label, .env absent)']);
  });

  it('redactSecrets previews a secret in a message; maskSecrets masks it character for character, keeping columns', () => {
    expect(redactSecrets(`token ${TOKEN} rejected`)).toBe(`token ${redact(TOKEN)} rejected`);
    const source = `FROM alpine\nENV GITHUB_TOKEN=${TOKEN}\n`;
    expect(maskSecrets(source)).toBe(`FROM alpine\nENV GITHUB_TOKEN=${'*'.repeat(TOKEN.length)}\n`);
    expect(maskSecrets('FROM alpine\n')).toBe('FROM alpine\n');
  });
});
