import { readFileSync } from 'node:fs';
import { DockerfileParser, Instruction as AstInstruction, type Instruction } from 'dockerfile-ast';
import { describe, expect, it, vi } from 'vitest';
import { PlainWord, plainWords, type WordSource } from '../../src/model/plain-words.js';
import { parseDockerfile } from '../../src/model/ast-memo.js';
import { buildModel } from '../../src/model/build.js';
import { seededRandom } from '../../../../test/helpers/random.js';
import { fixtureDockerfiles } from './fixture-dockerfiles.js';

/** Value and range of every word, as text, for an exact comparison. */
const shown = (words: readonly { getValue(): string; getRange(): unknown }[]): string => JSON.stringify(words.map((word) => [word.getValue(), word.getRange()]));
const stockWords = (node: Instruction): { getValue(): string; getRange(): unknown }[] =>
  (node as unknown as { getRawArguments(): { getValue(): string; getRange(): unknown }[] }).getRawArguments();

/** Compares our words with dockerfile-ast's for every instruction of `text`; counts the ones we made. */
function compare(text: string): { made: number; left: number; different: string[] } {
  const outcome = { made: 0, left: 0, different: [] as string[] };
  for (const node of DockerfileParser.parse(text).getInstructions()) {
    const ours = plainWords(node as unknown as WordSource);
    if (!ours) {
      outcome.left++;
      continue;
    }
    outcome.made++;
    if (shown(ours) !== shown(stockWords(node))) outcome.different.push(JSON.stringify(node.getTextContent()));
  }
  return outcome;
}

const random = seededRandom;

const PIECES = [
  'apt-get', 'install', '-y', 'a#b', '#', '# note', '"x y"', "'q'", '$HOME', '\\$X', 'a\\b', '--mount=type=cache,target=/c', '<<EOF',
  ' ', ' ', '  ', '\t', ' \\\n', ' \\\n', '\\\n', ' \\  \n', ' \\\r\n', ' \\', '\\ x', '\n', '\r\n', '\r', '\n\n', '\n# comment\n', '\n  # c \\\n',
  '`', ' `\n', '&&', ';', 'EOF\n', '\\\\', '\\"q', '\\#', '`$', '`x',
];

function generated(next: () => number): string {
  const keyword = ['RUN', 'COPY', 'ENV', 'LABEL', 'FROM', 'CMD', 'run'][Math.floor(next() * 7)];
  let body = '';
  const count = 1 + Math.floor(next() * 14);
  for (let i = 0; i < count; i++) body += PIECES[Math.floor(next() * PIECES.length)];
  const escape = next() < 0.15 ? '# escape=`\n' : '';
  return `${escape}FROM alpine\n${keyword} ${body}\nRUN done\n`;
}

