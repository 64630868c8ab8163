/** Builds the shared DockerfileModel from dockerfile-ast's syntax tree. */
import { DockerfileParser } from 'dockerfile-ast';
import { ownMemo, parseDockerfile } from './ast-memo.js';
import type { Comment as AstComment, Instruction as AstInstruction, Flag as AstFlag, Heredoc as AstHeredoc, Property as AstProperty } from 'dockerfile-ast';
import { LineIndex, comparePositions, fromLspRange } from './positions.js';
import { parseRunScripts, type RunScriptInput } from './run-script.js';
import { isShellParserReady } from '../shell/parser.js';
import type { ShellScript } from '../shell/types.js';
import type {
  ArgInstruction, Comment, CopyInstruction, DockerfileModel, EnvInstruction, Flag, FromInstruction, Heredoc,
  Instruction, InstructionFacts, InstructionKind, KeyValue, LabelInstruction, MountSpec, OnbuildInstruction, ParseProblem,
  ParserDirectives, Position, Range, RunInstruction, ShellInstruction, Stage, VariableBinding, Word, WorkdirInstruction,
} from './types.js';
import { expandVariables, referencedNames } from './variables.js';
import { joinPosix } from './paths.js';
import type { LintSession } from '../engine/session.js';
import { parseAroundEdit } from './reparse.js';
import { withPlainPropertyValues } from './property-value.js';
import { PlainWord } from './plain-words.js';
import { ModelComment } from './comment.js';

export interface BuildModelOptions {
  path: string;
  /** Stage to build (`--target`); the last stage when absent or unknown. */
  target?: string;
  /** The caller's cross-lint cache: shell analyses of unchanged RUNs are reused from it. */
  session?: LintSession;
  /**
   * The previous model of the same document (an editor re-linting after a keystroke): an instruction with the same
   * text at the same line and column, under the same escape character, takes what was made from its own text
   * (flags, mounts, words, ENV/LABEL pairs, ARG declarations, exec arguments) from it instead of asking
   * dockerfile-ast again. What depends on the rest of the file (stage, variables, WORKDIR, SHELL) is computed anew.
   */
  previous?: DockerfileModel;
}

