/**
 * defineRule's typing is a specification too: test/meta/types/define-rule.types.ts holds `@ts-expect-error` lines
 * (a wrong message id in report(), a messages table missing or adding an id, an untyped helper context) and is
 * compiled here with the repository's compiler options. Loosen the typing and a directive goes unused: tsc fails.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const project = fileURLToPath(new URL('types/tsconfig.json', import.meta.url));

function compile(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(project, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!config) throw new Error(`cannot read ${project}`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.split('/').pop()}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('defineRule<MessageId>() types', () => {
  it('rejects every wrong message id the type test spells out, and accepts the right ones', () => {
    const source = readFileSync(fileURLToPath(new URL('types/define-rule.types.ts', import.meta.url)), 'utf8');
    expect(source.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(7);
    expect(compile()).toEqual([]);
  });
});
