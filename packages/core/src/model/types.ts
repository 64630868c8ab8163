/**
 * The shared Dockerfile model every rule reads. Built once per file by `buildModel()`.
 * Positions are 1-based lines and 1-based UTF-16 columns; ranges are end-exclusive.
 */
import type { ShellScript } from '../shell/types.js';

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A piece of source text with its range and absolute [start, end) UTF-16 offsets. */
export interface Span {
  text: string;
  range: Range;
  offset: number;
  endOffset: number;
}

export interface ParserDirectives {
  syntax?: string;
  escape: '\\' | '`';
  /** `# check=skip=A,B` rule names (BuildKit check names), and `skip=all`. */
  checkSkip: string[];
}

export interface Comment {
  /** Comment text without the leading `#`, trimmed. */
  text: string;
  line: number;
  range: Range;
  /** Absolute UTF-16 offsets of the comment, from its `#` to the end of its line (line break excluded). */
  offset: number;
  endOffset: number;
}

export interface MountSpec {
  type: string;
  id?: string;
  /** `target`/`dst`/`destination`. For secrets the default target is `/run/secrets/<id>`. */
  target?: string;
  env?: string;
  source?: string;
  from?: string;
  required?: boolean;
  /** All key=value options as written. */
  options: Record<string, string>;
  range: Range;
}

export interface Flag {
  name: string;
  value: string | undefined;
  range: Range;
  valueRange?: Range;
}

export interface Heredoc {
  /** Delimiter name (without `<<`, `-` or quotes). */
  name: string;
  /** `<<-` strips leading tabs. */
  stripTabs: boolean;
  /** The delimiter was quoted (`<<'EOF'`): no variable expansion in the body. */
  quoted: boolean;
  /** Body text (between the opening line and the closing delimiter). */
  body: Span;
}

/** A word of an instruction's arguments after Dockerfile-level unescaping. */
export interface Word {
  value: string;
  /** Raw source text including quotes/escapes. */
  raw: string;
  range: Range;
}

export interface KeyValue {
  name: string;
  nameRange: Range;
  /** Value after Dockerfile unquoting; undefined when absent (`ARG X`). */
  value: string | undefined;
  /** Raw source text of the value, quotes included. */
  rawValue: string | undefined;
  valueRange?: Range;
  range: Range;
}

export type InstructionKind =
  | 'FROM' | 'RUN' | 'CMD' | 'LABEL' | 'MAINTAINER' | 'EXPOSE' | 'ENV' | 'ADD' | 'COPY' | 'ENTRYPOINT'
  | 'VOLUME' | 'USER' | 'WORKDIR' | 'ARG' | 'ONBUILD' | 'STOPSIGNAL' | 'HEALTHCHECK' | 'SHELL' | 'UNKNOWN';

interface InstructionBase {
  /** Upper-case keyword; `UNKNOWN` for unrecognised keywords (the raw one is in `keywordText`). */
  kind: InstructionKind;
  keywordText: string;
  /** Position in `model.instructions` (ONBUILD triggers share their ONBUILD's index). */
  index: number;
  /** Whole instruction, continuation lines and heredoc bodies included. */
  range: Range;
  keywordRange: Range;
  /** Raw text of the whole instruction. */
  text: string;
  offset: number;
  endOffset: number;
  /** Flags such as `--from`, `--mount`, `--chown`, `--platform`. */
  flags: Flag[];
  /** Arguments (after flags), unescaped by Dockerfile rules. */
  args: Word[];
  heredocs: Heredoc[];
  /** The stage it belongs to; undefined for global ARGs before the first FROM. */
  stage: Stage | undefined;
  /** Set on an ONBUILD trigger: the ONBUILD instruction that wraps it. */
  onbuild?: OnbuildInstruction;
  /** WORKDIR, USER and home directory in force when it runs (computed once, while the model is built). */
  facts: InstructionFacts;
}

/**
 * What the build state is when an instruction runs: the WORKDIR and USER set before it in its stage chain (an
 * ONBUILD trigger runs in the child image, so it sees its stage's final ones), and the home directory that follows.
 */
export interface InstructionFacts {
  /** Absolute, normalised; `/` when no WORKDIR applies. */
  workdir: string;
  /** USER name or uid (the part before `:`), expanded; undefined when no USER applies (root). */
  user: string | undefined;
  /** `ENV HOME` when absolute and resolved, else `/root` for root (or an unresolved user), `/` for a bare uid, else `/home/<user>`. */
  home: string;
}

export interface FromInstruction extends InstructionBase {
  kind: 'FROM';
  image: string;
  imageRange?: Range;
  stageName?: string;
  stageNameRange?: Range;
  platform?: string;
}