const KINDS = new Set<InstructionKind>([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER',
  'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);

const DEFAULT_SHELL = ['/bin/sh', '-c'];
const ROOT_FACTS: InstructionFacts = { workdir: '/', user: undefined, home: '/root' };

interface StageState {
  stage: Stage;
  scope: Map<string, VariableBinding>;
  shell: string[];
  workdir: string;
  /** USER in force (expanded, without `:group`); undefined = root. */
  user: string | undefined;
  /** Bindings seen by ONBUILD triggers once an `ONBUILD ARG`/`ONBUILD ENV` declared something. */
  onbuildScope?: Map<string, VariableBinding>;
}

/**
 * Longest physical line analysed (UTF-16 units). The longest line of the 5.8k real Dockerfiles is 2.6k; a
 * 1 MB line of `COPY a a a …` or `a; a; …` costs seconds in the parsers. Longer lines are cut there: every
 * other line keeps its line and column numbers, and the cut is reported as a problem.
 */
export const MAX_LINE_LENGTH = 128 * 1024;

/**
 * Most instructions analysed (real Dockerfiles: a few hundred at most; 59k over the 5.8k real ones). 500k
 * one-character lines cost seconds in the model and rules; the rest is reported, not analysed.
 */
export const MAX_INSTRUCTIONS = 10_000;

export function buildModel(fullText: string, options: BuildModelOptions): DockerfileModel {
  const { text, cut } = capLineLengths(fullText);
  const lines = new LineIndex(text);
  // The closures below share one context with the model's own (`scopeAt`, `expand`…): they read `session`, never
  // `options` or `previous`, and what refers to the previous model is dropped once converted, so a model does not
  // keep the one before it alive.
  const session = options.session;
  const previous = options.previous;
  const partial = previous ? parseAroundEdit(previous, text, lines, session, MAX_INSTRUCTIONS) : undefined;
  const ast = partial?.ast ?? parseDockerfile(text, session);
  const directives = readDirectives(ast, lines);
  const escape = directives.escape;
  const problems: ParseProblem[] = [];
  if (cut) {
    problems.push({
      message: `line ${cut.line} is longer than ${MAX_LINE_LENGTH} characters: only its beginning is analysed`,
      range: { start: { line: cut.line, column: MAX_LINE_LENGTH }, end: { line: cut.line, column: MAX_LINE_LENGTH + 1 } },
    });
  }
  // A comment's range starts at its `#`; its text is read here rather than through dockerfile-ast's
  // `getContent()`, which converts offsets to positions and back through its TextDocument for every comment.
  const toComment = (comment: AstComment): Comment => {
    const range = comment.getRange();
    const offset = lines.offsetAtLsp(range.start);
    const endOffset = lines.offsetAtLsp(range.end);
    return new ModelComment(comment, text.slice(offset + 1, endOffset).trim(), range.start.line + 1, offset, endOffset);
  };
  const comments: Comment[] = partial
    ? [...partial.commentsBefore, ...partial.windowComments.map(toComment), ...partial.commentsAfter]
    : ast.getComments().map(toComment);

  const instructions: Instruction[] = [];
  const triggers: Instruction[] = [];
  const globalArgs: ArgInstruction[] = [];
  const globalScope = new Map<string, VariableBinding>();
  const stages: Stage[] = [];
  const stageStates = new Map<Stage, StageState>();
  const scopes = new Map<Instruction, ReadonlyMap<string, VariableBinding>>();
  // Consecutive instructions mostly run with the same WORKDIR, USER and home: they share one facts object.
  let lastFacts = ROOT_FACTS;
  const factsOf = (workdir: string, user: string | undefined, scope: ReadonlyMap<string, VariableBinding>): InstructionFacts => {
    const home = homeFor(user, scope);
    if (lastFacts.workdir !== workdir || lastFacts.user !== user || lastFacts.home !== home) lastFacts = { workdir, user, home };
    return lastFacts;
  };
  let current: StageState | undefined;

  let unchangedSince = previousInstructions(previous, escape);
  const convert = (node: AstInstruction, index: number, onbuild?: OnbuildInstruction): Instruction => {
    const base = baseOf(node, index, lines, text, problems, onbuild ? undefined : unchangedSince);
    const state = current;
    const stage = state?.stage;
    const same = (base as unknown as ModelInstruction).takeSameAs();
    if (same) return convertUnchanged(base, same as unknown as Instruction, node, state, globalScope, stages, lines, text, escape, session);
    switch (base.kind) {
      case 'FROM': {
        const from = toFrom(base, globalScope);
        return from;
      }
      case 'RUN': {
        const run = base as unknown as RunInstruction;
        run.stage = stage;
        run.mounts = base.flags.filter((flag) => flag.name === 'mount').map(parseMount);
        run.shell = state?.shell ?? DEFAULT_SHELL;
        const command = commandSpan(node, lines);
        const exec = execArgsOf(node, base, command, lines, text);
        if (exec) run.execArgs = exec;
        run.form = exec ? 'exec' : base.heredocs.length > 0 && command && /^\s*<</.test(text.slice(command.offset, command.endOffset)) ? 'heredoc' : 'shell';
        scheduleScripts(run, command?.offset ?? base.endOffset, text, lines, escape, session);
        return run;
      }
      case 'COPY':
      case 'ADD': {
        const copy = base as unknown as CopyInstruction;
        const exec = execArgsOf(node, base, commandSpan(node, lines), lines, text);
        const firstBody = base.heredocs[0]?.body.offset ?? Number.POSITIVE_INFINITY;
        const words = (exec ?? base.args).filter(
          (word) => lines.offsetAt(word.range.start) < firstBody && !/^<<-?["']?[A-Za-z_]/.test(word.raw),
        );
        copy.destination = words.length > 0 ? words[words.length - 1] : undefined;
        copy.sources = words.slice(0, -1);
        placeCopy(copy, base.flags.find((flag) => flag.name === 'from')?.value, state, stages, globalScope);
        return copy;
      }
      case 'ARG': {
        const arg = base as unknown as ArgInstruction;
        arg.declarations = argDeclarations(base.args, lines);
        return arg;
      }
      case 'ENV':
      case 'LABEL': {
        const withPairs = base as unknown as EnvInstruction | LabelInstruction;
        withPairs.pairs = propertiesOf(node, lines, text);
        return withPairs;
      }
      case 'ONBUILD': {
        const wrapper = base as unknown as OnbuildInstruction;
        const triggerNode = (node as unknown as { getTriggerInstruction(): AstInstruction | null }).getTriggerInstruction();
        if (triggerNode && !onbuild) {
          ownMemo(triggerNode);
          const trigger = convert(triggerNode, index, wrapper);
          trigger.onbuild = wrapper;
          wrapper.trigger = trigger;
        }
        return wrapper;
      }
      case 'SHELL': {
        const shell = base as unknown as ShellInstruction;
        shell.shellArgs = (execArgsOf(node, base, commandSpan(node, lines), lines, text) ?? []).map((word) => word.value);
        return shell;
      }
      case 'WORKDIR': {
        const workdir = base as unknown as WorkdirInstruction;
        workdir.path = base.args.map((word) => word.value).join(' ');
        return workdir;
      }
      default:
        return base;
    }
  };

  // Instructions between two ARG/ENV see the same bindings: share one frozen copy instead of copying per instruction.
  const snapshots = new Map<Map<string, VariableBinding>, ReadonlyMap<string, VariableBinding>>();
  const snapshotOf = (scope: Map<string, VariableBinding>): ReadonlyMap<string, VariableBinding> => {
    let snapshot = snapshots.get(scope);
    if (!snapshot) snapshots.set(scope, (snapshot = new Map(scope)));
    return snapshot;
  };
  let astInstructions = partial?.instructions ?? ast.getInstructions();
  const nodeAges = partial?.ages;
  if (astInstructions.length > MAX_INSTRUCTIONS) {
    const first = fromLspRange(astInstructions[MAX_INSTRUCTIONS]!.getRange());
    problems.push({ message: `more than ${MAX_INSTRUCTIONS} instructions: the rest of the file, from line ${first.start.line}, is not analysed`, range: first });
    astInstructions = astInstructions.slice(0, MAX_INSTRUCTIONS);
  }
  astInstructions.forEach((node, index) => {
    const instruction = convert(node, index);
    const age = nodeAges?.get(node);
    if (age !== undefined) (instruction as unknown as ModelInstruction).carriedOver(age);
    instructions.push(instruction);
    if (instruction.kind === 'FROM') {
      const stage = newStage(instruction, stages);
      const baseState = stage.baseStage ? stageStates.get(stage.baseStage) : undefined;
      current = {
        stage,
        scope: inheritedEnv(baseState?.scope),
        shell: baseState?.shell ?? DEFAULT_SHELL,
        workdir: baseState?.workdir ?? '/',
        user: baseState?.user,
      };
      stageStates.set(stage, current);
      stages.push(stage);
      stage.instructions.push(instruction);
      scopes.set(instruction, globalScope);
      instruction.facts = factsOf(current.workdir, current.user, globalScope);
      return;
    }
    instruction.stage = current?.stage;
    const scope = current?.scope ?? globalScope;
    if (instruction.kind === 'ARG' || instruction.kind === 'ENV') {
      applyToScope(instruction, scope, globalScope, current === undefined, snapshotOf(scope));
      snapshots.delete(scope);
    }
    // WORKDIR and USER in force before this instruction (its own WORKDIR/USER applies to the next ones).
    const workdir = current?.workdir ?? '/';
    const user = current?.user;
    if (current) {
      current.stage.instructions.push(instruction);
      if (instruction.kind === 'SHELL' && instruction.shellArgs.length > 0) current.shell = instruction.shellArgs;
      if (instruction.kind === 'WORKDIR') current.workdir = joinPosix(current.workdir, expandWith(instruction.path, scope));
      else if (instruction.kind === 'USER') current.user = expandWith(instruction.args[0]?.value ?? '', scope).split(':')[0];
    } else if (instruction.kind === 'ARG') {
      globalArgs.push(instruction);
    } else if (instruction.kind !== 'UNKNOWN') {
      problems.push({ message: `${instruction.keywordText} before the first FROM`, range: instruction.keywordRange });
    }
    const visible = snapshotOf(scope);
    scopes.set(instruction, visible);
    instruction.facts = factsOf(workdir, user, visible);
    if (instruction.kind === 'ONBUILD' && instruction.trigger) {
      const trigger = instruction.trigger;
      trigger.stage = current?.stage;
      // Triggers run one after another in the child image: `ONBUILD ARG X` declares X for the later triggers.
      if (current && (trigger.kind === 'ARG' || trigger.kind === 'ENV')) {
        current.onbuildScope ??= new Map(scope);
        applyToScope(trigger, current.onbuildScope, globalScope, false, snapshotOf(current.onbuildScope));
        snapshots.delete(current.onbuildScope);
      }
      scopes.set(trigger, snapshotOf(current?.onbuildScope ?? scope));
      triggers.push(trigger);
    }
  });

  unchangedSince = undefined;
  nodeAges?.clear();

  for (const stage of stages) {
    const last = stage.instructions[stage.instructions.length - 1]!;
    if (last !== stage.from) stage.range = { start: stage.range.start, end: last.range.end };
    for (const instruction of stage.instructions) {
      const source = instruction.kind === 'COPY' || instruction.kind === 'ADD' ? instruction.fromStage : undefined;
      if (source && !stage.copiesFrom.includes(source)) stage.copiesFrom.push(source);
      if (instruction.kind === 'RUN') {
        for (const mount of instruction.mounts) {
          const mounted = mount.from ? findStage(stages, mount.from, stage) : undefined;
          if (mounted && !stage.copiesFrom.includes(mounted)) stage.copiesFrom.push(mounted);
        }
      }
    }
  }
  const targetStage = pickTarget(stages, options.target);
  for (let stage = targetStage; stage; stage = stage.baseStage) stage.ships = true;

  for (const trigger of triggers) {
    // An ONBUILD trigger runs in the child image: it sees its stage's final WORKDIR and USER.
    const state = trigger.stage ? stageStates.get(trigger.stage) : undefined;
    trigger.facts = factsOf(state?.workdir ?? '/', state?.user, scopes.get(trigger) ?? globalScope);
  }
  const ordered = triggers.length === 0
    ? instructions.slice()
    : [...instructions, ...triggers].sort((a, b) => a.offset - b.offset || (a.onbuild ? 1 : 0) - (b.onbuild ? 1 : 0));
  return {
    path: options.path,
    text,
    directives,
    comments,
    instructions,
    globalArgs,
    stages,
    targetStage,
    problems,
    scopeAt: (instruction) => scopes.get(instruction) ?? globalScope,
    expand: (value, instruction) => expandWith(value, scopes.get(instruction) ?? globalScope),
    positionAt: (offset) => lines.positionAt(offset),
    offsetAt: (position) => lines.offsetAt(position),
    allInstructions: () => ordered,
  };
}

/**
 * The instructions of the previous model of a document, walked in step with the new parse (both in file order):
 * `at` answers with the old instruction that starts where the new one does and has its text, if it can be taken
 * over. Not taken over: ONBUILD (its trigger is converted with it), unknown keywords (a problem is reported for
 * them) and instructions with heredocs (their bodies carry offsets) — they are converted as new.
 */
class PreviousInstructions {
  #next = 0;

  constructor(private readonly instructions: readonly Instruction[]) {}

  at(start: Position, text: string, offset: number, endOffset: number): ModelInstruction | undefined {
    const old = this.instructions;
    while (this.#next < old.length && comparePositions(old[this.#next]!.range.start, start) < 0) this.#next++;
    const candidate = old[this.#next];
    if (!(candidate instanceof ModelInstruction) || candidate.range.start.line !== start.line || candidate.range.start.column !== start.column) return undefined;
    if (candidate.kind === 'ONBUILD' || candidate.kind === 'UNKNOWN' || candidate.onbuild !== undefined || candidate.heredocs.length > 0) return undefined;
    if (candidate.endOffset - candidate.offset !== endOffset - offset || !text.startsWith(candidate.text, offset)) return undefined;
    return candidate;
  }
}

/** The previous model's instructions when its instructions can be taken over (same escape character), else undefined. */
function previousInstructions(previous: DockerfileModel | undefined, escape: '\\' | '`'): PreviousInstructions | undefined {
  return previous && previous.directives.escape === escape ? new PreviousInstructions(previous.instructions) : undefined;
}

/**
 * `convert` for an instruction whose text and place are those of `same` (previous model): what depends only on
 * its text is taken from `same`, what depends on the file around it (stage, variables, WORKDIR, SHELL, stages
 * named by `--from`) is computed as `convert` does, fields set in the same order.
 */
function convertUnchanged(
  base: BaseInstruction,
  same: Instruction,
  node: AstInstruction,
  state: StageState | undefined,
  globalScope: Map<string, VariableBinding>,
  stages: Stage[],
  lines: LineIndex,
  text: string,
  escape: '\\' | '`',
  session: LintSession | undefined,
): Instruction {
  const stage = state?.stage;
  switch (base.kind) {
    case 'FROM':
      return toFrom(base, globalScope);
    case 'RUN': {
      const run = base as unknown as RunInstruction;
      const old = same as RunInstruction;
      run.stage = stage;
      run.mounts = old.mounts;
      run.shell = state?.shell ?? DEFAULT_SHELL;
      if (old.execArgs) run.execArgs = old.execArgs;
      run.form = old.form;
      const commandStart = (same as unknown as ModelRun).commandStart();
      const commandOffset = commandStart === undefined ? commandSpan(node, lines)?.offset ?? base.endOffset : base.offset + commandStart;
      scheduleScripts(run, commandOffset, text, lines, escape, session);
      return run;
    }
    case 'COPY':
    case 'ADD': {
      const copy = base as unknown as CopyInstruction;
      const old = same as CopyInstruction;
      copy.destination = old.destination;
      copy.sources = old.sources;
      placeCopy(copy, old.from, state, stages, globalScope);
      return copy;
    }
    case 'ARG':
      (base as unknown as ArgInstruction).declarations = (same as ArgInstruction).declarations;
      return base;
    case 'ENV':
    case 'LABEL':
      (base as unknown as EnvInstruction | LabelInstruction).pairs = (same as EnvInstruction | LabelInstruction).pairs;
      return base;
    case 'SHELL':
      (base as unknown as ShellInstruction).shellArgs = (same as ShellInstruction).shellArgs;
      return base;
    case 'WORKDIR':
      (base as unknown as WorkdirInstruction).path = (same as WorkdirInstruction).path;
      return base;
    default:
      return base;
  }
}

/**
 * `run.scripts`, parsed on first read: a lint whose rules never look at a RUN's shell (`--rule no-secret-arg`,
 * an ESLint config with the shell rules off) does not pay for parsing it. Whether the parser is ready is
 * decided now, as an eager parse would have.
 */
/** `lazyScripts` for a RUN whose `shell`, `execArgs` and heredocs are set: its command starts at `commandOffset`. */
function scheduleScripts(run: RunInstruction, commandOffset: number, text: string, lines: LineIndex, escape: '\\' | '`', session: LintSession | undefined): void {
  lazyScripts(run, {
    text, lines, escape,
    commandOffset,
    endOffset: run.endOffset,
    heredocs: run.heredocs,
    ...(run.execArgs ? { execArgs: run.execArgs } : {}),
    shell: run.shell,
    ...(session ? { session } : {}),
  });
}

/** What a COPY/ADD reads of the file around it: the stage its `--from` names, the WORKDIR, its resolved destination. */
function placeCopy(copy: CopyInstruction, from: string | undefined, state: StageState | undefined, stages: Stage[], globalScope: Map<string, VariableBinding>): void {
  if (from !== undefined) {
    copy.from = from;
    const fromStage = findStage(stages, from, state?.stage);
    if (fromStage) copy.fromStage = fromStage;
  }
  copy.workdir = state?.workdir ?? '/';
  if (copy.destination) {
    const destination = expandWith(copy.destination.value, state?.scope ?? globalScope);
    copy.resolvedDestination = joinPosix(copy.workdir, destination);
  }
}

function lazyScripts(run: RunInstruction, input: RunScriptInput): void {
  if (!isShellParserReady()) {
    run.scripts = [];
    return;
  }
  (run as unknown as ModelRun).parseLater(input);
}

function readDirectives(ast: ReturnType<typeof DockerfileParser.parse>, lines: LineIndex): ParserDirectives {
  const directives: ParserDirectives = { escape: ast.getEscapeCharacter() === '`' ? '`' : '\\', checkSkip: [] };
  for (const directive of ast.getDirectives()) {
    const name = directive.getName().toLowerCase();
    const value = directive.getValue();
    if (name === 'syntax') directives.syntax = value;
    if (name === 'check') directives.checkSkip = parseCheckSkip(value);
  }
  if (directives.checkSkip.length === 0) {
    // dockerfile-ast only reports directives it knows in some versions; read `# check=` ourselves too.
    // Line by line from the top: directives end at the first other line (no split of the whole file).
    for (let line = 1; line <= lines.lineCount; line++) {
      const match = /^\s*#\s*([a-zA-Z]+)\s*=\s*(.*?)\s*$/.exec(lines.lineText(line));
      if (!match) break;
      if (match[1]!.toLowerCase() === 'check') directives.checkSkip = parseCheckSkip(match[2]!);
    }
  }
  return directives;
}

function parseCheckSkip(value: string): string[] {
  for (const part of value.split(';')) {
    const [key, list] = part.split('=', 2);
    if (key?.trim().toLowerCase() === 'skip' && list) return list.split(',').map((name) => name.trim()).filter(Boolean);
  }
  return [];
}

type BaseInstruction = Instruction & { kind: InstructionKind };

/**
 * The fields every instruction has. `args`, the whitespace-separated words, is made on first read: most rules read
 * a RUN through its shell scripts, never its words, and a long RUN's words (each with a range) were a large share
 * of what a lint allocates. A getter on the class rather than one defined per object: a per-object accessor gave
 * every instruction a closure and a hidden class of its own.
 */
class ModelInstruction {
  readonly #source: AstInstruction;
  readonly #lines: LineIndex;
  #args: Word[] | undefined;
  /** Made on first read too: only fixes and a few reports use it. */
  #keywordRange: Range | undefined;
  stage: Stage | undefined = undefined;
  facts: InstructionFacts = ROOT_FACTS; // replaced once the stage's WORKDIR/USER are known

  constructor(
    source: AstInstruction,
    lines: LineIndex,
    public kind: InstructionKind,
    public keywordText: string,
    public index: number,
    public range: Range,
    keywordRange: Range | undefined,
    public text: string,
    public offset: number,
    public endOffset: number,
    public flags: Flag[],
    public heredocs: Heredoc[],
  ) {
    this.#source = source;
    this.#lines = lines;
    this.#keywordRange = keywordRange;
  }

  get keywordRange(): Range {
    return (this.#keywordRange ??= fromLspRange(this.#source.getInstructionRange()));
  }

  get args(): Word[] {
    return (this.#args ??= wordsOf(this.#source, this.#lines));
  }

  set args(value: Word[]) {
    this.#args = value;
  }

  /**
   * The previous model's instruction with this text at this place (see `BuildModelOptions.previous`) until this
   * one is converted: `takeSameAs` returns it once and forgets it, so no model keeps the one before it alive.
   */
  #sameAs: ModelInstruction | undefined;

  /** Made from `same` (same text, same place): its words too, if it made them (the same words, the same ranges). */
  madeFrom(same: ModelInstruction): void {
    this.#sameAs = same;
    this.#args ??= same.#args;
  }

  /** How many parses ago the node was made (model/reparse.ts carries nodes of unchanged instructions over). */
  #nodeAge = 0;

  sourceNode(): AstInstruction {
    return this.#source;
  }

  nodeAge(): number {
    return this.#nodeAge;
  }

  carriedOver(age: number): void {
    this.#nodeAge = age;
  }

  takeSameAs(): ModelInstruction | undefined {
    const same = this.#sameAs;
    this.#sameAs = undefined;
    return same;
  }
}

/** A RUN: `scripts` is parsed on first read (see {@link lazyScripts}). */
class ModelRun extends ModelInstruction {
  #script: RunScriptInput | undefined;
  #scripts: ShellScript[] | undefined;

  get scripts(): ShellScript[] {
    return (this.#scripts ??= this.#script ? parseRunScripts(this.#script) : []);
  }

  set scripts(value: ShellScript[]) {
    this.#scripts = value;
  }

  /** What `scripts` is parsed from, when it is first read. */
  parseLater(input: RunScriptInput): void {
    this.#script = input;
  }

  /** Where the command starts, from the start of the instruction (undefined when the shell parser was not ready). */
  commandStart(): number | undefined {
    return this.#script ? this.#script.commandOffset - this.offset : undefined;
  }
}

function baseOf(node: AstInstruction, index: number, lines: LineIndex, text: string, problems: ParseProblem[], unchangedSince?: PreviousInstructions): BaseInstruction {
  const range = fromLspRange(node.getRange());
  const offset = lines.offsetAt(range.start);
  const endOffset = lines.offsetAt(range.end);
  const same = unchangedSince?.at(range.start, text, offset, endOffset);
  if (same) {
    const Same = same.kind === 'RUN' ? ModelRun : ModelInstruction;
    // The text from this document (a slice of the previous one would keep that document alive).
    const base = new Same(node, lines, same.kind, same.keywordText, index, range, undefined, text.slice(offset, endOffset), offset, endOffset, same.flags, []);
    base.madeFrom(same);
    return base as unknown as BaseInstruction;
  }
  const keyword = node.getKeyword().toUpperCase();
  const kind: InstructionKind = KINDS.has(keyword as InstructionKind) ? (keyword as InstructionKind) : 'UNKNOWN';
  const keywordRange = kind === 'UNKNOWN' ? fromLspRange(node.getInstructionRange()) : undefined;
  if (keywordRange) problems.push({ message: `unknown instruction ${node.getInstruction()}`, range: keywordRange });
  const flags: Flag[] = 'getFlags' in node && typeof node.getFlags === 'function'
    ? (node.getFlags() as AstFlag[]).map((flag) => {
        const valueRange = flag.getValueRange();
        return {
          name: flag.getName().toLowerCase(),
          value: flag.getValue() ?? undefined,
          range: fromLspRange(flag.getRange()),
          ...(valueRange ? { valueRange: fromLspRange(valueRange) } : {}),
        };
      })
    : [];
  const heredocs = heredocsOf(node, offset, endOffset, lines, text, problems);
  const Kind = kind === 'RUN' ? ModelRun : ModelInstruction;
  const base = new Kind(node, lines, kind, node.getInstruction(), index, range, keywordRange, text.slice(offset, endOffset), offset, endOffset, flags, heredocs);
  return base as unknown as BaseInstruction;
}

/** The words after the flags, each with its range and its text as written. */
function wordsOf(node: AstInstruction, lines: LineIndex): Word[] {
  // A word made from the text (plain-words.ts) knows its offsets in the text it was made from: this text's, shifted
  // by where the instruction starts in each (a node carried over from an earlier parse of the document, reparse.ts,
  // or words reused through a session from another file with this instruction at this place, ast-memo.ts, have
  // another text). Its range is made here from them, not through an LSP range.
  const start = node.getRange().start;
  const here = lines.offsetAtLsp(start);
  return node.getArguments().map((argument) => {
    const plain: unknown = argument;
    if (plain instanceof PlainWord) {
      const shift = here - plain.offsetIn(start);
      const from = plain.start + shift;
      const to = plain.end + shift;
      return { value: plain.getValue(), raw: lines.text.slice(from, to), range: lines.rangeOf(from, to) };
    }
    const argRange = fromLspRange(argument.getRange());
    return { value: argument.getValue(), raw: lines.text.slice(lines.offsetAt(argRange.start), lines.offsetAt(argRange.end)), range: argRange };
  });
}

/**
 * dockerfile-ast's heredocs of an instruction: the words (after escapes) that start with `<<` open them, so an
 * instruction without such a word has none and its text is not scanned for bodies (it was, for every instruction).
 */
function heredocsOf(node: AstInstruction, offset: number, endOffset: number, lines: LineIndex, text: string, problems: ParseProblem[]): Heredoc[] {
  const getter = (node as unknown as { getHeredocs?: () => AstHeredoc[] }).getHeredocs;
  if (typeof getter !== 'function') return [];
  const lessThan = text.indexOf('<', offset);
  if (lessThan < 0 || lessThan >= endOffset || !node.getArguments().some((word) => word.getValue().startsWith('<<'))) return [];
  return getter.call(node).map((heredoc) => {
    const start = fromLspRange(heredoc.getStartRange());
    const opener = text.slice(lines.offsetAt(start.start), lines.offsetAt(start.end));
    const contentRange = heredoc.getContentRange();
    const delimiter = heredoc.getDelimiterRange();
    let bodyOffset: number;
    let bodyEnd: number;
    if (contentRange) {
      const body = fromLspRange(contentRange);
      bodyOffset = lines.offsetAt(body.start);
      bodyEnd = lines.offsetAt(body.end);
    } else {
      bodyOffset = lines.offsetAt({ line: start.end.line + 1, column: 1 });
      bodyEnd = bodyOffset;
    }
    if (!delimiter) problems.push({ message: `heredoc ${heredoc.getName()} is not terminated`, range: start });
    return {
      name: heredoc.getName(),
      stripTabs: /^<<-/.test(opener),
      quoted: /^<<-?\s*["']/.test(opener),
      body: { text: text.slice(bodyOffset, bodyEnd), offset: bodyOffset, endOffset: bodyEnd, range: lines.rangeOf(bodyOffset, bodyEnd) },
    };
  });
}

/** Offsets of the command: first word after the flags to the end of the last word (`getArgumentsRange()`, without its copies). */
function commandSpan(node: AstInstruction, lines: LineIndex): { offset: number; endOffset: number } | undefined {
  const words = node.getArguments();
  if (words.length === 0) return undefined;
  return { offset: lines.offsetAtLsp(words[0]!.getRange().start), endOffset: lines.offsetAtLsp(words[words.length - 1]!.getRange().end) };
}

/** Exec (JSON) form arguments, parsed with JSON.parse so escapes are exact. */
function execArgsOf(node: AstInstruction, base: BaseInstruction, command: { offset: number; endOffset: number } | undefined, lines: LineIndex, text: string): Word[] | undefined {
  const raw = command ? text.slice(command.offset, command.endOffset).trim() : '';
  if (!raw.startsWith('[') || !raw.endsWith(']') || base.heredocs.length > 0) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(raw.replace(/\\\r?\n/g, ''));
  } catch (error) {
    // `[ "a", b ]` is not valid JSON: Docker then runs the text in shell form.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) return undefined;
  const getJson = (node as unknown as { getJSONStrings?: () => { getRange(): Parameters<typeof fromLspRange>[0] }[] }).getJSONStrings;
  const ranges = typeof getJson === 'function' ? getJson.call(node).map((entry) => fromLspRange(entry.getRange())) : [];
  const fallback = fromLspRange(node.getArgumentsRange()!);
  return (values as string[]).map((value, i) => {
    const range = ranges[i] ?? fallback;
    return { value, raw: text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end)), range };
  });
}

function parseMount(flag: Flag): MountSpec {
  const options: Record<string, string> = {};
  for (const part of (flag.value ?? '').split(',')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    options[key] = eq < 0 ? 'true' : part.slice(eq + 1).trim();
  }
  const type = (options.type ?? 'bind').toLowerCase();
  const target = options.target ?? options.dst ?? options.destination;
  let id = options.id;
  if (type === 'secret' && id === undefined && target) id = target.split('/').filter(Boolean).pop();
  const mount: MountSpec = { type, options, range: flag.range };
  if (id !== undefined) mount.id = id;
  if (target !== undefined) mount.target = target;
  else if (type === 'secret' && id !== undefined && options.env === undefined) mount.target = `/run/secrets/${id}`;
  if (options.env !== undefined) mount.env = options.env;
  const source = options.source ?? options.src;
  if (source !== undefined) mount.source = source;
  if (options.from !== undefined) mount.from = options.from;
  if (options.required !== undefined) mount.required = options.required !== 'false';
  return mount;
}

function toFrom(base: BaseInstruction, globalScope: Map<string, VariableBinding>): FromInstruction {
  const from = base as unknown as FromInstruction;
  const words = base.args;
  const image = words[0];
  from.image = image?.value ?? '';
  if (image) from.imageRange = image.range;
  const as = words[1];
  const name = words[2];
  if (as && name && as.value.toLowerCase() === 'as') {
    from.stageName = name.value;
    from.stageNameRange = name.range;
  }
  const platform = base.flags.find((flag) => flag.name === 'platform');
  if (platform?.value) from.platform = platform.value;
  from.image = expandWith(from.image, globalScope);
  return from;
}

function newStage(from: FromInstruction, stages: Stage[]): Stage {
  const stage: Stage = {
    index: stages.length,
    from,
    baseImage: from.image,
    instructions: [],
    ships: false,
    copiesFrom: [],
    range: from.range,
  };
  if (from.stageName) stage.name = from.stageName;
  const baseStage = findStage(stages, from.image, undefined);
  if (baseStage) stage.baseStage = baseStage;
  from.stage = stage;
  return stage;
}

function findStage(stages: Stage[], reference: string, before: Stage | undefined): Stage | undefined {
  const limit = before ? before.index : stages.length;
  const lower = reference.toLowerCase();
  for (let i = limit - 1; i >= 0; i--) {
    if (stages[i]!.name?.toLowerCase() === lower) return stages[i];
  }
  if (/^\d+$/.test(reference)) {
    const index = Number(reference);
    if (index < limit) return stages[index];
  }
  return undefined;
}

function pickTarget(stages: Stage[], target: string | undefined): Stage | undefined {
  if (target) {
    const named = stages.find((stage) => stage.name?.toLowerCase() === target.toLowerCase());
    if (named) return named;
  }
  return stages[stages.length - 1];
}

function inheritedEnv(base: Map<string, VariableBinding> | undefined): Map<string, VariableBinding> {
  const scope = new Map<string, VariableBinding>();
  if (base) for (const [name, binding] of base) if (binding.kind === 'env') scope.set(name, binding);
  return scope;
}

/** Home directory: `ENV HOME` when absolute and resolved, else `/root` for root, else `/home/<user>` (`/` for a bare uid). */
function homeFor(user: string | undefined, scope: ReadonlyMap<string, VariableBinding>): string {
  const home = scope.get('HOME');
  if (home?.kind === 'env' && home.resolvedValue && home.resolvedValue.startsWith('/') && !home.resolvedValue.includes('$')) return home.resolvedValue;
  if (!user || user === 'root' || user === '0' || user.includes('$')) return '/root';
  return /^\d+$/.test(user) ? '/' : `/home/${user}`;
}

function expandWith(value: string, scope: ReadonlyMap<string, VariableBinding>): string {
  if (!value.includes('$')) return value; // without the lookup closure: most values have no variable
  return expandVariables(value, (name) => scope.get(name)?.resolvedValue);
}

/** Cuts every line longer than {@link MAX_LINE_LENGTH}; `cut` is the first one (1-based line), if any. */
function capLineLengths(text: string): { text: string; cut?: { line: number } } {
  if (text.length <= MAX_LINE_LENGTH) return { text };
  const parts: string[] = [];
  let from = 0;
  let start = 0;
  let line = 1;
  let cut: { line: number } | undefined;
  // Line breaks as the parsers see them: LF, CRLF and a lone CR.
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 10;
    if (code !== 10 && code !== 13) continue;
    if (i - start > MAX_LINE_LENGTH) {
      cut ??= { line };
      parts.push(text.slice(from, start + MAX_LINE_LENGTH));
      from = i;
    }
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
    line++;
  }
  if (!cut) return { text };
  parts.push(text.slice(from));
  return { text: parts.join(''), cut };
}

function applyToScope(
  instruction: Instruction,
  scope: Map<string, VariableBinding>,
  globalScope: Map<string, VariableBinding>,
  isGlobal: boolean,
  /** The bindings before this instruction (ENV values expand against them, not against each other). */
  before: ReadonlyMap<string, VariableBinding>,
): void {
  if (instruction.kind === 'ARG') {
    for (const declaration of instruction.declarations) {
      // An ARG without default inside a stage takes the global ARG's default.
      const inherited = !isGlobal && declaration.value === undefined ? globalScope.get(declaration.name) : undefined;
      const value = declaration.value ?? inherited?.value;
      // An ENV of the same name wins over the ARG.
      const existing = scope.get(declaration.name);
      if (existing?.kind === 'env' && !isGlobal) continue;
      scope.set(declaration.name, {
        name: declaration.name,
        kind: 'arg',
        value,
        resolvedValue: value === undefined ? undefined : expandWith(value, isGlobal ? globalScope : scope),
        references: value === undefined ? [] : referencedNames(declaration.rawValue ?? value),
        declaredAt: instruction,
        declaration,
      });
    }
  } else if (instruction.kind === 'ENV') {
    for (const pair of instruction.pairs) {
      scope.set(pair.name, {
        name: pair.name,
        kind: 'env',
        value: pair.value,
        resolvedValue: pair.value === undefined ? undefined : expandWith(pair.value, before),
        references: referencedNames(pair.rawValue ?? pair.value ?? ''),
        declaredAt: instruction,
        declaration: pair,
      });
    }
  }
}

function argDeclarations(words: Word[], lines: LineIndex): KeyValue[] {
  return words.map((word) => {
    const eq = word.raw.indexOf('=');
    const start = lines.offsetAt(word.range.start);
    if (eq < 0) {
      return { name: word.value, nameRange: word.range, value: undefined, rawValue: undefined, range: word.range };
    }
    const name = word.raw.slice(0, eq);
    const rawValue = word.raw.slice(eq + 1);
    const nameRange: Range = lines.rangeOf(start, start + eq);
    const valueRange: Range = lines.rangeOf(start + eq + 1, start + word.raw.length);
    const valueIndex = word.value.indexOf('=');
    const value = valueIndex < 0 ? '' : unquote(word.value.slice(valueIndex + 1));
    return { name, nameRange, value, rawValue, valueRange, range: word.range };
  });
}

/** `"x"` / `'x'` → `x` (dockerfile-ast keeps the quotes of ARG values). */
function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) return value.slice(1, -1);
  return value;
}

function propertiesOf(node: AstInstruction, lines: LineIndex, text: string): KeyValue[] {
  const getter = (node as unknown as { getProperties?: () => AstProperty[] }).getProperties;
  if (typeof getter !== 'function') return [];
  return withPlainPropertyValues(() => getter.call(node)).map((property) => {
    const valueLsp = property.getValueRange();
    const rawValue = valueLsp ? text.slice(lines.offsetAtLsp(valueLsp.start), lines.offsetAtLsp(valueLsp.end)) : undefined;
    return new PropertyPair(property, property.getName(), property.getValue() ?? undefined, rawValue);
  });
}

/**
 * An ENV or LABEL pair: its ranges are made on first read. The analysis reads names and values; ranges are read
 * for reports and fixes, and three of them (nine objects) per pair were most of what its conversion allocated.
 */
class PropertyPair implements KeyValue {
  readonly #source: AstProperty;
  #range: Range | undefined = undefined;
  #nameRange: Range | undefined = undefined;
  #valueRange: Range | undefined = undefined;

  constructor(source: AstProperty, readonly name: string, readonly value: string | undefined, readonly rawValue: string | undefined) {
    this.#source = source;
  }

  get range(): Range {
    return (this.#range ??= fromLspRange(this.#source.getRange()));
  }

  get nameRange(): Range {
    return (this.#nameRange ??= fromLspRange(this.#source.getNameRange()));
  }

  /** Undefined when the pair has no value (`ENV A`). */
  get valueRange(): Range | undefined {
    const lsp = this.#source.getValueRange();
    return lsp ? (this.#valueRange ??= fromLspRange(lsp)) : undefined;
  }
}
