/**
 * Helpers rules use on parsed simple commands: the command's name, what it really runs once wrappers
 * (`sudo`, `env`, `exec`…) are peeled off, the scripts of `sh -c '…'`/`su -c '…'`, and flag values.
 */
import type { Position, Range } from '../model/types.js';
import { parseShell } from './parser.js';
import type { Assignment, ShellScript, ShellWord, SimpleCommand, WordPart } from './types.js';

/** Basename of a command word's value: `/usr/bin/npm` → `npm`. */
export function basename(value: string): string {
  const trimmed = value.endsWith('/') ? value.replace(/(?<!\/)\/+$/, '') : value;
  const i = trimmed.lastIndexOf('/');
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}

/** The command's name (basename of its name word's value), or undefined for a bare assignment/redirect. */
export function commandName(cmd: SimpleCommand): string | undefined {
  return cmd.name ? basename(cmd.name.value) : undefined;
}

export interface EffectiveCommand {
  /** Basename of the command that really runs (`sudo -u app npm ci` → `npm`); '' when there is none. */
  name: string;
  /** The word naming that command, when there is one. */
  nameWord: ShellWord | undefined;
  /** Its arguments. */
  args: ShellWord[];
  /** Prefix assignments of the command plus those given to `env`/`sudo` (`env A=1 cmd`). */
  assignments: Assignment[];
  /** The wrappers that were peeled off, outermost first (`['sudo', 'env']`). */
  wrappers: string[];
}

interface WrapperSpec {
  /** Options that take a separate value (`-u user`). */
  valued?: readonly string[];
  /** Long options that take a value (`--user user` / `--user=user`). */
  longValued?: readonly string[];
  /** Number of leading positional operands before the command (`timeout 10 cmd`, `gosu user cmd`). */
  positionals?: number;
  /** `VAR=value` words are allowed before the command. */
  assignments?: boolean;
  /** Options that make the wrapper not run a command (`command -v x`). */
  stops?: readonly string[];
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    valued: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '-R'],
    longValued: ['--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type', '--command-timeout', '--other-user', '--chroot'],
    assignments: true,
    stops: ['-l', '--list', '-v', '--validate', '-k', '-K', '--reset-timestamp', '--remove-timestamp', '-V', '--version', '-e', '--edit'],
  },
  doas: { valued: ['-u', '-C'], assignments: false },
  env: {
    valued: ['-u', '-C', '-P', '-S'],
    longValued: ['--unset', '--chdir', '--split-string', '--default-signal', '--ignore-signal', '--block-signal'],
    assignments: true,
  },
  exec: { valued: ['-a'] },
  nohup: {},
  time: {},
  command: { stops: ['-v', '-V'] },
  builtin: {},
  nice: { valued: ['-n'], longValued: ['--adjustment'] },
  ionice: { valued: ['-c', '-n', '-p', '-P', '-u'], longValued: ['--class', '--classdata'] },
  stdbuf: { valued: ['-i', '-o', '-e'], longValued: ['--input', '--output', '--error'] },
  timeout: { valued: ['-s', '-k'], longValued: ['--signal', '--kill-after'], positionals: 1 },
  gosu: { positionals: 1 },
  'su-exec': { positionals: 1 },
  chroot: { longValued: ['--userspec', '--groups'], positionals: 1 },
  /** `mono nuget.exe …` runs the .exe. */
  mono: {},
};

const ASSIGNMENT_WORD = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * Peel wrappers off a command: `sudo [-u x] [-E] [A=1] …`, `env [-i] [-u X] A=1 …`, `exec`, `nohup`, `time`,
 * `command`, `builtin`, `nice`, `ionice`, `stdbuf`, `timeout DURATION`, `gosu user`, `su-exec user`, `doas`,
 * `chroot DIR`, `mono`. `sudo -s`/`sudo -i` without a command leave `sudo` as the command.
 */
export function effectiveCommand(cmd: SimpleCommand): EffectiveCommand {
  // Pure in the command, and asked for by most rules for every command: kept on the command. Callers never
  // mutate the result.
  const derived = (cmd.derived ??= {});
  return (derived.effective ??= computeEffectiveCommand(cmd));
}

