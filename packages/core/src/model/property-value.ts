/**
 * ENV, LABEL and ARG names and values as dockerfile-ast gives them, without its per-character strings.
 *
 * dockerfile-ast makes a property's name and value with its static `Property.getValue(text, escapeChar)`, which
 * unescapes, unquotes and drops continuations by appending one character at a time: a new string per character of
 * every ENV, LABEL and ARG (~4 KB per corpus file). Most names and values have none of what it removes: no escape
 * character, no line break, no leading blank. For those its result is the text itself, or the text inside a pair
 * of matching quotes; {@link plainPropertyValue} gives that as a slice and leaves every other text to it.
 * packages/core/test/model/property-value.test.ts checks this against dockerfile-ast on real and generated texts.
 */
import { Property } from 'dockerfile-ast';

type PropertyValue = (text: string, escapeChar: string) => string;

/** `Property.getValue` is private in dockerfile-ast's typings. */
const properties = Property as unknown as { getValue: PropertyValue };

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;

/** What dockerfile-ast's `Property.getValue(text, escapeChar)` returns, when `text` has the plain shape; else undefined. */
export function plainPropertyValue(text: string, escapeChar: string): string | undefined {
  if (text.length === 0 || text.includes(escapeChar)) return undefined;
  const first = text.charCodeAt(0);
  if (first === SPACE || first === TAB) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === CR || code === LF) return undefined;
  }
  const quote = text[0];
  if (quote !== '"' && quote !== "'") return text;
  if (text.length === 1) return undefined;
  return text[text.length - 1] === quote ? text.slice(1, -1) : text;
}

/**
 * Runs `work` (a dockerfile-ast parse, or a request for an instruction's properties) with plain names and values
 * made by {@link plainPropertyValue}; dockerfile-ast's own `Property.getValue` is back in place when it returns, so
 * other users of the library in the process see it unchanged.
 */
export function withPlainPropertyValues<T>(work: () => T): T {
  if (properties.getValue === plainOrStock) return work(); // already inside
  properties.getValue = plainOrStock;
  try {
    return work();
  } finally {
    properties.getValue = stockPropertyValue;
  }
}

/** dockerfile-ast's own `Property.getValue` (the equivalence test compares with it). */
export const stockPropertyValue: PropertyValue = properties.getValue;

const plainOrStock: PropertyValue = (text, escapeChar) => plainPropertyValue(text, escapeChar) ?? stockPropertyValue.call(Property, text, escapeChar);
