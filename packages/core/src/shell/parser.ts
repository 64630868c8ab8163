/**
 * Shell analysis of RUN bodies with tree-sitter-bash (web-tree-sitter, WASM).
 *
 * `initShellParser()` loads the WASM grammar once (async); `parseShell()` is synchronous afterwards.
 *
 * Robustness guarantees:
 * - `parseShell` never throws on bad input: syntax errors set `hasErrors` and whatever parsed is returned.
 * - Input longer than {@link MAX_SHELL_SOURCE_LENGTH} UTF-16 units is cut at that length before parsing
 *   (the result has `hasErrors` and `truncated` set).
 * - At most {@link MAX_SHELL_COMMANDS} simple commands are collected; the walk stops there (`truncated`).
 * - Nesting deeper than {@link MAX_SHELL_NESTING} levels (`$( $( $( …`, `((((…))))`) is not descended
 *   into; the result has `hasErrors` and `truncated` set. `a && b && …` chains are flattened iteratively,
 *   so long chains do not count as nesting.
 * - The tree-sitter tree is always deleted after walking (WASM memory).
 *
 * Offsets: tree-sitter (web binding) reports UTF-16 code-unit indices, the same unit as JS strings, so
 * `toPosition` receives offsets into `source` directly.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';
import type { LintSession } from '../engine/session.js';
import type { Position, Range } from '../model/types.js';
import { copyTree, type SyntaxNode } from './syntax-tree.js';
import type { Assignment, Redirect, ShellScript, ShellWord, SimpleCommand, WordPart } from './types.js';

/**
 * Longest script text analysed (UTF-16 code units, 128 KiB). Longer input is cut and flagged `truncated`.
 * The longest RUN body of the 5.8k real Dockerfiles is 7 KB; a 1 MB line of `a; a; …` or `${${…` spent
 * 5–12 s in tree-sitter's error recovery and the walk, far over the per-file budget.
 */
export const MAX_SHELL_SOURCE_LENGTH = 128 * 1024;
/** Deepest syntactic nesting descended into (each `$(…)` level costs about two). */
export const MAX_SHELL_NESTING = 250;
/**
 * Most `|` characters analysed; the script is cut before the next one (and flagged `truncated`).
 * tree-sitter-bash's error recovery is quadratic in pipeline length: 10k stages of `a | ` with a dangling
 * `|` take 4 s, and 20k abort the WASM runtime. Real RUNs have a few dozen.
 */
export const MAX_SHELL_PIPES = 2000;
/** Most simple commands analysed per script (real RUNs: under 100); the walk stops there, flagged `truncated`. */
export const MAX_SHELL_COMMANDS = 10_000;

let initPromise: Promise<void> | undefined;
let parser: Parser | undefined;
let lastWasmFiles: ShellParserWasmFiles | undefined;

/**
 * Where the two WASM files are, for bundles (e.g. the VS Code extension's CJS server bundle) that have no
 * `node_modules` to resolve them from. Normal installs pass nothing.
 */
export interface ShellParserWasmFiles {
  /** web-tree-sitter's runtime, `web-tree-sitter.wasm`. */
  runtime: string;
  /** The grammar, `tree-sitter-bash.wasm`. */
  bash: string;
  /** The HCL grammar for bake files, `tree-sitter-hcl.wasm` (loaded only when a bake file is read). */
  hcl?: string;
}

/** The WASM files given to `initShellParser`, if any (bundles); other grammars are found next to them. */
export function configuredWasmFiles(): ShellParserWasmFiles | undefined {
  return lastWasmFiles;
}

/** Where the published package keeps both WASM files, relative to its bundled `dist/index.js` (scripts/pack.mjs). */
const SHIPPED_WASM_DIR = '../wasm/';

/** A WASM file the published package ships in `wasm/` (see `defaultWasmFiles`), or undefined in this repository. */
export function shippedWasmFile(name: string): string | undefined {
  const file = fileURLToPath(new URL(`${SHIPPED_WASM_DIR}${name}`, import.meta.url));
  return existsSync(file) ? file : undefined;
}

/**
 * The published @dockerlint/core is one bundled `dist/index.js` with both WASM files in `wasm/` and no
 * tree-sitter packages installed. In this repository (`dist/shell/parser.js`, unbundled) nothing is copied:
 * the files come from the web-tree-sitter and tree-sitter-bash development packages.
 */
function defaultWasmFiles(): { runtime: string | undefined; bash: string } {
  const shippedBash = shippedWasmFile('tree-sitter-bash.wasm');
  const shippedRuntime = shippedWasmFile('web-tree-sitter.wasm');
  if (shippedBash && shippedRuntime) return { runtime: shippedRuntime, bash: shippedBash };
  const require = createRequire(import.meta.url);
  let runtime: string | undefined;
  try {
    runtime = require.resolve('web-tree-sitter/web-tree-sitter.wasm');
  } catch (error) {
    // Not resolvable as a file of the package (MODULE_NOT_FOUND, or not exported): let web-tree-sitter find its own file.
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' && (error as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    runtime = undefined;
  }
  return { runtime, bash: require.resolve('tree-sitter-bash/tree-sitter-bash.wasm') };
}

