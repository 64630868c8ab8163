import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { LintSession } from '../../src/engine/session.js';
import { parseDockerfile, RAW_ARGUMENTS } from '../../src/model/ast-memo.js';

const args = (text: string, index: number, session?: LintSession) => parseDockerfile(text, session).getInstructions()[index]!.getArguments();
const ranges = (list: { getRange(): unknown }[]) => list.map((a) => a.getRange());

describe('dockerfile-ast argument memo', () => {
  const text = 'FROM alpine\nRUN apk add \\\n    curl git\nENV A=1\n';

  it('gives the same arguments as a fresh parse, and fresh arrays per call', () => {
    const instruction = parseDockerfile(text, undefined).getInstructions()[1]!;
    const first = instruction.getArguments();
    first.length = 0; // callers may shift or clear what they get
    expect(instruction.getArguments().map((a) => a.getValue())).toEqual(['apk', 'add', 'curl', 'git']);
    const stock = DockerfileParser.parse(text).getInstructions()[1]!;
    expect(ranges(instruction.getArguments())).toEqual(ranges(stock.getArguments()));
  });

  it('leaves dockerfile-ast itself alone: its prototype and other parses are not memoised', () => {
    const scan = (Instruction.prototype as unknown as { getRawArguments: unknown }).getRawArguments;
    parseDockerfile(text, new LintSession());
    expect((Instruction.prototype as unknown as { getRawArguments: unknown }).getRawArguments).toBe(scan);
    const stock = DockerfileParser.parse(text).getInstructions()[1]!;
    expect(Object.prototype.hasOwnProperty.call(stock, 'getRawArguments')).toBe(false);
    expect(stock.getArguments()[0]).not.toBe(stock.getArguments()[0]); // the library scans on every call
  });

  it('without a session, every parse scans afresh', () => {
    expect(args(text, 1)[0]).not.toBe(args(text, 1)[0]);
  });

  it('with a session, reuses the scan of an instruction left in place by an edit elsewhere', () => {
    const session = new LintSession();
    const before = args(text, 1, session);
    const edited = args(text.replace('A=1', 'A=2'), 1, session); // same RUN, same place
    expect(edited[0]).toBe(before[0]);
    expect(ranges(edited)).toEqual(ranges(before));
    expect(session.stats().entries[RAW_ARGUMENTS]).toBeGreaterThan(0);
  });

  it('scans again when the instruction moved, changed or the escape character changed', () => {
    const session = new LintSession();
    const before = args(text, 1, session);
    const moved = args(`# comment\n${text}`, 1, session);
    expect(moved[0]).not.toBe(before[0]);
    expect(moved[0]!.getRange().start.line).toBe(before[0]!.getRange().start.line + 1);
    const changed = args(text.replace('curl', 'wget'), 1, session);
    expect(changed.map((a) => a.getValue())).toEqual(['apk', 'add', 'wget', 'git']);
    const escaped = args(`# escape=\`\n${text.replace('\\\n', '`\n')}`, 1, session);
    expect(escaped.map((a) => a.getValue())).toEqual(['apk', 'add', 'curl', 'git']);
  });
});
