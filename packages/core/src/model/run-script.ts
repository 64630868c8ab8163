/**
 * Turns the body of a RUN instruction into shell script text whose offsets line up with the
 * Dockerfile, so that every shell position maps straight back to a Dockerfile position.
 */
import type { LintSession } from '../engine/session.js';
import { isShellParserReady, parseShell } from '../shell/parser.js';
import type { ShellScript } from '../shell/types.js';
import type { LineIndex } from './positions.js';
import type { Heredoc, Word } from './types.js';

const POSIX_SHELLS = /(?:^|\/)(?:sh|bash|dash|ash|zsh|ksh|mksh|busybox)$/;

export function isPosixShell(shell: readonly string[]): boolean {
  const program = shell[0];
  return program !== undefined && POSIX_SHELLS.test(program);
}

/**
 * Rewrites Dockerfile line continuations into bash ones without changing any offset:
 * `<escape>[ \t]*<eol>` becomes `…\<eol>`, and comment or empty lines inside a continued instruction
 * (which Docker drops) become blanks that join the surrounding lines.
 */
export function normaliseContinuations(source: string, escape: '\\' | '`'): string {
  // Linear in the input (a RUN can be a 1 MB line or 50k continuation lines): one pass, no per-line regex.
  // Most RUNs need no change (`\` right before LF, no dropped line): then the source itself is the result, and
  // a copy is only made from the first change on (a string per line was ~1 KB per corpus file).
  const n = source.length;
  let out = '';
  /** source[copied, …) is not in `out` yet. */
  let copied = 0;
  let changed = false;
  const replace = (from: number, to: number, replacement: string): void => {
    out += source.slice(copied, from) + replacement;
    copied = to;
    changed = true;
  };
  let index = 0;
  let continued = false;
  while (index < n) {
    let lineEnd = index;
    while (lineEnd < n) {
      const c = source.charCodeAt(lineEnd);
      if (c === 10 || c === 13) break;
      lineEnd++;
    }
    const breakLength = source.charCodeAt(lineEnd) === 13 && source.charCodeAt(lineEnd + 1) === 10 ? 2 : lineEnd < n ? 1 : 0;
    if (continued && droppedLine(source, index)) {
      // Docker removes this line entirely: blank it, line break included, so the neighbours join.
      replace(index, lineEnd + breakLength, ' '.repeat(lineEnd + breakLength - index));
      index = lineEnd + breakLength;
      continue;
    }
    // `<escape>[ \t]*` at the end of the line?
    let last = lineEnd - 1;
    while (last >= index && (source[last] === ' ' || source[last] === '\t')) last--;
    continued = last >= index && source[last] === escape && breakLength > 0;
    if (continued) {
      // `\` + `\r\n`: bash wants `\` + `\n`; the backslash moves over the `\r`.
      if (breakLength === 2) replace(last, lineEnd + 2, `${' '.repeat(lineEnd - last)}\\\n`);
      else if (lineEnd - last > 1 || escape !== '\\') replace(last, lineEnd + 1, `${' '.repeat(lineEnd - last - 1)}\\${source[lineEnd]}`);
    } else if (breakLength === 2) {
      replace(lineEnd, lineEnd + 2, ' \n');
    }
    index = lineEnd + breakLength;
  }
  return changed ? out + source.slice(copied) : source;
}