/** Load the tree-sitter runtime and the bash grammar. Idempotent; concurrent calls share one promise. */
export function initShellParser(wasmFiles?: ShellParserWasmFiles): Promise<void> {
  if (wasmFiles) lastWasmFiles = wasmFiles;
  if (!initPromise) {
    initPromise = (async () => {
      if (wasmFiles) {
        const runtimePath = wasmFiles.runtime;
        await Parser.init({ locateFile: () => runtimePath });
        const p = new Parser();
        p.setLanguage(await Language.load(wasmFiles.bash));
        parser = p;
        return;
      }
      const { runtime, bash } = defaultWasmFiles();
      if (runtime) {
        await Parser.init({ locateFile: () => runtime });
      } else {
        await Parser.init();
      }
      const language = await Language.load(bash);
      const p = new Parser();
      p.setLanguage(language);
      parser = p;
    })();
    // A failed initialisation may be retried by a later call.
    initPromise.catch(() => {
      initPromise = undefined;
    });
  }
  return initPromise;
}

/**
 * A WASM abort (out of memory in the runtime) leaves the tree-sitter module unusable: every later parse would
 * throw, silently switching shell analysis off for the rest of the process (a whole CLI run, an editor
 * session). Drop the dead parser and load a fresh runtime; until it is ready RUNs get no shell analysis.
 */
function recoverFromAbort(): void {
  parser = undefined;
  initPromise = undefined;
  initShellParser(lastWasmFiles).catch(() => undefined);
}

/** Index of the `n`-th (1-based) occurrence of `ch`, or -1. */
function nthIndexOf(text: string, ch: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf(ch, at + 1);
    if (at === -1) return -1;
  }
  return at;
}

export function isShellParserReady(): boolean {
  return parser !== undefined;
}

type Mode = 'unquoted' | 'dquote' | 'heredoc';

interface Ctx {
  source: string;
  toPosition: (offset: number) => Position;
  commands: SimpleCommand[];
  assignments: Assignment[];
  subDepth: number;
  depth: number;
  truncated: boolean;
}

const STATEMENT_TYPES = new Set([
  'command',
  'declaration_command',
  'unset_command',
  'variable_assignment',
  'variable_assignments',
  'redirected_statement',
  'pipeline',
  'list',
  'negated_command',
  'test_command',
  'subshell',
  'compound_statement',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'do_group',
  'case_statement',
  'case_item',
  'function_definition',
  'program',
]);

const REDIRECT_TYPES = new Set(['file_redirect', 'herestring_redirect', 'heredoc_redirect']);

export interface ParseShellOptions {
  /**
   * A key that determines `toPosition` completely (the script's text as written and where it starts, e.g.
   * `p\\12:5\u0000npm ci`): with a session, an unchanged script at an unchanged place is handed out as the
   * very same object (shell analyses are never mutated after parsing, so sharing one between models is safe).
   */
  placement?: string;
  /** The caller's cross-lint cache; without one, every call parses. */
  session?: LintSession;
}

/**
 * Parse a shell script. Synchronous; call (and await) `initShellParser()` first.
 * @param source the script text; offsets in it must line up with the Dockerfile text
 * @param toPosition maps an offset in `source` to a Dockerfile position (1-based)
 * @throws Error only when the parser has not been initialised.
 */
export function parseShell(source: string, toPosition: (offset: number) => Position, options: ParseShellOptions = {}): ShellScript {
  if (!parser) {
    throw new Error('dockerlint shell parser is not initialised: await initShellParser() before parseShell()');
  }
  const { session, placement } = options;
  if (!session || source.length > SHELL_CACHE_MAX_SOURCE) return parseShellUncached(source, toPosition);
  if (placement !== undefined) {
    const placed = session.memo(SHELL_PLACED, placement, () => ({ source, script: parseShell(source, toPosition, { session }) }));
    // A stale placement key never hands out the analysis of another text.
    return placed.source === source ? placed.script : parseShell(source, toPosition, { session });
  }
  let firstSight = false;
  const kept = session.memo(SHELL_TEMPLATE, source, (): TemplateEntry => {
    firstSight = true;
    return {};
  });
  if (firstSight) return parseShellUncached(source, toPosition);
  kept.template ??= parseShellUncached(source, (offset) => new OffsetMark(offset) as unknown as Position);
  return instantiate(kept.template, toPosition);
}

// ---------------------------------------------------------------------------------------------------
// Reuse through the caller's session: the same RUN body is parsed once (templated Dockerfiles repeat their
// RUNs; an editor re-lints a document whose RUNs are mostly unchanged). The analysis only depends on the
// source text; positions go through `toPosition`, so the kept template holds offset marks and every caller
// gets a fresh copy with its own positions. Copies preserve object sharing, and nothing of the template is
// ever handed out. The template is made when a text is seen the second time: most texts are seen once (in a CLI
// run 83–85 % of them), and for those a template and its copy would cost twice the objects of one parse.

/** Scripts longer than this (UTF-16 units) are not kept. */
const SHELL_CACHE_MAX_SOURCE = 64 * 1024;
/** Session kinds: finished analyses by placement, and position-free templates by source text. */
export const SHELL_PLACED = 'shell-placed';
export const SHELL_TEMPLATE = 'shell-template';

/** A SHELL_TEMPLATE entry: empty while its text has been seen once. */
interface TemplateEntry {
  template?: ShellScript;
}

class OffsetMark {
  constructor(readonly offset: number) {}
}

