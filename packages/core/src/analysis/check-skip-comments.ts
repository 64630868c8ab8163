/**
 * BuildKit's per-instruction `# check=skip=<names>` comments: the value/name rules that mirror a BuildKit check
 * (`SecretsUsedInArgOrEnv`) stay quiet where BuildKit would. The file-level `# check=` parser directive is read
 * by the engine (engine/directives.ts), not here.
 */
import type { DockerfileModel, Instruction } from '../model/types.js';

/**
 * True when the comment lines directly above `instruction` (no blank line in between) contain
 * `check=skip=<list>` naming `checkName` or `all` — BuildKit honours these per instruction
 * (its `testSecretsUsedInArgOrEnv`). The file-level parser directive is handled by the engine.
 */
export function skippedByCheckComment(model: DockerfileModel, instruction: Instruction, checkName: string): boolean {
  const anchor = instruction.onbuild ?? instruction;
  const byLine = new Map<number, string>();
  for (const comment of model.comments) byLine.set(comment.line, comment.text);
  const wanted = checkName.toLowerCase();
  for (let line = anchor.range.start.line - 1; line >= 1; line--) {
    const text = byLine.get(line);
    if (text === undefined) break;
    const match = /^check\s*=\s*(.*)$/i.exec(text);
    if (!match) continue;
    for (const part of (match[1] as string).split(';')) {
      const skip = /^\s*skip\s*=\s*([^\s;]*)/i.exec(part);
      if (!skip) continue;
      const names = (skip[1] as string).split(',').map((name) => name.trim().toLowerCase());
      if (names.includes(wanted) || names.includes('all')) return true;
    }
  }
  return false;
}
