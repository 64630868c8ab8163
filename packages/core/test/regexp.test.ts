import { describe, expect, it } from 'vitest';
import { escapeRegExp, literalTrieSource } from '../src/regexp.js';
import { seededRandom } from '../../../test/helpers/random.js';

describe('literalTrieSource', () => {
  it('matches exactly what the flat alternation of its literals matches, longest first, on generated texts', () => {
    const next = seededRandom(7);
    const pick = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const literals = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick('ab.c*', 1 + Math.floor(next() * 4)));
      const trie = new RegExp(literalTrieSource(literals), 'g');
      const flat = new RegExp([...new Set(literals)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
      const text = pick('ab.c*x', 40);
      expect([...text.matchAll(trie)].map((m) => [m.index, m[0]]), `${JSON.stringify(literals)} in ${text}`).toEqual([...text.matchAll(flat)].map((m) => [m.index, m[0]]));
    }
  });

  it('puts `between` between every two characters of a literal, and nowhere else', () => {
    const source = literalTrieSource(['pass', 'pwd'], '"*');
    expect(source).toBe('(?:p"*(?:a"*(?:s"*(?:s))|w"*(?:d)))');
    expect(new RegExp(source).test('p"a""ss')).toBe(true);
    expect(new RegExp(`^(?:${source})$`).test('"pwd')).toBe(false);
  });
});