/**
 * Copies a cached template for one caller, resolving its offset marks through `toPosition`. Typed rather than
 * generic: this runs for every cache hit, so it must not cost a parse. Commands and assignments are shared
 * between a script and its `$(…)` sub-scripts, commands link to each other through pipes, a `$(…)` part can
 * sit in two words (`export X="$(f)"`) and a group's redirect in each of its commands: copies keep that
 * sharing through the maps. Literal/variable parts are handed out as they are (never mutated); ranges are
 * never shared.
 */
class Copier {
  private readonly commands = new Map<SimpleCommand, SimpleCommand>();
  private readonly assignments = new Map<Assignment, Assignment>();
  private readonly scripts = new Map<ShellScript, ShellScript>();
  private readonly substitutions = new Map<WordPart, WordPart>();
  private readonly redirects = new Map<Redirect, Redirect>();
  private readonly words = new Map<ShellWord, ShellWord>();

  constructor(private readonly toPosition: (offset: number) => Position) {}

  position(mark: Position): Position {
    try {
      return this.toPosition((mark as unknown as OffsetMark).offset);
    } catch {
      return { line: 1, column: 1 }; // as safePos
    }
  }

  range(range: Range): Range {
    return { start: this.position(range.start), end: this.position(range.end) };
  }

  script(template: ShellScript): ShellScript {
    const known = this.scripts.get(template);
    if (known) return known;
    const copy: ShellScript = { source: template.source, commands: [], assignments: [], hasErrors: template.hasErrors, range: this.range(template.range) };
    if (template.truncated !== undefined) copy.truncated = template.truncated;
    this.scripts.set(template, copy);
    for (const command of template.commands) copy.commands.push(this.command(command));
    for (const assignment of template.assignments) copy.assignments.push(this.assignment(assignment));
    return copy;
  }

  command(template: SimpleCommand): SimpleCommand {
    const known = this.commands.get(template);
    if (known) return known;
    const copy: SimpleCommand = {
      args: [],
      assignments: [],
      redirects: [],
      range: this.range(template.range),
      text: template.text,
      substitutionDepth: template.substitutionDepth,
      index: template.index,
    };
    this.commands.set(template, copy);
    if (template.name) copy.name = this.word(template.name);
    for (const arg of template.args) copy.args.push(this.word(arg));
    for (const assignment of template.assignments) copy.assignments.push(this.assignment(assignment));
    for (const redirect of template.redirects) copy.redirects.push(this.redirect(redirect));
    if (template.pipeFrom) copy.pipeFrom = this.command(template.pipeFrom);
    if (template.pipeTo) copy.pipeTo = this.command(template.pipeTo);
    return copy;
  }

  assignment(template: Assignment): Assignment {
    const known = this.assignments.get(template);
    if (known) return known;
    const copy: Assignment = { name: template.name, value: undefined, exported: template.exported, range: this.range(template.range) };
    this.assignments.set(template, copy);
    if (template.value) copy.value = this.word(template.value);
    return copy;
  }

  redirect(template: Redirect): Redirect {
    const known = this.redirects.get(template);
    if (known) return known;
    const copy: Redirect = { operator: template.operator, range: this.range(template.range) };
    this.redirects.set(template, copy);
    if (template.fd !== undefined) copy.fd = template.fd;
    if (template.target) copy.target = this.word(template.target);
    if (template.heredocBody) copy.heredocBody = this.word(template.heredocBody);
    return copy;
  }

  /** `$(…)` parts: `export X="$(f)"` shares one between the assignment's value and the argument. */
  substitution(template: Extract<WordPart, { kind: 'command' }>): WordPart {
    let copy = this.substitutions.get(template);
    if (!copy) {
      copy = { kind: 'command', script: this.script(template.script), text: template.text };
      this.substitutions.set(template, copy);
    }
    return copy;
  }

  word(template: ShellWord): ShellWord {
    const known = this.words.get(template);
    if (known) return known;
    const parts = template.parts.map((part) => (part.kind === 'command' ? this.substitution(part) : part));
    const copy: ShellWord = { raw: template.raw, value: template.value, parts, isLiteral: template.isLiteral, range: this.range(template.range) };
    this.words.set(template, copy);
    return copy;
  }
}

function instantiate(template: ShellScript, toPosition: (offset: number) => Position): ShellScript {
  return new Copier(toPosition).script(template);
}

function parseShellUncached(source: string, toPosition: (offset: number) => Position): ShellScript {
  if (!parser) {
    throw new Error('dockerlint shell parser is not initialised: await initShellParser() before parseShell()');
  }
  let text = source;
  let truncated = false;
  if (text.length > MAX_SHELL_SOURCE_LENGTH) {
    text = text.slice(0, MAX_SHELL_SOURCE_LENGTH);
    truncated = true;
  }
  const pipeCut = nthIndexOf(text, '|', MAX_SHELL_PIPES + 1);
  if (pipeCut >= 0) {
    text = text.slice(0, pipeCut);
    truncated = true;
  }
  const ctx: Ctx = { source: text, toPosition, commands: [], assignments: [], subDepth: 0, depth: 0, truncated };
  const script: ShellScript = {
    source,
    commands: ctx.commands,
    assignments: ctx.assignments,
    hasErrors: truncated,
    range: safeRange(ctx, 0, source.length),
  };
  let tree: ReturnType<Parser['parse']> = null;
  try {
    tree = parser.parse(text);
    if (!tree) {
      script.hasErrors = true;
      return script;
    }
    if (tree.rootNode.hasError) script.hasErrors = true;
    walkStatement(copyTree(tree), ctx);
  } catch (error) {
    // The WebAssembly runtime aborted (out of memory on a pathological script), or the walk ran out of stack on
    // one: keep what was collected and mark the script. Anything else is a bug of ours and goes to the engine.
    if (!(error instanceof Error) || (error.name !== 'RuntimeError' && !(error instanceof RangeError))) throw error;
    script.hasErrors = true;
    if (error.name === 'RuntimeError') recoverFromAbort();
  } finally {
    try {
      tree?.delete();
    } catch {
      // the runtime aborted: the tree went with it
    }
  }
  if (ctx.truncated) {
    script.hasErrors = true;
    script.truncated = true;
  }
  return script;
}

