import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import '../../src/model/ast-memo.js';

const args = (text: string, index: number) => DockerfileParser.parse(text).getInstructions()[index]!.getArguments();
const ranges = (list: { getRange(): unknown }[]) => list.map((a) => a.getRange());

describe('dockerfile-ast argument memo', () => {
  const text = 'FROM alpine\nRUN apk add \\\n    curl git\nENV A=1\n';

  it('gives the same arguments as a fresh parse, and fresh arrays per call', () => {
    const instruction = DockerfileParser.parse(text).getInstructions()[1]!;
    const first = instruction.getArguments();
    first.length = 0; // callers may shift or clear what they get
    expect(instruction.getArguments().map((a) => a.getValue())).toEqual(['apk', 'add', 'curl', 'git']);
  });

  it('reuses the scan of an instruction left in place by an edit elsewhere', () => {
    const before = args(text, 1);
    const edited = args(text.replace('A=1', 'A=2'), 1); // same RUN, same place
    expect(edited[0]).toBe(before[0]);
    expect(ranges(edited)).toEqual(ranges(before));
  });

  it('scans again when the instruction moved, changed or the escape character changed', () => {
    const before = args(text, 1);
    const moved = args(`# comment\n${text}`, 1);
    expect(moved[0]).not.toBe(before[0]);
    expect(moved[0]!.getRange().start.line).toBe(before[0]!.getRange().start.line + 1);
    const changed = args(text.replace('curl', 'wget'), 1);
    expect(changed.map((a) => a.getValue())).toEqual(['apk', 'add', 'wget', 'git']);
    const escaped = args(`# escape=\`\n${text.replace('\\\n', '`\n')}`, 1);
    expect(escaped.map((a) => a.getValue())).toEqual(['apk', 'add', 'curl', 'git']);
  });
});
