/**
 * The parts of a finding that point at a value: where it is in the source (`locateValue`), how an instruction is
 * named in a message (`instructionLabel`) and the masked preview a message may show (`previewOf`).
 */
import type { DockerfileModel, Instruction, Range } from '../model/types.js';
import { redact } from '../secrets/redact.js';

/** `ghp_…7l2, 40 chars` (the `redact()` preview in a shape that reads well inside parentheses). */
export function previewOf(value: string): string {
  return redact(value).replace(/ \((\d+) chars\)$/, ', $1 chars');
}

/** `RUN`, `ENV`, `ONBUILD RUN`… for messages. */
export function instructionLabel(instruction: Instruction): string {
  const keyword = instruction.kind === 'UNKNOWN' ? instruction.keywordText.toUpperCase() : instruction.kind;
  return instruction.onbuild ? `ONBUILD ${keyword}` : keyword;
}

/**
 * The range of `value` inside the source text covered by `range` (first occurrence), or `range` itself
 * when the value is not written verbatim there (escapes, JSON).
 */
export function locateValue(model: DockerfileModel, value: string, range: Range, options: { last?: boolean } = {}): Range {
  if (value === '') return range;
  const start = model.offsetAt(range.start);
  const end = model.offsetAt(range.end);
  const source = model.text.slice(start, end);
  const at = options.last ? source.lastIndexOf(value) : source.indexOf(value);
  if (at < 0) return range;
  return { start: model.positionAt(start + at), end: model.positionAt(start + at + value.length) };
}