// ---------------------------------------------------------------------------------------------------
// Ranges

function safePos(ctx: Ctx, offset: number): Position {
  try {
    return ctx.toPosition(offset);
  } catch {
    return { line: 1, column: 1 };
  }
}

function safeRange(ctx: Ctx, start: number, end: number): Range {
  return { start: safePos(ctx, start), end: safePos(ctx, end) };
}

function nodeRange(ctx: Ctx, node: SyntaxNode): Range {
  return safeRange(ctx, node.startIndex, node.endIndex);
}

function textOf(ctx: Ctx, node: SyntaxNode): string {
  return ctx.source.slice(node.startIndex, node.endIndex);
}

// ---------------------------------------------------------------------------------------------------
// Statements

function enter(ctx: Ctx): boolean {
  if (ctx.depth >= MAX_SHELL_NESTING || ctx.commands.length >= MAX_SHELL_COMMANDS) {
    ctx.truncated = true;
    return false;
  }
  ctx.depth++;
  return true;
}

function walkStatement(node: SyntaxNode, ctx: Ctx): void {
  if (!enter(ctx)) return;
  try {
    switch (node.type) {
      case 'command':
        walkCommand(node, ctx, []);
        break;
      case 'declaration_command':
      case 'unset_command':
        walkDeclaration(node, ctx, []);
        break;
      case 'variable_assignment':
      case 'variable_assignments':
        walkAssignmentStatement(node, ctx, []);
        break;
      case 'redirected_statement':
        walkRedirected(node, ctx);
        break;
      case 'pipeline':
        walkPipeline(namedKids(node), ctx);
        break;
      case 'list':
        for (const part of flattenList(node)) walkStatement(part, ctx);
        break;
      case 'test_command':
        walkTestCommand(node, ctx, []);
        break;
      case 'comment':
        break;
      default:
        walkGeneric(node, ctx);
    }
  } finally {
    ctx.depth--;
  }
}

/** Children of unknown or compound nodes: statements are walked, words are scanned for substitutions. */
function walkGeneric(node: SyntaxNode, ctx: Ctx): void {
  for (const child of node.namedChildren) {
    if (STATEMENT_TYPES.has(child.type) || child.type === 'ERROR') walkStatement(child, ctx);
    else if (child.type === 'comment') continue;
    else if (REDIRECT_TYPES.has(child.type)) buildRedirects(child, ctx, []);
    else if (child.type === 'heredoc_body') buildWord(child, ctx, 'heredoc');
    else scanForSubstitutions(child, ctx);
  }
}

/** Register the commands of every `$(…)`/backtick/process substitution below `node`. */
function scanForSubstitutions(node: SyntaxNode, ctx: Ctx): void {
  if (!enter(ctx)) return;
  try {
    if (node.type === 'command_substitution' || node.type === 'process_substitution') {
      buildSubstitutionScript(node, ctx);
      return;
    }
    for (const child of node.namedChildren) {
      if (STATEMENT_TYPES.has(child.type)) walkStatement(child, ctx);
      else scanForSubstitutions(child, ctx);
    }
  } finally {
    ctx.depth--;
  }
}

function namedKids(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c) => c.type !== 'comment');
}

/** `a && b || c` is left-nested in tree-sitter; flatten it without recursion. */
function flattenList(node: SyntaxNode): SyntaxNode[] {
  const rights: SyntaxNode[] = [];
  let cur: SyntaxNode = node;
  while (cur.type === 'list') {
    const kids = namedKids(cur);
    const first = kids[0];
    for (let i = kids.length - 1; i >= 1; i--) rights.push(kids[i]!);
    if (!first) return rights.reverse();
    cur = first;
  }
  rights.push(cur);
  return rights.reverse();
}

/** Commands added to ctx.commands since `from` at the current substitution depth. */
function sameLevel(ctx: Ctx, from: number): SimpleCommand[] {
  return ctx.commands.slice(from).filter((c) => c.substitutionDepth === ctx.subDepth);
}

/** `tail`: redirects written after the last stage (`a | b > f`), which bash applies to that stage only. */
function walkPipeline(stages: SyntaxNode[], ctx: Ctx, previous?: SimpleCommand, tail?: { redirects: Redirect[]; end: number }): void {
  let prev = previous;
  stages.forEach((stage, i) => {
    const from = ctx.commands.length;
    if (tail && i === stages.length - 1) walkRedirectTarget(stage, ctx, tail.redirects, tail.end);
    else walkStatement(stage, ctx);
    const added = sameLevel(ctx, from);
    const first = added[0];
    if (prev && first) {
      prev.pipeTo = first;
      first.pipeFrom = prev;
    }
    prev = added[added.length - 1] ?? prev;
  });
}