function computeEffectiveCommand(cmd: SimpleCommand): EffectiveCommand {
  const wrappers: string[] = [];
  const assignments = [...cmd.assignments];
  let nameWord = cmd.name;
  let args = cmd.args;
  for (let guard = 0; guard < 16 && nameWord; guard++) {
    const name = basename(nameWord.value);
    const spec = WRAPPERS[name];
    if (!spec) break;
    let i = 0;
    let stopped = false;
    const positional: ShellWord[] = [];
    const extra: Assignment[] = [];
    while (i < args.length) {
      const w = args[i]!;
      const v = w.value;
      if (v === '--') {
        i++;
        break;
      }
      if (v.startsWith('-') && v.length > 1 && positional.length === 0) {
        if (spec.stops?.includes(v)) {
          stopped = true;
          break;
        }
        if (spec.valued?.includes(v) || spec.longValued?.includes(v)) {
          i += 2;
          continue;
        }
        i++;
        continue;
      }
      if (spec.assignments && positional.length === 0 && ASSIGNMENT_WORD.test(v)) {
        extra.push(assignmentFromWord(w));
        i++;
        continue;
      }
      if ((spec.positionals ?? 0) > positional.length) {
        positional.push(w);
        i++;
        continue;
      }
      break;
    }
    if (stopped || i >= args.length) break;
    wrappers.push(name);
    assignments.push(...extra);
    nameWord = args[i];
    args = args.slice(i + 1);
  }
  return { name: nameWord ? basename(nameWord.value) : '', nameWord, args, assignments, wrappers };
}

/** `A=$(cat f)` given as a plain word (to `env`/`sudo`) turned into an Assignment. */
export function assignmentFromWord(word: ShellWord): Assignment {
  const m = ASSIGNMENT_WORD.exec(word.value);
  const name = m ? m[1]! : word.value;
  const value = m ? sliceWord(word, m[0].length) : undefined;
  return { name, value, exported: false, range: word.range };
}

/**
 * The part of `word` after the first `n` characters of its value, as a word of its own (e.g. the value
 * of `--password=$PW`). Exact when the prefix is written plainly in `raw`; otherwise the range is the word's.
 */
export function sliceWord(word: ShellWord, n: number): ShellWord {
  const parts: WordPart[] = [];
  let skip = n;
  for (const p of word.parts) {
    if (skip <= 0) {
      parts.push(p);
      continue;
    }
    if (p.kind === 'literal') {
      if (p.text.length <= skip) {
        skip -= p.text.length;
        continue;
      }
      parts.push({ kind: 'literal', text: p.text.slice(skip) });
      skip = 0;
    } else {
      // The cut falls inside an expansion: keep the whole expansion.
      parts.push(p);
      skip = 0;
    }
  }
  const value = word.value.slice(n);
  const prefix = word.value.slice(0, n);
  let raw = value;
  let range: Range = word.range;
  if (word.raw.startsWith(prefix) && !prefix.includes('\n')) {
    raw = word.raw.slice(n);
    range = {
      start: { line: word.range.start.line, column: word.range.start.column + n },
      end: word.range.end,
    };
  }
  return { raw, value, parts, isLiteral: parts.every((p) => p.kind === 'literal'), range };
}

export interface FlagValue {
  /** The value as a word (for `--x=v` and `-xv` a slice of the flag word, for `--x v` the next word). */
  word: ShellWord;
  value: string;
  /** Index of the flag's word in `args`. */
  index: number;
  /** `--x=v` / `-xv` (true) vs `--x v` (false). */
  inline: boolean;
}

/**
 * Value of the first flag in `names` (`['-p', '--password']`): `--password=v`, `--password v`, `-p v` and
 * glued `-pv` (short names only). Stops at `--`. Returns undefined when absent or when the value is missing.
 */
