/**
 * The ESLint language `dockerlint/dockerfile` (ESLint ≥ 9.7 `languages` API): parse with the core engine, expose a
 * small AST (Dockerfile → Instruction, comments aside), and ESLint's `# eslint-…` directive comments.
 */
import type { File, FileProblem, Language, OkParseResult, ParseResult, RulesConfig, SourceLocation } from '@eslint/core';
import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import type { DockerfileModel, Range, RuleOptions } from '@dockerlint/core';
import { lintPortable, PARSE_ERROR_ID, type DockerfileLanguageOptions, type PortableFinding } from './findings.js';

export interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

export interface InstructionNode {
  type: 'Instruction';
  /** Upper-case keyword (`UNKNOWN` for unrecognised ones). */
  kind: string;
  /** The keyword as written. */
  keyword: string;
  loc: Loc;
  range: [number, number];
}

export interface CommentNode {
  type: 'Comment';
  /** Text after the `#`. */
  value: string;
  loc: Loc;
  range: [number, number];
}

export interface DockerfileNode {
  type: 'Dockerfile';
  body: InstructionNode[];
  comments: CommentNode[];
  loc: Loc;
  range: [number, number];
}

export type DockerfileSyntaxElement = DockerfileNode | InstructionNode | CommentNode;

export const visitorKeys: Record<string, string[]> = { Dockerfile: ['body'], Instruction: [], Comment: [] };

/** Per-file engine state, created once by `parse()` and shared by every rule through the SourceCode. */
export interface DockerfileState {
  text: string;
  filePath: string;
  options: DockerfileLanguageOptions;
  /** All rules with their default options. */
  findings: PortableFinding[];
  /** Per rule and options (JSON) when a rule is configured with options. */
  byOptions: Map<string, PortableFinding[]>;
}

const stateOf = new WeakMap<DockerfileNode, DockerfileState>();

function locOf(range: Range): Loc {
  return { start: { ...range.start }, end: { ...range.end } };
}

export function buildAst(model: DockerfileModel): DockerfileNode {
  const span = (range: Range): { loc: Loc; range: [number, number] } => ({
    loc: locOf(range),
    range: [model.offsetAt(range.start), model.offsetAt(range.end)],
  });
  const instructions = model.instructions;
  const body: InstructionNode[] = instructions.map((instruction) => ({
    type: 'Instruction',
    kind: instruction.kind,
    keyword: instruction.keywordText,
    ...span(instruction.range),
  }));
  // Only whole-line comments are comments: a `#` line inside a continued instruction belongs to the shell.
  const comments: CommentNode[] = model.comments
    .filter((comment) => !instructions.some((i) => i.range.start.line < comment.line && comment.line <= i.range.end.line))
    .map((comment) => {
      const { loc, range } = span(comment.range);
      const raw = model.text.slice(range[0], range[1]);
      return { type: 'Comment', value: raw.replace(/^\s*#/, ''), loc, range };
    });
  const end = model.positionAt(model.text.length);
  // The root spans the whole text (TextSourceCodeBase reads its loc for index ↔ position conversion).
  return { type: 'Dockerfile', body, comments, range: [0, model.text.length], loc: { start: { line: 1, column: 1 }, end } };
}

const commentParser = new ConfigCommentParser();
const INLINE_CONFIG = /^\s*eslint(?:-enable|-disable(?:(?:-next)?-line)?)?(?:\s|$)/u;

export class DockerfileSourceCode extends TextSourceCodeBase<{
  LangOptions: DockerfileLanguageOptions;
  RootNode: DockerfileNode;
  SyntaxElementWithLoc: DockerfileSyntaxElement;
  ConfigNode: CommentNode;
}> {
  declare ast: DockerfileNode;
  readonly comments: CommentNode[];
  readonly #parents = new WeakMap<object, DockerfileSyntaxElement>();
  #steps: VisitNodeStep[] | undefined;
  #inline: CommentNode[] | undefined;
  readonly #state: DockerfileState | undefined;

  constructor({ text, ast }: { text: string; ast: DockerfileNode }) {
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.ast = ast;
    this.comments = ast.comments;
    this.#state = stateOf.get(ast);
    for (const node of ast.body) this.#parents.set(node, ast);
  }

  /**
   * The engine's findings for one rule. Without options they come from the one all-rules run made at parse time;
   * a rule configured with options gets its own engine run (same build context), cached per options.
   */
  dockerlintFindings(ruleId: string, options: RuleOptions | undefined): PortableFinding[] {
    const state = this.#state;
    if (!state) return [];
    if (!options || Object.keys(options).length === 0) return state.findings.filter((finding) => finding.ruleId === ruleId);
    const key = `${ruleId}\u0000${JSON.stringify(options)}`;
    let findings = state.byOptions.get(key);
    if (!findings) {
      const result = lintPortable({
        text: state.text,
        filePath: state.filePath,
        options: state.options,
        only: { ruleId, options },
      });
      findings = result.findings.filter((finding) => finding.ruleId === ruleId);
      state.byOptions.set(key, findings);
    }
    return findings;
  }

  override getParent(node: DockerfileSyntaxElement): DockerfileSyntaxElement | undefined {
    return this.#parents.get(node);
  }

  getInlineConfigNodes(): CommentNode[] {
    return (this.#inline ??= this.comments.filter((comment) => INLINE_CONFIG.test(comment.value)));
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const problems: FileProblem[] = [];
    const directives: Directive[] = [];
    // Block disables still open (rule ids, '*' = all), to know whether a next-line directive needs its own span.
    const open = new Set<string>();
    const idsOf = (value: string): string[] => {
      const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
      return ids.length > 0 ? ids : ['*'];
    };
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed) continue;
      const { label, value, justification } = parsed;
      switch (label) {
        case 'eslint-disable-line':
          problems.push({
            ruleId: null,
            message: "'eslint-disable-line' has no effect in a Dockerfile ('#' only starts a comment at the start of a line); use '# eslint-disable-next-line' on the line above.",
            loc: comment.loc as SourceLocation,
          });
          break;
        case 'eslint-disable-next-line': {
          // ESLint covers one physical line; a Dockerfile instruction can continue over several (`\`, heredocs).
          const next = this.ast.body.find((instruction) => instruction.loc.start.line > comment.loc.end.line);
          const ids = idsOf(value);
          const alreadyOff = open.has('*') || ids.every((id) => open.has(id));
          if (next && !alreadyOff && next.loc.start.line === comment.loc.end.line + 1 && next.loc.end.line > next.loc.start.line) {
            const end = { line: next.loc.end.line, column: next.loc.end.column };
            directives.push(new Directive({ type: 'disable', node: comment, value, justification }));
            directives.push(
              new Directive({
                type: 'enable',
                node: { type: 'Comment', value: '', loc: { start: end, end }, range: [next.range[1], next.range[1]] },
                value,
                justification,
              }),
            );
          } else {
            directives.push(new Directive({ type: 'disable-next-line', node: comment, value, justification }));
          }
          break;
        }
        case 'eslint-disable':
          for (const id of idsOf(value)) open.add(id);
          directives.push(new Directive({ type: 'disable', node: comment, value, justification }));
          break;
        case 'eslint-enable':
          if (value.trim() === '') open.clear();
          else for (const id of idsOf(value)) open.delete(id);
          directives.push(new Directive({ type: 'enable', node: comment, value, justification }));
          break;
        default:
          break;
      }
    }
    return { problems, directives };
  }

  applyInlineConfig(): { configs: { config: { rules: RulesConfig }; loc: SourceLocation }[]; problems: FileProblem[] } {
    const configs: { config: { rules: RulesConfig }; loc: SourceLocation }[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed || parsed.label !== 'eslint') continue;
      const result = commentParser.parseJSONLikeConfig(parsed.value);
      if (result.ok) configs.push({ config: { rules: result.config }, loc: comment.loc as SourceLocation });
      else problems.push({ ruleId: null, message: result.error.message, loc: comment.loc as SourceLocation });
    }
    return { configs, problems };
  }

  override traverse(): Iterable<VisitNodeStep> {
    if (!this.#steps) {
      const steps: VisitNodeStep[] = [];
      steps.push(new VisitNodeStep({ target: this.ast, phase: 1, args: [this.ast] }));
      for (const node of this.ast.body) {
        steps.push(new VisitNodeStep({ target: node, phase: 1, args: [node, this.ast] }));
        steps.push(new VisitNodeStep({ target: node, phase: 2, args: [node, this.ast] }));
      }
      steps.push(new VisitNodeStep({ target: this.ast, phase: 2, args: [this.ast] }));
      this.#steps = steps;
    }
    return this.#steps.values();
  }
}