/**
 * Adds the simple command of the text [start, stop). One fixed object shape, no object spread: the walk makes
 * one per command of every RUN analysed.
 */
function pushCommand(
  ctx: Ctx,
  name: ShellWord | undefined,
  args: ShellWord[],
  assignments: Assignment[],
  redirects: Redirect[],
  start: number,
  stop: number,
): SimpleCommand {
  const command: SimpleCommand = {
    args,
    assignments,
    redirects,
    range: safeRange(ctx, start, stop),
    text: ctx.source.slice(start, stop),
    substitutionDepth: ctx.subDepth,
    index: ctx.commands.length,
  };
  if (name) command.name = name;
  ctx.commands.push(command);
  return command;
}

function walkCommand(node: SyntaxNode, ctx: Ctx, extraRedirects: Redirect[], end?: number): SimpleCommand {
  let name: ShellWord | undefined;
  const args: ShellWord[] = [];
  const assignments: Assignment[] = [];
  const redirects: Redirect[] = [];
  for (const child of node.namedChildren) {
    switch (child.type) {
      case 'variable_assignment':
        assignments.push(buildAssignment(child, ctx, false));
        break;
      case 'command_name':
        name = buildWord(child, ctx);
        break;
      case 'comment':
        break;
      default:
        if (REDIRECT_TYPES.has(child.type)) buildRedirects(child, ctx, redirects);
        else args.push(buildWord(child, ctx));
    }
  }
  redirects.push(...extraRedirects);
  const stop = Math.max(end ?? node.endIndex, node.endIndex);
  return pushCommand(ctx, name, args, assignments, redirects, node.startIndex, stop);
}

function walkDeclaration(node: SyntaxNode, ctx: Ctx, extraRedirects: Redirect[], end?: number): SimpleCommand {
  let name: ShellWord | undefined;
  const args: ShellWord[] = [];
  const assignments: Assignment[] = [];
  const redirects: Redirect[] = [];
  const first = node.child(0);
  if (first && !first.isNamed) name = literalWord(ctx, first.startIndex, first.endIndex, textOf(ctx, first));
  for (const child of node.namedChildren) {
    if (child.type === 'comment') continue;
    if (REDIRECT_TYPES.has(child.type)) {
      buildRedirects(child, ctx, redirects);
      continue;
    }
    if (child.type === 'variable_assignment') {
      const a = buildAssignment(child, ctx, true);
      assignments.push(a);
      ctx.assignments.push(a);
      args.push(assignmentWord(child, a, ctx));
    } else if (child.type === 'variable_name' && node.type === 'declaration_command') {
      const a: Assignment = { name: textOf(ctx, child), value: undefined, exported: true, range: nodeRange(ctx, child) };
      assignments.push(a);
      args.push(buildWord(child, ctx));
    } else {
      args.push(buildWord(child, ctx));
    }
  }
  redirects.push(...extraRedirects);
  const stop = Math.max(end ?? node.endIndex, node.endIndex);
  return pushCommand(ctx, name, args, assignments, redirects, node.startIndex, stop);
}

/** The whole `A=$(x)` argument as one word, reusing the already built value (no second walk). */
function assignmentWord(node: SyntaxNode, a: Assignment, ctx: Ctx): ShellWord {
  const raw = textOf(ctx, node);
  const v = a.value;
  const head = v && v.raw ? raw.slice(0, raw.length - v.raw.length) : raw;
  const parts: WordPart[] = [];
  pushLiteral(parts, unescape(head, 'unquoted'));
  for (const p of v?.parts ?? []) {
    if (p.kind === 'literal') pushLiteral(parts, p.text);
    else parts.push(p);
  }
  let value = '';
  for (const p of parts) value += p.text;
  return { raw, value, parts, isLiteral: parts.every((p) => p.kind === 'literal'), range: nodeRange(ctx, node) };
}

function walkAssignmentStatement(node: SyntaxNode, ctx: Ctx, extraRedirects: Redirect[], end?: number): void {
  const nodes = node.type === 'variable_assignments' ? namedKids(node) : [node];
  const assignments: Assignment[] = [];
  for (const n of nodes) {
    if (n.type !== 'variable_assignment') {
      scanForSubstitutions(n, ctx);
      continue;
    }
    const a = buildAssignment(n, ctx, false);
    assignments.push(a);
    ctx.assignments.push(a);
  }
  const stop = Math.max(end ?? node.endIndex, node.endIndex);
  pushCommand(ctx, undefined, [], assignments, extraRedirects, node.startIndex, stop);
}

const TEST_EXPRESSION_TYPES = new Set([
  'unary_expression',
  'binary_expression',
  'parenthesized_expression',
  'negated_expression',
  'ternary_expression',
  'postfix_expression',
]);

function walkTestCommand(node: SyntaxNode, ctx: Ctx, extraRedirects: Redirect[], end?: number): void {
  const args: ShellWord[] = [];
  let name: ShellWord | undefined;
  const flatten = (n: SyntaxNode): void => {
    for (const child of n.children) {
      if (TEST_EXPRESSION_TYPES.has(child.type)) {
        if (!enter(ctx)) continue;
        try {
          flatten(child);
        } finally {
          ctx.depth--;
        }
      } else if (child.type !== 'comment') {
        args.push(buildWord(child, ctx));
      }
    }
  };
  const kids = node.children.filter((c) => c.type !== 'comment');
  kids.forEach((child, i) => {
    if (i === 0 && !child.isNamed) {
      name = literalWord(ctx, child.startIndex, child.endIndex, textOf(ctx, child));
    } else if (i === kids.length - 1 && !child.isNamed && child.type !== ']') {
      // `]]` closes the keyword; `]` is a real argument of the `[` command.
    } else if (TEST_EXPRESSION_TYPES.has(child.type)) {
      flatten(child);
    } else {
      args.push(buildWord(child, ctx));
    }
  });
  const stop = Math.max(end ?? node.endIndex, node.endIndex);
  pushCommand(ctx, name, args, [], extraRedirects, node.startIndex, stop);
}