export function flagValue(args: readonly ShellWord[], names: readonly string[]): FlagValue | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === '--') return undefined;
    for (const name of names) {
      if (v === name) {
        const next = args[i + 1];
        if (!next) return undefined;
        return { word: next, value: next.value, index: i, inline: false };
      }
      if (name.startsWith('--') || (name.startsWith('-') && name.length > 2)) {
        if (v.startsWith(name + '=')) {
          const word = sliceWord(w, name.length + 1);
          return { word, value: word.value, index: i, inline: true };
        }
      } else if (name.length === 2 && name.startsWith('-') && v.startsWith(name) && !v.startsWith('--') && v.length > 2) {
        const word = sliceWord(w, 2);
        return { word, value: word.value, index: i, inline: true };
      }
    }
  }
  return undefined;
}

/** True when any of `names` is present (`--x`, `--x=v`, or a short flag inside a cluster such as `-cb`). */
export function hasFlag(args: readonly ShellWord[], names: readonly string[]): boolean {
  for (const w of args) {
    const v = w.value;
    if (v === '--') return false;
    for (const name of names) {
      if (v === name || v.startsWith(name + '=')) return true;
      if (/^-[a-zA-Z]$/.test(name) && /^-[a-zA-Z]+$/.test(v) && v.includes(name[1]!)) return true;
    }
  }
  return false;
}

/** Arguments that are not options: words not starting with `-` (after `--`, everything). */
export function positionalArgs(args: readonly ShellWord[], valued: readonly string[] = []): ShellWord[] {
  const out: ShellWord[] = [];
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (endOfOptions) {
      out.push(w);
      continue;
    }
    if (w.value === '--') {
      endOfOptions = true;
      continue;
    }
    if (w.value.startsWith('-') && w.value.length > 1) {
      if (valued.includes(w.value)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Nested scripts

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);
const SHELL_VALUED = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

export interface NestedScript {
  /** The word holding the script text. */
  word: ShellWord;
  /** How it is run: `sh -c`, `su -c`, `eval`. */
  via: string;
  script: ShellScript;
  /** False when positions inside the script are approximated to the word's range. */
  exactPositions: boolean;
}

/**
 * Scripts run by this command: `sh|bash|dash|ash|zsh -c '<script>'` (also `-ec`, `-lc`, `sudo sh -c`),
 * `su [user] -c '<script>'` / `--command=`, `runuser … -c`, and `eval '<script>'` (single argument).
 * Positions map back into the Dockerfile through the word's range; when the quoting cannot be
 * replayed exactly, every position is approximated to the word's start.
 * Requires the shell parser to be initialised (see `initShellParser`).
 */
export function nestedScripts(cmd: SimpleCommand): NestedScript[] {
  // Each rule that follows `sh -c '…'` asks: the nested scripts are parsed once per command. Callers never mutate them.
  const derived = (cmd.derived ??= {});
  return (derived.nested ??= parseNestedScripts(cmd));
}

function parseNestedScripts(cmd: SimpleCommand): NestedScript[] {
  const ec = effectiveCommand(cmd);
  let name = ec.name;
  let args = ec.args;
  if (name === 'busybox' && args[0] && SHELLS.has(basename(args[0].value))) {
    name = basename(args[0].value);
    args = args.slice(1);
  }
  const found: Array<{ word: ShellWord; via: string }> = [];
  if (SHELLS.has(name) && name !== 'busybox') {
    let cFlag = false;
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!.value;
      if (v === '--' || v === '-') {
        if (cFlag && args[i + 1]) found.push({ word: args[i + 1]!, via: `${name} -c` });
        break;
      }
      if (SHELL_VALUED.has(v)) {
        i++;
        continue;
      }
      if (/^[-+][a-zA-Z]+$/.test(v)) {
        if (v.startsWith('-') && v.includes('c')) cFlag = true;
        continue;
      }
      if (v.startsWith('--')) continue;
      if (cFlag) found.push({ word: args[i]!, via: `${name} -c` });
      break;
    }
  } else if (name === 'su' || name === 'runuser') {
    const c = flagValue(args, ['-c', '--command']);
    if (c) found.push({ word: c.word, via: `${name} -c` });
  } else if (name === 'eval' && args.length === 1) {
    found.push({ word: args[0]!, via: 'eval' });
  }
  const out: NestedScript[] = [];
  for (const f of found) {
    const mapped = mapWord(f.word);
    out.push({ word: f.word, via: f.via, script: parseShell(f.word.value, mapped.toPosition), exactPositions: mapped.exact });
  }
  return out;
}

/**
 * Replays the quoting of `word.raw` to map each character of `word.value` back to the raw text, then
 * from raw offsets to Dockerfile positions (counting newlines from the word's start).
 */
function mapWord(word: ShellWord): { toPosition: (offset: number) => Position; exact: boolean } {
  const replay = unquoteWithMap(word.raw);
  const start = word.range.start;
  if (!replay || replay.value !== word.value) {
    return {
      exact: false,
      toPosition: (offset) => (offset >= word.value.length ? word.range.end : start),
    };
  }
  const lineStarts = [0];
  for (let i = 0; i < word.raw.length; i++) if (word.raw[i] === '\n') lineStarts.push(i + 1);
  const rawToPos = (rawOffset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= rawOffset) lo = mid;
      else hi = mid - 1;
    }
    const col = rawOffset - lineStarts[lo]!;
    return lo === 0 ? { line: start.line, column: start.column + col } : { line: start.line + lo, column: 1 + col };
  };
  const map = replay.map;
  return {
    exact: true,
    toPosition: (offset) => {
      if (offset <= 0) return rawToPos(map[0] ?? 0);
      if (offset >= map.length) {
        const last = map[map.length - 1];
        return last === undefined ? word.range.end : rawToPos(last + 1);
      }
      return rawToPos(map[offset]!);
    },
  };
}