export interface RunInstruction extends InstructionBase {
  kind: 'RUN';
  form: 'shell' | 'exec' | 'heredoc';
  mounts: MountSpec[];
  /** `--network`, `--security` etc. are in `flags`. */
  /** The shell script(s) this RUN executes, parsed (empty when the shell is not POSIX-like). */
  scripts: ShellScript[];
  /** Exec-form argv (JSON array strings). */
  execArgs?: Word[];
  /** SHELL in force (`["/bin/sh","-c"]` by default). */
  shell: string[];
}

export interface CopyInstruction extends InstructionBase {
  kind: 'COPY' | 'ADD';
  /** Source words (all args but the last; none when only heredocs are copied). */
  sources: Word[];
  destination: Word | undefined;
  /** `--from=<stage|image|index>` value. */
  from?: string;
  /** Resolved stage for `--from`, when it names a stage of this file. */
  fromStage?: Stage;
  /** Destination resolved against WORKDIR (absolute, normalised, no trailing slash except `/`). */
  resolvedDestination?: string;
  /** WORKDIR in force at this instruction. */
  workdir: string;
}

export interface ArgInstruction extends InstructionBase {
  kind: 'ARG';
  declarations: KeyValue[];
}

export interface EnvInstruction extends InstructionBase {
  kind: 'ENV';
  pairs: KeyValue[];
}

export interface LabelInstruction extends InstructionBase {
  kind: 'LABEL';
  pairs: KeyValue[];
}

export interface OnbuildInstruction extends InstructionBase {
  kind: 'ONBUILD';
  trigger?: Instruction;
}

export interface ShellInstruction extends InstructionBase {
  kind: 'SHELL';
  shellArgs: string[];
}

export interface WorkdirInstruction extends InstructionBase {
  kind: 'WORKDIR';
  path: string;
}

export interface OtherInstruction extends InstructionBase {
  kind: 'CMD' | 'MAINTAINER' | 'EXPOSE' | 'ENTRYPOINT' | 'VOLUME' | 'USER' | 'STOPSIGNAL' | 'HEALTHCHECK' | 'UNKNOWN';
}

export type Instruction =
  | FromInstruction | RunInstruction | CopyInstruction | ArgInstruction | EnvInstruction | LabelInstruction
  | OnbuildInstruction | ShellInstruction | WorkdirInstruction | OtherInstruction;

/** A variable binding visible at some instruction. */
export interface VariableBinding {
  name: string;
  kind: 'arg' | 'env';
  /** Default (ARG) or value (ENV), unresolved; undefined for `ARG X` without default. */
  value: string | undefined;
  /** The value with `$VAR` references resolved where known. */
  resolvedValue: string | undefined;
  /** Names of variables referenced by the value (`ENV A=$B` → ['B']). */
  references: string[];
  declaredAt: Instruction;
  /** The key/value entry that declared it. */
  declaration: KeyValue;
}

export interface Stage {
  index: number;
  name?: string;
  from: FromInstruction;
  /** Base image reference as written (`node:20`, `build`, `$BASE`), resolved with global ARG defaults. */
  baseImage: string;
  /** When the base is another stage of this file. */
  baseStage?: Stage;
  /** Instructions of this stage, FROM first. ONBUILD triggers are not listed (they apply to children). */
  instructions: Instruction[];
  /** True when the stage's filesystem ends up in the image built for the chosen target. */
  ships: boolean;
  /** Stages whose files this stage reads through `COPY --from` (and `RUN --mount=from=`). */
  copiesFrom: Stage[];
  range: Range;
}

export interface ParseProblem {
  message: string;
  range: Range;
}

export interface DockerfileModel {
  /** Path of the Dockerfile as given (may be virtual, e.g. stdin). */
  path: string;
  text: string;
  directives: ParserDirectives;
  comments: Comment[];
  /** All instructions in source order (ONBUILD triggers are reachable via `onbuild.trigger`). */
  instructions: Instruction[];
  /** ARGs before the first FROM. */
  globalArgs: ArgInstruction[];
  stages: Stage[];
  /** The stage being built (`--target` or the last one). */
  targetStage: Stage | undefined;
  /** Problems the parser found (unterminated heredoc, unknown instruction…); not fatal. */
  problems: ParseProblem[];
  /** Variables visible at an instruction (ARG and ENV, including inherited ones). */
  scopeAt(instruction: Instruction): ReadonlyMap<string, VariableBinding>;
  /** Expand `$VAR`/`${VAR}` in `text` with the scope at `instruction`; unknown variables are left as written. */
  expand(text: string, instruction: Instruction): string;
  /** Convert an absolute UTF-16 offset to a position. */
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  /** Every instruction including ONBUILD triggers, in order, each once. */
  allInstructions(): Instruction[];
}