/**
 * `cmd > f`, `{ …; } > f`, `a && b > f`, `cat <<EOF | x && y`. See {@link walkRedirectTarget} for which
 * commands get the redirects.
 */
function walkRedirected(node: SyntaxNode, ctx: Ctx): void {
  const body = node.childForFieldName('body') ?? namedKids(node).find((c) => !REDIRECT_TYPES.has(c.type));
  const redirects: Redirect[] = [];
  const trailing: Array<{ op: string; node: SyntaxNode }> = [];
  let end = body ? body.endIndex : node.startIndex;
  for (const child of node.namedChildren) {
    if (child === body) continue;
    if (REDIRECT_TYPES.has(child.type)) {
      const ownEnd = buildRedirects(child, ctx, redirects, trailing);
      end = Math.max(end, ownEnd);
    } else if (child.type !== 'comment') {
      trailing.push({ op: ';', node: child });
    }
  }
  let cmd: SimpleCommand | undefined;
  if (!body) {
    cmd = pushCommand(ctx, undefined, [], [], redirects, node.startIndex, end);
  } else {
    cmd = walkRedirectTarget(body, ctx, redirects, end);
  }
  // Statements that tree-sitter nests inside a heredoc redirect (`cat <<EOF | a && b`).
  for (const t of trailing) {
    if (t.op === '|' || t.op === '|&') {
      walkPipeline([t.node], ctx, cmd);
    } else if (t.node.type === 'pipeline' && ctx.source.slice(t.node.startIndex).trimStart().startsWith('|')) {
      walkPipeline(namedKids(t.node), ctx, cmd);
    } else {
      walkStatement(t.node, ctx);
    }
  }
}

/**
 * Walk the body of a `redirected_statement` and give its redirects to the command(s) bash applies them to.
 * tree-sitter-bash wraps a whole `&&`/`||` list or pipeline in the redirected statement when the redirect
 * follows its last command (`a && b > f`, `a | b > f`), but bash binds the redirect to that last command
 * only; a compound command (`{ a; b; } > f`, `( … ) > f`, loops, `if`) shares it with every command inside.
 * Returns the last command added at the current substitution depth.
 */
function walkRedirectTarget(body: SyntaxNode, ctx: Ctx, redirects: Redirect[], end: number): SimpleCommand | undefined {
  switch (body.type) {
    case 'command':
      return walkCommand(body, ctx, redirects, end);
    case 'declaration_command':
    case 'unset_command':
      return walkDeclaration(body, ctx, redirects, end);
    case 'variable_assignment':
    case 'variable_assignments':
      walkAssignmentStatement(body, ctx, redirects, end);
      return ctx.commands[ctx.commands.length - 1];
    case 'test_command':
      walkTestCommand(body, ctx, redirects, end);
      return ctx.commands[ctx.commands.length - 1];
  }
  if (!enter(ctx)) return undefined;
  const from = ctx.commands.length;
  try {
    if (body.type === 'list') {
      const parts = flattenList(body);
      const last = parts.pop();
      for (const part of parts) walkStatement(part, ctx);
      if (last) walkRedirectTarget(last, ctx, redirects, end);
    } else if (body.type === 'pipeline') {
      walkPipeline(namedKids(body), ctx, undefined, { redirects, end });
    } else if (body.type === 'negated_command') {
      const kids = namedKids(body);
      const last = kids.pop();
      for (const kid of kids) walkStatement(kid, ctx);
      if (last) walkRedirectTarget(last, ctx, redirects, end);
    } else {
      walkStatement(body, ctx);
      for (const c of sameLevel(ctx, from)) c.redirects.push(...redirects);
    }
  } finally {
    ctx.depth--;
  }
  const added = sameLevel(ctx, from);
  return added[added.length - 1];
}

function buildRedirects(
  node: SyntaxNode,
  ctx: Ctx,
  out: Redirect[],
  trailing?: Array<{ op: string; node: SyntaxNode }>,
): number {
  if (node.type === 'heredoc_redirect') return buildHeredocRedirect(node, ctx, out, trailing);
  let fd: number | undefined;
  let operator = '';
  let target: ShellWord | undefined;
  for (const child of node.children) {
    if (child.type === 'file_descriptor') fd = Number(textOf(ctx, child));
    else if (!child.isNamed) {
      if (!operator) operator = textOf(ctx, child);
    } else if (!target && child.type !== 'comment') target = buildWord(child, ctx);
    else if (child.type !== 'comment') scanForSubstitutions(child, ctx);
  }
  if (node.type === 'herestring_redirect' && !operator) operator = '<<<';
  const redirect: Redirect = { operator, range: nodeRange(ctx, node) };
  if (fd !== undefined && Number.isFinite(fd)) redirect.fd = fd;
  if (target) redirect.target = target;
  out.push(redirect);
  return node.endIndex;
}

