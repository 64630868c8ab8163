import { beforeAll, describe, expect, it } from 'vitest';
import { LintSession } from '../../src/engine/session.js';
import { parseShell, SHELL_PLACED, SHELL_TEMPLATE } from '../../src/shell/parser.js';
import { initShellParser } from './helpers.js';

beforeAll(async () => {
  await initShellParser();
});

const at = (line: number) => (offset: number) => ({ line, column: offset + 1 });

describe('parseShell reuse through a session', () => {
  const source = 'echo "//r/:_authToken=${T}" > ~/.npmrc && npm ci | tee log';
  const session = new LintSession();
  const opts = (placement?: string) => ({ session, ...(placement ? { placement } : {}) });

  it('without a session nothing is kept: every call parses', () => {
    const a = parseShell(source, at(1), { placement: 'p\\1:1\u0000x' });
    const b = parseShell(source, at(1), { placement: 'p\\1:1\u0000x' });
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
  });

  it('a second parse of the same text is a session hit', () => {
    const local = new LintSession();
    parseShell(source, at(1), { session: local });
    parseShell(source, at(9), { session: local });
    expect(local.stats()).toMatchObject({ hits: 1, misses: 1, entries: { [SHELL_TEMPLATE]: 1 } });
    parseShell(source, at(9), { session: local, placement: 'p\\9:1\u0000x' });
    parseShell(source, at(9), { session: local, placement: 'p\\9:1\u0000x' });
    expect(local.stats()).toMatchObject({ hits: 3, misses: 2, entries: { [SHELL_TEMPLATE]: 1, [SHELL_PLACED]: 1 } });
  });

  it('makes the position-free template only when a text is seen the second time', () => {
    const local = new LintSession();
    const first = parseShell(source, at(2), { session: local });
    expect(local.peek<{ template?: unknown }>(SHELL_TEMPLATE, source)).toEqual({});
    const second = parseShell(source, at(5), { session: local });
    expect(local.peek<{ template?: unknown }>(SHELL_TEMPLATE, source)?.template).toBeDefined();
    const third = parseShell(source, at(2), { session: local });
    // The first parse and the copies of the template are alike, each with its caller's positions.
    expect(third).toEqual(first);
    expect(third).not.toBe(first);
    expect(second.commands[0]!.range.start).toEqual({ line: 5, column: 1 });
  });

  it('gives the same analysis for the same text, with each caller\'s own positions', () => {
    const first = parseShell(source, at(3), opts());
    const second = parseShell(source, at(40), opts());
    expect(second.commands.map((c) => c.text)).toEqual(first.commands.map((c) => c.text));
    expect(first.commands[0]!.range.start).toEqual({ line: 3, column: 1 });
    expect(second.commands[0]!.range.start).toEqual({ line: 40, column: 1 });
    const npmAt = source.indexOf('npm ci');
    const npm = second.commands.find((c) => c.name?.value === 'npm')!;
    expect(npm.name!.range).toEqual({ start: { line: 40, column: npmAt + 1 }, end: { line: 40, column: npmAt + 4 } });
  });

  it('hands out independent copies that keep the pipeline links inside one result', () => {
    const a = parseShell(source, at(1), opts());
    a.commands[0]!.args.length = 0;
    a.commands[0]!.range.start.line = 99;
    const b = parseShell(source, at(1), opts());
    expect(b.commands[0]!.args.length).toBeGreaterThan(0);
    expect(b.commands[0]!.range.start.line).toBe(1);
    const npm = b.commands.find((c) => c.name?.value === 'npm')!;
    expect(npm.pipeTo).toBe(b.commands.find((c) => c.name?.value === 'tee'));
    expect(npm.pipeTo!.pipeFrom).toBe(npm);
  });

  it('maps positions through a throwing mapper like the uncached path', () => {
    const script = parseShell(source, () => {
      throw new Error('boom');
    }, opts());
    expect(script.range.start).toEqual({ line: 1, column: 1 });
  });

  it('keeps the sharing of the uncached analysis: substitution commands, a $(…) in two words, a group redirect', () => {
    const script = 'export GNUPGHOME="$(mktemp -d)" && { echo a; echo b; } > /tmp/out && x=$(id -u | tr -d x)';
    for (const copy of [parseShell(script, at(1), opts()), parseShell(script, at(2), opts())]) {
      const mktemp = copy.commands.find((c) => c.name?.value === 'mktemp')!;
      const exported = copy.commands.find((c) => c.name?.value === 'export')!;
      const substitution = exported.args[0]!.parts.find((p) => p.kind === 'command');
      expect(substitution?.kind === 'command' && substitution.script.commands[0]).toBe(mktemp);
      const assignment = copy.assignments.find((a) => a.name === 'GNUPGHOME')!;
      expect(assignment.value!.parts.find((p) => p.kind === 'command')).toBe(substitution);
      const [a, b] = copy.commands.filter((c) => c.name?.value === 'echo');
      expect(a!.redirects[0]).toBeDefined();
      expect(a!.redirects[0]).toBe(b!.redirects[0]);
      const id = copy.commands.find((c) => c.name?.value === 'id')!;
      expect(id.pipeTo?.name?.value).toBe('tr');
      expect(id.pipeTo!.pipeFrom).toBe(id);
    }
  });

  it('returns the same analysis for the same placement, and a fresh one when the placement changes', () => {
    const placed = parseShell(source, at(5), opts('p\\5:5\u0000written'));
    expect(parseShell(source, at(5), opts('p\\5:5\u0000written'))).toBe(placed);
    const moved = parseShell(source, at(6), opts('p\\6:5\u0000written'));
    expect(moved).not.toBe(placed);
    expect(moved.commands[0]!.range.start.line).toBe(6);
    expect(placed.commands[0]!.range.start.line).toBe(5);
    // Same placement key but another script text (a stale key can never hand out the wrong analysis).
    const other = parseShell('echo other', at(5), opts('p\\5:5\u0000written'));
    expect(other.commands[0]!.text).toBe('echo other');
  });
});
