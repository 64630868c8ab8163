import { describe, expect, it } from 'vitest';
import { createLintSession } from '@dockerlint/core';

describe('LintSession', () => {
  it('computes once per kind and key, and counts hits and misses', () => {
    const session = createLintSession();
    let calls = 0;
    const compute = () => ++calls;
    expect(session.memo('shell', 'echo hi', compute)).toBe(1);
    expect(session.memo('shell', 'echo hi', compute)).toBe(1);
    expect(session.memo('config', 'echo hi', compute)).toBe(2);
    expect(session.stats()).toEqual({ hits: 1, misses: 2, entries: { shell: 1, config: 1 } });
  });

  it('drops the least recently used entry of a kind beyond its bound', () => {
    const session = createLintSession({ maxEntriesPerKind: 2 });
    session.memo('shell', 'a', () => 'A');
    session.memo('shell', 'b', () => 'B');
    session.memo('shell', 'a', () => 'A2'); // a is now the most recent
    session.memo('shell', 'c', () => 'C'); // evicts b
    expect(session.memo('shell', 'a', () => 'A3')).toBe('A');
    expect(session.memo('shell', 'b', () => 'B2')).toBe('B2');
    expect(session.stats().entries).toEqual({ shell: 2 });
  });

  it('does not cache a thrown error, and clear() forgets one kind or all', () => {
    const session = createLintSession();
    expect(() => session.memo('config', 'x', () => { throw new Error('bad'); })).toThrow('bad');
    expect(session.memo('config', 'x', () => 'ok')).toBe('ok');
    session.memo('shell', 'y', () => 1);
    session.clear('config');
    expect(session.stats().entries).toEqual({ shell: 1 });
    session.clear();
    expect(session.stats().entries).toEqual({});
  });
});