function buildHeredocRedirect(
  node: SyntaxNode,
  ctx: Ctx,
  out: Redirect[],
  trailing?: Array<{ op: string; node: SyntaxNode }>,
): number {
  let operator = '<<';
  let fd: number | undefined;
  let delimiter = '';
  let delimiterEnd = node.startIndex;
  let pendingOp: string | undefined;
  let body: SyntaxNode | undefined;
  const own: Redirect[] = [];
  let ownEnd = node.startIndex;
  for (const child of node.children) {
    const t = child.type;
    if (t === 'file_descriptor') fd = Number(textOf(ctx, child));
    else if (t === '<<' || t === '<<-') {
      operator = t;
      ownEnd = Math.max(ownEnd, child.endIndex);
    } else if (t === 'heredoc_start') {
      delimiter = textOf(ctx, child);
      delimiterEnd = child.endIndex;
      ownEnd = Math.max(ownEnd, child.endIndex);
    } else if (t === 'heredoc_body') body = child;
    else if (t === 'heredoc_end' || t === 'comment') continue;
    else if (t === 'file_redirect' || t === 'herestring_redirect') {
      buildRedirects(child, ctx, own);
      ownEnd = Math.max(ownEnd, child.endIndex);
    } else if (!child.isNamed) {
      pendingOp = t;
    } else if (trailing) {
      trailing.push({ op: pendingOp ?? (t === 'pipeline' ? '|' : ';'), node: child });
      pendingOp = undefined;
    } else {
      walkStatement(child, ctx);
    }
  }
  const quoted = /['"\\]/.test(delimiter);
  let heredocBody: ShellWord | undefined;
  if (body) {
    heredocBody = quoted
      ? literalWord(ctx, body.startIndex, body.endIndex, textOf(ctx, body))
      : buildWord(body, ctx, 'heredoc');
    if (operator === '<<-') {
      heredocBody = { ...heredocBody, value: heredocBody.value.replace(/^\t+/gm, '') };
    }
  }
  const redirect: Redirect = { operator, range: safeRange(ctx, node.startIndex, Math.max(delimiterEnd, node.startIndex)) };
  if (fd !== undefined && Number.isFinite(fd)) redirect.fd = fd;
  if (heredocBody) redirect.heredocBody = heredocBody;
  out.push(redirect);
  out.push(...own);
  return ownEnd;
}

function buildAssignment(node: SyntaxNode, ctx: Ctx, exported: boolean): Assignment {
  const nameNode = node.childForFieldName('name') ?? node.namedChild(0);
  let name = nameNode ? textOf(ctx, nameNode) : '';
  const br = name.indexOf('[');
  if (br > 0) name = name.slice(0, br);
  const valueNode = node.childForFieldName('value');
  let value: ShellWord | undefined;
  if (valueNode) value = buildWord(valueNode, ctx);
  else value = literalWord(ctx, node.endIndex, node.endIndex, '');
  if (valueNode) {
    // Any further named children (rare error shapes) may hold substitutions.
    for (const c of node.namedChildren) {
      if (c !== valueNode && c !== nameNode) scanForSubstitutions(c, ctx);
    }
  }
  return { name, value, exported, range: nodeRange(ctx, node) };
}

// ---------------------------------------------------------------------------------------------------
// Words

function literalWord(ctx: Ctx, start: number, end: number, value: string): ShellWord {
  return {
    raw: ctx.source.slice(start, end),
    value,
    parts: value ? [{ kind: 'literal', text: value }] : [],
    isLiteral: true,
    range: safeRange(ctx, start, end),
  };
}

function buildWord(node: SyntaxNode, ctx: Ctx, mode: Mode = 'unquoted'): ShellWord {
  const parts: WordPart[] = [];
  collectParts(node, ctx, mode, parts);
  let value = '';
  for (const p of parts) value += p.text;
  return {
    raw: textOf(ctx, node),
    value,
    parts,
    isLiteral: parts.every((p) => p.kind === 'literal'),
    range: nodeRange(ctx, node),
  };
}

function pushLiteral(parts: WordPart[], text: string): void {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === 'literal') last.text += text;
  else parts.push({ kind: 'literal', text });
}

function collectParts(node: SyntaxNode, ctx: Ctx, mode: Mode, parts: WordPart[]): void {
  if (!enter(ctx)) {
    pushLiteral(parts, textOf(ctx, node));
    return;
  }
  try {
    const raw = textOf(ctx, node);
    switch (node.type) {
      case 'raw_string':
        if (mode === 'unquoted') pushLiteral(parts, raw.length >= 2 && raw.endsWith("'") ? raw.slice(1, -1) : raw.slice(1));
        else pushLiteral(parts, raw);
        return;
      case 'ansi_c_string':
        if (mode === 'unquoted') pushLiteral(parts, resolveAnsiC(raw.slice(2, raw.endsWith("'") && raw.length >= 3 ? -1 : undefined)));
        else pushLiteral(parts, raw);
        return;
      case 'string':
      case 'translated_string': {
        const open = raw.startsWith('$"') ? 2 : 1;
        const close = raw.length > open && raw.endsWith('"') ? 1 : 0;
        fillChildren(node, ctx, 'dquote', parts, node.startIndex + open, node.endIndex - close);
        return;
      }
      case 'simple_expansion':
      case 'expansion':
        parts.push(variablePart(raw));
        // `${A:-$(cat f)}`: the operand's substitutions still run.
        for (const c of node.namedChildren) scanForSubstitutions(c, ctx);
        return;
      case 'arithmetic_expansion':
        parts.push({ kind: 'variable', name: '', operator: '$((', operand: raw.slice(3, -2), text: raw });
        for (const c of node.namedChildren) scanForSubstitutions(c, ctx);
        return;
      case 'command_substitution':
      case 'process_substitution':
        parts.push({ kind: 'command', script: buildSubstitutionScript(node, ctx), text: raw });
        return;
      case 'heredoc_body':
        fillChildren(node, ctx, 'heredoc', parts, node.startIndex, node.endIndex);
        return;
      default:
        if (node.childCount === 0 || node.type === 'word' || node.type === 'string_content' || node.type === 'heredoc_content') {
          pushLiteral(parts, unescape(raw, mode));
          return;
        }
        fillChildren(node, ctx, mode, parts, node.startIndex, node.endIndex);
    }
  } finally {
    ctx.depth--;
  }
}

