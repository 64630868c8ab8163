/** Dockerfile variable substitution (`$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR:+word}`) over a scope. */

const VARIABLE_RE = /\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Names referenced by `$X` / `${X…}` in a Dockerfile value. */
export function referencedNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(VARIABLE_RE)) {
    const name = match[1] ?? match[4];
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Expand variables known in `scope`; unknown ones stay as written so that callers can still see them.
 * `lookup` returns the value to substitute (already resolved) or undefined when unknown.
 */
export function expandVariables(text: string, lookup: (name: string) => string | undefined): string {
  if (!changesOnExpansion(text, lookup)) return text;
  return text.replace(VARIABLE_RE, (whole, braced: string | undefined, operator: string | undefined, operand: string | undefined, bare: string | undefined) => {
    if (whole === '\\$') return whole;
    const name = (braced ?? bare)!;
    const value = lookup(name);
    if (!operator) return value ?? whole;
    const isSet = operator.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    if (operator.endsWith('-')) return isSet ? value! : operand ?? '';
    if (operator.endsWith('+')) return isSet ? operand ?? '' : '';
    return value ?? whole;
  });
}

const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COLON = 58;

const isNameStart = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isNameChar = (code: number): boolean => isNameStart(code) || (code >= 48 && code <= 57);

/**
 * Would {@link expandVariables} change `text`? Only when a reference names a variable `lookup` knows, or has an
 * operator (`${X:-word}`). Most texts with a `$` (a RUN's shell variables, `$(…)`) reference none: then the text
 * itself is the result, not an equal copy (a whole RUN's text per expansion). Reads the references as
 * VARIABLE_RE does; packages/core/test/model/variables.test.ts checks the two agree.
 */
export function changesOnExpansion(text: string, lookup: (name: string) => string | undefined): boolean {
  for (let dollar = text.indexOf('$'); dollar >= 0; dollar = text.indexOf('$', dollar + 1)) {
    // `\$` is written as is (and a backslash never ends a reference, so it is always the pair's).
    if (dollar > 0 && text.charCodeAt(dollar - 1) === BACKSLASH) continue;
    let i = dollar + 1;
    const braced = text.charCodeAt(i) === OPEN_BRACE;
    if (braced) i++;
    if (!isNameStart(text.charCodeAt(i))) continue;
    const nameStart = i;
    while (isNameChar(text.charCodeAt(i))) i++;
    if (braced) {
      const next = text.charCodeAt(i);
      if (next !== CLOSE_BRACE) {
        // `${X:-word}`, `${X+word}`…: an operator always decides the result.
        const operator = next === COLON ? text.charCodeAt(i + 1) : next;
        if ((operator === 45 || operator === 43 || operator === 63) && text.indexOf('}', i) >= 0) return true;
        continue;
      }
    }
    if (lookup(text.slice(nameStart, i)) !== undefined) return true;
  }
  return false;
}
