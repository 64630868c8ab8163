/**
 * ESLint (10, 9 and 8) reports exactly what the CLI reports — same rule ids, lines, columns and end positions —
 * on every fixture under test/fixtures and on real-world Dockerfiles from the shared corpus. Written generically:
 * it keeps holding as rules gain findings.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESLint as ESLint10 } from 'eslint';
import { ESLint as ESLint9 } from 'eslint9';
import dockerlint from '../../packages/eslint-plugin/src/index.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';
import { findDockerfiles, keysOf, repoRoot, runCli, type JsonMessage } from './helpers.js';

const require = createRequire(import.meta.url);
const { ESLint: ESLint8 } = require('eslint8') as { ESLint: new (options: Record<string, unknown>) => { lintFiles(files: string[]): Promise<{ filePath: string; messages: JsonMessage[] }[]> } };

const CORPUS = '/work/shared/corpus/real';
const CORPUS_SAMPLE = 30;
/** Public Dockerfiles that leak (or seem to): where findings are dense. All of them (about 30). */
const WILD = '/work/shared/corpus/wild';

interface Target {
  /** Absolute Dockerfile path. */
  file: string;
  /** Build context when it is not the Dockerfile's directory (nested Dockerfiles of a fixture case). */
  context?: string;
  label: string;
}

function fixtureCases(): string[] {
  const root = fixturePath();
  if (!existsSync(root)) return [];
  const cases: string[] = [];
  for (const rule of readdirSync(root, { withFileTypes: true })) {
    if (!rule.isDirectory()) continue;
    for (const entry of readdirSync(join(root, rule.name), { withFileTypes: true })) {
      if (entry.isDirectory()) cases.push(join(root, rule.name, entry.name));
    }
  }
  return cases.sort();
}

/** Every Nth Dockerfile of the corpus (sorted), so the sample is deterministic and spread over many projects. */
function corpusSample(): string[] {
  if (!existsSync(CORPUS)) return [];
  const all = findDockerfiles(CORPUS);
  const step = Math.max(1, Math.floor(all.length / CORPUS_SAMPLE));
  return all.filter((_, index) => index % step === 0).slice(0, CORPUS_SAMPLE);
}

const fixtureTargets: Target[] = [];
const corpusTargets: Target[] = [];
const wildTargets: Target[] = [];
const cli = new Map<string, JsonMessage[]>();

beforeAll(() => {
  for (const source of fixtureCases()) {
    const dir = materializeFixture(source); // dot-git → .git, dot-gitignore → .gitignore
    const label = relative(fixturePath(), source);
    for (const file of findDockerfiles(dir)) {
      // The case directory is the build context, also for Dockerfiles kept in a subdirectory (docker/api.Dockerfile).
      fixtureTargets.push({ file, label: `${label}/${relative(dir, file)}`, ...(dirname(file) !== dir ? { context: dir } : {}) });
    }
  }
  for (const file of corpusSample()) corpusTargets.push({ file, label: relative(CORPUS, file) });
  if (existsSync(WILD)) for (const file of findDockerfiles(WILD)) wildTargets.push({ file, label: relative(WILD, file) });

  // The CLI: one run for every Dockerfile linted with its default context, one per Dockerfile with an explicit one.
  const defaults = [...fixtureTargets, ...corpusTargets, ...wildTargets].filter((target) => !target.context);
  for (const [file, messages] of runCli(defaults.map((target) => target.file))) cli.set(file, messages);
  for (const target of fixtureTargets.filter((t) => t.context)) {
    for (const [file, messages] of runCli(['--context', target.context!, target.file])) cli.set(file, messages);
  }
});

afterAll(() => cleanupFixtures());

type Linter = (target: Target) => Promise<JsonMessage[]>;

function flatLinter(ESLintClass: typeof ESLint10 | typeof ESLint9): Linter {
  return async (target) => {
    const eslint = new ESLintClass({
      cwd: dirname(target.file),
      overrideConfigFile: true,
      overrideConfig: [
        dockerlint.configs.recommended,
        ...(target.context ? [{ files: ['**/*'], languageOptions: { context: target.context } }] : []),
      ],
    } as ConstructorParameters<typeof ESLint10>[0]);
    const [result] = await eslint.lintFiles([target.file]);
    return (result?.messages ?? []) as JsonMessage[];
  };
}