/** Blanks (what `trim` removes) up to a `#` or the line's end: matched in place, without a string per line. */
const DROPPED_LINE = /[^\S\r\n]*(?:#|\r|\n|$)/y;

/** A blank or comment line (Docker drops it inside a continued instruction): the line from `index`, trimmed, is empty or starts with `#`. */
function droppedLine(source: string, index: number): boolean {
  DROPPED_LINE.lastIndex = index;
  return DROPPED_LINE.test(source);
}

export interface RunScriptInput {
  text: string;
  lines: LineIndex;
  escape: '\\' | '`';
  /** Offset where the command (after flags) starts, and where the instruction ends. */
  commandOffset: number;
  endOffset: number;
  heredocs: Heredoc[];
  /** Exec-form argv when the RUN uses JSON form. */
  execArgs?: Word[];
  shell: string[];
  /** The caller's cross-lint cache (an unchanged RUN at an unchanged place is not parsed again). */
  session?: LintSession;
}

export function parseRunScripts(input: RunScriptInput): ShellScript[] {
  if (!isShellParserReady()) return [];
  const { text, lines } = input;
  const mapFrom = (base: number) => (offset: number) => lines.positionAt(base + offset);
  // The mapping depends only on where the script starts (line, column) and on the text as written.
  const session = input.session;
  const placement = (kind: string, base: number, written: string) => {
    const at = lines.positionAt(base);
    return session ? { session, placement: `${kind}${input.escape}${at.line}:${at.column}\u0000${written}` } : {};
  };

  if (input.execArgs) return parseExecForm(input.execArgs, lines);
  if (!isPosixShell(input.shell)) return [];

  const firstHeredoc = input.heredocs[0];
  if (firstHeredoc) {
    const commandLine = text.slice(input.commandOffset, firstHeredoc.body.offset);
    const onlyHeredoc = /^\s*<<-?\s*["']?[A-Za-z_][\w.-]*["']?\s*$/.test(commandLine);
    if (onlyHeredoc) {
      // `RUN <<EOF`: the body is the script (unless its shebang names another interpreter).
      const body = firstHeredoc.body;
      const shebang = /^#!\s*(\S+)/.exec(body.text);
      if (shebang && !POSIX_SHELLS.test(shebang[1]!) && !/\benv\s+(?:ba|da|z)?sh\b/.test(body.text.split('\n')[0] ?? '')) return [];
      return [parseShell(body.text, mapFrom(body.offset), placement('h', body.offset, body.text))];
    }
    // `RUN cmd <<EOF …`: the shell receives everything, heredoc bodies included.
    const source = text.slice(input.commandOffset, input.endOffset);
    const commandPart = normaliseContinuations(source.slice(0, firstHeredoc.body.offset - input.commandOffset), input.escape);
    return [parseShell(commandPart + source.slice(commandPart.length), mapFrom(input.commandOffset), placement('m', input.commandOffset, source))];
  }

  const written = text.slice(input.commandOffset, input.endOffset);
  return [parseShell(normaliseContinuations(written, input.escape), mapFrom(input.commandOffset), placement('p', input.commandOffset, written))];
}

function parseExecForm(argv: Word[], lines: LineIndex): ShellScript[] {
  const program = argv[0]?.value ?? '';
  const dashC = argv.findIndex((word, index) => index > 0 && /^-\w*c$/.test(word.value));
  if (POSIX_SHELLS.test(program) && dashC > 0 && argv[dashC + 1]) {
    const script = argv[dashC + 1]!;
    const start = script.range.start;
    // JSON escapes can shift offsets inside the string; positions stay on the right line and close by.
    return [parseShell(script.value, (offset) => clampedColumn(lines, start, offset + 1, script.range.end))];
  }
  // Plain exec form: analyse it as a command line with every argument single-quoted.
  let source = '';
  const starts: { at: number; word: Word }[] = [];
  for (const word of argv) {
    if (source) source += ' ';
    starts.push({ at: source.length, word });
    source += `'${word.value.replace(/'/g, `'\\''`)}'`;
  }
  if (!source) return [];
  return [
    parseShell(source, (offset) => {
      let owner = starts[0]!;
      for (const entry of starts) if (entry.at <= offset) owner = entry;
      return clampedColumn(lines, owner.word.range.start, offset - owner.at, owner.word.range.end);
    }),
  ];
}

function clampedColumn(
  lines: LineIndex,
  start: { line: number; column: number },
  delta: number,
  end: { line: number; column: number },
): { line: number; column: number } {
  const offset = lines.offsetAt(start) + Math.max(0, delta);
  const limit = lines.offsetAt(end);
  return lines.positionAt(Math.min(offset, limit));
}
