/**
 * Inline directives (whole-line comments, since `#` inside an instruction belongs to the shell):
 *   # dockerlint-disable-next-line <id>[, <id>] [-- reason]   the whole next instruction
 *   # dockerlint-disable [<id>…]  …  # dockerlint-enable [<id>…]
 *   # check=skip=SecretsUsedInArgOrEnv                        BuildKit's own skip: every rule whose metadata lists
 *                                                             that BuildKit check in `related` (`all`: every rule
 *                                                             with a BuildKit check)
 */
import type { DockerfileModel } from '../model/types.js';
import type { RuleMeta } from './types.js';

interface LineSpan {
  from: number;
  to: number;
  /** undefined = every rule. */
  rules: Set<string> | undefined;
}

export interface Directives {
  isSuppressed(rule: Pick<RuleMeta, 'id' | 'related'>, line: number): boolean;
}

/** The BuildKit checks a rule stands for, lower-cased (check names are case-insensitive). */
export function buildkitChecksOf(rule: Pick<RuleMeta, 'related'>): string[] {
  return (rule.related ?? []).flatMap((check) => (check.tool === 'buildkit' && check.id ? [check.id.toLowerCase()] : []));
}

const DIRECTIVE_RE = /^dockerlint-(disable-next-line|disable|enable)(?:\s+(.*?))?\s*$/;

function parseRuleList(list: string | undefined): Set<string> | undefined {
  const withoutReason = (list ?? '').split(/\s--\s|^--\s?/)[0] ?? '';
  const ids = withoutReason.split(/[\s,]+/).map((id) => id.trim()).filter(Boolean);
  return ids.length > 0 ? new Set(ids) : undefined;
}

/** A file without a directive comment or a `# check=skip=` (most files) suppresses nothing. */
const NO_DIRECTIVES: Directives = { isSuppressed: () => false };

/** Does a comment of `model` start with `dockerlint-` (could be a directive)? */
function hasDirectiveComment(model: DockerfileModel): boolean {
  const { comments } = model;
  for (let index = 0; index < comments.length; index++) if ((comments[index] as (typeof comments)[number]).text.startsWith('dockerlint-')) return true;
  return false;
}

export function readDirectives(model: DockerfileModel): Directives {
  // Checked first so that most lints make no spans, map, set or closure (issue 15, allocation).
  if (model.directives.checkSkip.length === 0 && !hasDirectiveComment(model)) return NO_DIRECTIVES;
  const spans: LineSpan[] = [];
  const open = new Map<string, number>(); // rule id ('*' = all) → line where disabled
  const instructions = model.allInstructions();

  for (const comment of model.comments) {
    const match = DIRECTIVE_RE.exec(comment.text);
    if (!match) continue;
    // Only whole-line comments count: one that sits inside an instruction's continuation lines is the shell's.
    const inside = instructions.some((instruction) => instruction.range.start.line < comment.line && comment.line <= instruction.range.end.line);
    if (inside) continue;
    const rules = parseRuleList(match[2]);
    if (match[1] === 'disable-next-line') {
      const next = instructions.find((instruction) => instruction.range.start.line > comment.line && !instruction.onbuild);
      if (next) spans.push({ from: next.range.start.line, to: next.range.end.line, rules });
    } else if (match[1] === 'disable') {
      for (const id of rules ?? ['*']) if (!open.has(id)) open.set(id, comment.line);
    } else {
      const ids = rules ? [...rules] : [...open.keys()];
      for (const id of ids) {
        const from = open.get(id);
        if (from === undefined) continue;
        spans.push({ from, to: comment.line, rules: id === '*' ? undefined : new Set([id]) });
        open.delete(id);
      }
    }
  }
  const lastLine = open.size === 0 ? 0 : model.positionAt(model.text.length).line; // the model's line index: no split of the text
  for (const [id, from] of open) spans.push({ from, to: lastLine, rules: id === '*' ? undefined : new Set([id]) });

  const skippedChecks = new Set(model.directives.checkSkip.map((check) => check.toLowerCase()));

  return {
    isSuppressed(rule, line) {
      const checks = skippedChecks.size > 0 ? buildkitChecksOf(rule) : [];
      if (checks.some((check) => skippedChecks.has('all') || skippedChecks.has(check))) return true;
      return spans.some((span) => line >= span.from && line <= span.to && (!span.rules || span.rules.has(rule.id)));
    },
  };
}
