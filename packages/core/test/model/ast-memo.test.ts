import { DockerfileParser, Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { LintSession } from '../../src/engine/session.js';
import { parseDockerfile, RAW_ARGUMENTS } from '../../src/model/ast-memo.js';

const args = (text: string, index: number, session?: LintSession) => parseDockerfile(text, session).getInstructions()[index]!.getArguments();
const ranges = (list: { getRange(): unknown }[]) => list.map((a) => a.getRange());

describe('dockerfile-ast argument memo', () => {
  const text = 'FROM alpine\nRUN apk add \\\n    curl git\nENV A=1\n';

  it('gives the same arguments as a fresh parse, one array per instruction instead of a copy per call', () => {
    const instruction = parseDockerfile(text, undefined).getInstructions()[1]!;
    const first = instruction.getArguments();
    expect(instruction.getArguments()).toBe(first);
    expect((instruction as unknown as { getRawArguments(): unknown }).getRawArguments()).toBe(first); // no flags
    expect(first.map((a) => a.getValue())).toEqual(['apk', 'add', 'curl', 'git']);
    const stock = DockerfileParser.parse(text).getInstructions()[1]!;
    expect(ranges(instruction.getArguments())).toEqual(ranges(stock.getArguments()));
  });

  it('gives the words after the flags and the flags as dockerfile-ast does', () => {
    const flagged = 'FROM alpine\nRUN --mount=type=cache,target=/root/.cache \\\n  --network=none pip install x\nCOPY --from=build --chown=1:1 /a /b\nCOPY --link\n';
    const ours = parseDockerfile(flagged, undefined).getInstructions();
    const stock = DockerfileParser.parse(flagged).getInstructions();
    const flagsOf = (node: (typeof ours)[number]) =>
      ((node as unknown as { getFlags?: () => { getName(): string; getValue(): string | null; getRange(): unknown }[] }).getFlags?.() ?? [])
        .map((flag) => [flag.getName(), flag.getValue(), flag.getRange()]);
    for (const [index, node] of ours.entries()) {
      expect(node.getArguments().map((a) => a.getValue())).toEqual(stock[index]!.getArguments().map((a) => a.getValue()));
      expect(ranges(node.getArguments())).toEqual(ranges(stock[index]!.getArguments()));
      expect(flagsOf(node)).toEqual(flagsOf(stock[index]!));
      expect(node.getArgumentsRange()).toEqual(stock[index]!.getArgumentsRange());
    }
    expect(ours[1]!.getArguments().map((a) => a.getValue())).toEqual(['pip', 'install', 'x']);
    expect(ours[3]!.getArguments()).toEqual([]);
  });

  it('leaves dockerfile-ast itself alone: its prototype and other parses are not memoised', () => {
    const scan = (Instruction.prototype as unknown as { getRawArguments: unknown }).getRawArguments;
    const afterFlags = ModifiableInstruction.prototype.getArguments;
    parseDockerfile(text, new LintSession());
    expect((Instruction.prototype as unknown as { getRawArguments: unknown }).getRawArguments).toBe(scan);
    expect(ModifiableInstruction.prototype.getArguments).toBe(afterFlags);
    const stock = DockerfileParser.parse(text).getInstructions()[1]!;
    expect(Object.prototype.hasOwnProperty.call(stock, 'getRawArguments')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(stock, 'getArguments')).toBe(false);
    expect(stock.getArguments()).not.toBe(stock.getArguments());
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

  it('with a session that keeps no raw-argument scans (the CLI run), scans afresh and keeps nothing', () => {
    const session = new LintSession({ maxEntriesByKind: { [RAW_ARGUMENTS]: 0 } });
    const before = args(text, 1, session);
    const edited = args(text.replace('A=1', 'A=2'), 1, session);
    expect(edited[0]).not.toBe(before[0]);
    expect(ranges(edited)).toEqual(ranges(before));
    expect(session.stats().byKind[RAW_ARGUMENTS]).toMatchObject({ hits: 0, entries: 0 });
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