function validateOptions(options: DockerfileLanguageOptions): void {
  if (options.context !== undefined && typeof options.context !== 'string') {
    throw new TypeError('languageOptions.context: expected a directory path (string)');
  }
  if (options.target !== undefined && typeof options.target !== 'string') {
    throw new TypeError('languageOptions.target: expected a stage name (string)');
  }
  const allowlist = options.allowlist;
  if (allowlist !== undefined) {
    if (typeof allowlist !== 'object' || allowlist === null) throw new TypeError('languageOptions.allowlist: expected { names?, values? }');
    for (const key of ['names', 'values'] as const) {
      const list = allowlist[key];
      if (list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))) {
        throw new TypeError(`languageOptions.allowlist.${key}: expected an array of strings`);
      }
    }
    for (const source of allowlist.values ?? []) {
      try {
        new RegExp(source);
      } catch {
        throw new TypeError(`languageOptions.allowlist.values: invalid regular expression ${JSON.stringify(source)}`);
      }
    }
  }
}

export class DockerfileLanguage
  implements Language<{ LangOptions: DockerfileLanguageOptions; Code: DockerfileSourceCode; RootNode: DockerfileNode; Node: DockerfileSyntaxElement }>
{
  readonly fileType = 'text' as const;
  readonly lineStart = 1 as const;
  readonly columnStart = 1 as const;
  readonly nodeTypeKey = 'type';
  readonly visitorKeys = visitorKeys;
  readonly defaultLanguageOptions: DockerfileLanguageOptions = {};

  /** Unknown keys are ignored (ESLint's guidance for languages); known ones are type-checked. */
  validateLanguageOptions(options: DockerfileLanguageOptions): void {
    validateOptions(options ?? {});
  }

  parse(file: File, context: { languageOptions: DockerfileLanguageOptions }): ParseResult<DockerfileNode> {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    const options = context?.languageOptions ?? {};
    const filePath = file.physicalPath || file.path;
    const result = lintPortable({ text, filePath, options });
    if (result.fatal || !result.model) {
      const fatal = result.fatal ?? { message: 'could not parse', line: 1, column: 1 };
      return { ok: false, errors: [{ message: fatal.message, line: fatal.line, column: fatal.column }] };
    }
    const ast = buildAst(result.model);
    stateOf.set(ast, { text, filePath, options, findings: result.findings, byOptions: new Map() });
    return { ok: true, ast };
  }

  createSourceCode(file: File, input: OkParseResult<DockerfileNode>): DockerfileSourceCode {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return new DockerfileSourceCode({ text, ast: input.ast });
  }
}

export { PARSE_ERROR_ID };
