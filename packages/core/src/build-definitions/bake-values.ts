/** The parts of a bake file we read, the same for HCL and JSON: blocks, attributes and values with their ranges. */
import type { Range } from '../model/types.js';

export type BakeValue =
  /** `raw` is the text as written (a template keeps its `${…}`), `value` the evaluated text. */
  | { kind: 'string'; value: string; raw: string; range: Range }
  | { kind: 'list'; items: BakeValue[]; range: Range }
  | { kind: 'map'; entries: BakeEntry[]; range: Range }
  /** A value we do not evaluate (function calls, conditionals, variables without a default). */
  | { kind: 'unknown'; raw: string; range: Range };

export interface BakeEntry {
  key: string;
  keyRange: Range;
  value: BakeValue;
}

export interface BakeBlock {
  type: string;
  name: string;
  at: Range;
  attributes: BakeEntry[];
}

export function attribute(block: BakeBlock, name: string): BakeValue | undefined {
  let found: BakeValue | undefined;
  for (const entry of block.attributes) if (entry.key === name) found = entry.value;
  return found;
}

export function stringOf(value: BakeValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

export function stringsOf(value: BakeValue | undefined): BakeValue[] {
  if (value === undefined) return [];
  return value.kind === 'list' ? value.items : [value];
}
