/** Offset ↔ 1-based position conversion with the same line breaks as dockerfile-ast (`\r\n`, `\r`, `\n`). */
import type { Position, Range } from './types.js';

export class LineIndex {
  /** Offsets at which each line starts. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - this.starts[low]! + 1 };
  }

  offsetAt(position: Position): number {
    return this.offsetOf(position.line - 1, position.column - 1);
  }

  /** Offset of a dockerfile-ast / LSP 0-based position (no intermediate position object). */
  offsetAtLsp(position: { line: number; character: number }): number {
    return this.offsetOf(position.line, position.character);
  }

  /** Offset of a 0-based line and column, clamped to the text and to the line (its line break included). */
  private offsetOf(line: number, column: number): number {
    const lineIndex = Math.max(0, Math.min(line, this.starts.length - 1));
    const start = this.starts[lineIndex]!;
    const nextStart = lineIndex + 1 < this.starts.length ? this.starts[lineIndex + 1]! : this.text.length;
    return Math.min(start + Math.max(0, column), nextStart);
  }

  /** Text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = line < this.starts.length ? this.starts[line]! : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  rangeOf(offset: number, endOffset: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(endOffset) };
  }
}

/** dockerfile-ast / LSP 0-based positions → ours. */
export function fromLsp(position: { line: number; character: number }): Position {
  return { line: position.line + 1, column: position.character + 1 };
}

export function fromLspRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Range {
  return { start: fromLsp(range.start), end: fromLsp(range.end) };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
