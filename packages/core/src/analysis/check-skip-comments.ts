/**
 * BuildKit's per-instruction `# check=skip=<names>` comments: a rule that mirrors a BuildKit check (its metadata's
 * `related` BuildKit ids, e.g. `SecretsUsedInArgOrEnv`) stays quiet where BuildKit would. Rules ask through
 * `context.skippedByCheckComment(instruction)`. The file-level `# check=` parser directive is read by the engine
 * (engine/directives.ts), not here.
 */
import type { DockerfileModel, Instruction } from '../model/types.js';

/** A comment that may be a `check=` line (a superset of what `skippedByCheckComment` reads). */
const CHECK_COMMENT = /^check\s*=/i;

/**
 * The comment texts of a file by line, or undefined when no comment is a `check=` line (then no instruction can
 * be skipped). Built once per lint (`LintAnalysis.checkCommentLines`), not once per question.
 */
export function checkCommentLines(model: DockerfileModel): ReadonlyMap<number, string> | undefined {
  if (!model.comments.some((comment) => CHECK_COMMENT.test(comment.text))) return undefined;
  const byLine = new Map<number, string>();
  for (const comment of model.comments) byLine.set(comment.line, comment.text);
  return byLine;
}

/**
 * True when the comment lines directly above `instruction` (no blank line in between) contain
 * `check=skip=<list>` naming one of `checkNames` (lower case) or `all` — BuildKit honours these per instruction
 * (its `testSecretsUsedInArgOrEnv`). No check names: never skipped. `commentLines` is `checkCommentLines(model)`
 * when the caller keeps it.
 */
export function skippedByCheckComment(
  model: DockerfileModel,
  instruction: Instruction,
  checkNames: readonly string[],
  commentLines: ReadonlyMap<number, string> | undefined = checkCommentLines(model),
): boolean {
  if (checkNames.length === 0 || commentLines === undefined) return false;
  const anchor = instruction.onbuild ?? instruction;
  for (let line = anchor.range.start.line - 1; line >= 1; line--) {
    const text = commentLines.get(line);
    if (text === undefined) break;
    const match = /^check\s*=\s*(.*)$/i.exec(text);
    if (!match) continue;
    for (const part of (match[1] as string).split(';')) {
      const skip = /^\s*skip\s*=\s*([^\s;]*)/i.exec(part);
      if (!skip) continue;
      const names = (skip[1] as string).split(',').map((name) => name.trim().toLowerCase());
      if (names.includes('all') || names.some((name) => checkNames.includes(name))) return true;
    }
  }
  return false;
}
