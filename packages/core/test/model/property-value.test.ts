import { readFileSync } from 'node:fs';
import { DockerfileParser, Property } from 'dockerfile-ast';
import { describe, expect, it, vi } from 'vitest';
import { plainPropertyValue, stockPropertyValue, withPlainPropertyValues } from '../../src/model/property-value.js';
import { buildModel } from '../../src/model/build.js';
import type { ArgInstruction, EnvInstruction } from '../../src/model/types.js';
import { seededRandom } from '../../../../test/helpers/random.js';
import { fixtureDockerfiles } from './fixture-dockerfiles.js';

/** Texts our fast path answered differently from dockerfile-ast; counts the ones it answered. */
function compare(texts: Iterable<string>, escapeChar: string): { made: number; left: number; different: string[] } {
  const outcome = { made: 0, left: 0, different: [] as string[] };
  for (const text of texts) {
    const ours = plainPropertyValue(text, escapeChar);
    if (ours === undefined) {
      outcome.left++;
      continue;
    }
    outcome.made++;
    if (ours !== stockPropertyValue.call(Property, text, escapeChar)) outcome.different.push(JSON.stringify(text));
  }
  return outcome;
}

/** Every text dockerfile-ast makes a property name or value from, while parsing `text` and reading its properties. */
function propertyTexts(text: string): string[] {
  const seen: string[] = [];
  const spy = vi.spyOn(Property as unknown as { getValue(text: string, escapeChar: string): string }, 'getValue');
  try {
    for (const node of DockerfileParser.parse(text).getInstructions()) (node as unknown as { getProperties?: () => unknown }).getProperties?.();
    for (const call of spy.mock.calls) seen.push(call[0]);
  } finally {
    spy.mockRestore();
  }
  return seen;
}

const PIECES = ['a', 'B_1', '=', '"', "'", ' ', '\t', '#', '$X', '${Y:-z}', '\\', '\\\n', ' \\\n  ', '\r\n', '\n# c\n', 'x y', '`', 'é'];

describe("property names and values: dockerfile-ast's, as slices when the text has the plain shape", () => {
  it('on generated texts mixing quotes, blanks, escapes, comments and line breaks', () => {
    const next = seededRandom(16);
    const texts: string[] = [];
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const count = Math.floor(next() * 8);
      for (let k = 0; k < count; k++) text += PIECES[Math.floor(next() * PIECES.length)];
      texts.push(text);
    }
    for (const escapeChar of ['\\', '`']) {
      const outcome = compare(texts, escapeChar);
      expect(outcome.different).toEqual([]);
      expect(outcome.made).toBeGreaterThan(3000);
      expect(outcome.left).toBeGreaterThan(3000);
    }
  });

  it("on every ENV, LABEL and ARG of the repository's fixtures", () => {
    const texts = fixtureDockerfiles().flatMap((file) => propertyTexts(readFileSync(file, 'utf8')));
    const outcome = compare(texts, '\\');
    expect(outcome.different).toEqual([]);
    expect(outcome.made).toBeGreaterThan(100);
  });

  it('takes the shapes it knows and leaves the others to dockerfile-ast', () => {
    const cases: [string, string | undefined][] = [
      ['value', 'value'],
      ['"a b # c"', 'a b # c'],
      ["'x'", 'x'],
      ['"open', '"open'],
      ['\'', undefined],
      ['a\\ b', undefined],
      [' a', undefined],
      ['"a\nb"', undefined],
      ['', undefined],
    ];
    for (const [text, value] of cases) {
      expect(plainPropertyValue(text, '\\'), text).toBe(value);
      if (value !== undefined) expect(stockPropertyValue.call(Property, text, '\\')).toBe(value);
    }
  });

  it("is what the model reads, and dockerfile-ast's own is back in place afterwards", () => {
    const model = buildModel('FROM alpine\nENV A="x y" B=a\\"b\nARG C=3\n', { path: 'Dockerfile' });
    expect((model.instructions[1] as EnvInstruction).pairs.map((pair) => [pair.name, pair.value])).toEqual([['A', 'x y'], ['B', 'a"b']]);
    expect((model.instructions[2] as ArgInstruction).declarations.map((declaration) => [declaration.name, declaration.value])).toEqual([['C', '3']]);
    expect((Property as unknown as { getValue: unknown }).getValue).toBe(stockPropertyValue);
    expect(withPlainPropertyValues(() => (Property as unknown as { getValue: unknown }).getValue)).not.toBe(stockPropertyValue);
    expect((Property as unknown as { getValue: unknown }).getValue).toBe(stockPropertyValue);
  });
});
