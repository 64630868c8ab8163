/**
 * The words of an instruction whose escape characters are all line continuations between words: the common
 * shape of a RUN (`apt-get update && \` + indented next line) and every instruction without an escape at all.
 *
 * dockerfile-ast's own word scan (`getRawArguments`) builds each word's value one character at a time (a new
 * string per character): on the 5,835-file corpus that scan was ~32 KB of the allocation per file, more than
 * the rest of the model. For this shape the words are plain slices of the text, so they are made here, with
 * the same values and ranges; anything else (an escape inside or right after a word, `\` + a space before a
 * non-newline, a lone CR) returns undefined and is left to dockerfile-ast. Docker's rules for this shape:
 * - a word is a run of characters other than space, tab, CR and LF;
 * - a continuation (escape, optional spaces and tabs, line break) is dropped, and so are the blank lines and
 *   the comment lines (`#` as first non-blank character) that follow it before the next word;
 * - a `#` anywhere else is an ordinary character.
 * packages/core/test/model/plain-words.test.ts checks this against dockerfile-ast on real and generated texts.
 */
import { Argument } from 'dockerfile-ast';

/** The parts of dockerfile-ast's TextDocument this reads (its `document` field is private in the typings). */
interface TextDocumentLike {
  getText(): string;
  offsetAt(position: { line: number; character: number }): number;
  positionAt(offset: number): { line: number; character: number };
}

/** The parts of a dockerfile-ast instruction this reads. */
export interface WordSource {
  document: TextDocumentLike;
  escapeChar: string;
  getRange(): { start: { line: number; character: number }; end: { line: number; character: number } };
  getInstructionRange(): { start: { line: number; character: number }; end: { line: number; character: number } };
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const HASH = 35;

const isBlank = (code: number): boolean => code === SPACE || code === TAB || code === CR || code === LF;

/** The instruction's words as dockerfile-ast would give them, or undefined when its text is not of this shape. */
export function plainWords(instruction: WordSource): PlainWord[] | undefined {
  const document = instruction.document;
  const keyword = instruction.getInstructionRange();
  const range = instruction.getRange();
  const start = document.offsetAt(keyword.start);
  const from = document.offsetAt(keyword.end);
  const end = document.offsetAt(range.end);
  if (document.offsetAt(range.start) !== start || from > end) return undefined;
  const text = document.getText();
  const escape = instruction.escapeChar.charCodeAt(0);
  if (!onlyContinuations(text, from, end, escape)) return undefined;

  const words: PlainWord[] = [];
  const push = (wordStart: number, wordEnd: number): void => {
    words.push(new PlainWord(document, wordStart, wordEnd));
  };
  let word = -1;
  /** After a continuation, until the next word: blank and comment lines are dropped. */
  let continued = false;
  for (let i = from; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === escape) {
      // A continuation (checked above): on to its line break. No word is open here: the escape follows a blank.
      i = text.indexOf('\n', i);
      continued = true;
    } else if (isBlank(code)) {
      if (!continued && word !== -1) {
        push(word, i);
        word = -1;
      }
    } else if (continued && code === HASH) {
      const lineBreak = text.indexOf('\n', i);
      i = lineBreak < 0 || lineBreak >= end ? end : lineBreak;
    } else {
      continued = false;
      if (word === -1) word = i;
    }
  }
  if (word !== -1) push(word, end);
  return words;
}

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/**
 * A word known by its offsets in the text: its value (a slice) and its range (a range of two positions made by
 * the text document) are made when first asked for, then kept. The range of most words is never asked for:
 * dockerfile-ast's parser reads the first and last word's of a RUN (its arguments' range), the model reads a RUN
 * through its shell script; a range for every word was a third of what the parse allocated.
 * To its readers it is a dockerfile-ast `Argument`: the prototype chain below gives it Argument's other methods
 * (`isAfter`, `isBefore`), which read `range` and so get the getter.
 */
export class PlainWord {
  readonly #document: TextDocumentLike;
  #value: string | undefined = undefined;
  #range: LspRange | undefined = undefined;

  constructor(document: TextDocumentLike, readonly start: number, readonly end: number) {
    this.#document = document;
  }

  get value(): string {
    return (this.#value ??= this.#document.getText().slice(this.start, this.end));
  }

  get range(): LspRange {
    return (this.#range ??= { start: this.#document.positionAt(this.start), end: this.#document.positionAt(this.end) });
  }

  getValue(): string {
    return this.value;
  }

  getRange(): LspRange {
    return this.range;
  }

  toString(): string {
    return this.value;
  }
}
Object.setPrototypeOf(PlainWord.prototype, Argument.prototype);

/**
 * True when every escape character in [from, end) follows a blank (or starts the range) and is followed by
 * spaces or tabs and a line break, and every CR is part of a CRLF.
 */
function onlyContinuations(text: string, from: number, end: number, escape: number): boolean {
  for (let i = from; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === CR && text.charCodeAt(i + 1) !== LF) return false;
    if (code !== escape) continue;
    if (i > from && !isBlank(text.charCodeAt(i - 1))) return false;
    let next = i + 1;
    while (next < end && (text.charCodeAt(next) === SPACE || text.charCodeAt(next) === TAB)) next++;
    if (next < end && text.charCodeAt(next) === CR) next++;
    if (next >= end || text.charCodeAt(next) !== LF) return false;
  }
  return true;
}