/** Walk the children of `node` between [start, end), text between children counting as literal. */
function fillChildren(node: SyntaxNode, ctx: Ctx, mode: Mode, parts: WordPart[], start: number, end: number): void {
  let pos = start;
  for (const child of node.children) {
    if (child.endIndex <= start || child.startIndex >= end) continue;
    if (child.startIndex > pos) pushLiteral(parts, unescape(ctx.source.slice(pos, child.startIndex), mode));
    const s = Math.max(child.startIndex, pos);
    if (child.isNamed) collectParts(child, ctx, mode, parts);
    else pushLiteral(parts, unescape(ctx.source.slice(s, Math.min(child.endIndex, end)), mode));
    pos = Math.max(pos, Math.min(child.endIndex, end));
  }
  if (pos < end) pushLiteral(parts, unescape(ctx.source.slice(pos, end), mode));
}

function buildSubstitutionScript(node: SyntaxNode, ctx: Ctx): ShellScript {
  const from = ctx.commands.length;
  const fromAssign = ctx.assignments.length;
  ctx.subDepth++;
  try {
    walkGeneric(node, ctx);
  } finally {
    ctx.subDepth--;
  }
  return {
    source: textOf(ctx, node),
    commands: ctx.commands.slice(from),
    assignments: ctx.assignments.slice(fromAssign),
    hasErrors: node.hasError,
    range: nodeRange(ctx, node),
  };
}

const PARAM_RE = /^(#|!)?([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(\[[^\]]*\])?([\s\S]*)$/;
const OPERATOR_RE = /^(:[-=?+]|[-=?+]|##|#|%%|%|\/\/|\/#|\/%|\/|\^\^|\^|,,|,|@|:)/;

/** Parse `$X`, `${X}`, `${X:-d}`, `${#X}`, `${!X}`, `${X[0]%%.*}` from its written text. */
export function variablePart(raw: string): Extract<WordPart, { kind: 'variable' }> {
  let inner: string;
  if (raw.startsWith('${')) inner = raw.slice(2, raw.endsWith('}') ? -1 : undefined);
  else inner = raw.slice(1);
  const m = PARAM_RE.exec(inner);
  if (!m) return { kind: 'variable', name: inner, text: raw };
  const prefix = m[1];
  const name = m[2]!;
  const rest = m[4] ?? '';
  if (!raw.startsWith('${')) {
    return { kind: 'variable', name, text: raw };
  }
  if (prefix && !rest) return { kind: 'variable', name, operator: prefix, text: raw };
  const op = OPERATOR_RE.exec(rest);
  if (op) return { kind: 'variable', name, operator: op[1]!, operand: rest.slice(op[1]!.length), text: raw };
  if (rest) return { kind: 'variable', name, operand: rest, text: raw };
  return { kind: 'variable', name, text: raw };
}

/** Resolve backslash escapes as the shell does in the given quoting context. */
function unescape(text: string, mode: Mode): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[i + 1]!;
    if (next === '\n') {
      i++;
      continue;
    }
    if (next === '\r' && text[i + 2] === '\n') {
      i += 2;
      continue;
    }
    if (mode === 'unquoted') {
      out += next;
      i++;
    } else if (next === '$' || next === '`' || next === '\\' || (mode === 'dquote' && next === '"')) {
      out += next;
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

const ANSI_SIMPLE: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** Resolve `$'…'` escapes (content between the quotes). */
export function resolveAnsiC(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const n = text[i + 1]!;
    const simple = ANSI_SIMPLE[n];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    const rest = text.slice(i + 1);
    if ((m = /^[0-7]{1,3}/.exec(rest))) {
      out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
      i += m[0].length;
    } else if ((m = /^x([0-9a-fA-F]{1,2})/.exec(rest))) {
      out += String.fromCharCode(parseInt(m[1]!, 16));
      i += m[0].length;
    } else if ((m = /^u([0-9a-fA-F]{1,4})/.exec(rest)) || (m = /^U([0-9a-fA-F]{1,8})/.exec(rest))) {
      const cp = parseInt(m[1]!, 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      i += m[0].length;
    } else if ((m = /^c(.)/.exec(rest))) {
      out += String.fromCharCode(m[1]!.charCodeAt(0) & 0x1f);
      i += m[0].length;
    } else {
      out += ch;
    }
  }
  return out;
}
