/**
 * ReDoS audit of every regular expression we ship (not only the secret catalogue, which has its own
 * deeper test in packages/core/test/secrets/redos.test.ts). Each regex literal is run against adversarial
 * 50k-character strings built from the characters and words it accepts (long runs, with and without a
 * near-miss tail, after each literal word of the pattern) and must finish within a budget far above what
 * a linear pattern needs and far below what a quadratic one takes. Dynamic `new RegExp` sites must be
 * listed below with how they are covered.
 */
import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { regexInventory, type RegexLiteral } from './regex-inventory.js';

const N = 50_000;
const BUDGET_MS = 250;

const BASE_CHARS = ['a', 'A', '0', ' ', '\t', '\n', '/', '\\', '.', '-', '_', '=', ':', '$', '"', "'", '#', '*', '{', '@', '%'];
const PAIRS = ['a ', 'a.', 'a/', '\\ ', 'a=', '$a', './', 'a:'];
const TAILS = ['\u0001', '\n!'];

/** Characters written literally in a pattern (escapes resolved), and its literal words. */
function literalParts(source: string): { chars: string[]; words: string[] } {
  const chars = new Set<string>();
  const words: string[] = [];
  let word = '';
  const flush = () => {
    if (word.length >= 2) words.push(word);
    word = '';
  };
  for (let i = 0; i < source.length; i++) {
    let ch = source[i]!;
    if (ch === '\\') {
      const next = source[++i] ?? '';
      if (/[dDwWsSbBnrtfv0-9ux]/.test(next)) {
        flush();
        if (next === 's') chars.add(' ');
        continue;
      }
      ch = next;
    } else if ('[](){}|?*+^$.'.includes(ch)) {
      flush();
      continue;
    }
    chars.add(ch);
    word += ch;
  }
  flush();
  return { chars: [...chars], words: words.sort((a, b) => b.length - a.length).slice(0, 4) };
}

function adversarialInputs(source: string): string[] {
  const { chars, words } = literalParts(source);
  const units = [...new Set([...BASE_CHARS, ...chars, ...PAIRS])];
  const inputs: string[] = [];
  for (const prefix of ['', ...words]) {
    for (const unit of units) {
      const run = unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
      for (const tail of TAILS) inputs.push(prefix + run + tail);
    }
  }
  for (const w of words) inputs.push(w.repeat(Math.ceil(N / w.length)), `${w} `.repeat(Math.ceil(N / (w.length + 1))));
  return inputs;
}

/** What the code does with a regex, worst case: all matches for /g, one search otherwise. */
function exercise(re: RegExp, input: string): void {
  if (re.global || re.sticky) {
    re.lastIndex = 0;
    input.replace(re, '');
  } else {
    re.exec(input);
  }
}

function timeOnce(re: RegExp, input: string): number {
  const t0 = performance.now();
  exercise(re, input);
  return performance.now() - t0;
}

/** Fastest of three runs: on a shared, loaded machine one run over budget is not yet a finding. */
function fastestOfThree(re: RegExp, input: string): number {
  return Math.min(timeOnce(re, input), timeOnce(re, input), timeOnce(re, input));
}

/**
 * An input over budget is confirmed before it fails the test: still over budget on the fastest of three runs, and
 * either growing faster than linearly (a quarter of the input takes more than a sixth of the time: linear is ~1/4,
 * quadratic ~1/16) or over four budgets outright.
 */
function confirmedSlow(re: RegExp, input: string): number | undefined {
  const full = fastestOfThree(re, input);
  if (full <= BUDGET_MS) return undefined;
  const quarter = fastestOfThree(re, input.slice(0, Math.ceil(input.length / 4)));
  return full / Math.max(quarter, 0.01) > 6 || full > 4 * BUDGET_MS ? full : undefined;
}

