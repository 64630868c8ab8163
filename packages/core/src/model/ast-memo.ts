/**
 * dockerfile-ast recomputes `Instruction.getRawArguments()` (a character scan of the instruction plus a
 * `positionAt` per argument) on every call, and `getArguments`, `getArgumentsRange`, `getRawArgumentsContent`,
 * `getFlags`, `getHeredocs`… all call it again — three times already while the parser constructs a RUN/CMD
 * (JSONInstruction's constructor), and many more times while the model is built. Its result depends only on
 * the instruction's document text and range, which never change after parsing, so it is computed once per
 * instruction object of OUR parse. `ModifiableInstruction.getArguments()` (the words after the flags, which
 * shifts the flags off a copy on every call) is memoised the same way, so both return one array per instruction
 * instead of a copy per call (a copy per call was ~15 KB per corpus file). The arrays are READ ONLY: the only
 * dockerfile-ast code that changed one was that shift, replaced here; ours maps them. (Freezing them cost a copy
 * each, ~3.5 KB per file.) Argument objects are immutable.
 *
 * Scope: `parseDockerfile` puts the memo on dockerfile-ast's prototype only for the duration of its own
 * synchronous `DockerfileParser.parse` call (the constructors run inside it), then gives each instruction of
 * that parse the memo as an own method and restores the prototype, so every other user of the library in the
 * process sees it unchanged. Measured on the 5,835-file real corpus: parsing 3.0 s → 1.3 s; identical findings.
 *
 * With a session, a scan is also reused across lints, by placement: it depends only on the instruction's text,
 * where it starts (line, character) and the escape character, so an instruction that an edit elsewhere left in
 * place (an editor re-linting after a keystroke, a templated Dockerfile repeated in several directories) is not
 * scanned again.
 */
import { DockerfileParser, Instruction, ModifiableInstruction } from 'dockerfile-ast';
import type { Dockerfile, Instruction as AstInstruction } from 'dockerfile-ast';
// A private module and private methods (getRawArguments, processHeredocs, Property.getValue) of this exact release:
// package.json pins dockerfile-ast to 0.7.1, so a release that moves them cannot reach users unnoticed.
import { Parser } from 'dockerfile-ast/lib/parser.js';
import type { LintSession } from '../engine/session.js';
import { plainWords, type WordSource } from './plain-words.js';
import { withPlainPropertyValues } from './property-value.js';

/** Session kind of the raw-argument scans. */
export const RAW_ARGUMENTS = 'dockerfile-raw-arguments';

const MEMO = Symbol('dockerlint.rawArguments');
const AFTER_FLAGS = Symbol('dockerlint.arguments');

/** The parts of a dockerfile-ast instruction the memo touches (`getRawArguments` is private in its typings). */
interface Scanned {
  [MEMO]?: readonly unknown[];
  escapeChar: string;
  getRawArguments(): readonly unknown[];
  getRange(): { start: { line: number; character: number } };
  getTextContent(): string;
}

/** A `ModifiableInstruction` (flags before its words): `flags` is its own cache of `getFlags()`, unset before the first call. */
interface Flagged extends Scanned {
  [AFTER_FLAGS]?: readonly unknown[];
  flags?: unknown[];
  getArguments(): readonly unknown[];
  getFlags(): unknown[];
}

const prototype = Instruction.prototype as unknown as Scanned;
const flaggedPrototype = ModifiableInstruction.prototype as unknown as Flagged;

/** The parser's search for heredoc openers after each instruction (private in its typings). */
interface HeredocSearch {
  processHeredocs(instruction: Placed, offset: number): number;
}

/** The parts of an instruction the heredoc search's shortcut reads (`document` is private in the typings). */
interface Placed {
  document: { getText(): string; offsetAt(position: { line: number; character: number }): number };
  getRange(): { start: { line: number; character: number }; end: { line: number; character: number } };
}

const parserPrototype = Parser.prototype as unknown as HeredocSearch;
const LESS_THAN = 60;

/**
 * The parser looks for heredocs by reading the value of every word of each RUN, COPY and ADD (a string per word:
 * most words' only value). A word opens one when its value starts with `<<`, and escapes only remove characters,
 * so an instruction without a `<` in its text has none: its search is skipped.
 */
function heredocSearch(stock: HeredocSearch['processHeredocs']): HeredocSearch['processHeredocs'] {
  return function processHeredocs(this: unknown, instruction: Placed, offset: number): number {
    return mayOpenHeredoc(instruction) ? stock.call(this, instruction, offset) : offset;
  };
}

