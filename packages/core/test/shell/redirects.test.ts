/**
 * Which command a redirect belongs to. tree-sitter-bash wraps a whole `&&`/`||` list or pipeline in one
 * `redirected_statement` when the redirect follows its last command; bash applies it to that command only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initShellParser, run } from './helpers.js';
import { MAX_SHELL_PIPES, parseShell } from '../../src/shell/parser.js';
import type { ShellScript } from '../../src/shell/types.js';

beforeAll(async () => {
  await initShellParser();
});

/** `name: targets` per command, in order (targets of redirects with a target, `<<` for heredocs). */
function redirectsOf(script: ShellScript): string[] {
  return script.commands.map((c) => {
    const targets = c.redirects.map((r) => (r.target ? `${r.fd ?? ''}${r.operator}${r.target.value}` : r.operator));
    return `${c.name?.value ?? '<none>'}: ${targets.join(' ')}`.trimEnd();
  });
}

describe('parseShell: redirect placement', () => {
  it('a && b > f: only b writes f', () => {
    const s = run('a && b > f');
    expect(redirectsOf(s)).toEqual(['a:', 'b: >f']);
    expect(s.commands[1]!.text).toBe('b > f');
    expect(s.commands[0]!.text).toBe('a');
  });

  it('a || b 2>&1 > f: both redirects go to b', () => {
    expect(redirectsOf(run('a || b 2>&1 > f'))).toEqual(['a:', 'b: 2>&1 >f']);
  });

  it('a | b > f: only the last pipeline stage, and the pipe links stay', () => {
    const s = run('a | b > f');
    expect(redirectsOf(s)).toEqual(['a:', 'b: >f']);
    expect(s.commands[0]!.pipeTo).toBe(s.commands[1]);
  });

  it('a | b | c > f and a && b | c > f: only c', () => {
    expect(redirectsOf(run('a | b | c > f'))).toEqual(['a:', 'b:', 'c: >f']);
    const s = run('a && b | c > f');
    expect(redirectsOf(s)).toEqual(['a:', 'b:', 'c: >f']);
    expect(s.commands[1]!.pipeTo).toBe(s.commands[2]);
  });

  it('a > g && b > f: each keeps its own', () => {
    expect(redirectsOf(run('a > g && b > f'))).toEqual(['a: >g', 'b: >f']);
  });

  it('long lists: only the last command', () => {
    expect(redirectsOf(run('a && b; c || d > f'))).toEqual(['a:', 'b:', 'c:', 'd: >f']);
  });

  it('{ a; b; } > f and ( a; b ) > f: every command of the group', () => {
    expect(redirectsOf(run('{ a; b; } > f'))).toEqual(['a: >f', 'b: >f']);
    expect(redirectsOf(run('(a; b) > f'))).toEqual(['a: >f', 'b: >f']);
  });

  it('a && { b; c; } > f: the group, not a', () => {
    expect(redirectsOf(run('a && { b; c; } > f'))).toEqual(['a:', 'b: >f', 'c: >f']);
  });

  it('a && b | while …; done > f: the loop body, not a or b', () => {
    expect(redirectsOf(run('a && b | while read x; do c; done > f'))).toEqual(['a:', 'b:', 'read: >f', 'c: >f']);
  });

  it('a && ! b > f: b', () => {
    expect(redirectsOf(run('a && ! b > f'))).toEqual(['a:', 'b: >f']);
  });

  it('x=1 && b > f: the assignment gets nothing', () => {
    expect(redirectsOf(run('x=1 && b > f'))).toEqual(['<none>:', 'b: >f']);
  });

  it('a && b <<EOF > f: heredoc and file redirect both belong to b', () => {
    const s = run('a && b <<EOF > f\nx\nEOF');
    expect(redirectsOf(s)).toEqual(['a:', 'b: << >f']);
    expect(s.commands[1]!.redirects[0]!.heredocBody!.value).toBe('x\n');
  });

  it('redirects inside $( ) stay with their own command', () => {
    const s = run('echo "$(a && b > f)" > g');
    const byName = Object.fromEntries(s.commands.map((c) => [c.name?.value, c.redirects.map((r) => r.target?.value)]));
    expect(byName).toEqual({ echo: ['g'], a: [], b: ['f'] });
  });
});

describe('parseShell: pathological pipelines', () => {
  it('cuts a script at the MAX_SHELL_PIPES-th `|` (tree-sitter error recovery is quadratic there) and stays usable', () => {
    const s = parseShell('a | '.repeat(20_000), (offset) => ({ line: 1, column: offset + 1 }));
    expect(s.truncated).toBe(true);
    expect(s.hasErrors).toBe(true);
    expect(s.commands.length).toBeLessThanOrEqual(MAX_SHELL_PIPES + 1);
    expect(s.commands.length).toBeGreaterThan(MAX_SHELL_PIPES / 2);
    // the WASM runtime is still alive
    expect(run('echo hi > f').commands[0]!.redirects[0]!.target!.value).toBe('f');
    // a few pipes are not cut
    expect(run('a | b | c').truncated).toBeUndefined();
  });
});