function slowest(literal: RegexLiteral): { ms: number; input: string } {
  const re = new RegExp(literal.source, literal.flags);
  let worst = { ms: 0, input: '' };
  for (const input of adversarialInputs(literal.source)) {
    let ms = timeOnce(re, input);
    if (ms > BUDGET_MS) ms = confirmedSlow(re, input) ?? 0;
    if (ms > worst.ms) worst = { ms, input };
    if (ms > BUDGET_MS) break;
  }
  return worst;
}

/**
 * Dynamic patterns: `file` → why it is safe / where it is tested. A new `new RegExp` site fails the test
 * until it is reviewed and listed here.
 */
const DYNAMIC: Record<string, string> = {
  'packages/core/src/config/validate.ts': 'compiles user allowlist regexes only to validate them (user config is trusted, see docs/security.md)',
  'packages/core/src/config/load.ts': 'user allowlist regexes from the user’s own config; run on bounded secret values',
  'packages/eslint-plugin/src/language.ts': 'validates user allowlist regexes',
  'packages/core/src/document/config.ts': 'user allowlist regexes from overrides (ESLint languageOptions, validated by language.ts); run on bounded secret values',
  'packages/core/src/secrets/names.ts': 'SECRET_NAME_RE from constant word lists: tested below through classifyName',
  'packages/core/src/secrets/values.ts': 'REFERENCE_RE from constants: tested below through isReference/containsReference',
  'packages/core/src/secrets/providers.ts': 'catalogue patterns: packages/core/test/secrets/redos.test.ts',
  'packages/core/src/secrets/scan.ts': 'global clones of catalogue patterns (packages/core/test/secrets/redos.test.ts); keyword prefilter: alternation of escaped literals, resumed one position after each match, linear',
  'packages/core/src/secrets/redact.ts': 'alternation of escaped literal values (no quantifiers): linear',
  'packages/core/src/analysis/globs.ts': 'COPY glob → regex from untrusted Dockerfiles: tested below (many `*` against long names)',
  'rules/no-secret-arg.ts': 'escaped variable name in a fixed frame: linear',
  'packages/core/src/analysis/run-prefilter.ts': 'alternation of escaped literal pieces of the constant sensitive-file globs, each in fixed one-character lookarounds: linear; candidate command words: escaped constant words, tried only at a word start (one-character lookbehind), so each word is read a bounded number of times: linear',
};

const inventory = regexInventory();

