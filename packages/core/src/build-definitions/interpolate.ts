/**
 * Compose variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR:+alt}`,
 * `$VAR`, `$$`) with no variable set: dockerlint never reads the user's environment (nor `.env`, which holds the
 * very secrets we look for). An unset variable without a default is reported as unresolved.
 */
export interface Interpolated {
  value: string;
  /** Variables that had no default, so the value depends on the environment of the real build. */
  unresolved: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolateCompose(text: string): Interpolated {
  const unresolved: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(text, i + 2);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      out += expand(text.slice(i + 2, close), unresolved);
      i = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (name) {
      unresolved.push(name);
      i += 1 + name.length;
      continue;
    }
    out += ch;
    i++;
  }
  return { value: out, unresolved };
}

/** Index of the `}` closing a `${` whose body starts at `from` (defaults may nest `${…}`), or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === '$' && text[j + 1] === '{') {
      depth++;
      j++;
    } else if (text[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function expand(body: string, unresolved: string[]): string {
  const name = NAME.exec(body)?.[0];
  if (!name) return '';
  const rest = body.slice(name.length);
  // Every variable is unset here: `-`/`:-` give the default, `+`/`:+` give nothing, `?`/`:?` would stop compose.
  const operator = /^(:?[-+?])/.exec(rest)?.[1];
  if (operator === '-' || operator === ':-') {
    const fallback = interpolateCompose(rest.slice(operator.length));
    unresolved.push(...fallback.unresolved);
    return fallback.value;
  }
  if (operator === '+' || operator === ':+') return '';
  unresolved.push(name);
  return '';
}
