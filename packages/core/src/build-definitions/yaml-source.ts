/** A YAML (or JSON) definition file with source positions: the values we read and where they are written. */
import type { LineCounter, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { loadedYaml } from '../yaml-module.js';
import type { Range } from '../model/types.js';

export class YamlSource {
  readonly root: Node | null;
  readonly errors: { message: string; range: Range }[];
  private readonly lines: LineCounter;

  constructor(readonly text: string) {
    const yaml = loadedYaml();
    this.lines = new yaml.LineCounter();
    const document = yaml.parseDocument(text, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: false });
    this.root = (document.contents as Node | null) ?? null;
    this.errors = document.errors.map((error) => ({ message: error.message.split('\n')[0]!, range: this.rangeOf(error.pos[0], error.pos[1]) }));
  }

  rangeOf(start: number, end: number): Range {
    const from = this.lines.linePos(start);
    const to = this.lines.linePos(Math.max(start, end));
    return { start: { line: from.line, column: from.col }, end: { line: to.line, column: to.col } };
  }

  /** The range of a node's value (not its trailing comment or line break); line 1 when the node has none. */
  nodeRange(node: Node | null | undefined): Range {
    const range = node?.range;
    return range ? this.rangeOf(range[0], range[1]) : { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  }

  /**
   * The range of `length` characters at `offset` inside a scalar's value, for values that keep their text as written
   * (plain and quoted scalars on one line, literal `|` blocks); other scalars give the whole node.
   */
  rangeInScalar(node: Scalar, offset: number, length: number): Range {
    const range = node.range;
    if (!range) return this.nodeRange(node);
    const source = this.text.slice(range[0], range[1]);
    if (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
      const quote = node.type === 'PLAIN' ? 0 : 1;
      const value = String(node.value);
      if (source.slice(quote, quote + value.length) !== value) return this.nodeRange(node);
      return this.rangeOf(range[0] + quote + offset, range[0] + quote + offset + length);
    }
    if (node.type === 'BLOCK_LITERAL') {
      // Map value line n to the n-th content line of the block (after the `|` header line), minus its indentation.
      const value = String(node.value);
      const lineIndex = value.slice(0, offset).split('\n').length - 1;
      const column = offset - (value.lastIndexOf('\n', offset - 1) + 1);
      const sourceLines = source.split('\n');
      let indent: number | undefined;
      let contentLine = 0;
      let at = range[0];
      for (let index = 0; index < sourceLines.length; index++) {
        const line = sourceLines[index]!;
        if (index > 0) {
          if (line.trim() !== '' && indent === undefined) indent = line.length - line.trimStart().length;
          if (contentLine === lineIndex && indent !== undefined && line.trim() !== '') {
            const start = at + Math.min(indent, line.length) + column;
            return this.rangeOf(start, start + length);
          }
          if (indent !== undefined || line.trim() === '') contentLine++;
        }
        at += line.length + 1;
      }
    }
    return this.nodeRange(node);
  }
}

export function mapGet(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of (map as YAMLMap).items) if (keyText(pair) === key) return (pair.value as Node | null) ?? undefined;
  return undefined;
}

export function mapPairs(map: unknown): Pair<Node, Node | null>[] {
  return isMap(map) ? ((map as YAMLMap).items as Pair<Node, Node | null>[]) : [];
}

export function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** A scalar's text (numbers and booleans as written), or undefined for collections and nulls. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.source === 'string' && typeof node.value !== 'string' ? node.source : String(node.value);
}

export function seqItems(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

export function isMap(node: unknown): node is YAMLMap {
  return loadedYaml().isMap(node);
}

export function isScalar(node: unknown): node is Scalar {
  return loadedYaml().isScalar(node);
}

export function isSeq(node: unknown): node is YAMLSeq {
  return loadedYaml().isSeq(node);
}

export type { Node, Scalar };