describe('ReDoS audit of every shipped regex', () => {
  it('finds the regexes (sanity)', () => {
    expect(inventory.literals.length).toBeGreaterThan(200);
  });

  it('every dynamic RegExp site is reviewed', () => {
    const unreviewed = inventory.dynamic.filter((d) => !(d.file in DYNAMIC)).map((d) => `${d.file}:${d.line} ${d.text}`);
    expect(unreviewed).toEqual([]);
  });

  it('the confirmation still fails a quadratic pattern and passes a linear one', () => {
    const run = 'a'.repeat(30_000) + '\u0001';
    expect(confirmedSlow(/a*b/, run)).toBeGreaterThan(BUDGET_MS);
    expect(confirmedSlow(/a+/g, run)).toBeUndefined();
  }, 120_000);

  it(`every regex literal handles adversarial ${N / 1000}k-character inputs within ${BUDGET_MS} ms`, () => {
    const slow: string[] = [];
    const seen = new Set<string>();
    for (const literal of inventory.literals) {
      const key = `/${literal.source}/${literal.flags}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const worst = slowest(literal);
      if (worst.ms > BUDGET_MS) slow.push(`${literal.file}:${literal.line} ${key} took ${worst.ms.toFixed(0)} ms on ${JSON.stringify(worst.input.slice(0, 30))}… (${worst.input.length} chars)`);
    }
    expect(slow).toEqual([]);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------------
// Fixed patterns: the linear rewrites give the same results as the originals.

import { classifyName, containsReference, isReference } from '@dockerlint/core';
import { globMatcher } from '../../packages/core/src/analysis/globs.js';
import { seededRandom } from '../helpers/random.js';

/** Integers in [0, n) from a seeded sequence. */
function rng(seed: number): (n: number) => number {
  const next = seededRandom(seed);
  return (n) => Math.floor(next() * n);
}

function randomStrings(alphabet: string[], count: number, maxLength: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: r(maxLength) }, () => alphabet[r(alphabet.length)]).join(''));
}

describe('linear rewrites of quadratic patterns', () => {
  const rewrites: [string, RegExp, RegExp, string, string[]][] = [
    ['trailing slashes', /\/+$/, /(?<!\/)\/+$/, '', ['/', 'a', '.', '\n']],
    ['trailing unescaped whitespace', /(?<!\\)\s+$/, /(?:(?<![\s\\])|(?<=\\\s))\s+$/, '', [' ', '\t', '\\', 'a', '\n']],
    ['base64 padding', /=+$/, /(?<!=)=+$/, '', ['=', 'a', '\n']],
    ['acronym split', /([A-Z]+)([A-Z][a-z])/g, /(?<![A-Z])([A-Z]+)([A-Z][a-z])/g, '$1_$2', ['A', 'B', 'a', 'b', '_', '0']],
  ];
  for (const [name, before, after, replacement, alphabet] of rewrites) {
    it(name, () => {
      for (const s of randomStrings(alphabet, 5000, 14, 7)) expect(s.replace(after, replacement), JSON.stringify(s)).toBe(s.replace(before, replacement));
    });
  }

  it('COPY/shell glob matching: same answers as the old regex translation, and no blow-up on many stars', () => {
    const oldSegment = (segment: string, dotMatches: boolean): RegExp => {
      let out = '';
      for (let i = 0; i < segment.length; i++) {
        const ch = segment[i]!;
        if (ch === '*') {
          if (!out.endsWith('[^/]*')) out += '[^/]*';
        } else if (ch === '?') out += '[^/]';
        else if (ch === '[') {
          const end = segment.indexOf(']', i + 2);
          if (end < 0) out += '\\[';
          else {
            let body = segment.slice(i + 1, end);
            if (body.startsWith('!')) body = `^${body.slice(1)}`;
            out += `[${body.replace(/\\/g, '\\\\')}]`;
            i = end;
          }
        } else out += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
      }
      const dotGuard = !dotMatches && /^[*?[]/.test(segment) ? '(?!\\.)' : '';
      try {
        return new RegExp(`^${dotGuard}${out}$`);
      } catch {
        return new RegExp(`^${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      }
    };
    const globs = randomStrings(['*', '?', 'a', 'b', '.', '[ab]', '[!a]', '[', ']', '\\'], 300, 6, 11);
    const names = randomStrings(['a', 'b', '.', 'c'], 100, 7, 12);
    for (const glob of globs) {
      for (const dot of [true, false]) {
        const match = globMatcher(glob, dot);
        const re = oldSegment(glob, dot);
        for (const name of names) expect(match(name), `${glob} ${name} ${dot}`).toBe(re.test(name));
      }
    }
    const t0 = performance.now();
    expect(globMatcher(`${'*a'.repeat(20)}*b`, true)('a'.repeat(5000))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(BUDGET_MS * 4);
  });

  it('dynamic catalogue regexes (secret names, references) stay fast on long inputs', () => {
    for (const input of ['A'.repeat(N), 'a_'.repeat(N / 2), `${'API_'.repeat(N / 4)}x`, '{{'.repeat(N / 2), '$'.repeat(N), '`'.repeat(N), '%a'.repeat(N / 2)]) {
      const t0 = performance.now();
      classifyName(input);
      isReference(input);
      containsReference(input);
      expect(performance.now() - t0, JSON.stringify(input.slice(0, 10))).toBeLessThan(BUDGET_MS * 4);
    }
  });
});
