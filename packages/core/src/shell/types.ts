/**
 * Shell analysis of RUN bodies (tree-sitter-bash), flattened into the shapes rules need.
 * Every range is a Dockerfile range (1-based), mapped back from the script text.
 */
import type { CredentialSlot } from '../analysis/credential-slots.js';
import type { EffectiveCommand, NestedScript } from './simple-command.js';
import type { Range } from '../model/types.js';

export type WordPart =
  | { kind: 'literal'; text: string }
  /**
   * `$X`, `${X}`, `${X:-default}`: `name` is the variable, `operator`/`operand` the expansion
   * (`${#X}` → operator `#`, `${!X}` → operator `!`). Arithmetic `$((…))` is reported as a variable part
   * with `name: ''`, `operator: '$(('` and the expression as `operand`.
   */
  | { kind: 'variable'; name: string; operator?: string; operand?: string; text: string }
  /** `$(…)` or backticks; `script` is the parsed inner script. */
  | { kind: 'command'; script: ShellScript; text: string };

export interface ShellWord {
  /** Source text as written (quotes included). */
  raw: string;
  /**
   * The word with quotes removed and escapes resolved; expansions are kept in their written form
   * (`"${A}:x"` → `${A}:x`). Use `parts` to tell literal text from expansions.
   */
  value: string;
  parts: WordPart[];
  /** True when the word has no expansion at all (its value is fully known). */
  isLiteral: boolean;
  range: Range;
}

export interface Assignment {
  name: string;
  /** `X=` gives an empty word; `undefined` means declared without a value (`export X`, `local X`). */
  value: ShellWord | undefined;
  /** `export X=…`, `declare`, `local`, `readonly` vs a plain `X=…` prefix or statement. */
  exported: boolean;
  range: Range;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `&>`, `>|`, `<<<`, `<<`… */
  operator: string;
  /** File descriptor number when written (`2>`). */
  fd?: number;
  /** Target word (file name); for `<<<` the here-string; undefined for heredoc redirects. */
  target?: ShellWord;
  /** Heredoc body inside the script (`cat <<EOF > f`). */
  heredocBody?: ShellWord;
  range: Range;
}

export interface SimpleCommand {
  /** Command name word (`npm`), undefined for a bare assignment/redirect statement. */
  name?: ShellWord;
  /** Arguments after the name. */
  args: ShellWord[];
  /** Prefix assignments (`A=1 cmd`) or, for a bare assignment statement, the assignments themselves. */
  assignments: Assignment[];
  redirects: Redirect[];
  range: Range;
  /** Source text of the whole command. */
  text: string;
  /** Set when the command is a stage of a pipeline (`a | b`): the commands before and after it. */
  pipeFrom?: SimpleCommand;
  pipeTo?: SimpleCommand;
  /** Depth of `$(…)` / backtick nesting (0 = top level). */
  substitutionDepth: number;
  /** Index in the script's flat command list (execution order, approximately source order). */
  index: number;
  /**
   * Facts derived from the command alone, kept on it once asked for (several rules ask for every command):
   * `effectiveCommand`, `nestedScripts`. They live as long as the command (one lint, or a session entry).
   */
  derived?: { effective?: EffectiveCommand; nested?: NestedScript[]; credentialSlots?: readonly CredentialSlot[] };
}

export interface ShellScript {
  /** The script text handed to the parser (same length as the source span it came from). */
  source: string;
  /** Every simple command, including those in subshells, functions, loops and substitutions. */
  commands: SimpleCommand[];
  /** Top-level and nested assignment statements (`X=1; export Y=$(cat f)`). */
  assignments: Assignment[];
  /** Whether tree-sitter reported syntax errors (analysis still returns what it could). */
  hasErrors: boolean;
  /**
   * Set when analysis stopped early: the input exceeded the parser's length cap
   * (`MAX_SHELL_SOURCE_LENGTH`) or nesting exceeded `MAX_SHELL_NESTING`. `hasErrors` is then also true.
   */
  truncated?: boolean;
  range: Range;
  /** Facts derived from the script alone, kept on it once asked for (`X=…`, `export X`, `read X` names). */
  derived?: { setNames?: ReadonlySet<string> };
}