describe('plain words: the same words and ranges as dockerfile-ast, without its per-character strings', () => {
  it('on generated instructions mixing continuations, comments, escapes, quotes and line endings', () => {
    const next = random(15);
    let made = 0;
    let left = 0;
    const different: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const outcome = compare(generated(next));
      made += outcome.made;
      left += outcome.left;
      different.push(...outcome.different);
    }
    expect(different).toEqual([]);
    // Both paths are exercised: most instructions are of the plain shape, some are left to dockerfile-ast.
    expect(made).toBeGreaterThan(8000);
    expect(left).toBeGreaterThan(500);
  });

  it("on every Dockerfile of the repository's fixtures", () => {
    const files = fixtureDockerfiles();
    expect(files.length).toBeGreaterThan(30);
    let made = 0;
    for (const file of files) {
      const outcome = compare(readFileSync(file, 'utf8'));
      expect(outcome.different, file).toEqual([]);
      made += outcome.made;
    }
    expect(made).toBeGreaterThan(200);
  });

  it('takes the shapes it knows and leaves the others to dockerfile-ast', () => {
    const cases: [string, string[] | undefined][] = [
      ['RUN apt-get update && \\\n    apt-get install -y curl \\\n  # why\n\n    && rm -rf /x', ['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'curl', '&&', 'rm', '-rf', '/x']],
      ['RUN a#b # c', ['a#b', '#', 'c']],
      ['RUN echo a\\\nb', undefined], // an escape right after a word: joined by dockerfile-ast
      ['RUN echo \\$HOME \\\\ a\\"b\\#c', ['echo', '\\$HOME', '\\', 'a"b#c']], // escaped characters: `\$` stays
      ["RUN sed 's/\\./-/' \\\n  x", ['sed', "'s/./-/'", 'x']],
      ['RUN a \\\n\\#b', undefined], // an escaped character starting a continued line
      ['RUN a \\\n# c\\d\n b', undefined], // an escaped character in a dropped comment line
      ['RUN echo \\ x', undefined],
      ['RUN echo a \\\rb', undefined], // a lone CR
    ];
    for (const [text, words] of cases) {
      const node = DockerfileParser.parse(`FROM alpine\n${text}\n`).getInstructions()[1]!;
      const ours = plainWords(node as unknown as WordSource);
      expect(ours?.map((word) => word.getValue()), text).toEqual(words);
      if (ours) expect(shown(ours)).toBe(shown(stockWords(node)));
    }
  });

  it('is what the model reads: a RUN of this shape gets its words without dockerfile-ast scanning it', () => {
    const scans = { count: 0 };
    const prototype = AstInstruction.prototype as unknown as { getRawArguments(): unknown };
    const scan = prototype.getRawArguments;
    prototype.getRawArguments = function counted(this: unknown) {
      scans.count++;
      return scan.call(this);
    };
    try {
      const model = buildModel('FROM alpine\nRUN apk add \\\n    curl\nRUN echo a\\\nb\n', { path: 'Dockerfile' });
      expect(model.instructions[1]!.args.map((word) => word.value)).toEqual(['apk', 'add', 'curl']);
      expect(model.instructions[2]!.args.map((word) => word.value)).toEqual(['echo', 'ab']);
      expect(scans.count).toBe(1); // the second RUN only
    } finally {
      prototype.getRawArguments = scan;
    }
  });

  it("makes a word's value and range when first asked for: the parse of a shell-form RUN asks for its first and last words' only", () => {
    const ranges = vi.spyOn(PlainWord.prototype, 'range', 'get');
    const values = vi.spyOn(PlainWord.prototype, 'value', 'get');
    try {
      const node = parseDockerfile('FROM alpine\nRUN apk add --no-cache \\\n    curl git jq \\\n    make\n', undefined).getInstructions()[1]!;
      const asked = (spy: typeof ranges): PlainWord[] => [...new Set(spy.mock.contexts as PlainWord[])];
      expect(asked(ranges).map((word) => [word.start, word.end])).toEqual([[16, 19], [59, 63]]); // `apk`, `make`
      // Only the first word's value (is it a flag?): the parser's search for `<<` words is skipped, no `<` in the text.
      expect(asked(values).map((word) => [word.start, word.end])).toEqual([[16, 19]]);
      const words = node.getArguments();
      expect(words.map((word) => word.getValue())).toEqual(['apk', 'add', '--no-cache', 'curl', 'git', 'jq', 'make']);
      expect(words[4]!.getRange()).toEqual({ start: { line: 2, character: 9 }, end: { line: 2, character: 12 } });
      // Made once, then kept.
      expect(words[4]!.getRange()).toBe(words[4]!.getRange());
      expect(words[4]!.isAfter({ line: 2, character: 8 })).toBe(true);
      // With a `<` the parser does search: every value is made, and the heredoc is found.
      values.mockClear();
      const heredoc = parseDockerfile('FROM alpine\nRUN a b <<EOF\nx\nEOF\n', undefined).getInstructions()[1]!;
      expect(asked(values)).toHaveLength(3);
      expect((heredoc as unknown as { getHeredocs(): { getName(): string }[] }).getHeredocs().map((found) => found.getName())).toEqual(['EOF']);
    } finally {
      ranges.mockRestore();
      values.mockRestore();
    }
  });
});
