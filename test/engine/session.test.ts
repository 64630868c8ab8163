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
    expect(session.stats()).toEqual({
      hits: 1,
      misses: 2,
      entries: { shell: 1, config: 1 },
      byKind: { shell: { hits: 1, misses: 1, entries: 1, evictions: 0 }, config: { hits: 0, misses: 1, entries: 1, evictions: 0 } },
    });
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
    // c evicted b, then b (recomputed) evicted c.
    expect(session.stats().byKind.shell).toEqual({ hits: 2, misses: 4, entries: 2, evictions: 2 });
  });

  it('moves a hit entry to the recent end only when it is in the older half (a hit is one lookup otherwise)', () => {
    const session = createLintSession({ maxEntriesPerKind: 4 });
    for (const key of ['a', 'b', 'c', 'd']) session.memo('shell', key, () => key);
    session.memo('shell', 'c', () => 'C2'); // in the recent half: stays where it is (order a b c d)
    session.memo('shell', 'a', () => 'A2'); // in the older half: moved (order b c d a)
    session.memo('shell', 'e', () => 'e'); // evicts b
    session.memo('shell', 'f', () => 'f'); // evicts c: its hit did not make it the most recent
    expect(session.memo('shell', 'd', () => 'D2')).toBe('d');
    expect(session.memo('shell', 'a', () => 'A3')).toBe('a');
    expect(session.memo('shell', 'b', () => 'B2')).toBe('B2');
    expect(session.stats().byKind.shell).toMatchObject({ hits: 4, evictions: 3 });
  });

  it('keeps undefined as a value', () => {
    const session = createLintSession();
    let calls = 0;
    const compute = () => {
      calls++;
      return undefined;
    };
    expect(session.memo('names', 'x', compute)).toBeUndefined();
    expect(session.memo('names', 'x', compute)).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('bounds a kind named in maxEntriesByKind by its own limit, every other kind by maxEntriesPerKind', () => {
    const session = createLintSession({ maxEntriesPerKind: 3, maxEntriesByKind: { names: 10 } });
    for (let i = 0; i < 12; i++) {
      session.memo('names', `n${i}`, () => i);
      session.memo('shell', `s${i}`, () => i);
    }
    expect(session.stats().entries).toEqual({ names: 10, shell: 3 });
    expect(session.stats().byKind.names?.evictions).toBe(2);
    expect(session.stats().byKind.shell?.evictions).toBe(9);
    // The newest entries stay: n2..n11 and s9..s11.
    expect(session.memo('names', 'n2', () => -1)).toBe(2);
    expect(session.memo('names', 'n1', () => -1)).toBe(-1);
    expect(session.memo('shell', 's9', () => -1)).toBe(9);
    expect(session.memo('shell', 's8', () => -1)).toBe(-1);
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

  it('keeps one attachment per name and session, created on first request, outside the memo kinds', () => {
    const session = createLintSession();
    const other = createLintSession();
    expect(session.attached('edit-reuse')).toBeUndefined();
    let created = 0;
    const first = session.attachment('edit-reuse', () => ({ n: ++created }));
    expect(session.attachment('edit-reuse', () => ({ n: ++created }))).toBe(first);
    expect(session.attached('edit-reuse')).toBe(first);
    expect(created).toBe(1);
    expect(other.attached('edit-reuse')).toBeUndefined();
    expect(session.stats().entries).toEqual({});
  });

  it('keeps nothing of a kind bounded at 0: every call computes, and keeps() says so', () => {
    const session = createLintSession({ maxEntriesByKind: { scans: 0 } });
    let computed = 0;
    expect(session.keeps('scans')).toBe(false);
    expect(session.keeps('shell')).toBe(true);
    expect(session.memo('scans', 'k', () => ++computed)).toBe(1);
    expect(session.memo('scans', 'k', () => ++computed)).toBe(2);
    expect(session.stats().byKind.scans).toEqual({ hits: 0, misses: 2, entries: 0, evictions: 0 });
  });
});
