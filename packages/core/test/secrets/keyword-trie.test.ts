import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KeywordTrie } from '../../src/secrets/keyword-trie.js';
import { PROVIDERS } from '../../src/secrets/providers.js';
import { escapeRegExp } from '../../src/regexp.js';
import { seededRandom } from '../../../../test/helpers/random.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const KEYWORDS = [...new Set(PROVIDERS.flatMap((provider) => provider.keywords))];

/** ASCII letters lower-cased, nothing else changed (what the trie compares). */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/** The definition: every keyword that occurs in the text. */
const byIncludes = (text: string): string[] => KEYWORDS.filter((keyword) => asciiLower(text).includes(keyword)).sort();

/**
 * What the trie replaces: one case-blind regex alternation of every keyword, longest first, resumed one position
 * after each match, plus the keywords that are prefixes of each match.
 */
function byRegex(text: string): string[] {
  const sorted = [...KEYWORDS].sort((a, b) => b.length - a.length);
  const scan = new RegExp(sorted.map(escapeRegExp).join('|'), 'gi');
  const found = new Set<string>();
  for (let m = scan.exec(text); m !== null; m = scan.exec(text)) {
    const longest = m[0].toLowerCase();
    for (const keyword of sorted) if (longest.startsWith(keyword)) found.add(keyword);
    scan.lastIndex = m.index + 1;
  }
  return [...found].sort();
}

/** The keywords `trie` marks in `text`; checks that it says whether it marked any. */
function marked(trie: KeywordTrie, keywords: readonly string[], text: string): string[] {
  const found = new Uint8Array(keywords.length);
  const any = trie.markKeywordsIn(text, found);
  const result = keywords.filter((_, index) => found[index] === 1).sort();
  expect(any, JSON.stringify(text)).toBe(result.length > 0);
  return result;
}

const trie = new KeywordTrie(KEYWORDS);
const byTrie = (text: string): string[] => marked(trie, KEYWORDS, text);

const PIECES = [
  ...KEYWORDS,
  ...KEYWORDS.map((keyword) => keyword.toUpperCase()),
  ...KEYWORDS.map((keyword) => keyword.slice(0, -1)), // a keyword cut short
  'task', 'disk', 'Ask', 'SK', 'sK-Ant-', 'https', '://', ':/', 'PRIVATE', ' ', '  ', '\n', '=', '"', 'é', 'İ', '\u212a', '\u{1F511}', 'x', 'Y',
];

function generated(next: () => number): string {
  let text = '';
  const count = 1 + Math.floor(next() * 12);
  for (let i = 0; i < count; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

describe('KeywordTrie: every keyword occurring in a text, without a regex match per occurrence', () => {
  it('on generated texts of keywords, upper-cased and cut-short keywords, overlaps and non-ASCII characters', () => {
    const next = seededRandom(41);
    let withKeywords = 0;
    for (let i = 0; i < 5000; i++) {
      const text = generated(next);
      const expected = byIncludes(text);
      expect(byTrie(text), JSON.stringify(text)).toEqual(expected);
      expect(byRegex(text), JSON.stringify(text)).toEqual(expected);
      if (expected.length > 1) withKeywords++;
    }
    expect(withKeywords).toBeGreaterThan(2500);
  });

  it("on every line of the repository's fixture Dockerfiles and build files", () => {
    const fixtures = path.join(repo, 'test/fixtures');
    const files = readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
      .map((rel) => path.join(fixtures, rel))
      .filter((file) => statSync(file).isFile() && statSync(file).size < 200_000);
    let lines = 0;
    let withKeywords = 0;
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const expected = byIncludes(line);
        expect(byTrie(line), `${file}: ${line}`).toEqual(expected);
        lines++;
        if (expected.length > 0) withKeywords++;
      }
    }
    expect(lines).toBeGreaterThan(2000);
    expect(withKeywords).toBeGreaterThan(200);
  });

  it('marks nothing in a text without a keyword', () => {
    expect(byTrie('RUN apt-get update && apt-get install -y curl')).toEqual([]);
    expect(byTrie('')).toEqual([]);
  });

  it('a keyword with an ASCII upper-case letter never matches (text letters are compared lower-cased)', () => {
    const keywords = ['Key', 'tok'];
    expect(marked(new KeywordTrie(keywords), keywords, 'Key KEY key TOK')).toEqual(['tok']);
  });

  it('keywords beyond ASCII (a custom catalogue) are compared code unit by code unit', () => {
    const keywords = ['clé', 'cl', 'ключ'];
    const custom = new KeywordTrie(keywords);
    expect(marked(custom, keywords, 'la CLÉ du ключа')).toEqual(['cl', 'ключ']);
    expect(marked(custom, keywords, 'la Clé')).toEqual(['cl', 'clé']);
  });
});
