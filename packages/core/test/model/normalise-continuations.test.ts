/** normaliseContinuations: same output as the original per-line-regex version, offsets kept, linear on huge input. */
import { describe, expect, it } from 'vitest';
import { normaliseContinuations } from '../../src/model/run-script.js';
import { seededRandom } from '../../../../test/helpers/random.js';

/** The previous implementation, kept as the reference. */
function reference(source: string, escape: '\\' | '`'): string {
  const chars = source.split('');
  let index = 0;
  let continued = false;
  while (index < chars.length) {
    let lineEnd = index;
    while (lineEnd < chars.length && chars[lineEnd] !== '\n' && chars[lineEnd] !== '\r') lineEnd++;
    const breakLength = chars[lineEnd] === '\r' && chars[lineEnd + 1] === '\n' ? 2 : lineEnd < chars.length ? 1 : 0;
    const line = chars.slice(index, lineEnd).join('');
    const trimmed = line.trim();
    if (continued && (trimmed === '' || trimmed.startsWith('#'))) {
      // Docker removes this line entirely: blank it, line break included, so the neighbours join.
      for (let i = index; i < lineEnd + breakLength; i++) chars[i] = ' ';
      index = lineEnd + breakLength;
      continue;
    }
    const continuation = new RegExp(`${escape === '`' ? '`' : '\\\\'}[ \\t]*$`).exec(line);
    continued = continuation !== null && breakLength > 0;
    if (continued && continuation) {
      const start = index + continuation.index;
      for (let i = start; i < lineEnd; i++) chars[i] = ' ';
      chars[lineEnd - 1] = '\\';
      if (breakLength === 2) {
        // `\` + `\r\n`: bash wants `\` + `\n`; move the backslash over the `\r`.
        chars[lineEnd - 1] = ' ';
        chars[lineEnd] = '\\';
      }
    } else if (breakLength === 2) {
      chars[lineEnd] = ' ';
    }
    index = lineEnd + breakLength;
  }
  return chars.join('');
}

const rng = seededRandom;

describe('normaliseContinuations', () => {
  it('matches the reference on random mixes of escapes, blanks, comments and line endings', () => {
    const next = rng(42);
    const pieces = ['a', ' ', '\t', '\\', '`', '\n', '\r', '\r\n', '#', '# c', 'echo x', '\u00a0', '\u2028'];
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      for (const escape of ['\\', '`'] as const) {
        const got = normaliseContinuations(text, escape);
        expect(got, JSON.stringify(text)).toBe(reference(text, escape));
        expect(got.length).toBe(text.length);
      }
    }
  });

  it('keeps offsets on a 1 MB line and on 50k continuation lines', () => {
    const line = 'echo ' + 'a'.repeat(1_000_000);
    expect(normaliseContinuations(line, '\\')).toBe(line);
    const continued = 'apt-get install \\\n'.repeat(50_000) + 'x';
    const out = normaliseContinuations(continued, '\\');
    expect(out.length).toBe(continued.length);
    expect(out).toBe(continued);
    const crlf = 'a \\\r\n'.repeat(50_000) + 'b';
    expect(normaliseContinuations(crlf, '\\')).toBe('a  \\\n'.repeat(50_000) + 'b');
  });
});
