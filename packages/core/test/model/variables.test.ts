import { describe, expect, it } from 'vitest';
import { changesOnExpansion, expandVariables } from '../../src/model/variables.js';
import { seededRandom } from '../../../../test/helpers/random.js';

const KNOWN = new Map([['HOME', '/root'], ['EMPTY', ''], ['A', 'x$B'], ['B_1', 'b']]);
const lookup = (name: string): string | undefined => KNOWN.get(name);

/** The previous implementation (always the regular expression's replace), kept as the reference. */
function substituted(text: string): string {
  if (!text.includes('$')) return text;
  const variable = /\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  return text.replace(variable, (whole, braced: string | undefined, operator: string | undefined, operand: string | undefined, bare: string | undefined) => {
    if (whole === '\\$') return whole;
    const value = lookup((braced ?? bare)!);
    if (!operator) return value ?? whole;
    const isSet = operator.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
    if (operator.endsWith('-')) return isSet ? value! : operand ?? '';
    if (operator.endsWith('+')) return isSet ? operand ?? '' : '';
    return value ?? whole;
  });
}

const PIECES = ['$', '$$', '\\', '\\$', '{', '}', ':', '-', '+', '?', ':-', 'HOME', 'A', 'B_1', 'UNKNOWN', '1', '_x', ' ', '$(', ')', 'echo ', '"', 'EMPTY', '${', '$HOME', '${A}', '${U:-d}', '${U+x}'];

describe('variable expansion: the text itself when no reference is known and none has an operator', () => {
  it('agrees with the substitution on generated texts', () => {
    const next = seededRandom(18);
    let unchanged = 0;
    let changed = 0;
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const count = Math.floor(next() * 10);
      for (let k = 0; k < count; k++) text += PIECES[Math.floor(next() * PIECES.length)];
      const expected = substituted(text);
      expect(expandVariables(text, lookup), JSON.stringify(text)).toBe(expected);
      if (changesOnExpansion(text, lookup)) changed++;
      else {
        unchanged++;
        expect(expected, JSON.stringify(text)).toBe(text);
      }
    }
    expect(unchanged).toBeGreaterThan(3000);
    expect(changed).toBeGreaterThan(3000);
  });

  it('reads references as the substitution does', () => {
    expect(changesOnExpansion('echo $USER ${PATH} $(id -u) $1 \\$HOME', lookup)).toBe(false);
    expect(changesOnExpansion('echo ${U:-default}', lookup)).toBe(true);
    expect(changesOnExpansion('echo ${U:-open', lookup)).toBe(false);
    expect(changesOnExpansion('cd $HOME', lookup)).toBe(true);
    expect(changesOnExpansion('x=${EMPTY}', lookup)).toBe(true);
    expect(expandVariables('cd $HOME/${U:-src} \\$HOME $UNKNOWN', lookup)).toBe('cd /root/src \\$HOME $UNKNOWN');
  });
});
