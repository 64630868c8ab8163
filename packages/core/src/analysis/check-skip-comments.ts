/**
 * BuildKit's per-instruction `# check=skip=<names>` comments: a rule that mirrors a BuildKit check (its metadata's
 * `related` BuildKit ids, e.g. `SecretsUsedInArgOrEnv`) stays quiet where BuildKit would. Rules ask through
 * `context.skippedByCheckComment(instruction)`. The file-level `# check=` parser directive is read by the engine
 * (engine/directives.ts), not here.
 */
import type { DockerfileModel, Instruction } from '../model/types.js';

/**
 * True when the comment lines directly above `instruction` (no blank line in between) contain
 * `check=skip=<list>` naming one of `checkNames` (lower case) or `all` — BuildKit honours these per instruction
 * (its `testSecretsUsedInArgOrEnv`). No check names: never skipped.
 */
export function skippedByCheckComment(model: DockerfileModel, instruction: Instruction, checkNames: readonly string[]): boolean {
  if (checkNames.length === 0) return false;
  const anchor = instruction.onbuild ?? instruction;
  const byLine = new Map<number, string>();
  for (const comment of model.comments) byLine.set(comment.line, comment.text);
  for (let line = anchor.range.start.line - 1; line >= 1; line--) {
    const text = byLine.get(line);
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