/** Remove quotes/escapes from `raw` (expansions kept as written), recording each output char's raw index. */
function unquoteWithMap(raw: string): { value: string; map: number[] } | undefined {
  let value = '';
  const map: number[] = [];
  const emit = (ch: string, at: number): void => {
    value += ch;
    map.push(at);
  };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) return undefined;
      for (let j = i + 1; j < end; j++) emit(raw[j]!, j);
      i = end + 1;
    } else if (ch === '$' && raw[i + 1] === "'") {
      return undefined; // ANSI-C quoting: positions approximated
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < raw.length && raw[j] !== '"'; j++) {
        const c = raw[j]!;
        if (c === '\\' && j + 1 < raw.length) {
          const n = raw[j + 1]!;
          if (n === '\n') {
            j++;
            continue;
          }
          if (n === '$' || n === '`' || n === '"' || n === '\\') {
            emit(n, j + 1);
            j++;
            continue;
          }
        }
        emit(c, j);
      }
      if (j >= raw.length) return undefined;
      i = j + 1;
    } else if (ch === '\\' && i + 1 < raw.length) {
      if (raw[i + 1] !== '\n') emit(raw[i + 1]!, i + 1);
      i += 2;
    } else {
      emit(ch, i);
      i++;
    }
  }
  return { value, map };
}

/** Words the command reads on stdin: a here-string, a heredoc body, or the last argument of an
 * `echo`/`printf` piped into it. */
export function stdinWords(cmd: SimpleCommand): ShellWord[] {
  const out: ShellWord[] = [];
  for (const r of cmd.redirects) {
    if (r.operator === '<<<' && r.target) out.push(r.target);
    if (r.heredocBody) out.push(r.heredocBody);
  }
  const from = cmd.pipeFrom;
  if (from) {
    const name = commandName(from);
    if ((name === 'echo' || name === 'printf') && from.args.length > 0) {
      const words = from.args.filter((w) => !/^-[neE]+$/.test(w.value));
      const last = words[words.length - 1];
      if (last) out.push(last);
    } else if (name === 'cat' && from.args.length > 0) {
      out.push(from.args[from.args.length - 1]!);
    }
  }
  return out;
}

/** True when the command gets stdin from a pipe, here-string, heredoc or `<` file. */
export function hasStdinInput(cmd: SimpleCommand): boolean {
  return cmd.pipeFrom !== undefined || cmd.redirects.some((r) => r.operator === '<<<' || r.operator === '<' || r.operator.startsWith('<<'));
}