/** `eslint.config.cjs`: `require('@dockerlint/eslint-plugin')` gives the CommonJS flat config (parser + worker). */
function commonJsFlatLinter(ESLintClass: typeof ESLint10): Linter {
  const cjs = require('@dockerlint/eslint-plugin') as { configs: { recommended: object } };
  return async (target) => {
    const eslint = new ESLintClass({
      cwd: dirname(target.file),
      overrideConfigFile: true,
      overrideConfig: [
        cjs.configs.recommended,
        ...(target.context ? [{ files: ['**/*'], languageOptions: { parserOptions: { dockerlint: { context: target.context } } } }] : []),
      ],
    } as ConstructorParameters<typeof ESLint10>[0]);
    const [result] = await eslint.lintFiles([target.file]);
    return (result?.messages ?? []) as JsonMessage[];
  };
}

function legacyLinter(): Linter {
  return async (target) => {
    const eslint = new ESLint8({
      cwd: dirname(target.file),
      useEslintrc: false,
      resolvePluginsRelativeTo: repoRoot,
      overrideConfig: {
        extends: ['plugin:@dockerlint/legacy-recommended'],
        ...(target.context ? { parserOptions: { dockerlint: { context: target.context } } } : {}),
      },
    });
    const [result] = await eslint.lintFiles([target.file]);
    return result?.messages ?? [];
  };
}

const linters: [string, Linter][] = [
  [`ESLint ${ESLint10.version}`, flatLinter(ESLint10)],
  [`ESLint ${ESLint9.version}`, flatLinter(ESLint9)],
  [`ESLint ${ESLint10.version}, CommonJS entry (eslint.config.cjs)`, commonJsFlatLinter(ESLint10)],
  ['ESLint 8 (eslintrc, legacy entry)', legacyLinter()],
];

async function compare(targets: Target[], lint: Linter): Promise<{ files: number; findings: number }> {
  let findings = 0;
  const mismatches: string[] = [];
  for (const target of targets) {
    const expected = cli.get(target.file);
    if (!expected) {
      mismatches.push(`${target.label}: no CLI result`);
      continue;
    }
    const actual = await lint(target);
    const want = keysOf(expected);
    const got = keysOf(actual);
    findings += want.length;
    if (JSON.stringify(want) !== JSON.stringify(got)) mismatches.push(`${target.label}\n  cli:    ${want.join(' ')}\n  eslint: ${got.join(' ')}`);
    // Messages carry the finding's message (ESLint's adds the help after it).
    for (const message of expected.filter((m) => !m.fatal)) {
      const twin = actual.find((m) => m.ruleId !== null && keysOf([m])[0] === keysOf([message])[0]);
      if (twin && !twin.message.startsWith(message.message.replace(/\.$/, ''))) mismatches.push(`${target.label}: message differs for ${keysOf([message])[0]}`);
    }
  }
  expect(mismatches).toEqual([]);
  if (process.env.DOCKERLINT_EQ_STATS) console.log(`compared ${targets.length} files, ${findings} findings`);
  return { files: targets.length, findings };
}

describe.each(linters)('%s gives the CLI’s findings', (_name, lint) => {
  it('on every fixture under test/fixtures', async () => {
    const { files, findings } = await compare(fixtureTargets, lint);
    expect(files).toBe(fixtureTargets.length);
    if (fixtureCases().length > 0) {
      expect(files).toBeGreaterThan(0);
      // Not a vacuous comparison: the fixtures are leaky on purpose.
      expect(findings).toBeGreaterThan(0);
    }
  });

  it(`on ${CORPUS_SAMPLE} real-world Dockerfiles that are not in this repository`, async () => {
    if (!existsSync(CORPUS)) return;
    const { files } = await compare(corpusTargets, lint);
    expect(files).toBe(CORPUS_SAMPLE);
  });

  it('on the leaky public Dockerfiles of the shared corpus (wild)', async () => {
    if (!existsSync(WILD)) return;
    const { files, findings } = await compare(wildTargets, lint);
    expect(files).toBeGreaterThan(0);
    expect(findings).toBeGreaterThan(0);
  });
});
