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
  if (!text.includes('$')) return text;
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