function mayOpenHeredoc(instruction: Placed): boolean {
  const document = instruction.document;
  const range = instruction.getRange();
  const text = document.getText();
  // Not text.indexOf: on a file without `<` it would read to the end of the file for every instruction.
  for (let i = document.offsetAt(range.start), end = document.offsetAt(range.end); i < end; i++) {
    if (text.charCodeAt(i) === LESS_THAN) return true;
  }
  return false;
}

/** `DockerfileParser.parse` with the argument memos on the instructions it creates (and nowhere else). */
export function parseDockerfile(text: string, session: LintSession | undefined): Dockerfile {
  const scan = prototype.getRawArguments;
  const wordsAfterFlags = flaggedPrototype.getArguments;
  // dockerfile-ast builds some instructions twice (a generic one, then the keyword's class): one scan per placement of this parse.
  const thisParse = new Map<number | string, readonly unknown[]>();
  const memoised = function getRawArguments(this: Scanned): readonly unknown[] {
    return (this[MEMO] ??= scanOnce(this, scan, thisParse, session));
  };
  const findHeredocs = parserPrototype.processHeredocs;
  prototype.getRawArguments = memoised;
  flaggedPrototype.getArguments = argumentsAfterFlags;
  parserPrototype.processHeredocs = heredocSearch(findHeredocs);
  try {
    // An ARG makes its property while it is parsed.
    const ast = withPlainPropertyValues(() => DockerfileParser.parse(text));
    for (const node of ast.getInstructions()) ownMemo(node, memoised);
    return ast;
  } finally {
    prototype.getRawArguments = scan;
    flaggedPrototype.getArguments = wordsAfterFlags;
    parserPrototype.processHeredocs = findHeredocs;
  }
}

/** The memos as own methods of one instruction (an ONBUILD trigger is created after the parse, on request). */
export function ownMemo(node: AstInstruction, memoised?: (this: Scanned) => readonly unknown[]): void {
  const instruction = node as unknown as Flagged;
  if (Object.prototype.hasOwnProperty.call(instruction, 'getRawArguments')) return;
  const scan = prototype.getRawArguments;
  instruction.getRawArguments = memoised ?? function getRawArguments(this: Scanned): readonly unknown[] {
    return (this[MEMO] ??= wordsOf(this, scan));
  };
  if (node instanceof ModifiableInstruction) instruction.getArguments = argumentsAfterFlags;
}

/**
 * `ModifiableInstruction.getArguments()` once: the raw words minus the leading `--flag`s. Its `getFlags()` reads
 * the words through `getArguments()` while its own flag list is still being filled: that read gets all words.
 */
function argumentsAfterFlags(this: Flagged): readonly unknown[] {
  return this[AFTER_FLAGS] ?? wordsAfterFlags(this);
}

function wordsAfterFlags(instruction: Flagged): readonly unknown[] {
  const raw = instruction.getRawArguments();
  if (readingFlagsOf === instruction) return raw;
  if (instruction.flags === undefined) {
    const outer = readingFlagsOf;
    readingFlagsOf = instruction;
    try {
      instruction.getFlags();
    } finally {
      readingFlagsOf = outer;
    }
  }
  const flags = instruction.getFlags().length;
  return (instruction[AFTER_FLAGS] = flags === 0 ? raw : raw.slice(flags));
}

/** The instruction whose `getFlags()` is running (synchronous, so one at a time): a marker, not a cache. */
let readingFlagsOf: Flagged | undefined;

function scanOnce(instruction: Scanned, scan: () => readonly unknown[], thisParse: Map<number | string, readonly unknown[]>, session: LintSession | undefined): readonly unknown[] {
  const start = instruction.getRange().start;
  // Within one parse the start alone tells one instruction (its two objects) from the others; a number while the
  // column fits in 18 bits (buildModel cuts longer lines). The session key needs the text and escape as well.
  const here = start.character < 0x40000 ? start.line * 0x40000 + start.character : `${start.line}:${start.character}`;
  let raw = thisParse.get(here);
  if (raw === undefined) {
    raw = session?.keeps(RAW_ARGUMENTS)
      ? session.memo(RAW_ARGUMENTS, `${instruction.escapeChar}${start.line}:${start.character}\u0000${instruction.getTextContent()}`, () => wordsOf(instruction, scan))
      : wordsOf(instruction, scan);
    thisParse.set(here, raw);
  }
  return raw;
}

/** The words: made from slices of the text when their shape allows (plain-words.ts), else by dockerfile-ast's scan. */
function wordsOf(instruction: Scanned, scan: () => readonly unknown[]): readonly unknown[] {
  return plainWords(instruction as unknown as WordSource) ?? scan.call(instruction);
}
