/**
 * ESLint 8 parser (`parseForESLint`) for Dockerfiles. The AST follows ESTree conventions (a `Program` root,
 * 1-based lines, 0-based columns); `#` comments are `Block` comments so ESLint 8 reads every directive in them.
 * The engine's findings travel to the rules through `parserServices.dockerlint`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callEngine } from './client.cjs';

interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface Node {
  type: string;
  loc: Loc;
  range: [number, number];
  [key: string]: unknown;
}
export interface LegacyFinding {
  ruleId: string;
  messageId: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  url: string;
  fix?: { description: string; edits: { range: [number, number]; text: string }[] };
  suggestions?: { description: string; edits: { range: [number, number]; text: string }[] }[];
}
interface LintAnswer {
  fatal?: { message: string; line: number; column: number };
  findings: LegacyFinding[];
  ast?: {
    body: { kind: string; keyword: string; loc: Loc; range: [number, number] }[];
    comments: { value: string; loc: Loc; range: [number, number] }[];
    loc: Loc;
    range: [number, number];
  };
}

export interface DockerlintServices {
  isDockerfile: true;
  /** Findings of one rule; a rule configured with options gets its own engine run (cached per options). */
  findings(ruleId: string, options: Record<string, unknown> | undefined): LegacyFinding[];
}

/** 1-based columns (the engine's) → ESTree's 0-based ones. */
function estree(loc: Loc): Loc {
  return { start: { line: loc.start.line, column: loc.start.column - 1 }, end: { line: loc.end.line, column: loc.end.column - 1 } };
}

const NEXT_LINE = 'eslint-disable-next-line';

export function parseForESLint(source: string, parserOptions: Record<string, unknown> = {}) {
  // ESLint 8 rewrites a first-line shebang `#!…` to `//…` before calling the parser (a JavaScript convention).
  // In a Dockerfile `#!…` is a comment and `//…` is not valid at all, so undo it to see the file as written.
  const code = source.startsWith('//') ? `#!${source.slice(2)}` : source;
  const filePath = typeof parserOptions.filePath === 'string' ? parserOptions.filePath : '<input>';
  const options = (parserOptions.dockerlint ?? {}) as Record<string, unknown>;
  const answer = callEngine<LintAnswer>({ type: 'lint', text: code, filePath, options });
  if (answer.fatal || !answer.ast) {
    const fatal = answer.fatal ?? { message: 'could not parse', line: 1, column: 1 };
    // ESLint 8 turns a thrown error with lineNumber/column into a fatal "Parsing error" message.
    throw Object.assign(new SyntaxError(fatal.message), { lineNumber: fatal.line, column: fatal.column });
  }
  const root = answer.ast;
  const body: Node[] = root.body.map((instruction) => ({ type: 'Instruction', kind: instruction.kind, keyword: instruction.keyword, loc: estree(instruction.loc), range: instruction.range }));
  const comments: Node[] = [];
  for (const comment of root.comments) {
    const node: Node = { type: 'Block', value: comment.value, loc: estree(comment.loc), range: comment.range };
    comments.push(node);
    // ESLint's disable-next-line covers one physical line; a continued instruction spans several. Turn the comment
    // into `eslint-disable` (padded to the same length, so fix offsets inside it stay right) plus a synthetic
    // `eslint-enable` at the end of that instruction.
    const match = /^(\s*)eslint-disable-next-line(\s|$)/u.exec(comment.value);
    if (!match) continue;
    const next = body.find((instruction) => instruction.loc.start.line > comment.loc.end.line);
    if (!next || next.loc.start.line !== comment.loc.end.line + 1 || next.loc.end.line === next.loc.start.line) continue;
    const rest = comment.value.slice(match[1]!.length + NEXT_LINE.length);
    node.value = `${match[1]}eslint-disable${' '.repeat(NEXT_LINE.length - 'eslint-disable'.length)}${rest}`;
    const ids = rest.split(/\s--\s/u)[0]!.trim();
    comments.push({ type: 'Block', value: ` eslint-enable ${ids}`.trimEnd(), loc: { start: next.loc.end, end: next.loc.end }, range: [next.range[1], next.range[1]] });
  }
  const ast = {
    type: 'Program',
    sourceType: 'script',
    body,
    comments,
    tokens: [],
    loc: estree(root.loc),
    range: root.range,
  };
  const cache = new Map<string, LegacyFinding[]>();
  const services: DockerlintServices = {
    isDockerfile: true,
    findings(ruleId, ruleOptions) {
      if (!ruleOptions || Object.keys(ruleOptions).length === 0) return answer.findings.filter((finding) => finding.ruleId === ruleId);
      const key = `${ruleId}\u0000${JSON.stringify(ruleOptions)}`;
      let found = cache.get(key);
      if (!found) {
        const own = callEngine<LintAnswer>({ type: 'lint', text: code, filePath, options, only: { ruleId, options: ruleOptions } });
        found = own.findings.filter((finding) => finding.ruleId === ruleId);
        cache.set(key, found);
      }
      return found;
    },
  };
  return {
    ast,
    services: { dockerlint: services },
    visitorKeys: { Program: ['body'], Instruction: [] },
  };
}

export function parse(code: string, parserOptions: Record<string, unknown> = {}) {
  return parseForESLint(code, parserOptions).ast;
}

const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

/** ESLint keys its cache on the parser's name and version: the plugin's version, from its package.json. */
export const meta = { name: '@dockerlint/eslint-plugin/parser', version };
