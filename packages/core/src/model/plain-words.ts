/**
 * The words of an instruction whose escape characters are line continuations between words or escape the
 * character after them: the common shape of a RUN (`apt-get update && \` + indented next line, `sed 's/\./-/'`)
 * and every instruction without an escape at all.
 *
 * dockerfile-ast's own word scan (`getRawArguments`) builds each word's value one character at a time (a new
 * string per character): on the 5,835-file corpus that scan was ~32 KB of the allocation per file, more than
 * the rest of the model. For this shape the words are made here, with the same values and ranges; anything else
 * (an escape right before a line break inside a word, `\` + a space before a non-newline, an escaped character
 * starting a continued line or in a comment line after a continuation, a lone CR) returns undefined and is left
 * to dockerfile-ast. Its rules for this shape:
 * - a word is a run of characters other than space, tab, CR and LF, an escaped character included;
 * - an escaped character stands for itself in the value, except `$` (`\$` stays as written);
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
const DOLLAR = 36;

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
  let word = -1;
  /** The open word has an escaped character: its value is not a plain slice. */
  let escaped = false;
  const push = (wordEnd: number): void => {
    words.push(new PlainWord(document, word, wordEnd, escaped ? unescaped(text, word, wordEnd, escape) : undefined));
    word = -1;
    escaped = false;
  };
  /** After a continuation, until the next word: blank and comment lines are dropped. */
  let continued = false;
  for (let i = from; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === escape && !isBlank(text.charCodeAt(i + 1))) {
      // An escaped character (checked above: there is one). dockerfile-ast still takes a `#` right after it for a
      // comment when the word starts a continued line: left to it.
      if (continued) return undefined;
      if (word === -1) word = i;
      escaped = true;
      i++;
    } else if (code === escape) {
      // A continuation (checked above): on to its line break. No word is open here: the escape follows a blank.
      i = text.indexOf('\n', i);
      continued = true;
    } else if (isBlank(code)) {
      if (!continued && word !== -1) push(i);
    } else if (continued && code === HASH) {
      const lineBreak = text.indexOf('\n', i);
      const lineEnd = lineBreak < 0 || lineBreak >= end ? end : lineBreak;
      // dockerfile-ast reads an escaped character even in a dropped comment line (as a word): left to it.
      if (escapesCharacter(text, i, lineEnd, escape)) return undefined;
      i = lineEnd;
    } else {
      continued = false;
      if (word === -1) word = i;
    }
  }
  if (word !== -1) push(end);
  return words;
}

/** Is there an escape character in [from, to) followed by a character other than a blank? */
function escapesCharacter(text: string, from: number, to: number, escape: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === escape && !isBlank(text.charCodeAt(i + 1))) return true;
  return false;
}

/** A word's value as dockerfile-ast gives it: an escaped character stands for itself, but `\$` stays as written. */
function unescaped(text: string, start: number, end: number, escape: number): string {
  let value = '';
  let from = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) !== escape) continue;
    value += text.slice(from, i);
    from = text.charCodeAt(i + 1) === DOLLAR ? i : i + 1;
    i++;
  }
  return value + text.slice(from, end);
}

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/**
 * A word known by its offsets in the text: its value (a slice, unless it has an escaped character) and its range (a range of two positions made by
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

  /** `value`: given when it is not the slice (a word with an escaped character). */
  constructor(document: TextDocumentLike, readonly start: number, readonly end: number, value?: string) {
    this.#document = document;
    this.#value = value;
  }

  get value(): string {
    return (this.#value ??= this.#document.getText().slice(this.start, this.end));
  }

  get range(): LspRange {
    return (this.#range ??= { start: this.#document.positionAt(this.start), end: this.#document.positionAt(this.end) });
  }

  /** The offset of `position` in this word's text (a word reused through a session was made from another file's). */
  offsetIn(position: { line: number; character: number }): number {
    return this.#document.offsetAt(position);
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
 * True when every escape character in [from, end) either escapes the character after it (neither blank nor past
 * the end), or follows a blank (or starts the range) and is followed by spaces or tabs and a line break; and every
 * CR is part of a CRLF.
 */
function onlyContinuations(text: string, from: number, end: number, escape: number): boolean {
  for (let i = from; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === CR && text.charCodeAt(i + 1) !== LF) return false;
    if (code !== escape) continue;
    if (i + 1 < end && !isBlank(text.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (i > from && !isBlank(text.charCodeAt(i - 1))) return false;
    let next = i + 1;
    while (next < end && (text.charCodeAt(next) === SPACE || text.charCodeAt(next) === TAB)) next++;
    if (next < end && text.charCodeAt(next) === CR) next++;
    if (next >= end || text.charCodeAt(next) !== LF) return false;
  }
  return true;
}
