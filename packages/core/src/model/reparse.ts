/**
 * Parsing only around an edit (an editor re-linting after a keystroke): dockerfile-ast reads a Dockerfile line by
 * line, and where an instruction starts nothing before it matters but the escape character. So after an edit the
 * instructions before it and after it are the previous parse's, and only a window around the edit is parsed again:
 *
 * - the window starts at the instruction before the one the edit begins in (its start, before the first changed
 *   character, is where the new parse starts one too);
 * - it ends at the first instruction that lies, line break before it included, in the text after the edit that did
 *   not change — if the parse of the window starts an instruction exactly there (the edit did not make the
 *   instruction before it run on: a continuation, a heredoc), everything from there on parses as before. When
 *   the edit added or removed lines, positions after it moved and the window runs to the end of the file.
 *
 * The window is parsed as the file's own text with every line between the parser directives and the window
 * emptied (line breaks kept) and nothing after it, so every position it reports is the file's. A node taken over
 * keeps the text of the parse that made it; those older than {@link MAX_NODE_AGE} parses are not taken over (the
 * whole file is parsed again), so a document does not keep many of its earlier texts alive.
 */
import type { Comment as AstComment, Dockerfile, Instruction as AstInstruction } from 'dockerfile-ast';
import type { LintSession } from '../engine/session.js';
import { parseDockerfile } from './ast-memo.js';
import { ModelComment } from './comment.js';
import type { LineIndex } from './positions.js';
import type { Comment, DockerfileModel, Instruction } from './types.js';

/** Parses a node may be carried over before the whole file is parsed again. */
export const MAX_NODE_AGE = 32;

const LONE_CR = /\r(?!\n)/;

/** What the model needs of an instruction of the previous model to carry its node over. */
export interface ParsedInstruction {
  /** The dockerfile-ast node it was made from. */
  sourceNode(): AstInstruction;
  /** How many parses ago its node was made (0: by the parse of its own model). */
  nodeAge(): number;
}

export interface PartialParse {
  /** The window's parse: parser directives and escape character are the file's. */
  ast: Dockerfile;
  /** Every instruction of the file, in order: carried over, parsed in the window, carried over. */
  instructions: AstInstruction[];
  /** Age of each carried-over node (nodes parsed now are absent: age 0). */
  ages: Map<AstInstruction, number>;
  /** Comments before the window (the previous model's), in it (this parse's) and after it (the previous model's). */
  commentsBefore: Comment[];
  windowComments: AstComment[];
  commentsAfter: Comment[];
}

/** Length of the common prefix of two strings. */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of two strings that does not overlap their first `prefix` characters. */
export function commonSuffixLength(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function movedComment(comment: Comment, by: number): Comment {
  if (comment instanceof ModelComment) return comment.moved(by);
  return by === 0 ? comment : { ...comment, range: comment.range, offset: comment.offset + by, endOffset: comment.endOffset + by };
}

function isParsedInstruction(instruction: Instruction): instruction is Instruction & ParsedInstruction {
  const candidate = instruction as Partial<ParsedInstruction>;
  return typeof candidate.sourceNode === 'function' && typeof candidate.nodeAge === 'function';
}

/**
 * The parse of `text` (lines: its index) made from the previous model of the same document and a parse of the
 * window around the edit, or undefined when the whole text has to be parsed (an edit among the first two
 * instructions or the parser directives, a changed escape character, nodes too old, the window not ending cleanly,
 * a line ended by a lone CR).
 */
export function parseAroundEdit(previous: DockerfileModel, text: string, lines: LineIndex, session: LintSession | undefined, maxInstructions: number): PartialParse | undefined {
  const oldText = previous.text;
  const old = previous.instructions;
  // A lone CR ends a line for positions but not for dockerfile-ast's reading of instructions: parse such files whole.
  if (LONE_CR.test(text)) return undefined;
  if (old.length < 3 || old.length >= maxInstructions || !old.every(isParsedInstruction)) return undefined;
  const parsed = old as (Instruction & ParsedInstruction)[];
  if (parsed.some((instruction) => instruction.nodeAge() >= MAX_NODE_AGE - 1)) return undefined;
  const prefix = commonPrefixLength(oldText, text);
  const suffix = commonSuffixLength(oldText, text, prefix);

  // The window starts at the instruction before the last one starting at or before the first change.
  let changed = -1;
  while (changed + 1 < old.length && old[changed + 1]!.offset <= prefix) changed++;
  const first = changed - 1;
  if (first < 1) return undefined;
  const firstLine = old[0]!.range.start.line;
  const windowLine = old[first]!.range.start.line;
  const directivesEnd = lines.offsetAt({ line: firstLine, column: 1 });
  const windowStart = lines.offsetAt({ line: windowLine, column: 1 });

  // The window ends at the first instruction after it whose line, and the line break before it, did not change
  // (same line and column now when no line was added or removed).
  const sameLineCount = previous.positionAt(oldText.length).line === lines.positionAt(text.length).line;
  const unchangedFrom = oldText.length - suffix;
  let resume = -1;
  if (sameLineCount) {
    for (let j = changed + 1; j < old.length; j++) {
      if (previous.offsetAt({ line: old[j]!.range.start.line, column: 1 }) > unchangedFrom) {
        resume = j;
        break;
      }
    }
  }
  const resumeAt = resume >= 0 ? old[resume]!.range.start : undefined;
  let windowEnd = text.length;
  if (resume >= 0) {
    // Through the first line of the instruction parsing resumes at: the window's parse must start it there.
    const start = old[resume]!.offset + text.length - oldText.length;
    windowEnd = start;
    while (windowEnd < text.length && text.charCodeAt(windowEnd) !== 10 && text.charCodeAt(windowEnd) !== 13) windowEnd++;
  }
  const emptied = lines.positionAt(windowStart).line - lines.positionAt(directivesEnd).line;
  const window = text.slice(0, directivesEnd) + '\n'.repeat(emptied) + text.slice(windowStart, windowEnd);
  const ast = parseDockerfile(window, session);

  const middle: AstInstruction[] = [];
  let resumed = resumeAt === undefined;
  for (const node of ast.getInstructions()) {
    const start = node.getRange().start;
    if (resumeAt && start.line + 1 === resumeAt.line && start.character + 1 === resumeAt.column) {
      resumed = true;
      break;
    }
    if (resumeAt && (start.line + 1 > resumeAt.line || (start.line + 1 === resumeAt.line && start.character + 1 > resumeAt.column))) return undefined;
    middle.push(node);
  }
  if (!resumed) return undefined;

  const ages = new Map<AstInstruction, number>();
  const carried = (instruction: Instruction & ParsedInstruction): AstInstruction => {
    const node = instruction.sourceNode();
    ages.set(node, instruction.nodeAge() + 1);
    return node;
  };
  const before = parsed.slice(0, first).map(carried);
  const after = resume >= 0 ? parsed.slice(resume).map(carried) : [];
  const endLine = resumeAt?.line ?? Number.POSITIVE_INFINITY;
  return {
    ast,
    instructions: [...before, ...middle, ...after],
    ages,
    commentsBefore: previous.comments.filter((comment) => comment.line < windowLine),
    windowComments: ast.getComments().filter((comment) => {
      const line = comment.getRange().start.line + 1;
      return line >= windowLine && line < endLine;
    }),
    // After the window the text is the previous one's end (same lines): offsets moved by the change in length.
    commentsAfter: previous.comments.filter((comment) => comment.line >= endLine).map((comment) => movedComment(comment, text.length - oldText.length)),
  };
}
